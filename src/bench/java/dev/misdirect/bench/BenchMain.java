package dev.misdirect.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the benchmarks and writes their figures into docs/performance.md, one section per benchmark between
 * {@code <!-- bench:NAME -->} and {@code <!-- /bench:NAME -->} markers, so each benchmark rewrites only its own
 * section. Usage: {@code BenchMain NAME|all PATH-TO-performance.md}.
 *
 * <p>Each benchmark is a {@code Callable<String>} returning its Markdown section (figures with the baseline
 * measured in the same run). Register new ones in {@link #benchmarks()}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    static Map<String, Callable<String>> benchmarks() {
        Map<String, Callable<String>> all = new LinkedHashMap<>();
        // one line per benchmark: all.put("name", new SomeBenchmark()::run);
        all.put("lab-startup", new LabStartupBenchmark()::run);
        all.put("predictor", new PredictorBenchmark());
        all.put("import", new ImportBenchmark()::run);
        all.put("probe", new ProbeBenchmark()::run);
        all.put("timeline-render", new TimelineRenderBenchmark());
        all.put("replay-recorder", new ReplayRecorderBenchmark()::run);
        all.put("report", new ReportBenchmark()::run);
        all.put("workbench-start", new WorkbenchStartBenchmark());
        all.put("workbench-stall", new WorkbenchStallBenchmark());
        all.put("verify", new VerifyBenchmark()::run);
        all.put("serve", new ServeBenchmark()::run);
        return all;
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        Path doc = Path.of(args.length > 1 ? args[1] : "docs/performance.md");
        Map<String, Callable<String>> all = benchmarks();
        List<String> names = which.equals("all") ? List.copyOf(all.keySet()) : List.of(which.split(","));
        for (String name : names) {
            Callable<String> bench = all.get(name);
            if (bench == null) {
                System.err.println("unknown benchmark '" + name + "'; known: " + all.keySet());
                System.exit(2);
            }
            System.err.println("benchmark " + name + " ...");
            String section = bench.call();
            writeSection(doc, name, section);
            System.err.println(section);
        }
    }

    static void writeSection(Path doc, String name, String body) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc) : "# Performance\n\nFigures written by `mvn -B -Pbench verify`"
                + " (one benchmark: `-Dbench=NAME`). Each states its baseline, measured in the same run.\n";
        String open = "<!-- bench:" + name + " -->";
        String close = "<!-- /bench:" + name + " -->";
        String block = open + "\n" + body.strip() + "\n\n_Measured " + LocalDate.now() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + "._\n" + close;
        Matcher m = Pattern.compile(Pattern.quote(open) + ".*?" + Pattern.quote(close), Pattern.DOTALL).matcher(text);
        text = m.find() ? text.substring(0, m.start()) + block + text.substring(m.end()) : text.stripTrailing() + "\n\n" + block + "\n";
        Files.writeString(doc, text);
    }
}
