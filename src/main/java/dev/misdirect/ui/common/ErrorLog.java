package dev.misdirect.ui.common;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * The error log: every failure the workbench meets is recorded here with its technical details (the stack trace),
 * while dialogs and the status bar show only {@link Entry#message()}. Entries are appended on the UI executor, so
 * {@link #report} may be called from any thread. Keeps the newest {@value #CAPACITY} entries.
 */
public final class ErrorLog {
    public static final int CAPACITY = 500;

    /**
     * One failure.
     *
     * @param at      when it happened
     * @param context what was being done ("probing a.example:443", "opening session.json")
     * @param message the one-line explanation shown to the user
     * @param details technical details (exception chain and stack trace), for the log view only
     */
    public record Entry(Instant at, String context, String message, String details) {
        /** The line a dialog or status bar shows: context and message, no stack trace. */
        public String summary() {
            return context + ": " + message;
        }
    }

    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final Executor ui;
    private final Clock clock;

    public ErrorLog(Executor ui, Clock clock) {
        this.ui = ui;
        this.clock = clock;
    }

    public ObservableList<Entry> entries() {
        return entries;
    }

    /** Records a failure; returns the entry whose {@link Entry#summary()} may be shown to the user. */
    public Entry report(String context, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        Entry entry = new Entry(clock.instant(), context, userMessage(failure), trace.toString());
        ui.execute(() -> {
            entries.add(entry);
            if (entries.size() > CAPACITY) {
                entries.remove(0, entries.size() - CAPACITY);
            }
        });
        return entry;
    }

    /** The innermost meaningful message of a failure, without class names or stack frames. */
    static String userMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            return "an unexpected " + t.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()
                    + " occurred (see the error log)";
        }
        return msg.lines().findFirst().orElse(msg);
    }
}
