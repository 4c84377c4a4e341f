package dev.misdirect.cli;

import dev.misdirect.core.io.ImportException;
import dev.misdirect.core.io.ImportResult;
import dev.misdirect.core.io.Importers;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code misdirect import FILE}: a Chrome NetLog, HAR, session or curl command as a timeline with findings. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import a Chrome NetLog, a HAR, a Misdirect session or a curl command (kind detected from the content)",
            "and print its connection timeline, findings, what the file could not tell, and a replay plan."
        },
        footer = {
            "",
            "Record a NetLog: chrome://net-export (Start Logging to Disk), or start Chromium with --log-net-log=FILE.",
            "Example: misdirect import chrome-net-export-log.json -o session.json"
        })
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "NetLog JSON, HAR, session JSON, or a text file holding a curl command.")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "SESSION.json", description = "Also save the import as a session document ('-': print it on stdout, as --json).")
    Path output;

    @Option(names = "--json", description = "Print the import as a session document (JSON) instead of text.")
    boolean json;

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Override
    public Integer call() {
        if (output != null && output.toString().equals("-")) {
            json = true;
            output = null;
        }
        ImportResult result;
        try {
            result = new Importers().importFile(file);
        } catch (ImportException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        Session session = null;
        SessionCodec codec = secrets.codec();
        if (json || output != null) {
            session = result.toSession("Import of " + result.source(), Instant.now());
        }
        if (output != null) {
            try {
                codec.write(session, output);
            } catch (IOException e) {
                throw new CannotRunException("cannot write " + output + ": " + e.getMessage(), e);
            }
        }
        if (json) {
            out.println(codec.toJson(session));
            out.flush();
            return ExitCode.OK;
        }
        out.println(result.kind().label() + ": " + result.source()
                + result.capturedAt().map(t -> " (captured " + t + ")").orElse(""));
        out.println("Authorities: " + (result.authorities().isEmpty() ? "none"
                : String.join(", ", result.authorities().authorities().stream().map(a -> a.toLine()).toList())));
        out.println();
        if (!result.events().isEmpty()) {
            out.println(TimelineText.render(result.timeline(), result.connectionsUnknown(),
                    result.retriedMisdirectedUnknown()));
            out.println();
        }
        out.println("Findings (" + result.findings().size() + ")");
        for (Finding f : result.findings()) {
            out.println("  [" + f.severity() + "] " + f.title());
            out.println("      " + f.details());
            if (!f.fix().isBlank()) {
                out.println("      Fix: " + f.fix());
            }
        }
        if (!result.limitations().isEmpty()) {
            out.println();
            out.println("What the file cannot tell");
            result.limitations().forEach(l -> out.println("  - " + l));
        }
        out.println();
        out.println("Replay plan: " + (result.planText().isEmpty() ? "(no request)" : result.planText()));
        if (output != null) {
            out.println("Saved session: " + output);
        }
        out.flush();
        return ExitCode.OK;
    }
}
