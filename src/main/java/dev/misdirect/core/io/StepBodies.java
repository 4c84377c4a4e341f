package dev.misdirect.core.io;

import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.replay.ReplayPlan;

import java.util.LinkedHashMap;
import java.util.Map;

/** The request body each executed step of a replay run sent, read from the run's own plan text. */
final class StepBodies {
    /** The media type the replay client sends a body as. */
    static final String MEDIA_TYPE = "text/plain; charset=utf-8";

    private StepBodies() {
    }

    /** Body text by executed step index (a step repeated N times covers N indexes); empty when the plan no longer parses. */
    static Map<Integer, String> of(ReplayRun run) {
        Map<Integer, String> out = new LinkedHashMap<>();
        ReplayPlan plan;
        try {
            plan = ReplayPlan.parse(run.planText());
        } catch (RuntimeException e) {
            return out;
        }
        int index = 0;
        for (ReplayPlan.Step step : plan.steps()) {
            for (int r = 0; r < step.repeat(); r++) {
                int i = index++;
                step.body().ifPresent(b -> out.put(i, b));
            }
        }
        return out;
    }
}
