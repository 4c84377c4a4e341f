package dev.misdirect.core.report;

import java.time.Instant;

/**
 * Where and when a report was generated; shown in its "Environment" section.
 *
 * @param appVersion  the Misdirect version
 * @param java        Java version and VM name
 * @param os          operating system name, version and architecture
 * @param generatedAt when the report was generated
 */
public record ReportEnvironment(String appVersion, String java, String os, Instant generatedAt) {

    /** The running JVM's facts, with {@code appVersion} and the time {@code now}. */
    public static ReportEnvironment current(String appVersion, Instant now) {
        return new ReportEnvironment(appVersion,
                System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                now);
    }
}
