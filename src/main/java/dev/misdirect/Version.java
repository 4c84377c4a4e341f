package dev.misdirect;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The application version, read from the build-time resource {@code dev/misdirect/version.properties}. */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    /** The version string, e.g. "0.1.0"; "unknown" when the resource is missing (an IDE run without filtering). */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
