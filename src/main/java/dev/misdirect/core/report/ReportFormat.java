package dev.misdirect.core.report;

import java.util.Locale;
import java.util.Optional;

/** The report formats: self-contained HTML, Markdown for tickets, JSON (the session document). */
public enum ReportFormat {
    HTML("html"),
    MARKDOWN("md"),
    JSON("json");

    private final String id;

    ReportFormat(String id) {
        this.id = id;
    }

    /** The name used on the command line and as file extension: "html", "md", "json". */
    public String id() {
        return id;
    }

    /** The format named {@code name} ("html", "md"/"markdown", "json"; any case). */
    public static Optional<ReportFormat> parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ReportFormat f : values()) {
            if (f.id.equals(n) || f.name().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
