package dev.misdirect.core.net;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayClientTest {
    static TestPki pki;
    static TenantRouterOrigin wildcard;
    static TenantRouterOrigin onlyA;
    static TenantRouterOrigin second;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki();
        wildcard = new TenantRouterOrigin("127.0.0.1", pki.leaf("tenants", "*.lab.test"), true);
        onlyA = new TenantRouterOrigin("127.0.0.1", pki.leaf("a only", "a.lab.test"), false);
        second = new TenantRouterOrigin("127.0.0.2", pki.leaf("second node", "*.lab.test"), true);
    }

    @AfterAll
    static void stop() throws Exception {
        wildcard.close();
        onlyA.close();
        second.close();
    }

    static ClientOptions options(ConnectionPolicy policy, boolean retry) {
        return ClientOptions.of(policy).withRetry421(retry)
                .withNames(Map.of("a.lab.test", List.of("127.0.0.1"), "b.lab.test", List.of("127.0.0.1")))
                .withTrust(List.of(pki.ca), false)
                .withResolver(HostResolver.none());
    }

    static URI url(String host, TenantRouterOrigin origin, String path) {
        return URI.create("https://" + host + ":" + origin.port() + path);
    }

    record Run(List<CallOutcome> outcomes, List<TimelineEvent> events) {
        ConnectionTimeline timeline() {
            return ConnectionTimeline.of(events);
        }
    }

    static Run run(ClientOptions options, TenantRouterOrigin origin, String... hosts) {
        ReplayRecorder recorder = new ReplayRecorder();
        try (ReplayClient client = new ReplayClient(options, recorder)) {
            List<CallOutcome> outs = new java.util.ArrayList<>();
            for (int i = 0; i < hosts.length; i++) {
                outs.add(client.send(RequestSpec.get(i, url(hosts[i], origin, "/step" + i))));
            }
            return new Run(outs, recorder.events());
        }
    }

    @Test
    void coalescing_with_retry_reuses_a_connection_for_b_records_the_hidden_421_and_retries_on_a_new_connection() {
        Run r = run(options(ConnectionPolicy.COALESCING, true), wildcard, "a.lab.test", "b.lab.test");
        assertThat(r.outcomes().get(0).finalStatus()).isEqualTo(200);
        CallOutcome b = r.outcomes().get(1);
        assertThat(b.finalStatus()).isEqualTo(200);
        assertThat(b.attempts()).extracting(AttemptRecord::connectionId, AttemptRecord::status, AttemptRecord::hidden)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 421, true),
                        org.assertj.core.groups.Tuple.tuple(2, 200, false));
        assertThat(b.attempts().get(0).sni()).contains("a.lab.test");
        assertThat(b.attempts().get(1).sni()).contains("b.lab.test");

        ConnectionTimeline t = r.timeline();
        assertThat(t.lanes()).extracting(ConnectionTimeline.Lane::sni)
                .containsExactly(Optional.of("a.lab.test"), Optional.of("b.lab.test"));
        assertThat(t.lanes().get(0).coalesced()).isTrue();
        assertThat(t.lanes()).allSatisfy(l -> assertThat(l.protocol()).isEqualTo("h2"));
        ConnectionTimeline.Bar hiddenBar = t.bars().get(1);
        assertThat(hiddenBar.misdirected()).isTrue();
        assertThat(hiddenBar.hidden()).isTrue();
        assertThat(hiddenBar.connectionId()).isEqualTo(1);
        ConnectionTimeline.Bar retry = t.bars().get(2);
        assertThat(retry.retryOf()).isEqualTo(hiddenBar.exchangeId());
        assertThat(retry.connectionId()).isEqualTo(2);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(t.markers()).extracting(ConnectionTimeline.Marker::kind)
                .contains(ConnectionTimeline.MarkerKind.MISDIRECTED, ConnectionTimeline.MarkerKind.RETRY,
                        ConnectionTimeline.MarkerKind.COALESCED);
    }

    @Test
    void coalescing_without_retry_surfaces_the_raw_421_on_the_shared_connection() {
        Run r = run(options(ConnectionPolicy.COALESCING, false), wildcard, "a.lab.test", "b.lab.test");
        CallOutcome b = r.outcomes().get(1);
        assertThat(b.finalStatus()).isEqualTo(421);
        assertThat(b.attempts()).singleElement().satisfies(a -> {
            assertThat(a.connectionId()).isEqualTo(1);
            assertThat(a.hidden()).isFalse();
            assertThat(a.authority()).startsWith("b.lab.test");
        });
        assertThat(r.timeline().lanes()).hasSize(1);
        assertThat(r.events()).filteredOn(e -> e instanceof TimelineEvent.RetryScheduled).isEmpty();
    }

    @Test
    void isolated_opens_one_connection_per_authority_and_sees_no_421() {
        Run r = run(options(ConnectionPolicy.ISOLATED, true), wildcard, "a.lab.test", "b.lab.test", "a.lab.test");
        assertThat(r.outcomes()).extracting(CallOutcome::finalStatus).containsExactly(200, 200, 200);
        assertThat(r.outcomes()).extracting(o -> o.attempts().get(0).connectionId()).containsExactly(1, 2, 1);
        assertThat(r.timeline().misdirectedCount()).isZero();
        assertThat(r.timeline().lanes()).noneMatch(ConnectionTimeline.Lane::coalesced);
    }

    @Test
    void forced_http1_never_coalesces() {
        Run r = run(options(ConnectionPolicy.COALESCING, false).withHttp1(true), wildcard, "a.lab.test", "b.lab.test");
        assertThat(r.outcomes()).extracting(CallOutcome::finalStatus).containsExactly(200, 200);
        assertThat(r.timeline().lanes()).extracting(ConnectionTimeline.Lane::protocol)
                .containsExactly("http/1.1", "http/1.1");
    }

    @Test
    void ip_keyed_sends_b_on_the_first_connection_to_the_same_address_whatever_the_certificate_says() {
        Run r = run(options(ConnectionPolicy.IP_KEYED, false), onlyA, "a.lab.test", "b.lab.test");
        assertThat(r.outcomes()).extracting(CallOutcome::finalStatus).containsExactly(200, 200);
        assertThat(r.timeline().lanes()).singleElement().satisfies(l -> {
            assertThat(l.sni()).contains("a.lab.test");
            assertThat(l.coalesced()).isTrue();
        });
        TenantRouterOrigin.Seen seen = onlyA.log.get(onlyA.log.size() - 1);
        assertThat(seen.sni()).isEqualTo("a.lab.test");
        assertThat(seen.authority()).startsWith("b.lab.test");
        assertThat(r.events()).filteredOn(e -> e instanceof TimelineEvent.ConnectionAcquired a && a.coalesced())
                .singleElement().extracting(e -> ((TimelineEvent.ConnectionAcquired) e).reason()).asString()
                .startsWith("ip-keyed pool");
    }

    @Test
    void ip_keyed_with_retry_hides_the_421_and_retries_on_a_connection_for_b() {
        Run r = run(options(ConnectionPolicy.IP_KEYED, true), wildcard, "a.lab.test", "b.lab.test");
        CallOutcome b = r.outcomes().get(1);
        assertThat(b.finalStatus()).isEqualTo(200);
        assertThat(b.attempts()).extracting(AttemptRecord::connectionId, AttemptRecord::status, AttemptRecord::hidden)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 421, true),
                        org.assertj.core.groups.Tuple.tuple(2, 200, false));
        assertThat(r.timeline().bars().get(2).retryOf()).isEqualTo(r.timeline().bars().get(1).exchangeId());
    }

    @Test
    void ip_keyed_without_retry_surfaces_the_421() {
        Run r = run(options(ConnectionPolicy.IP_KEYED, false), wildcard, "a.lab.test", "b.lab.test");
        assertThat(r.outcomes().get(1).finalStatus()).isEqualTo(421);
        assertThat(r.outcomes().get(1).attempts()).singleElement().extracting(AttemptRecord::hidden).isEqualTo(false);
    }

    @Test
    void credentials_never_leave_their_authority_even_on_a_borrowed_connection() {
        int before = onlyA.log.size();
        ClientOptions o = options(ConnectionPolicy.IP_KEYED, false).withCredentials(Map.of(
                "a.lab.test:" + onlyA.port(), Map.of("X-Secret", "secret-of-a", "Authorization", "Bearer a"),
                "b.lab.test:" + onlyA.port(), Map.of("X-Secret", "secret-of-b")));
        run(o, onlyA, "a.lab.test", "b.lab.test", "a.lab.test");
        List<TenantRouterOrigin.Seen> seen = onlyA.log.subList(before, onlyA.log.size());
        assertThat(seen).hasSize(3);
        assertThat(seen).allSatisfy(s -> assertThat(s.sni()).isEqualTo("a.lab.test"));
        assertThat(seen.get(0).headers()).containsEntry("x-secret", "secret-of-a").containsEntry("authorization", "Bearer a");
        assertThat(seen.get(1).authority()).startsWith("b.lab.test");
        assertThat(seen.get(1).headers()).containsEntry("x-secret", "secret-of-b").doesNotContainKey("authorization");
        assertThat(seen.get(2).headers()).containsEntry("x-secret", "secret-of-a");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(ConnectionPolicy.class)
    void a_step_header_goes_only_with_its_own_authority_on_a_shared_connection_and_on_the_421_retry(ConnectionPolicy policy) {
        int before = wildcard.log.size();
        ReplayRecorder recorder = new ReplayRecorder();
        try (ReplayClient client = new ReplayClient(options(policy, true), recorder)) {
            client.send(new RequestSpec(0, "GET", url("a.lab.test", wildcard, "/a1"),
                    Map.of("X-Token", "token-of-a", "Authorization", "Bearer a"), Optional.empty(), Optional.empty()));
            client.send(new RequestSpec(1, "GET", url("b.lab.test", wildcard, "/b"),
                    Map.of("X-Token", "token-of-b"), Optional.empty(), Optional.empty()));
            client.send(RequestSpec.get(2, url("a.lab.test", wildcard, "/a2")));
        }
        List<TenantRouterOrigin.Seen> seen = wildcard.log.subList(before, wildcard.log.size());
        List<TenantRouterOrigin.Seen> forB = seen.stream().filter(s -> s.authority().startsWith("b.lab.test")).toList();
        // coalescing and ip-keyed put b's request on a's connection first (421), then retry it on its own
        assertThat(forB).hasSize(policy == ConnectionPolicy.ISOLATED ? 1 : 2);
        assertThat(forB).allSatisfy(s -> assertThat(s.headers()).containsEntry("x-token", "token-of-b")
                .doesNotContainKey("authorization"));
        assertThat(seen).filteredOn(s -> s.path().equals("/a1")).singleElement()
                .satisfies(s -> assertThat(s.headers()).containsEntry("x-token", "token-of-a"));
        assertThat(seen).filteredOn(s -> s.path().equals("/a2")).singleElement()
                .satisfies(s -> assertThat(s.headers()).doesNotContainKeys("x-token", "authorization"));
    }

    @Test
    void an_sni_override_rewrites_the_url_and_keeps_the_authority() {
        ClientOptions o = options(ConnectionPolicy.ISOLATED, false)
                .withSniOverrides(Map.of("a.lab.test:" + wildcard.port(), "b.lab.test"))
                .withNames(Map.of("b.lab.test", List.of("192.0.2.1"))); // must not be used: the alias follows a
        Run r = run(o, wildcard, "a.lab.test");
        assertThat(r.outcomes().get(0).finalStatus()).isEqualTo(421);
        TenantRouterOrigin.Seen seen = wildcard.log.get(wildcard.log.size() - 1);
        assertThat(seen.sni()).isEqualTo("b.lab.test");
        assertThat(seen.authority()).startsWith("a.lab.test");
    }

    @Test
    void a_pinned_request_goes_to_the_pinned_node_only() {
        // second listens on 127.0.0.2 with its own port: pin a request for a.lab.test there
        ReplayRecorder recorder = new ReplayRecorder();
        int before = second.log.size();
        try (ReplayClient client = new ReplayClient(options(ConnectionPolicy.COALESCING, true), recorder)) {
            CallOutcome o = client.send(new RequestSpec(0, "GET", url("a.lab.test", second, "/pinned"), Map.of(),
                    Optional.empty(), Optional.of("127.0.0.2")));
            assertThat(o.finalStatus()).isEqualTo(200);
        }
        assertThat(second.log.subList(before, second.log.size())).singleElement()
                .extracting(TenantRouterOrigin.Seen::path).isEqualTo("/pinned");
        assertThat(ConnectionTimeline.of(recorder.events()).lanes()).singleElement()
                .extracting(ConnectionTimeline.Lane::peerAddress).isEqualTo("127.0.0.2");
    }

    @Test
    void a_connect_failure_is_an_outcome_with_the_reason_not_an_exception() {
        ClientOptions o = options(ConnectionPolicy.ISOLATED, true);
        ReplayRecorder recorder = new ReplayRecorder();
        try (ReplayClient client = new ReplayClient(o, recorder)) {
            // port 1 on loopback: nothing listens there
            CallOutcome out = client.send(RequestSpec.get(0, URI.create("https://a.lab.test:1/")));
            assertThat(out.finalStatus()).isZero();
            assertThat(out.error()).get().asString().contains("ConnectException");
        }
        assertThat(recorder.events()).anySatisfy(e -> assertThat(e).isInstanceOf(TimelineEvent.ConnectFailed.class));
    }

    @Test
    void a_call_ended_by_the_call_limit_names_the_limit_instead_of_cancelled() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket s = silent.accept()) {
                    s.getInputStream().readAllBytes(); // holds the connection open and never answers
                } catch (java.io.IOException closed) {
                    // the client gave up, or the test closed the server
                }
            }, "silent-origin");
            acceptor.setDaemon(true);
            acceptor.start();
            ClientOptions o = options(ConnectionPolicy.ISOLATED, true)
                    .withTimeouts(new Timeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(5),
                            java.time.Duration.ofSeconds(1)))
                    .withNames(Map.of("slow.lab.test", List.of("127.0.0.1")));
            try (ReplayClient client = new ReplayClient(o, new ReplayRecorder())) {
                CallOutcome out = client.send(RequestSpec.get(0, URI.create("https://slow.lab.test:" + silent.getLocalPort() + "/")));
                assertThat(out.finalStatus()).isZero();
                assertThat(out.error()).get().asString().contains("no complete response within the call limit of 1 s")
                        .doesNotContain("cancelled");
            }
        }
    }

    @Test
    void after_cancel_all_requests_fail_fast_as_cancelled() {
        ReplayRecorder recorder = new ReplayRecorder();
        try (ReplayClient client = new ReplayClient(options(ConnectionPolicy.COALESCING, true), recorder)) {
            client.cancelAll();
            CallOutcome out = client.send(RequestSpec.get(0, url("a.lab.test", wildcard, "/")));
            assertThat(out.error()).get().asString().endsWith(": cancelled").startsWith("a.lab.test:");
            assertThat(client.isCancelled()).isTrue();
        }
    }

    @Test
    void a_name_map_entry_that_is_not_an_ip_address_is_refused_with_the_name() {
        ClientOptions o = options(ConnectionPolicy.ISOLATED, true).withNames(Map.of("c.lab.test", List.of("nope")));
        assertThatThrownBy(() -> new ReplayClient(o, new ReplayRecorder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c.lab.test").hasMessageContaining("nope");
    }

    @Test
    void names_outside_the_map_go_to_the_injected_resolver_and_its_refusal_is_reported() {
        ReplayRecorder recorder = new ReplayRecorder();
        try (ReplayClient client = new ReplayClient(options(ConnectionPolicy.ISOLATED, true), recorder)) {
            CallOutcome out = client.send(RequestSpec.get(0, URI.create("https://unknown.lab.test/")));
            assertThat(out.error()).get().asString().contains("unknown.lab.test").contains("UnknownHostException");
        }
    }

    @Test
    void each_request_is_recorded_with_its_url_as_written_even_when_the_urls_are_equal_as_uris() {
        // java.net.URI calls /x%7e and /x%7E equal; each request must still go, and be recorded, as written.
        List<URI> urls = List.of(url("a.lab.test", wildcard, "/x%7e"), url("a.lab.test", wildcard, "/x%7E"),
                url("a.lab.test", wildcard, "/x%7e"));
        ReplayRecorder recorder = new ReplayRecorder();
        try (ReplayClient client = new ReplayClient(options(ConnectionPolicy.COALESCING, true), recorder)) {
            for (int i = 0; i < urls.size(); i++) {
                client.send(RequestSpec.get(i, urls.get(i)));
            }
        }
        assertThat(recorder.events()).filteredOn(e -> e instanceof TimelineEvent.RequestSent)
                .map(e -> ((TimelineEvent.RequestSent) e).path()).containsExactly("/x%7e", "/x%7E", "/x%7e");
    }

    @Test
    void connection_ids_timestamps_and_local_ports_are_recorded() {
        Run r = run(options(ConnectionPolicy.ISOLATED, true), wildcard, "a.lab.test", "b.lab.test");
        List<TimelineEvent.ConnectionOpened> opened = r.events().stream()
                .filter(e -> e instanceof TimelineEvent.ConnectionOpened).map(e -> (TimelineEvent.ConnectionOpened) e)
                .toList();
        assertThat(opened).extracting(TimelineEvent.ConnectionOpened::connectionId).containsExactly(1, 2);
        assertThat(opened).allSatisfy(o -> {
            assertThat(o.localPort()).isPositive();
            assertThat(o.tlsVersion()).isPresent();
            assertThat(o.peerCertificate()).get().asString().contains("*.lab.test");
            assertThat(o.connectStartMicros()).isLessThanOrEqualTo(o.tlsStartMicros());
            assertThat(o.tlsStartMicros()).isLessThanOrEqualTo(o.tlsEndMicros());
        });
        assertThat(r.events()).allSatisfy(e -> assertThat(e.atMicros()).isNotNegative());
        assertThat(r.events()).anySatisfy(e -> assertThat(e).isInstanceOf(TimelineEvent.DnsResolved.class)
                .extracting("source").isEqualTo("name map"));
    }

    @Test
    void through_a_proxy_a_name_asked_of_the_dns_server_of_its_own_is_tunnelled_to_by_address_and_a_system_name_by_name()
            throws Exception {
        HostResolver loopback = host -> List.of(java.net.InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        assertThat(connectLineThroughProxy(HostResolver.ownServer(loopback))).startsWith("CONNECT 127.0.0.1:");
        assertThat(connectLineThroughProxy(loopback)).startsWith("CONNECT www.example.test:");
    }

    /** The request line a stand-in proxy (refusing every tunnel with 502) receives for one GET of www.example.test. */
    private static String connectLineThroughProxy(HostResolver resolver) throws Exception {
        try (java.net.ServerSocket proxy = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<String> line = new java.util.concurrent.CompletableFuture<>();
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket s = proxy.accept()) {
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                            s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                    line.complete(in.readLine());
                    s.getOutputStream().write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    line.completeExceptionally(e);
                }
            }, "stand-in-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
            ClientOptions o = ClientOptions.of(ConnectionPolicy.ISOLATED).withTrust(List.of(pki.ca), false)
                    .withResolver(resolver)
                    .withProxy(Optional.of(ForwardProxy.parse("http://127.0.0.1:" + proxy.getLocalPort())));
            try (ReplayClient client = new ReplayClient(o, new ReplayRecorder())) {
                CallOutcome out = client.send(RequestSpec.get(0, URI.create("https://www.example.test:8443/")));
                assertThat(out.finalStatus()).isZero();
            }
            return line.get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
