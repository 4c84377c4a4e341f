package dev.misdirect.ui.app;

import dev.misdirect.cli.Cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind {@code target/misdirect.jsa}, the class-data-sharing archive the README's start command
 * passes to the JVM ({@code -XX:SharedArchiveFile}). The build runs this class once with
 * {@code -XX:ArchiveClassesAtExit}: it loads and links, without a display and without initialising them, the
 * classes a start of the workbench uses (the same lists as {@link ClassWarmup}), and builds the command-line tree
 * once; the JVM then writes those classes, already parsed and verified, into the archive, and the next start maps
 * them instead of reading and verifying them again. Nothing is shown, written or sent.
 *
 * <p>The archive is an optimisation only: a JVM that cannot use it (another JDK, a rebuilt jar) starts as usual.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    /** Loads the classes, silently. Exit code 0, or 3 (with the reason on stderr) when a class list cannot be read. */
    public static void main(String[] args) {
        ClassLoader loader = ClassDataTraining.class.getClassLoader();
        List<String> names = new ArrayList<>();
        try {
            names.addAll(ClassWarmup.names(ClassWarmup.WINDOW));
            names.addAll(ClassWarmup.names(ClassWarmup.SCREENS));
        } catch (IOException e) {
            System.err.println("misdirect: class-data training: " + e.getMessage());
            System.exit(3);
        }
        ClassWarmup.warm(names, loader);
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        Cli.run(none, none, "--help");
    }
}
