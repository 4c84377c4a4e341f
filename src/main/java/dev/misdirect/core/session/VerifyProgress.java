package dev.misdirect.core.session;

/** Hears a verification's answers as they come, on an HTTP client thread; keep it short. */
@FunctionalInterface
public interface VerifyProgress {
    /** One more answer came (or failed): {@code done} of {@code total} planned requests. */
    void answered(int done, int total);

    /** Hears nothing. */
    static VerifyProgress none() {
        return (done, total) -> { };
    }
}
