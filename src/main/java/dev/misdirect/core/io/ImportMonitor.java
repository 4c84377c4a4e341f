package dev.misdirect.core.io;

import java.util.concurrent.CancellationException;

/**
 * Watches a long import: told how far reading got, asked whether to stop. Called on the importing thread,
 * roughly every 64 KiB of input; implementations must return quickly (hand progress to the UI thread batched).
 */
public interface ImportMonitor {
    /** A monitor that ignores progress and never cancels. */
    ImportMonitor NONE = (read, total) -> {
    };

    /** {@code bytesRead} of {@code totalBytes} have been read (total is the file size, or -1 when unknown). */
    void progress(long bytesRead, long totalBytes);

    /** True to stop the import; the importer then throws {@link CancellationException}. */
    default boolean cancelled() {
        return false;
    }

    /** Throws {@link CancellationException} when cancelled or when the thread was interrupted. */
    static void check(ImportMonitor monitor, long read, long total) {
        monitor.progress(read, total);
        if (monitor.cancelled() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("import cancelled after " + read + " of " + total + " bytes");
        }
    }
}
