package dev.misdirect.ui.common;

import dev.misdirect.ui.testing.ManualExecutor;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaskRunnerTest {
    private final ManualExecutor background = new ManualExecutor();
    private final ErrorLog log = new ErrorLog(Runnable::run, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private final TaskRunner runner = new TaskRunner(background, Runnable::run, log);
    private final List<String> results = new ArrayList<>();

    @Test
    void a_result_reaches_the_ui_and_the_status_says_done() {
        runner.start("Probing 2 authorities", (p, c) -> "ok", results::add);
        assertThat(runner.runningProperty().get()).isTrue();
        assertThat(runner.progressProperty().get()).isEqualTo(-1);
        background.runAll();
        assertThat(results).containsExactly("ok");
        assertThat(runner.runningProperty().get()).isFalse();
        assertThat(runner.messageProperty().get()).isEqualTo("Probing 2 authorities: done");
    }

    @Test
    void progress_reports_update_the_progress_and_message() {
        ManualExecutor ui = new ManualExecutor();
        TaskRunner r = new TaskRunner(Runnable::run, ui, log);
        r.start("Probing", (p, c) -> {
            p.report(1, 4, "probing a.example:443");
            p.report(3, 4, "probing c.example:443");
            return "x";
        }, results::add);
        // two reports, one queued UI update (the newest wins), then the finish
        ui.runAll();
        assertThat(results).containsExactly("x");
        assertThat(r.messageProperty().get()).isEqualTo("Probing: done");
    }

    @Test
    void progress_reports_are_coalesced_into_one_ui_update_and_the_newest_wins() {
        ManualExecutor ui = new ManualExecutor();
        ManualExecutor bg = new ManualExecutor();
        TaskRunner r = new TaskRunner(bg, ui, log);
        List<Integer> queuedAfterReports = new ArrayList<>();
        r.start("Probing", (p, c) -> {
            p.report(1, 4, "probing a.example:443");
            p.report(2, 4, "probing b.example:443");
            p.report(3, 4, "probing c.example:443");
            queuedAfterReports.add(ui.queued());
            return "x";
        }, results::add);
        bg.runAll();
        assertThat(queuedAfterReports).containsExactly(1);
        ui.runOne();
        assertThat(r.progressProperty().get()).isEqualTo(0.75);
        assertThat(r.messageProperty().get()).isEqualTo("probing c.example:443");
    }

    @Test
    void a_failure_goes_to_the_error_log_and_the_status_shows_no_stack_trace() {
        runner.<String>start("Probing a.example:443", (p, c) -> {
            throw new IllegalStateException("connection refused by 192.0.2.1:443");
        }, results::add);
        background.runAll();
        assertThat(results).isEmpty();
        assertThat(runner.messageProperty().get()).isEqualTo("Probing a.example:443: connection refused by 192.0.2.1:443");
        assertThat(log.entries()).singleElement().satisfies(e -> {
            assertThat(e.details()).contains("at dev.misdirect");
            assertThat(e.summary()).doesNotContain("Exception").doesNotContain("\tat ");
        });
    }

    @Test
    void a_cancelled_run_drops_its_result() {
        runner.start("Replaying", (p, c) -> "late", results::add);
        runner.cancel();
        background.runAll();
        assertThat(results).isEmpty();
        assertThat(runner.messageProperty().get()).isEqualTo("Replaying: cancelled");
        assertThat(runner.runningProperty().get()).isFalse();
    }

    @Test
    void a_second_start_is_refused_while_one_runs() {
        assertThat(runner.start("one", (p, c) -> "1", results::add)).isTrue();
        assertThat(runner.start("two", (p, c) -> "2", results::add)).isFalse();
        background.runAll();
        assertThat(results).containsExactly("1");
    }
}
