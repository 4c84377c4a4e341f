package dev.misdirect.core.report;

import dev.misdirect.core.model.Severity;

/** How a severity is shown: an icon and a word, never colour alone. */
final class Severities {
    private Severities() {
    }

    static String icon(Severity s) {
        return switch (s) {
            case PROBLEM -> "✘";
            case WARNING -> "⚠";
            case INFO -> "ℹ";
        };
    }

    static String word(Severity s) {
        return switch (s) {
            case PROBLEM -> "Problem";
            case WARNING -> "Warning";
            case INFO -> "Info";
        };
    }

    static String plural(Severity s) {
        return switch (s) {
            case PROBLEM -> "Problems";
            case WARNING -> "Warnings";
            case INFO -> "Information";
        };
    }

    static String css(Severity s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }
}
