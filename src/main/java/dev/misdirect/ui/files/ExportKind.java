package dev.misdirect.ui.files;

import dev.misdirect.core.report.ReportFormat;

import java.util.List;

/** What File › Export writes. */
public enum ExportKind {
    REPORT_HTML("Report as HTML (self-contained page)", "html", "HTML reports"),
    REPORT_MARKDOWN("Report as Markdown (for a ticket)", "md", "Markdown reports"),
    REPORT_JSON("Report as JSON (the session document)", "json", "JSON reports"),
    HAR("HAR 1.2 of the replay run", "har", "HTTP archives"),
    CURL("curl commands of the replay run", "sh", "Shell scripts"),
    PEM("Certificates as PEM", "pem", "PEM certificates");

    private final String label;
    private final String extension;
    private final String fileDescription;

    ExportKind(String label, String extension, String fileDescription) {
        this.label = label;
        this.extension = extension;
        this.fileDescription = fileDescription;
    }

    /** How the choice reads in the export dialog. */
    public String label() {
        return label;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The file chooser's filter description. */
    public String fileDescription() {
        return fileDescription;
    }

    /** The file chooser's filter. */
    public List<String> patterns() {
        return List.of("*." + extension);
    }

    /** Whether this is one of the report formats (HTML, Markdown, JSON), which Export offers to open. */
    public boolean isReport() {
        return this == REPORT_HTML || this == REPORT_MARKDOWN || this == REPORT_JSON;
    }

    /** The report format of the report kinds. */
    ReportFormat reportFormat() {
        return switch (this) {
            case REPORT_HTML -> ReportFormat.HTML;
            case REPORT_MARKDOWN -> ReportFormat.MARKDOWN;
            case REPORT_JSON -> ReportFormat.JSON;
            default -> throw new IllegalStateException(this + " is not a report");
        };
    }

    /** Whether secrets can be in this export (the dialog offers "include secrets" only then). */
    public boolean mayHoldSecrets() {
        return this != PEM;
    }
}
