package dev.misdirect.core.io;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an import produced, whatever the file was.
 *
 * @param kind         what was read
 * @param source       the file name (or "curl command") the result came from
 * @param capturedAt   wall-clock time of the first event shown, when the file says
 * @param authorities  the authorities the captured requests were for, with the addresses they were seen on as
 *                     {@code resolve} overrides
 * @param events       timeline events, in the same form a replay records them (microseconds from the first
 *                     event shown)
 * @param findings     what the capture shows, in plain language, and what it cannot show
 *                     ({@link dev.misdirect.core.model.FindingCause#IMPORT_LIMITATION})
 * @param certificates distinct leaf certificates the capture contains, for the SAN matrix
 * @param limitations  one sentence per thing the file could not tell or that was skipped
 * @param planText     the captured requests as a replay plan ({@code GET https://a.lab.test/ ; GET ...}), one step
 *                     per request, {@code @ADDR} after a step when the capture names the address; empty when
 *                     the file held no request
 */
public record ImportResult(ImportKind kind, String source, Optional<Instant> capturedAt, AuthoritySet authorities,
                           List<TimelineEvent> events, List<Finding> findings, List<CertificateInfo> certificates,
                           List<String> limitations, String planText) {
    public ImportResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(authorities, "authorities");
        Objects.requireNonNull(planText, "planText");
        events = List.copyOf(events);
        findings = List.copyOf(findings);
        certificates = List.copyOf(certificates);
        limitations = List.copyOf(limitations);
    }

    /** The laid-out timeline of {@link #events()}. */
    public ConnectionTimeline timeline() {
        return ConnectionTimeline.of(events);
    }
}
