package dev.misdirect.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: shows help when run without a sub-command. */
@Command(name = "misdirect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Diagnose HTTP 421 Misdirected Request and HTTP connection coalescing.",
            "Run without arguments to open the workbench."
        },
        footer = {
            "",
            "Exit codes: 0 ran (findings and 421s are results), 1 check failed, 2 bad usage or input, 3 could not run."
        })
public final class MisdirectCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Log more to stderr (-v info, -vv debug).", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean[] verbose = new boolean[0];

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing sub-command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
