package dev.misdirect.core.io;

import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.replay.ReplayPlan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What each executed step of a replay plan sent, by executed step index (a step repeated N times covers N indexes),
 * read from the plan: its extra headers and its body. A run's plan text that no longer parses gives nothing.
 */
public final class PlanSteps {
    /** The media type the replay client sends a body as. */
    static final String BODY_MEDIA_TYPE = "text/plain; charset=utf-8";

    private PlanSteps() {
    }

    /** The extra headers of each executed step that has any. */
    public static Map<Integer, Map<String, String>> headers(ReplayPlan plan) {
        return byExecutedStep(plan, step -> step.headers().isEmpty() ? Optional.empty() : Optional.of(step.headers()));
    }

    /** The extra headers of each executed step of the run that has any. */
    public static Map<Integer, Map<String, String>> headers(ReplayRun run) {
        return parse(run).map(PlanSteps::headers).orElse(Map.of());
    }

    /** The body of each executed step of the run that sent one. */
    static Map<Integer, String> bodies(ReplayRun run) {
        return parse(run).map(plan -> byExecutedStep(plan, ReplayPlan.Step::body)).orElse(Map.of());
    }

    private static <T> Map<Integer, T> byExecutedStep(ReplayPlan plan, Function<ReplayPlan.Step, Optional<T>> what) {
        Map<Integer, T> out = new LinkedHashMap<>();
        int index = 0;
        for (ReplayPlan.Step step : plan.steps()) {
            Optional<T> value = what.apply(step);
            for (int r = 0; r < step.repeat(); r++) {
                int i = index++;
                value.ifPresent(v -> out.put(i, v));
            }
        }
        return out;
    }

    private static Optional<ReplayPlan> parse(ReplayRun run) {
        try {
            return Optional.of(ReplayPlan.parse(run.planText()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
