package dev.misdirect.cli;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.vantage.MergeException;
import dev.misdirect.core.vantage.SessionMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code misdirect merge}: session documents from several vantage points as one session, with what differs. */
@Command(name = "merge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Merge session documents from several vantage points (the --json of probe, verify or check run with",
            "--vantage LABEL in each region or runner) into one session: each vantage's probe results and verify",
            "verdicts side by side, and a finding for each difference between them (another address set,",
            "certificate, TLS version or ALPN, verify verdict, or a 421 seen from one vantage and not another).",
            "Sessions of different authorities merge; an authority one vantage did not probe shows as not probed."
        },
        footer = {
            "",
            "Example:",
            "  misdirect merge eu-west.json us-east.json ap-south.json -o merged.json",
            "  misdirect report merged.json -o report.html",
            "",
            "Exit codes: 0 merged (differences are results, not errors), 2 fewer than two documents or one that",
            "cannot be read or holds nothing measured (the reason is printed), 3 the output could not be written."
        })
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SESSION", arity = "0..*", description = "Session documents (JSON), one or more per vantage.")
    List<Path> sessionFiles = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the merged session document to FILE.")
    Path output;

    @Option(names = "--json", description = "Print the merged session document (docs/session-format.md) instead of text.")
    boolean json;

    @Mixin
    IncludeSecrets secrets = new IncludeSecrets();

    @Override
    public Integer call() {
        if (sessionFiles.size() < 2) {
            throw new BadInputException("merge needs at least two session documents, one per vantage; got "
                    + sessionFiles.size());
        }
        List<SessionMerge.Source> sources = new ArrayList<>();
        for (Path file : sessionFiles) {
            sources.add(new SessionMerge.Source(file.toString(), ReportCommand.read(file)));
        }
        Session merged;
        try (EnginePools pools = EnginePools.forCommand(1)) {
            merged = new Engine(pools).merge(sources);
        } catch (MergeException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        SessionCodec codec = secrets.codec();
        if (output != null) {
            try {
                codec.write(merged, output);
            } catch (IOException e) {
                throw new CannotRunException(output + ": cannot write the merged session: " + e.getMessage(), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(codec.toJson(merged));
        } else {
            MergeText.print(out, merged);
        }
        out.flush();
        return ExitCode.OK;
    }
}
