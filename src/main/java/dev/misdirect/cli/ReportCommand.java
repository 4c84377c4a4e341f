package dev.misdirect.cli;

import dev.misdirect.core.session.LabDiagrams;
import dev.misdirect.Version;
import dev.misdirect.core.files.AtomicFiles;
import dev.misdirect.core.io.PemExporter;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.io.SessionFormatException;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.probe.Analysis;
import dev.misdirect.core.report.ReportEnvironment;
import dev.misdirect.core.report.ReportFormat;
import dev.misdirect.core.report.Reports;
import dev.misdirect.core.report.ScenarioDiagram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@code misdirect report}: a session document as a self-contained HTML page, Markdown for a ticket, or JSON. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Turn a saved session (the JSON that --json prints) into a report: one self-contained HTML file",
            "(inline CSS and SVG, no scripts, no network), Markdown for a ticket, or the session document as JSON.",
            "Credentials (Authorization, Proxy-Authorization, Cookie, Set-Cookie, secret-looking query",
            "parameters) are redacted unless --no-redact is given."
        },
        footer = {
            "",
            "Example:",
            "  misdirect report session.json --format html -o report.html",
            "",
            "Exit codes: 0 written, 2 bad usage or an unreadable session (the reason and position are printed),",
            "3 the output could not be written."
        })
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SESSION", description = "The session document (JSON).")
    Path sessionFile;

    @Option(names = "--format", paramLabel = "FORMAT", description = "html, md or json (default: ${DEFAULT-VALUE}).")
    String format = "html";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout ('-' is stdout).")
    Path output;

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Option(names = "--pem", paramLabel = "FILE", description = "Also write every certificate the session's probes saw to FILE as PEM.")
    Path pem;

    private final Supplier<Instant> clock;
    private final Function<Session, Optional<ScenarioDiagram>> diagrams;

    public ReportCommand() {
        this(Instant::now, LabDiagrams::diagram);
    }

    ReportCommand(Supplier<Instant> clock, Function<Session, Optional<ScenarioDiagram>> diagrams) {
        this.clock = clock;
        this.diagrams = diagrams;
    }

    @Override
    public Integer call() {
        ReportFormat f = ReportFormat.parse(format).orElseThrow(() -> new BadInputException(
                "--format " + format + ": unknown format; use html, md or json"));
        Session session = read(sessionFile);
        Optional<ScenarioDiagram> diagram = diagrams.apply(session);
        String text;
        try {
            text = new Reports(Analysis::analyse, new SessionCodec()).render(session, f, !secrets.keep, diagram,
                    ReportEnvironment.current(Version.get(), clock.get()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(sessionFile + ": the session cannot be reported: " + e.getMessage(), e);
        }
        if (output == null || output.toString().equals("-")) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        } else {
            writeAtomically(output, text);
        }
        if (pem != null) {
            writeAtomically(pem, PemExporter.all(session));
        }
        return ExitCode.OK;
    }

    static Session read(Path file) {
        try {
            return new SessionCodec().read(file);
        } catch (SessionFormatException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new BadInputException(file + ": too large to read", e);
        }
    }

    static void writeAtomically(Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw new CannotRunException(file + ": cannot write the report: " + e.getMessage(), e);
        }
    }
}
