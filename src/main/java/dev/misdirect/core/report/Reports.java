package dev.misdirect.core.report;

import dev.misdirect.core.io.Redactor;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Inspection;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a session into a report in any {@link ReportFormat}. Redaction ({@link Redactor#secrets()}) is applied to
 * the whole session before anything is rendered, so no format can leak what another would hide.
 *
 * <p>Thread-safe when the analyzer is; {@link #render} is pure CPU work on the caller's thread.
 */
public final class Reports {
    private final Function<List<ProbeResult>, Inspection> analyzer;
    private final SessionCodec codec;

    /**
     * @param analyzer recomputes the derived views (SAN coverage, overlaps) from the session's probe results
     * @param codec    writes the JSON format
     */
    public Reports(Function<List<ProbeResult>, Inspection> analyzer, SessionCodec codec) {
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /**
     * The report text.
     *
     * @param redact      remove credentials (the default); {@code false} for {@code --no-redact}
     * @param diagram     the lab scenario's diagram, when the session ran against one
     * @param environment where and when the report is generated
     * @throws IllegalArgumentException when the session cannot be redacted (a record refuses a redacted value)
     */
    public String render(Session session, ReportFormat format, boolean redact, Optional<ScenarioDiagram> diagram,
                         ReportEnvironment environment) {
        Redactor r = Redactor.of(redact);
        if (format == ReportFormat.JSON) {
            return codec.using(r).toJson(session) + "\n";
        }
        Session s = r.deep(session);
        Inspection inspection = analyzer.apply(s.probes());
        ReportInput in = new ReportInput(s, inspection.coverage(), inspection.overlaps(), diagram.map(r::deep),
                environment, redact);
        return format == ReportFormat.HTML ? HtmlReport.render(in) : MarkdownReport.render(in);
    }
}
