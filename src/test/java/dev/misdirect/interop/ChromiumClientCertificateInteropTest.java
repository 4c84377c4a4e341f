package dev.misdirect.interop;

import dev.misdirect.core.io.ImportResult;
import dev.misdirect.core.io.Importers;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.interop.RequiresPrograms.Program;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium (no client certificate) loads a page from a whose sub-resources come from b, where the server
 * requires a client certificate for b only. Chromium coalesces b onto a's connection, gets 421, restarts b on
 * connections of b's own, and those fail: Apache ({@code SSLVerifyClient require}) refuses the handshake, nginx
 * ({@code ssl_verify_client on}) answers 400. The page saw those failures; the import must say so and must not call
 * the 421 hidden.
 *
 * <p>{@code -Dmisdirect.recordNetLog=DIR} keeps each NetLog in DIR: that is how
 * {@code src/test/resources/netlog/chrome-netlog-apache-client-cert-required.json} was recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@RequiresPrograms({Program.APACHE_HTTPD, Program.NGINX, Program.CHROMIUM})
class ChromiumClientCertificateInteropTest {
    private final RealServers servers = new RealServers();
    private TestPki pki;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        pki = new TestPki("Misdirect Interop Client Auth CA");
        work = servers.temporary(RealServer.newDir("misdirect-chromium-client-auth"));
    }

    @AfterAll
    void stop() throws Exception {
        servers.close();
    }

    @Test
    void apache_requiring_a_client_certificate_for_b_shows_the_failed_retries_as_connections_the_page_saw_fail()
            throws Exception {
        String a = "a.client-cert.browser.test";
        String b = "b.client-cert.browser.test";
        TestPki.Leaf leaf = pki.leaf(work, "apache-client-cert", a, b);
        Path ca = pki.writeCa(work);
        ApacheHttpd server = ApacheHttpd.startPair("127.0.2.44", leaf, a, "", b,
                "SSLVerifyClient require\n  SSLCACertificateFile " + ca);
        servers.started(server);
        ImportResult imported = load(server, a, b, leaf, "apache-client-cert-required");

        List<TimelineEvent.ConnectFailed> failed = imported.events().stream()
                .filter(TimelineEvent.ConnectFailed.class::isInstance).map(TimelineEvent.ConnectFailed.class::cast).toList();
        assertThat(failed).as("the handshakes Apache refused are lanes of their own").isNotEmpty()
                .allSatisfy(f -> assertThat(f.message()).contains("client certificate"));
        assertThat(imported.events()).filteredOn(TimelineEvent.Misdirected.class::isInstance)
                .map(TimelineEvent.Misdirected.class::cast)
                .as("the retry failed, so the page saw an error: the 421 was not hidden")
                .isNotEmpty().noneMatch(TimelineEvent.Misdirected::hiddenByClient);
        assertThat(imported.findings()).noneMatch(f -> f.cause() == FindingCause.HIDDEN_RETRY);
        Finding misdirected = imported.findings().stream().filter(f -> f.cause() == FindingCause.MISDIRECTED_REQUEST)
                .findFirst().orElseThrow();
        // Chromium names the request's error ERR_BAD_SSL_CLIENT_AUTH_CERT or, when the socket closed first,
        // ERR_SOCKET_NOT_CONNECTED; either way the alert says why, and the finding says what the page got
        assertThat(misdirected.title() + misdirected.details()).contains("the page got a failure")
                .contains("the server requires a client certificate").contains("certificate_required")
                .doesNotContain("0 new sessions");
    }

    @Test
    void nginx_requiring_a_client_certificate_for_b_shows_the_400_the_page_got_after_the_421() throws Exception {
        String a = "a.client-cert.nginx.browser.test";
        String b = "b.client-cert.nginx.browser.test";
        TestPki.Leaf leaf = pki.leaf(work, "nginx-client-cert", a, b);
        Path ca = pki.writeCa(work);
        Nginx server = Nginx.start("127.0.2.45", List.of(
                new Nginx.Block(a, leaf.certPem(), leaf.keyPem(), ""),
                new Nginx.Block(b, leaf.certPem(), leaf.keyPem(),
                        "ssl_verify_client on; ssl_client_certificate " + ca + ";")));
        servers.started(server);
        ImportResult imported = load(server, a, b, leaf, "nginx-client-cert-required");

        assertThat(imported.events()).filteredOn(TimelineEvent.ResponseReceived.class::isInstance)
                .map(TimelineEvent.ResponseReceived.class::cast).extracting(TimelineEvent.ResponseReceived::status)
                .as("nginx answered 421 on a's connection, then 400 on b's own").contains(421, 400);
        assertThat(imported.events()).filteredOn(TimelineEvent.Misdirected.class::isInstance)
                .map(TimelineEvent.Misdirected.class::cast)
                .as("the retry ended in 400, which the page saw: the 421 was not hidden")
                .isNotEmpty().noneMatch(TimelineEvent.Misdirected::hiddenByClient);
        assertThat(imported.findings()).noneMatch(f -> f.cause() == FindingCause.HIDDEN_RETRY);
        Finding misdirected = imported.findings().stream().filter(f -> f.cause() == FindingCause.MISDIRECTED_REQUEST)
                .findFirst().orElseThrow();
        assertThat(misdirected.title()).contains("400");
        assertThat(misdirected.fix()).doesNotContain("Apache").contains("nginx");
    }

    private ImportResult load(RealServer server, String a, String b, TestPki.Leaf leaf, String name) throws Exception {
        Path docroot = server.dir.resolve("www");
        Files.createDirectories(docroot);
        String bUrl = "https://" + b + ":" + server.port + "/";
        Files.writeString(docroot.resolve("index.html"), """
                <!doctype html><title>client certificate</title>
                <script src="%1$sapp.js"></script>
                <img src="%1$spixel.txt" alt="pixel">
                """.formatted(bUrl));
        Files.writeString(docroot.resolve("app.js"), "document.title = 'script from b loaded';\n");
        Files.writeString(docroot.resolve("pixel.txt"), "pixel\n");
        Path dir = Files.createDirectories(work.resolve(name));
        Path netLog = HeadlessChromium.load("https://" + a + ":" + server.port + "/index.html",
                Map.of(a, server.address, b, server.address), List.of(leaf.spkiSha256()), dir);
        String keep = System.getProperty("misdirect.recordNetLog");
        if (keep != null) {
            Files.copy(netLog, Files.createDirectories(Path.of(keep)).resolve("chrome-netlog-" + name + ".json"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return new Importers().importFile(netLog);
    }
}
