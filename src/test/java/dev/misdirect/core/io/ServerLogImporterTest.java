package dev.misdirect.core.io;

import dev.misdirect.core.timeline.ServerView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Servers' logs read into the server's view: real lines written by Debian's Apache httpd 2.4.71 ({@code LogLevel warn
 * ssl:info}) and nginx 1.22.1 ({@code error_log ... info}) under the interop tests' 421 conditions (vhosts of one
 * multi-SAN certificate with different {@code SSLProtocol}; a block with {@code ssl_verify_client}), and for Caddy,
 * Envoy and Traefik, which are not installed here, the examples of their documentation.
 */
class ServerLogImporterTest {
    private final Importers importers = new Importers(ZoneOffset.UTC);

    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ServerLogImporterTest.class.getResource("/serverlog/" + name).toURI());
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    @Test
    void apache_error_log_gives_each_ah02032_refusal_with_sni_host_and_client_port_and_counts_the_rest() throws Exception {
        Path file = resource("apache-error.log");
        assertThat(importers.detect(file)).isEqualTo(ImportKind.APACHE_ERROR_LOG);

        ServerLog log = importers.serverLog(file);

        assertThat(log.entries()).hasSize(2);
        ServerView withSni = log.entries().get(0).view();
        assertThat(withSni.sni()).contains("a.shop.test");
        assertThat(withSni.authority()).isEqualTo("b.shop.test");
        assertThat(withSni.clientPort()).isEqualTo(46530);
        assertThat(withSni.status()).isEqualTo(421);
        assertThat(withSni.reason()).startsWith("AH02032: Hostname a.shop.test provided via SNI and hostname b.shop.test")
                .contains("no compatible SSL setup for policy 'secure'");
        assertThat(withSni.origin()).isEqualTo("Apache httpd (apache-error.log line 2)");
        assertThat(log.entries().get(0).time()).contains(Instant.parse("2026-12-06T08:53:40.486005Z"));
        ServerView noSni = log.entries().get(1).view();
        assertThat(noSni.sni()).isEmpty();
        assertThat(noSni.authority()).isEqualTo("b.shop.test");
        assertThat(noSni.clientPort()).isEqualTo(46548);
        assertThat(noSni.reason()).contains("no SNI: the connection went to the default vhost a.shop.test");
        assertThat(log.otherLines()).isEqualTo(9);
        assertThat(log.unreadable()).isZero();
    }

    @Test
    void nginx_error_log_gives_each_421_with_the_sni_block_the_host_and_its_connection_number() throws Exception {
        Path file = resource("nginx-error.log");
        assertThat(importers.detect(file)).isEqualTo(ImportKind.NGINX_ERROR_LOG);

        ServerLog log = importers.serverLog(file);

        assertThat(log.entries()).extracting(e -> e.view().authority()).containsExactly("b.shop.test", "b.shop.test");
        ServerLogEntry h2 = log.entries().get(0);
        assertThat(h2.view().sni()).contains("a.shop.test");
        assertThat(h2.view().status()).isEqualTo(421);
        assertThat(h2.view().clientPort()).isZero();
        assertThat(h2.connection()).contains("nginx connection *1");
        assertThat(h2.time()).contains(Instant.parse("2026-12-06T08:53:50Z"));
        ServerLogEntry h1 = log.entries().get(1);
        assertThat(h1.view().path()).isEqualTo("/x");
        assertThat(h1.view().alpn()).isEqualTo("http/1.1");
        assertThat(log.unreadable()).isZero();
    }

    @Test
    void caddy_json_access_log_pairs_tls_server_name_with_host() throws Exception {
        // the access log entry of https://caddyserver.com/docs/logging (structured logs), as Caddy writes it
        Path file = write("caddy.log", "{\"level\":\"info\",\"ts\":1646861401.5241024,\"logger\":\"http.log.access\","
                + "\"msg\":\"handled request\",\"request\":{\"remote_ip\":\"127.0.0.1\",\"remote_port\":\"41342\","
                + "\"client_ip\":\"127.0.0.1\",\"proto\":\"HTTP/2.0\",\"method\":\"GET\",\"host\":\"localhost\",\"uri\":\"/\","
                + "\"headers\":{\"User-Agent\":[\"curl/7.82.0\"],\"Accept\":[\"*/*\"]},\"tls\":{\"resumed\":false,"
                + "\"version\":772,\"cipher_suite\":4865,\"proto\":\"h2\",\"server_name\":\"example.com\"}},"
                + "\"bytes_read\":0,\"user_id\":\"\",\"duration\":0.000929675,\"size\":10900,\"status\":200,"
                + "\"resp_headers\":{\"Server\":[\"Caddy\"]}}",
                "{\"level\":\"info\",\"ts\":1646861402.0,\"logger\":\"tls\",\"msg\":\"finished cleaning storage units\"}");
        assertThat(importers.detect(file)).isEqualTo(ImportKind.CADDY_LOG);

        ServerLog log = importers.serverLog(file);

        assertThat(log.entries()).singleElement().satisfies(e -> {
            assertThat(e.view().sni()).contains("example.com");
            assertThat(e.view().authority()).isEqualTo("localhost");
            assertThat(e.view().clientPort()).isEqualTo(41342);
            assertThat(e.view().alpn()).isEqualTo("h2");
            assertThat(e.view().status()).isEqualTo(200);
            assertThat(e.time()).hasValueSatisfying(t -> assertThat(t.getEpochSecond()).isEqualTo(1646861401L));
        });
        assertThat(log.otherLines()).isEqualTo(1);
    }

    @Test
    void envoy_istio_text_format_gives_requested_server_name_beside_authority_and_the_downstream_port() throws Exception {
        // https://istio.io/latest/docs/tasks/observability/logs/access-log/ (the server sidecar's line) and the
        // default format's example of https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage
        Path file = write("envoy.log",
                "[2020-11-25T21:26:18.409Z] \"GET /status/418 HTTP/1.1\" 418 - via_upstream - \"-\" 0 135 3 1 \"-\" "
                        + "\"curl/7.73.0-DEV\" \"84961386-6d84-929d-98bd-c5aee93b5c88\" \"httpbin:8000\" \"127.0.0.1:80\" "
                        + "inbound|8000|| 127.0.0.1:41854 10.44.1.27:80 10.44.1.23:37652 "
                        + "outbound_.8000_._.httpbin.foo.svc.cluster.local default",
                "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 204 - 154 0 226 100 \"10.0.35.28\" "
                        + "\"nsq2http\" \"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"",
                // the documented default-format line with its status set to 421: no SNI in this format, the 421 counts
                "[2016-04-15T20:17:00.310Z] \"POST /api/v1/locations HTTP/2\" 421 - 154 0 226 100 \"10.0.35.28\" "
                        + "\"nsq2http\" \"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"");
        assertThat(importers.detect(file)).isEqualTo(ImportKind.ENVOY_LOG);

        ServerLog log = importers.serverLog(file);

        assertThat(log.entries()).hasSize(2);
        ServerView istio = log.entries().get(0).view();
        assertThat(istio.sni()).contains("outbound_.8000_._.httpbin.foo.svc.cluster.local");
        assertThat(istio.authority()).isEqualTo("httpbin:8000");
        assertThat(istio.clientPort()).isEqualTo(37652);
        assertThat(istio.path()).isEqualTo("/status/418");
        assertThat(istio.status()).isEqualTo(418);
        ServerView refused = log.entries().get(1).view();
        assertThat(refused.sni()).isEmpty();
        assertThat(refused.authority()).isEqualTo("locations");
        assertThat(refused.status()).isEqualTo(421);
        assertThat(refused.alpn()).isEqualTo("h2");
        assertThat(log.otherLines()).isEqualTo(1);
    }

    @Test
    void envoy_json_access_log_with_istio_keys_is_read_line_by_line() throws Exception {
        // Istio's JSON encoding (accessLogEncoding: JSON) of the line above, keys as Istio names them
        Path file = write("envoy.json", "{\"authority\":\"httpbin:8000\",\"bytes_received\":0,\"bytes_sent\":135,"
                + "\"downstream_local_address\":\"10.44.1.27:80\",\"downstream_remote_address\":\"10.44.1.23:37652\","
                + "\"duration\":3,\"method\":\"GET\",\"path\":\"/status/418\",\"protocol\":\"HTTP/1.1\","
                + "\"request_id\":\"84961386-6d84-929d-98bd-c5aee93b5c88\","
                + "\"requested_server_name\":\"outbound_.8000_._.httpbin.foo.svc.cluster.local\",\"response_code\":418,"
                + "\"response_flags\":\"-\",\"route_name\":\"default\",\"start_time\":\"2020-11-25T21:26:18.409Z\","
                + "\"upstream_cluster\":\"inbound|8000||\",\"upstream_host\":\"127.0.0.1:80\"}");
        assertThat(importers.detect(file)).isEqualTo(ImportKind.ENVOY_LOG);

        ServerLogEntry e = importers.serverLog(file).entries().get(0);

        assertThat(e.view().sni()).contains("outbound_.8000_._.httpbin.foo.svc.cluster.local");
        assertThat(e.view().clientPort()).isEqualTo(37652);
        assertThat(e.time()).contains(Instant.parse("2020-11-25T21:26:18.409Z"));
    }

    @Test
    void traefik_debug_log_gives_the_421_of_its_sni_check_in_text_and_json() throws Exception {
        // the fields pkg/middlewares/snicheck/snicheck.go logs before answering 421 (v2: logrus text; v3: zerolog)
        Path text = write("traefik.log",
                "time=\"2020-09-11T09:41:04Z\" level=info msg=\"Configuration loaded from flags.\"",
                "time=\"2020-09-11T09:41:05Z\" level=debug msg=\"TLS options difference: SNI:default, "
                        + "Header:mintls12@kubernetescrd\" req.Host=b.example.com req.TLS.ServerName=a.example.com");
        Path json = write("traefik.json", "{\"level\":\"debug\",\"host\":\"b.example.com\",\"req.Host\":\"b.example.com\","
                + "\"req.TLS.ServerName\":\"a.example.com\",\"time\":\"2024-05-02T10:00:00Z\","
                + "\"message\":\"TLS options difference: SNI:default, Header:mtls@file\"}");

        for (Path file : List.of(text, json)) {
            assertThat(importers.detect(file)).as(file.toString()).isEqualTo(ImportKind.TRAEFIK_LOG);
            ServerLogEntry e = importers.serverLog(file).entries().get(0);
            assertThat(e.view().sni()).as(file.toString()).contains("a.example.com");
            assertThat(e.view().authority()).isEqualTo("b.example.com");
            assertThat(e.view().status()).isEqualTo(421);
            assertThat(e.view().reason()).startsWith("TLS options difference: SNI:default, Header:m");
            assertThat(e.time()).isPresent();
        }
    }

    @Test
    void an_unreadable_line_is_counted_and_shown_and_the_rest_still_imports() throws Exception {
        List<String> lines = Files.readAllLines(resource("apache-error.log"));
        Path file = write("mixed.log", lines.get(0), "this is not an Apache line", lines.get(1));

        ServerLog log = importers.serverLog(file);
        ImportResult result = importers.importFile(file);

        assertThat(log.entries()).hasSize(1);
        assertThat(log.unreadable()).isEqualTo(1);
        assertThat(log.unreadableSamples()).containsExactly("line 2: this is not an Apache line");
        assertThat(result.limitations()).anyMatch(l -> l.contains("line 2: this is not an Apache line"));
        assertThat(result.findings()).anyMatch(f -> f.title().equals("1 unreadable line in mixed.log"));
    }

    @Test
    void a_file_of_no_readable_line_is_refused_with_the_first_line() throws Exception {
        Path file = write("bad.log", "[Sun Dec 06 08:53:40.478797 2026] [ssl:info] [pid 1:tid 2] AH01964: ok", "junk");
        Path junk = write("junk.log", "2026/12/06 08:53:50 [info] 1#1: fine", "garbage");
        assertThat(importers.serverLog(file).unreadable()).isEqualTo(1);
        assertThat(new ServerLogImporter(ZoneOffset.UTC).read(junk, ImportKind.NGINX_ERROR_LOG).unreadable()).isEqualTo(1);
        Path none = write("none.log", "garbage", "more garbage");
        assertThatThrownBy(() -> new ServerLogImporter(ZoneOffset.UTC).read(none, ImportKind.TRAEFIK_LOG))
                .isInstanceOf(ImportException.class).hasMessageContaining("no line is in the format of a Traefik log")
                .hasMessageContaining("line 1: garbage");
    }

    @Test
    void a_server_log_alone_imports_as_the_servers_timeline_with_its_421s_and_what_it_cannot_tell() throws Exception {
        ImportResult r = importers.importFile(resource("apache-error.log"));

        assertThat(r.kind()).isEqualTo(ImportKind.APACHE_ERROR_LOG);
        assertThat(r.timeline().lanes()).hasSize(2).allSatisfy(l -> assertThat(l.localPort()).isIn(46530, 46548));
        assertThat(r.timeline().bars()).hasSize(2).allSatisfy(b -> {
            assertThat(b.misdirected()).isTrue();
            assertThat(b.server()).isPresent();
        });
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.title())
                .isEqualTo("Apache error log shows 2 requests refused with 421 Misdirected Request"));
        assertThat(r.retriedMisdirectedUnknown()).isPresent();
        assertThat(r.limitations()).anyMatch(l -> l.contains("read in Z"));
        assertThat(r.authorities().authorities()).extracting(a -> a.key()).contains("a.shop.test:443", "b.shop.test:443");
        assertThat(r.planText()).isEmpty();
        assertThat(Optional.of(r.toSession("t", Instant.EPOCH).replays())).hasValueSatisfying(runs ->
                assertThat(runs).singleElement().satisfies(run -> assertThat(run.misdirectedCount()).isEqualTo(2)));
    }
}
