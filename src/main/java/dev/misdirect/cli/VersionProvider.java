package dev.misdirect.cli;

import dev.misdirect.Version;
import picocli.CommandLine;

/** {@code misdirect --version}: the app version and the runtime it runs on. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        // String.join, not '+': a first string concatenation bootstraps method handles, a third of a --version run
        return new String[] {
            String.join(" ", "misdirect", Version.get()),
            String.join("", "Java ", System.getProperty("java.version"), " (", System.getProperty("java.vm.name"), "), ",
                    System.getProperty("os.name"), " ", System.getProperty("os.arch"))
        };
    }
}
