package dev.misdirect.core.replay;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.net.HostResolver;
import dev.misdirect.core.net.TenantRouterOrigin;
import dev.misdirect.core.net.TestPki;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimelineEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayEngineTest {
    static TestPki pki;
    static TenantRouterOrigin origin;
    static ExecutorService executor;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        origin = new TenantRouterOrigin("127.0.0.1", pki.leaf("tenants", "*.lab.test"), true);
        executor = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() throws Exception {
        origin.close();
        executor.shutdownNow();
    }

    static ReplayOptions options(ConnectionPolicy policy, boolean retry) {
        ClientOptions c = ClientOptions.of(policy).withRetry421(retry)
                .withNames(Map.of("a.lab.test", List.of("127.0.0.1"), "b.lab.test", List.of("127.0.0.1")))
                .withTrust(List.of(pki.ca), false).withResolver(HostResolver.none());
        ServerLogSource log = () -> origin.log.stream().map(s -> new ServerView("tenant-router", s.clientPort(),
                s.sni().isEmpty() ? Optional.empty() : Optional.of(s.sni()), "h2", s.authority(), s.path(), s.status(),
                s.status() == 421 ? "SNI differs from :authority" : "")).toList();
        return ReplayOptions.lab(c, "test-tenants", false, log);
    }

    static ReplayPlan plan(String text) {
        return ReplayPlan.parse(text.replace("PORT", String.valueOf(origin.port())));
    }

    @Test
    void coalescing_run_explains_the_hidden_421_and_the_retry_connection() throws Exception {
        ReplayRun run = new ReplayEngine(executor).run(
                plan("GET https://a.lab.test:PORT/ ; GET https://b.lab.test:PORT/ ; GET https://a.lab.test:PORT/"),
                options(ConnectionPolicy.COALESCING, true), ReplayProgress.none());
        assertThat(run.policy()).isEqualTo(ConnectionPolicy.COALESCING);
        assertThat(run.retry421()).isTrue();
        assertThat(run.labScenario()).contains("test-tenants");
        assertThat(run.steps()).extracting(StepOutcome::finalStatus).containsExactly(200, 200, 200);
        assertThat(run.misdirectedCount()).isEqualTo(1);
        assertThat(run.findings()).extracting(Finding::title).contains(
                "request 2 for b.lab.test reused connection #1 opened with SNI a.lab.test; the origin answered 421;"
                        + " the client retried on new connection #2 (SNI b.lab.test), which answered 200");
        assertThat(run.findings()).extracting(Finding::cause).contains(FindingCause.MISDIRECTED_REQUEST,
                FindingCause.HIDDEN_RETRY);
        StepOutcome b = run.steps().get(1);
        assertThat(b.attempts().get(0).server()).get().satisfies(v -> {
            assertThat(v.sni()).contains("a.lab.test");
            assertThat(v.authority()).startsWith("b.lab.test");
            assertThat(v.status()).isEqualTo(421);
        });
        assertThat(b.attempts().get(1).server()).get().extracting(ServerView::sni).isEqualTo(Optional.of("b.lab.test"));
        ConnectionTimeline t = ConnectionTimeline.of(run.events());
        assertThat(t.bars()).allSatisfy(bar -> assertThat(bar.server()).isPresent());
    }

    @Test
    void isolated_run_has_no_421_and_says_so() throws Exception {
        ReplayRun run = new ReplayEngine(executor).run(
                plan("GET https://a.lab.test:PORT/ ; GET https://b.lab.test:PORT/ ; GET https://a.lab.test:PORT/"),
                options(ConnectionPolicy.ISOLATED, true), ReplayProgress.none());
        assertThat(run.misdirectedCount()).isZero();
        assertThat(run.findings()).singleElement().extracting(Finding::title).isEqualTo("no 421 under policy isolated");
    }

    @Test
    void retry_off_leaves_the_421_as_the_final_status() throws Exception {
        ReplayRun run = new ReplayEngine(executor).run(
                plan("GET https://a.lab.test:PORT/ ; GET https://b.lab.test:PORT/"),
                options(ConnectionPolicy.COALESCING, false), ReplayProgress.none());
        assertThat(run.steps()).extracting(StepOutcome::finalStatus).containsExactly(200, 421);
        assertThat(run.findings()).extracting(Finding::title).contains("request 2 for b.lab.test reused connection #1"
                + " opened with SNI a.lab.test; the origin answered 421; with 421 retry off the caller got the 421");
    }

    @Test
    void repeats_expand_into_consecutive_steps_and_may_run_concurrently() throws Exception {
        List<Integer> done = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReplayRun run = new ReplayEngine(executor).run(plan("GET https://a.lab.test:PORT/ x6 concurrency=3 ;"
                        + " GET https://a.lab.test:PORT/last"), options(ConnectionPolicy.ISOLATED, true),
                new ReplayProgress() {
                    @Override
                    public void requestDone(StepOutcome outcome, int n, int total) {
                        done.add(n);
                        assertThat(total).isEqualTo(7);
                    }
                });
        assertThat(run.steps()).extracting(StepOutcome::step).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(run.steps()).extracting(StepOutcome::finalStatus).containsOnly(200);
        assertThat(done).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void cancelling_stops_the_run_and_keeps_what_was_recorded() throws Exception {
        AtomicReference<ReplayHandle> handle = new AtomicReference<>();
        ReplayProgress cancelAfterFirst = new ReplayProgress() {
            @Override
            public void requestDone(StepOutcome outcome, int n, int total) {
                while (handle.get() == null) {
                    Thread.onSpinWait();
                }
                handle.get().cancel();
            }
        };
        handle.set(new ReplayEngine(executor).start(plan("GET https://a.lab.test:PORT/ ; GET https://b.lab.test:PORT/"
                + " ; GET https://a.lab.test:PORT/"), options(ConnectionPolicy.ISOLATED, true), cancelAfterFirst));
        ReplayRun run = handle.get().await(20, TimeUnit.SECONDS);
        assertThat(handle.get().isCancelled()).isTrue();
        assertThat(handle.get().isRunning()).isFalse();
        assertThat(run.steps()).hasSize(1);
        assertThat(run.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TimelineEvent.Note.class,
                n -> assertThat(n.text()).isEqualTo("run cancelled after 1 of 3 requests")));
    }

    @Test
    void a_hidden_421_whose_retry_fails_says_the_retry_failed() throws Exception {
        try (TenantRouterOrigin onlyA = new TenantRouterOrigin("127.0.0.1", pki.leaf("a only", "a.lab.test"), true)) {
            ReplayPlan plan = ReplayPlan.parse(("GET https://a.lab.test:PORT/ ; GET https://b.lab.test:PORT/")
                    .replace("PORT", String.valueOf(onlyA.port())));
            ReplayRun run = new ReplayEngine(executor).run(plan, ReplayOptions.of(options(ConnectionPolicy.IP_KEYED,
                    true).client()), ReplayProgress.none());
            StepOutcome b = run.steps().get(1);
            assertThat(b.finalStatus()).isZero();
            assertThat(b.attempts()).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo(421);
                assertThat(a.hidden()).isTrue();
            });
            assertThat(b.error()).get().asString().startsWith("b.lab.test:" + onlyA.port() + ": SSLPeerUnverifiedException");
            assertThat(run.findings()).extracting(Finding::title).anySatisfy(t -> assertThat(t).startsWith(
                    "request 2 for b.lab.test reused connection #1 opened with SNI a.lab.test; the origin answered 421;"
                            + " the client retried on a new connection, which failed: certificate does not cover the"
                            + " requested name"));
            assertThat(run.findings()).extracting(Finding::cause).contains(FindingCause.IP_KEYED_POOL,
                    FindingCause.NAME_NOT_COVERED);
        }
    }

    @Test
    void progress_sees_every_event_the_run_keeps() throws Exception {
        List<TimelineEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReplayRun run = new ReplayEngine(executor).run(plan("GET https://a.lab.test:PORT/"),
                options(ConnectionPolicy.COALESCING, true), new ReplayProgress() {
                    @Override
                    public void event(TimelineEvent event) {
                        seen.add(event);
                    }
                });
        assertThat(seen).containsExactlyInAnyOrderElementsOf(run.events());
    }
}
