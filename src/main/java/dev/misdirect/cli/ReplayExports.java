package dev.misdirect.cli;

import dev.misdirect.core.io.PlanSteps;
import dev.misdirect.Version;
import dev.misdirect.core.io.CurlExporter;
import dev.misdirect.core.io.HarExporter;
import dev.misdirect.core.io.Redactor;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.replay.ReplayPlan;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The {@code --har} and {@code --curl} outputs of {@code misdirect replay}. */
final class ReplayExports {
    private ReplayExports() {
    }

    /**
     * Writes the HAR file when {@code har} is given and prints the curl commands when {@code curl}.
     *
     * @param caPath the CA file curl should trust (the lab CA for lab runs, the first --cacert otherwise)
     */
    static void write(ReplayRun run, ReplayPlan plan, Optional<String> caPath, Path har, boolean curl, Redactor redactor,
                      PrintWriter out) {
        if (har == null && !curl) {
            return;
        }
        Map<Integer, Map<String, String>> headers = PlanSteps.headers(plan);
        if (har != null) {
            try {
                HarExporter.write(run, headers, redactor, Version.get(), har);
            } catch (IOException e) {
                throw new CannotRunException(har + ": cannot write the HAR file: " + e.getMessage(), e);
            }
        }
        if (curl) {
            out.println();
            out.print(CurlExporter.script(run, caPath, headers, redactor));
        }
    }
}
