package dev.misdirect.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.misdirect.cli.CheckCommandTest.Result;
import static dev.misdirect.cli.CheckCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** misdirect check --metrics FILE --vantage LABEL against the in-process lab. */
class CheckMetricsCommandTest {
    /** Every value of the series whose name and labels match {@code regex} (the whole line before the value). */
    static List<Double> values(String text, String regex) {
        Matcher m = Pattern.compile("(?m)^" + regex + " (\\S+)$").matcher(text);
        return m.results().map(r -> Double.parseDouble(r.group(1))).toList();
    }

    @Test
    void a_verified_check_of_the_broken_tenants_writes_their_421s_pairs_and_failed_expectations_readable_by_all(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("textfile/misdirect.prom");
        Result r = run("check", "--lab", "tenants-wildcard", "--verify", "--metrics", file.toString(),
                "--vantage", "eu-west-1");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        String text = Files.readString(file);
        String a = "authority=\"[ab]\\.tenants\\.lab\\.test:\\d+\"";
        String v = "\\{vantage=\"eu-west-1\",";
        assertThat(values(text, "misdirect_probe_success" + v + a + "\\}")).containsExactly(1.0, 1.0);
        assertThat(values(text, "misdirect_san_covered" + v + a + "\\}")).containsExactly(1.0, 1.0);
        assertThat(values(text, "misdirect_misdirected_responses" + v + a + "\\}")).hasSize(2).allMatch(x -> x >= 1);
        assertThat(values(text, "misdirect_expectation_passed" + v + a + ",expectation=\"no-421-when-coalesced\"\\}"))
                .containsExactly(0.0, 0.0);
        assertThat(values(text, "misdirect_expectation_passed" + v + a + ",expectation=\"covered\"\\}"))
                .containsExactly(1.0, 1.0);
        assertThat(values(text, "misdirect_pair_verdict" + v + "carrier=\"[^\"]+\",passenger=\"[^\"]+\",address=\"127[.0-9]+\","
                + "verdict=\"refused-421\"\\}")).hasSize(2).containsOnly(1.0);
        // the lab's leaf certificates live for days, not years, and have not expired
        assertThat(values(text, "misdirect_certificate_remaining_seconds" + v + a + "\\}"))
                .hasSize(2).allMatch(s -> s > 0 && s < 400 * 86400.0);
        assertThat(values(text, "misdirect_check_duration_seconds\\{vantage=\"eu-west-1\"\\}")).hasSize(1)
                .allMatch(s -> s > 0);
        assertThat(text).endsWith("# EOF\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void the_fixed_tenants_pass_every_expectation_and_answer_no_421() throws Exception {
        Path file = Files.createTempFile("misdirect", ".prom");
        try {
            Result r = run("check", "--lab", "tenants-wildcard", "--fixed", "--metrics", file.toString());
            assertThat(r.code()).as(r.err()).isZero();
            String text = Files.readString(file);
            assertThat(values(text, "misdirect_expectation_passed\\{authority=\"[^\"]+\",expectation=\"[^\"]+\"\\}"))
                    .hasSize(8).containsOnly(1.0);
            assertThat(values(text, "misdirect_misdirected_responses\\{authority=\"[^\"]+\"\\}")).containsOnly(0.0);
            assertThat(text).doesNotContain("vantage=");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void a_vantage_label_with_a_control_character_is_refused_before_anything_runs(@TempDir Path dir) {
        Path file = dir.resolve("m.prom");
        Result r = run("check", "--lab", "tenants-wildcard", "--metrics", file.toString(), "--vantage", "eu\u0007west");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--vantage").contains("control character");
        assertThat(file).doesNotExist();
    }
}
