package dev.misdirect.cli;

import dev.misdirect.core.session.LabDiagrams;
import dev.misdirect.core.io.Redactor;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.report.SampleSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class ReportCommandTest {

    static Path write(Path dir, Session s) throws Exception {
        Path f = dir.resolve("session.json");
        new SessionCodec().using(Redactor.none()).write(s, f); // a file saved with "include secrets"
        return f;
    }

    static CliTest.Result run(String... args) {
        return CliTest.run(args);
    }

    @Test
    void html_report_goes_to_the_output_file_and_nothing_to_stdout(@TempDir Path dir) throws Exception {
        Path session = write(dir, SampleSessions.realistic());
        Path out = dir.resolve("r.html");
        CliTest.Result r = run("report", session.toString(), "--format", "html", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        String html = Files.readString(out);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("class=\"timeline\"", "SAN coverage",
                "✔ covered", "421 reproduced");
    }

    @ParameterizedTest
    @ValueSource(strings = {"html", "md", "json"})
    void no_planted_secret_survives_in_any_format(String format, @TempDir Path dir) throws Exception {
        Path session = write(dir, SampleSessions.withSecrets());
        String raw = Files.readString(session);
        assertThat(raw).contains(SampleSessions.PLANTED); // the input really carries them
        CliTest.Result r = run("report", session.toString(), "--format", format);
        assertThat(r.code()).as(r.err()).isZero();
        for (String secret : SampleSessions.PLANTED) {
            assertThat(r.out()).as(format + " output must not contain " + secret).doesNotContain(secret);
        }
        assertThat(r.out()).contains("[REDACTED]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"html", "md", "json"})
    void no_redact_keeps_the_secrets_and_warns(String format, @TempDir Path dir) throws Exception {
        Path session = write(dir, SampleSessions.withSecrets());
        CliTest.Result r = run("report", session.toString(), "--format", format, "--no-redact");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("PLANTEDbearer7f3a9", "PLANTEDtoken0x1", "PLANTEDcookie55");
        assertThat(r.err()).contains("--no-redact: the output keeps credentials; do not share it");
    }

    @Test
    void json_report_is_the_session_document_and_reopens_equal(@TempDir Path dir) throws Exception {
        Path session = write(dir, SampleSessions.realistic());
        CliTest.Result r = run("report", session.toString(), "--format", "json");
        assertThat(new SessionCodec().parse(r.out(), "stdout")).isEqualTo(SampleSessions.realistic());
    }

    @Test
    void markdown_report_has_tables_findings_and_a_fenced_text_timeline(@TempDir Path dir) throws Exception {
        Path session = write(dir, SampleSessions.realistic());
        CliTest.Result r = run("report", session.toString(), "--format", "md");
        assertThat(r.out()).startsWith("# Tenant router answers 421")
                .contains("### ✘ Problem: b.tenants.lab.test answered 421")
                .contains("| Authority | Address | SNI sent |")
                .contains("```text\n#1 a.tenants.lab.test → 127.0.0.1:8443")
                .contains("[421 hidden by client retry]", "[retry of #2]");
    }

    @Test
    void a_lab_session_report_draws_the_scenario_diagram_with_the_port_filled_in(@TempDir Path dir) throws Exception {
        Path session = write(dir, SampleSessions.realistic());
        CliTest.Result r = run("report", session.toString(), "--format", "html");
        assertThat(r.out()).contains("id=\"scenario\"", "class=\"diagram\"", "tenant-router",
                "tenants-wildcard: Wildcard certificate shared by tenants", ":authority b.tenants.lab.test → 421")
                .doesNotContain("{port}");
    }

    @Test
    void the_fixed_variant_diagram_is_drawn_when_the_latest_lab_replay_used_the_fix() {
        Session s = SampleSessions.realistic();
        var run = s.replays().get(0);
        Session fixed = s.withReplay(new dev.misdirect.core.model.ReplayRun(run.planText(), run.policy(), run.retry421(),
                run.http1(), run.labScenario(), true, run.startedAt(), run.steps(), run.events(), run.findings()));
        var d = LabDiagrams.diagram(fixed).orElseThrow();
        assertThat(d.title()).startsWith("tenants-wildcard (fixed)");
        assertThat(d.boxes()).extracting(b -> b.label()).contains("router-a", "router-b");
        assertThat(d.arrows()).noneMatch(a -> a.problem());
        assertThat(LabDiagrams.diagram(s.withLabScenario(java.util.Optional.of("no-such-scenario"))
                .withTitle("x"))).isPresent(); // falls back to the replays' scenario
    }

    @Test
    void pem_option_writes_each_served_certificate_once(@TempDir Path dir) throws Exception {
        Path session = write(dir, SampleSessions.realistic());
        Path pem = dir.resolve("certs.pem");
        CliTest.Result r = run("report", session.toString(), "--format", "md", "-o", dir.resolve("r.md").toString(),
                "--pem", pem.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String text = Files.readString(pem);
        assertThat(text.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
        assertThat(text).contains("subject=CN=*.tenants.lab.test", "subject=CN=control.lab.test");
    }

    @Test
    void an_unknown_format_is_bad_usage() throws Exception {
        CliTest.Result r = run("report", "whatever.json", "--format", "pdf");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--format pdf", "html, md or json");
    }

    @Test
    void a_missing_file_is_bad_input_naming_it(@TempDir Path dir) {
        CliTest.Result r = run("report", dir.resolve("nope.json").toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("nope.json").contains("no such file");
    }

    @Test
    void an_empty_file_is_bad_input(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("empty.json"), "");
        CliTest.Result r = run("report", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("empty.json", "empty file");
    }

    @Test
    void a_truncated_file_is_reported_with_line_and_column(@TempDir Path dir) throws Exception {
        String full = new SessionCodec().toJson(SampleSessions.realistic());
        Path f = Files.writeString(dir.resolve("cut.json"), full.substring(0, full.length() / 2));
        CliTest.Result r = run("report", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).containsPattern("cut\\.json:\\d+:\\d+: the document is truncated");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void corrupt_json_is_reported_with_its_position(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.json"), "{\n  \"formatVersion\": 1,\n  \"title\": oops\n}");
        CliTest.Result r = run("report", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("bad.json:3:").contains("not valid JSON");
    }

    @Test
    void a_wrong_type_is_reported_with_its_field_path(@TempDir Path dir) throws Exception {
        String doc = new SessionCodec().toJson(SampleSessions.realistic()).replaceFirst("\"replays\" : \\[", "\"replays\" : \"many\", \"x\" : [");
        Path f = Files.writeString(dir.resolve("type.json"), doc);
        CliTest.Result r = run("report", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("type.json:").contains("replays");
    }

    @Test
    void a_json_array_or_other_document_is_not_a_session(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("arr.json"), "[1, 2, 3]");
        CliTest.Result r = run("report", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("arr.json", "expected a JSON object");
    }

    @Test
    void a_huge_file_is_refused_before_it_is_read(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("huge.json");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(SessionCodec.MAX_DOCUMENT_BYTES + 1); // sparse: no disk, and never read into memory
        }
        long before = usedHeap();
        CliTest.Result r = run("report", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("huge.json", "too large");
        assertThat(usedHeap() - before).isLessThan(32L * 1024 * 1024);
    }

    @Test
    void absurdly_deep_nesting_is_refused_with_a_position_not_a_stack_overflow(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("deep.json"), "{\"formatVersion\":1,\"notes\":" + "[".repeat(200_000));
        CliTest.Result r = run("report", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).containsPattern("deep\\.json:1:\\d+:");
    }

    @Test
    void a_newer_format_version_is_refused(@TempDir Path dir) throws Exception {
        String doc = new SessionCodec().toJson(SampleSessions.realistic()).replace("\"formatVersion\" : 1", "\"formatVersion\" : 9");
        Path f = Files.writeString(dir.resolve("new.json"), doc);
        CliTest.Result r = run("report", f.toString());
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("version 9", "newer Misdirect");
    }

    @Test
    void an_unwritable_output_exits_3(@TempDir Path dir) throws Exception {
        Path session = write(dir, SampleSessions.realistic());
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        CliTest.Result r = run("report", session.toString(), "-o", blocker.resolve("r.html").toString());
        assertThat(r.code()).isEqualTo(ExitCode.CANNOT_RUN);
        assertThat(r.err()).contains("cannot write the report");
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
