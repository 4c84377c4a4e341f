package dev.misdirect.core.metrics;

import dev.misdirect.core.metrics.OpenMetricsWriter.Format;
import dev.misdirect.core.metrics.OpenMetricsWriter.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenMetricsWriterTest {
    @Test
    void openmetrics_has_type_unit_and_help_before_the_samples_and_ends_with_eof() {
        OpenMetricsWriter w = new OpenMetricsWriter(Format.OPENMETRICS);
        w.family("misdirect_check_duration_seconds", Type.GAUGE, "seconds", "How long it took.")
                .sample(Map.of(), 1.5);
        assertThat(w.finish()).isEqualTo("""
                # TYPE misdirect_check_duration_seconds gauge
                # UNIT misdirect_check_duration_seconds seconds
                # HELP misdirect_check_duration_seconds How long it took.
                misdirect_check_duration_seconds 1.5
                # EOF
                """);
    }

    @Test
    void a_counter_is_typed_by_its_family_in_openmetrics_and_by_its_total_sample_in_the_older_text() {
        for (Format f : Format.values()) {
            OpenMetricsWriter w = new OpenMetricsWriter(f);
            w.family("misdirect_serve_requests", Type.COUNTER, "", "Requests.").sample(Map.of("code", "200"), 3);
            String text = w.finish();
            assertThat(text).contains("misdirect_serve_requests_total{code=\"200\"} 3\n");
            if (f == Format.OPENMETRICS) {
                assertThat(text).startsWith("# TYPE misdirect_serve_requests counter\n").endsWith("# EOF\n");
            } else {
                assertThat(text).startsWith("# TYPE misdirect_serve_requests_total counter\n").doesNotContain("# EOF")
                        .doesNotContain("# UNIT");
            }
        }
    }

    @Test
    void label_values_escape_backslash_quote_and_line_feed_and_keep_their_order() {
        OpenMetricsWriter w = new OpenMetricsWriter(Format.OPENMETRICS);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("vantage", "rack \"2\"\\b\nc");
        labels.put("authority", "a.example:443");
        w.family("misdirect_probe_success", Type.GAUGE, "", "Help with \\ and\nline.").sample(labels, 1);
        assertThat(w.finish()).contains("# HELP misdirect_probe_success Help with \\\\ and\\nline.\n")
                .contains("misdirect_probe_success{vantage=\"rack \\\"2\\\"\\\\b\\nc\",authority=\"a.example:443\"} 1\n");
    }

    @Test
    void a_summary_writes_its_count_and_sum() {
        OpenMetricsWriter w = new OpenMetricsWriter(Format.PROMETHEUS_TEXT);
        w.family("misdirect_serve_probe_duration_seconds", Type.SUMMARY, "seconds", "Probe time.")
                .summary(Map.of("module", "default"), 4, 2.25);
        assertThat(w.finish()).contains("misdirect_serve_probe_duration_seconds_count{module=\"default\"} 4\n")
                .contains("misdirect_serve_probe_duration_seconds_sum{module=\"default\"} 2.25\n");
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "0, 0", "-3, -3", "0.25, 0.25", "1e20, 1.0E20", "NaN, NaN", "Infinity, +Inf", "-Infinity, -Inf"})
    void numbers_are_written_as_the_formats_read_them(double value, String written) {
        assertThat(OpenMetricsWriter.number(value)).isEqualTo(written);
    }

    @Test
    void names_units_counters_and_repeats_the_formats_do_not_allow_are_refused() {
        OpenMetricsWriter w = new OpenMetricsWriter(Format.OPENMETRICS);
        assertThatThrownBy(() -> w.family("misdirect-x", Type.GAUGE, "", "h")).hasMessageContaining("not a metric name");
        assertThatThrownBy(() -> w.family("misdirect_age", Type.GAUGE, "seconds", "h"))
                .hasMessageContaining("must end with its unit _seconds");
        assertThatThrownBy(() -> w.family("misdirect_requests_total", Type.COUNTER, "", "h"))
                .hasMessageContaining("without _total");
        OpenMetricsWriter.Family f = w.family("misdirect_ok", Type.GAUGE, "", "h");
        assertThatThrownBy(() -> w.family("misdirect_ok", Type.GAUGE, "", "h")).hasMessageContaining("written twice");
        f.sample(Map.of("a", "1"), 1);
        assertThatThrownBy(() -> f.sample(Map.of("a", "1"), 0)).hasMessageContaining("written twice");
        assertThatThrownBy(() -> f.sample(Map.of("__name__", "x"), 0)).hasMessageContaining("not a label name");
        assertThatThrownBy(() -> f.sample(Map.of("a-b", "x"), 0)).hasMessageContaining("not a label name");
        w.finish();
        assertThatThrownBy(() -> f.sample(Map.of("a", "2"), 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void openmetrics_is_answered_when_the_accept_header_asks_for_it_as_prometheus_does() {
        assertThat(Format.forAccept("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")).isEqualTo(Format.OPENMETRICS);
        assertThat(Format.forAccept("text/plain")).isEqualTo(Format.PROMETHEUS_TEXT);
        assertThat(Format.forAccept(null)).isEqualTo(Format.PROMETHEUS_TEXT);
    }
}
