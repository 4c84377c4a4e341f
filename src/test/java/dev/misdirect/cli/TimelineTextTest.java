package dev.misdirect.cli;

import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTextTest {
    @Test
    void one_line_per_lane_and_per_request_with_421_hidden_and_retry_marked() {
        List<TimelineEvent> events = List.of(
                new TimelineEvent.ConnectionOpened(0, 1, "127.0.0.11", 8443, 50000, Optional.of("a.lab.test"), "h2",
                        Optional.of("TLSv1.3"), Optional.empty(), 0, 0, 0),
                new TimelineEvent.RequestSent(10, 1, 1, 0, 1, "GET", "b.lab.test:8443", "/x"),
                new TimelineEvent.ResponseReceived(20, 1, 1, 421, "h2"),
                new TimelineEvent.Misdirected(20, 1, 1, "b.lab.test:8443", Optional.of("a.lab.test"), true),
                new TimelineEvent.RetryScheduled(21, 1, 2, "421"),
                new TimelineEvent.ConnectionOpened(30, 2, "127.0.0.11", 8443, 50002, Optional.of("b.lab.test"), "h2",
                        Optional.empty(), Optional.empty(), 22, 22, 30),
                new TimelineEvent.RequestSent(31, 2, 2, 0, 2, "GET", "b.lab.test:8443", "/x"),
                new TimelineEvent.ResponseReceived(40, 2, 2, 200, "h2"));
        String text = TimelineText.render(ConnectionTimeline.of(events));
        assertThat(text.lines()).hasSize(7);
        assertThat(text).contains("#1   a.lab.test → 127.0.0.11:8443  h2 TLSv1.3, 1 request  [coalesced")
                .contains("x1   step 1   on #1   GET b.lab.test:8443/x  → 421  [421 MISDIRECTED on a connection with SNI a.lab.test]  [hidden: the client retried as x2]")
                .contains("x2   step 1   on #2   GET b.lab.test:8443/x  → 200  [retry of x1, attempt 2]")
                .endsWith("1 × 421 Misdirected Request, 1 hidden by the client's retry.");
    }

    @Test
    void empty_timeline_says_so() {
        assertThat(TimelineText.render(ConnectionTimeline.empty())).contains("empty");
    }
}
