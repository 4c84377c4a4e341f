package dev.misdirect.core.session;

import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;

import java.nio.file.Path;

/** One engine for the tests of every face (its daemon pools live as long as the test JVM), and labs in a folder. */
public final class TestEngine {
    private static final Engine ENGINE = new Engine(EnginePools.forCommand(8));

    private TestEngine() {
    }

    /** The shared engine. */
    public static Engine engine() {
        return ENGINE;
    }

    /** Labs whose CA lives in {@code caDirectory}. */
    public static Labs labs(Path caDirectory) {
        return new Labs(() -> new Lab(LabCa.open(caDirectory)));
    }
}
