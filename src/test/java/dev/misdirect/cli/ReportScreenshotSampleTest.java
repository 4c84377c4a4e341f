package dev.misdirect.cli;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.report.SampleSessions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Writes target/sample/session.json and target/sample/report.html, the sample the README screenshot is taken of. */
class ReportScreenshotSampleTest {
    @Test
    void the_sample_session_renders_to_a_report_file() throws Exception {
        Path dir = Path.of("target", "sample");
        Files.createDirectories(dir);
        Path session = dir.resolve("session.json");
        new SessionCodec().write(SampleSessions.realistic(), session);
        Path html = dir.resolve("report.html");
        CliTest.Result r = CliTest.run("report", session.toString(), "--format", "html", "-o", html.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.size(html)).isPositive();
        CliTest.Result md = CliTest.run("report", session.toString(), "--format", "md", "-o", dir.resolve("report.md").toString());
        assertThat(md.code()).isZero();
    }
}
