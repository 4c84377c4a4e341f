package dev.misdirect.core.timeline;

import dev.misdirect.core.timeline.ConnectionTimeline.Bar;

/**
 * How every face names exchanges and connections, and describes one exchange in a tooltip: exchanges are
 * {@code x3}, connections {@code #2}, so "retry of x2" never reads as "connection 2". Pure functions.
 */
public final class ExchangeText {
    private ExchangeText() {
    }

    /** The name of an exchange: {@code x3}. */
    public static String exchange(int exchangeId) {
        return "x" + exchangeId;
    }

    /** The name of a connection: {@code #2}. */
    public static String connection(int connectionId) {
        return "#" + connectionId;
    }

    /** The outcome in a word or two, with an icon so it never relies on colour: "⚠ 421", "✔ 200", "✘ failed". */
    public static String status(Bar b) {
        return b.failed() ? "✘ failed" : b.status() == 0 ? "… no response" : b.misdirected() ? "⚠ 421"
                : (b.status() < 400 ? "✔ " : "✘ ") + b.status();
    }

    /**
     * Everything about one exchange, one fact a line: id, request, outcome, connection, step and attempt, duration,
     * and what the client hid, what failed and what the server saw.
     *
     * @param foreign the exchange's authority is not the host of its connection's SNI
     */
    public static String describe(Bar b, boolean foreign) {
        StringBuilder s = new StringBuilder(exchange(b.exchangeId())).append("  ").append(b.method()).append(' ')
                .append(b.authority()).append(b.path()).append("  →  ").append(status(b));
        s.append("\non connection ").append(b.connectionId() == TimelineEvent.UNKNOWN ? "(none)"
                : connection(b.connectionId())).append(", step ").append(b.step() + 1).append(", attempt ")
                .append(b.attempt()).append(", ").append(TimeAxis.duration(b.endMicros() - b.startMicros()));
        if (b.retryOf() != TimelineEvent.UNKNOWN) {
            s.append("\n↻ retry of ").append(exchange(b.retryOf()));
        }
        if (foreign) {
            s.append("\nthe authority differs from the connection's SNI (a coalesced connection)");
        }
        if (b.hidden()) {
            s.append("\nthe client retried this 421 without telling its caller");
        }
        b.error().ifPresent(e -> s.append('\n').append(e));
        b.server().ifPresent(v -> s.append("\nserver saw SNI ").append(v.sni().orElse("(none)"))
                .append(", authority ").append(v.authority()).append(", answered ").append(v.status())
                .append(v.reason().isEmpty() ? "" : ": " + v.reason()));
        return s.toString();
    }
}
