package dev.misdirect.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A session with a verify run reports its verdicts: a coloured carrier × passenger matrix in HTML, a table in Markdown. */
class ReportVerifiedPairsTest {

    @Test
    void the_html_report_draws_each_pair_coloured_by_its_verdict_and_the_markdown_lists_them_worst_first(
            @TempDir Path dir) throws Exception {
        CliTest.Result verified = CliTest.run("verify", "--lab", "default-vhost", "--json");
        assertThat(verified.code()).as(verified.err()).isEqualTo(ExitCode.OK);
        Path session = dir.resolve("s.json");
        Files.writeString(session, verified.out());

        Path html = dir.resolve("r.html");
        CliTest.Result r = CliTest.run("report", session.toString(), "--format", "html", "-o", html.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        String page = Files.readString(html);
        assertThat(page).contains("<a href=\"#verified\">Verified pairs</a>").contains("<section id=\"verified\">")
                .contains("0 shared-ok, 0 refused-421, 2 misrouted, 0 untested")
                .containsPattern("<td class=\"pair misrouted\" title=\"[^\"]*another body[^\"]*\"><span class=\"mark\">✘ misrouted")
                .as("the verdict at the top counts the misrouted pairs, never a ✔")
                .contains("Problems found:</b> 2 problems found").doesNotContain("No problem found")
                .contains("✘ measured misrouted: <code>b.default.lab.test:");

        CliTest.Result md = CliTest.run("report", session.toString(), "--format", "md");
        assertThat(md.code()).as(md.err()).isEqualTo(ExitCode.OK);
        assertThat(md.out()).contains("## Verified pairs: GET `/`")
                .contains("| Verdict | Request of | On the connection of | Address | What differed |")
                .containsPattern("\\| ✘ misrouted \\| `b\\.default\\.lab\\.test:\\d+` \\| `a\\.default\\.lab\\.test:\\d+` \\| `127\\.0\\.0\\.1` \\| another body");
    }

    @Test
    void a_verify_run_whose_pairs_were_refused_with_421_reads_421_measured_at_the_top_never_no_421_observed(
            @TempDir Path dir) throws Exception {
        CliTest.Result verified = CliTest.run("verify", "--lab", "tenants-wildcard", "--json");
        assertThat(verified.code()).as(verified.err()).isEqualTo(ExitCode.OK);
        Path session = dir.resolve("s.json");
        Files.writeString(session, verified.out());

        CliTest.Result md = CliTest.run("report", session.toString(), "--format", "md");
        assertThat(md.code()).as(md.err()).isEqualTo(ExitCode.OK);
        assertThat(md.out()).contains("421 measured").contains("2 shared pairs were refused with 421 when verified")
                .doesNotContain("no 421 observed");
    }
}
