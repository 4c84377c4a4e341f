package dev.misdirect.core.io;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Chromium NetLogs (recorded by {@code ChromiumClientCertificateInteropTest}) of a page on a whose sub-resources
 * come from b, where the server requires a client certificate for b and the browser has none: Apache 2.4
 * ({@code SSLVerifyClient require}) refuses b's handshakes, nginx ({@code ssl_verify_client on}) answers 400.
 */
public class NetLogClientCertificateTest {
    public static final Path APACHE = resource("chrome-netlog-apache-client-cert-required.json");
    static final Path NGINX = resource("chrome-netlog-nginx-client-cert-required.json");
    /** Another load of the Apache page, where one retry's connection failed before its request could be sent. */
    static final Path APACHE_UNSENT = resource("chrome-netlog-apache-client-cert-required-unsent-retry.json");

    static Path resource(String name) {
        try {
            return Path.of(NetLogClientCertificateTest.class.getResource("/netlog/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sessions_that_fail_in_the_handshake_are_lanes_with_their_failure() throws Exception {
        ImportResult r = new NetLogImporter().importFrom(APACHE);
        ConnectionTimeline t = r.timeline();
        List<ConnectionTimeline.Lane> bLanes = t.lanes().stream()
                .filter(l -> l.sni().orElse("").startsWith("b.")).toList();
        assertThat(t.lanes()).hasSizeGreaterThan(2);
        List<TimelineEvent.ConnectFailed> failed = r.events().stream()
                .filter(TimelineEvent.ConnectFailed.class::isInstance).map(TimelineEvent.ConnectFailed.class::cast).toList();
        assertThat(failed).isNotEmpty()
                .allSatisfy(f -> assertThat(f.message()).startsWith("handshake refused: the server requires a client certificate"))
                .anySatisfy(f -> assertThat(f.message()).contains("ERR_BAD_SSL_CLIENT_AUTH_CERT")
                        .contains("TLS alert certificate_required"));
        assertThat(failed).extracting(TimelineEvent.ConnectFailed::connectionId)
                .allMatch(id -> bLanes.stream().anyMatch(l -> l.connectionId() == id));
    }

    @Test
    void a_421_whose_retry_failed_is_not_hidden_and_every_retry_is_linked_to_its_421() throws Exception {
        ImportResult r = new NetLogImporter().importFrom(APACHE);
        ConnectionTimeline t = r.timeline();
        List<ConnectionTimeline.Bar> misdirected = t.bars().stream().filter(ConnectionTimeline.Bar::misdirected).toList();
        assertThat(misdirected).hasSize(2).noneMatch(ConnectionTimeline.Bar::hidden);
        List<ConnectionTimeline.Bar> retries = t.bars().stream().filter(b -> b.retryOf() >= 0).toList();
        assertThat(retries).extracting(ConnectionTimeline.Bar::retryOf)
                .containsExactlyInAnyOrderElementsOf(misdirected.stream().map(ConnectionTimeline.Bar::exchangeId).toList());
        assertThat(retries).allSatisfy(b -> {
            assertThat(b.failed()).isTrue();
            assertThat(b.error().orElseThrow()).contains("the server requires a client certificate")
                    .contains("ERR_BAD_SSL_CLIENT_AUTH_CERT");
        });
        assertThat(r.findings()).noneMatch(f -> f.cause() == FindingCause.HIDDEN_RETRY);
    }

    @Test
    void the_finding_says_what_the_page_got_and_gives_the_client_certificate_fix_for_apache() throws Exception {
        ImportResult r = new NetLogImporter().importFrom(APACHE);
        Finding f = r.findings().stream().filter(x -> x.cause() == FindingCause.MISDIRECTED_REQUEST).findFirst().orElseThrow();
        assertThat(f.title()).contains("421 twice").contains("retried 2 requests on 3 new connections")
                .contains("the page got a failure (handshake refused: the server requires a client certificate")
                .doesNotContain("0 new");
        assertThat(f.explanation()).contains("that failed too").doesNotContain("never saw the 421");
        assertThat(f.fix()).contains("Present a client certificate").contains("Apache");
    }

    @Test
    void a_retry_answered_400_by_nginx_is_what_the_page_saw_and_the_fix_names_nginx_not_apache() throws Exception {
        ImportResult r = new NetLogImporter().importFrom(NGINX);
        ConnectionTimeline t = r.timeline();
        assertThat(t.bars()).filteredOn(ConnectionTimeline.Bar::misdirected).hasSize(2)
                .noneMatch(ConnectionTimeline.Bar::hidden);
        assertThat(t.bars()).filteredOn(b -> b.retryOf() >= 0).extracting(ConnectionTimeline.Bar::status)
                .containsOnly(400);
        assertThat(r.findings()).noneMatch(f -> f.cause() == FindingCause.HIDDEN_RETRY);
        Finding f = r.findings().stream().filter(x -> x.cause() == FindingCause.MISDIRECTED_REQUEST).findFirst().orElseThrow();
        assertThat(f.title()).contains("the page got 400 twice");
        assertThat(f.fix()).contains("asked for a client certificate").contains("nginx").doesNotContain("Apache");
    }

    @Test
    void a_retry_whose_connection_failed_before_sending_is_drawn_not_sent_on_that_connection() throws Exception {
        ImportResult r = new NetLogImporter().importFrom(APACHE_UNSENT);
        ConnectionTimeline t = r.timeline();
        List<ConnectionTimeline.Bar> retries = t.bars().stream().filter(b -> b.retryOf() >= 0).toList();
        assertThat(retries).hasSize(2).allSatisfy(b -> assertThat(b.error().orElseThrow())
                .contains("the server requires a client certificate"));
        assertThat(retries).anySatisfy(b -> {
            assertThat(b.error().orElseThrow()).startsWith("not sent: ");
            assertThat(t.lane(b.connectionId()).flatMap(ConnectionTimeline.Lane::sni)).contains("b.client-cert.browser.test");
        });
        assertThat(t.bars()).filteredOn(ConnectionTimeline.Bar::misdirected).noneMatch(ConnectionTimeline.Bar::hidden);
        Finding f = r.findings().stream().filter(x -> x.cause() == FindingCause.MISDIRECTED_REQUEST).findFirst().orElseThrow();
        assertThat(f.title()).doesNotContain("0 new").contains("the page got a failure");
    }
}
