package dev.misdirect.ui.common;

/** Progress reports from a running service call; called from the service's thread. */
@FunctionalInterface
public interface Progress {
    /**
     * @param done    work units finished
     * @param total   work units in all (0 when unknown)
     * @param message what is happening now ("probing b.example:443 on 192.0.2.7")
     */
    void report(int done, int total, String message);

    static Progress ignore() {
        return (d, t, m) -> { };
    }
}
