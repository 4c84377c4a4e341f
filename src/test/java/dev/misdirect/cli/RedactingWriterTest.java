package dev.misdirect.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RedactingWriterTest {

    @Test
    void a_secret_written_in_pieces_is_masked_once_its_line_is_complete() {
        StringWriter sink = new StringWriter();
        PrintWriter w = new PrintWriter(new RedactingWriter(sink), true);
        w.print("Authorization: Bea");
        w.print("rer PLANTEDabc123");
        w.println(" ");
        w.println("GET https://a.example/?token=PLANTEDdef456 → 200");
        assertThat(sink.toString()).doesNotContain("PLANTED")
                .isEqualTo("Authorization: [REDACTED]\nGET https://a.example/?token=[REDACTED] → 200\n"
                        .replace("\n", System.lineSeparator()));
    }

    @Test
    void keep_secrets_prints_everything_as_it_is() {
        StringWriter sink = new StringWriter();
        RedactingWriter r = new RedactingWriter(sink);
        r.keepSecrets();
        PrintWriter w = new PrintWriter(r, true);
        w.println("Cookie: sid=PLANTEDcookie");
        assertThat(sink.toString()).contains("Cookie: sid=PLANTEDcookie");
    }

    @Test
    void the_byte_stream_view_for_the_log_masks_lines_and_keeps_characters_split_across_writes_whole() {
        StringWriter sink = new StringWriter();
        PrintStream log = new PrintStream(new RedactingWriter(sink).asOutputStream(), true, StandardCharsets.UTF_8);
        byte[] arrow = "→".getBytes(StandardCharsets.UTF_8);
        log.write(arrow, 0, 1); // the first byte of a three-byte character alone
        log.write(arrow, 1, 2);
        log.println(" X-Token: PLANTEDtok");
        assertThat(sink.toString()).startsWith("→ X-Token: [REDACTED]").doesNotContain("PLANTED");
    }

    @Test
    void the_process_stderr_is_filtered_while_a_command_runs_and_restored_after() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream mine = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(mine);
        int code;
        try {
            code = Cli.run("replay", "--plan", "GET https://u:PLANTEDpw@a.example/?token=PLANTEDtok \"header=X-Token\"");
            assertThat(System.err).isSameAs(mine);
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("[REDACTED]").doesNotContain("PLANTED");
    }
}
