package dev.misdirect.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real captures in {@code ../shared/fixtures/} beside the project (Chromium NetLogs and a HAR recorded against
 * real Apache httpd on loopback). The build passes their folder as the {@code misdirect.fixtures} system property;
 * a missing folder fails loudly rather than skipping the tests that read it.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** The fixtures folder. */
    public static Path dir() {
        String configured = System.getProperty("misdirect.fixtures");
        Path dir = (configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().resolve("../shared/fixtures"))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("test fixtures folder " + dir + " is missing: the project expects ../shared/fixtures beside it");
        }
        return dir;
    }

    /** One fixture file by name. */
    public static Path file(String name) {
        return dir().resolve(name);
    }
}
