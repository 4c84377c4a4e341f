package dev.misdirect.ui.common;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorLogTest {
    private final ErrorLog log = new ErrorLog(Runnable::run, Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void the_user_message_is_the_innermost_meaningful_message_without_class_names() {
        ErrorLog.Entry e = log.report("opening s.json", new UncheckedIOException(null, new IOException("s.json: no such file")));
        assertThat(e.message()).isEqualTo("s.json: no such file");
        assertThat(e.summary()).isEqualTo("opening s.json: s.json: no such file");
    }

    @Test
    void a_failure_without_message_is_described_in_words() {
        ErrorLog.Entry e = log.report("drawing", new NullPointerException());
        assertThat(e.message()).isEqualTo("an unexpected null pointer exception occurred (see the error log)");
        assertThat(e.details()).contains("NullPointerException");
    }

    @Test
    void the_log_keeps_only_the_newest_entries() {
        for (int i = 0; i < ErrorLog.CAPACITY + 10; i++) {
            log.report("step " + i, new RuntimeException("failed " + i));
        }
        assertThat(log.entries()).hasSize(ErrorLog.CAPACITY);
        assertThat(log.entries().get(0).context()).isEqualTo("step 10");
    }
}
