package dev.misdirect.core.metrics;

import dev.misdirect.core.check.CheckReport;
import dev.misdirect.core.check.CheckResult;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.names.AuthorityParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CheckMetricsTest {
    @Test
    void a_name_that_did_not_resolve_is_unsuccessful_and_has_no_coverage_or_certificate_series_rather_than_a_guess() {
        Authority a = AuthorityParser.parseLine("gone.example:443");
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        Session session = Session.of("check", AuthoritySet.of(List.of(a)), now).withProbes(List.of(
                new ProbeResult(a, List.of(), "system DNS", Optional.of("no such host"), 0, List.of())), List.of());
        CheckReport report = new CheckReport("file", List.of(new CheckResult(a.key(), 1, "covered", "covered", false,
                "DNS: no such host", Map.of("DNS", "no such host"), Duration.ZERO)), session);

        OpenMetricsWriter w = new OpenMetricsWriter(OpenMetricsWriter.Format.OPENMETRICS);
        CheckMetrics.write(w, report, Optional.of("eu-west-1"), now, Duration.ofMillis(1250));
        String text = w.finish();

        assertThat(text).contains("misdirect_probe_success{vantage=\"eu-west-1\",authority=\"gone.example:443\"} 0\n")
                .contains("misdirect_expectation_passed{vantage=\"eu-west-1\",authority=\"gone.example:443\","
                        + "expectation=\"covered\"} 0\n")
                .contains("misdirect_misdirected_responses{vantage=\"eu-west-1\",authority=\"gone.example:443\"} 0\n")
                .contains("misdirect_check_duration_seconds{vantage=\"eu-west-1\"} 1.25\n")
                .doesNotContain("misdirect_san_covered{")
                .doesNotContain("misdirect_certificate_remaining_seconds{")
                .doesNotContain("misdirect_pair_verdict{")
                // the families are still declared, so a scraper knows them
                .contains("# TYPE misdirect_san_covered gauge\n");
    }
}
