package dev.misdirect.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.report.SampleSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExportersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ReplayRun coalescedRun() {
        return SampleSessions.realistic().replays().get(0);
    }

    static Map<Integer, Map<String, String>> secretHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer PLANTEDbearer7f3a9");
        h.put("Cookie", "sid=PLANTEDcookie55");
        h.put("Accept", "application/json");
        return Map.of(0, h, 1, h, 2, h);
    }

    @Test
    void har_has_every_field_har_1_2_requires_on_log_entries_requests_responses_and_timings() throws Exception {
        JsonNode log = JSON.readTree(HarExporter.toJson(coalescedRun(), Map.of(), Redactor.secrets(), "0.1.0")).path("log");
        assertThat(log.path("version").asText()).isEqualTo("1.2");
        assertThat(log.path("creator").path("name").asText()).isEqualTo("Misdirect");
        assertThat(log.path("pages")).hasSize(1);
        JsonNode entries = log.path("entries");
        assertThat(entries).hasSize(4);
        for (JsonNode e : entries) {
            assertThat(e.has("startedDateTime") && e.path("time").isNumber()).isTrue();
            assertThat(e.path("startedDateTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            JsonNode req = e.path("request");
            for (String f : List.of("method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize")) {
                assertThat(req.has(f)).as("request." + f).isTrue();
            }
            JsonNode res = e.path("response");
            for (String f : List.of("status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL",
                    "headersSize", "bodySize")) {
                assertThat(res.has(f)).as("response." + f).isTrue();
            }
            assertThat(res.path("content").has("size") && res.path("content").has("mimeType")).isTrue();
            assertThat(e.has("cache")).isTrue();
            for (String f : List.of("send", "wait", "receive")) {
                assertThat(e.path("timings").path(f).isNumber()).as("timings." + f).isTrue();
            }
        }
    }

    @Test
    void har_entries_carry_connection_ids_peer_address_port_and_the_hidden_421() throws Exception {
        JsonNode entries = JSON.readTree(HarExporter.toJson(coalescedRun(), Map.of(), Redactor.secrets(), "0.1.0"))
                .path("log").path("entries");
        JsonNode coalesced = entries.get(1);
        assertThat(coalesced.path("request").path("url").asText()).isEqualTo("https://b.tenants.lab.test:8443/");
        assertThat(coalesced.path("response").path("status").asInt()).isEqualTo(421);
        assertThat(coalesced.path("response").path("statusText").asText()).isEqualTo("Misdirected Request");
        assertThat(coalesced.path("_connectionId").asText()).isEqualTo("1");
        assertThat(coalesced.path("connection").asText()).as("connection names the connection, as Chrome writes it").isEqualTo("1");
        assertThat(coalesced.path("serverIPAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(coalesced.path("_sni").asText()).isEqualTo("a.tenants.lab.test");
        assertThat(coalesced.path("_hiddenByClient").asBoolean()).isTrue();
        assertThat(coalesced.path("request").path("headers").findValuesAsText("value")).contains("b.tenants.lab.test:8443");
        JsonNode retry = entries.get(2);
        assertThat(retry.path("_connectionId").asText()).isEqualTo("2");
        assertThat(retry.path("_retryOf").asInt()).isEqualTo(2);
        assertThat(retry.path("timings").path("connect").asDouble()).isPositive();
        assertThat(retry.path("timings").path("ssl").asDouble()).isPositive();
        // a reused connection has no connect time
        assertThat(entries.get(3).path("timings").path("connect").asDouble()).isEqualTo(-1);
    }

    @Test
    void har_headers_and_urls_are_redacted_by_default_and_kept_on_request() throws Exception {
        ReplayRun run = SampleSessions.withSecrets().replays().get(1);
        String redacted = HarExporter.toJson(run, secretHeaders(), Redactor.secrets(), "0.1.0");
        String kept = HarExporter.toJson(run, secretHeaders(), Redactor.none(), "0.1.0");
        assertThat(redacted).doesNotContain("PLANTED").contains("[REDACTED]", "application/json");
        assertThat(kept).contains("PLANTEDbearer7f3a9", "PLANTEDcookie55", "PLANTEDaccess8");
        JsonNode q = JSON.readTree(redacted).path("log").path("entries").get(0).path("request").path("queryString");
        assertThat(q.findValuesAsText("name")).containsExactly("access_token", "page");
    }

    /** The coalesced run with its second step sent as a POST with a body. */
    static ReplayRun runWithBody() {
        ReplayRun r = coalescedRun();
        List<String> steps = new java.util.ArrayList<>(List.of(r.planText().split("\n")));
        steps.set(1, steps.get(1).replaceFirst("^GET ", "POST ") + " \"body=name=tenant b\"");
        return new ReplayRun(String.join("\n", steps), r.policy(), r.retry421(), r.http1(), r.labScenario(), r.fixed(),
                r.startedAt(), r.steps(), r.events(), r.findings());
    }

    @Test
    void har_and_curl_exports_carry_the_request_body_a_step_sent() throws Exception {
        ReplayRun run = runWithBody();
        JsonNode entries = JSON.readTree(HarExporter.toJson(run, Map.of(), Redactor.secrets(), "0.1.0"))
                .path("log").path("entries");
        JsonNode withBody = null;
        for (JsonNode e : entries) {
            if (e.path("request").has("postData")) {
                withBody = e.path("request");
            }
        }
        assertThat(withBody).isNotNull();
        assertThat(withBody.path("postData").path("text").asText()).isEqualTo("name=tenant b");
        assertThat(withBody.path("postData").path("mimeType").asText()).isEqualTo("text/plain; charset=utf-8");
        assertThat(withBody.path("bodySize").asInt()).isEqualTo(13);

        List<String> cmds = CurlExporter.commands(run, Optional.empty(), Map.of(), Redactor.secrets());
        assertThat(cmds).anySatisfy(c -> assertThat(c).contains("--data-raw 'name=tenant b'")
                .contains("-H 'Content-Type: text/plain; charset=utf-8'"));
        assertThat(cmds.get(0)).doesNotContain("--data-raw");
    }

    @Test
    void har_file_is_written_whole(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("out.har");
        HarExporter.write(coalescedRun(), Map.of(), Redactor.secrets(), "0.1.0", f);
        assertThat(JSON.readTree(Files.readString(f)).path("log").path("entries")).hasSize(4);
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(f);
        }
    }

    @Test
    void curl_reproduces_a_coalesced_request_with_the_sni_name_in_the_url_and_a_host_header() {
        List<String> cmds = CurlExporter.commands(coalescedRun(), Optional.of("/tmp/lab ca.pem"), Map.of(), Redactor.secrets());
        assertThat(cmds).hasSize(4);
        String coalesced = cmds.get(1);
        assertThat(coalesced).contains("# curl never coalesces")
                .contains("--http2", "--resolve 'a.tenants.lab.test:8443:127.0.0.1'", "--cacert '/tmp/lab ca.pem'",
                        "-H 'Host: b.tenants.lab.test:8443'", "'https://a.tenants.lab.test:8443/'")
                .contains("replay got 421, hidden by the client's retry");
        String retry = cmds.get(2);
        assertThat(retry).contains("--resolve 'b.tenants.lab.test:8443:127.0.0.1'", "'https://b.tenants.lab.test:8443/'")
                .doesNotContain("-H 'Host:");
    }

    @Test
    void curl_of_a_run_through_a_proxy_adds_x_and_pins_the_address_with_connect_to_never_the_password() {
        ReplayRun run = coalescedRun().withThrough(dev.misdirect.core.model.MeasuredThrough.of(
                Optional.of("127.0.0.9:3128"), Optional.of("127.0.0.53:53")));
        List<String> cmds = CurlExporter.commands(run, Optional.empty(), Map.of(), Redactor.secrets());

        assertThat(cmds.get(1)).contains(" -x 'http://127.0.0.9:3128'",
                        "--connect-to 'a.tenants.lab.test:8443:127.0.0.1:8443'", "add --proxy-user USER")
                .doesNotContain(" --resolve '");
        assertThat(CurlExporter.script(run, Optional.empty(), Map.of(), Redactor.secrets()))
                .contains("# measured through the HTTP proxy 127.0.0.9:3128; names asked of the DNS server 127.0.0.53:53");
        assertThat(CurlExporter.commands(coalescedRun(), Optional.empty(), Map.of(), Redactor.secrets()).get(1))
                .as("without a proxy").doesNotContain(" -x ").contains("--resolve");
    }

    @Test
    void curl_through_a_proxy_that_resolved_the_name_itself_leaves_the_address_to_the_proxy() {
        ReplayRun run = coalescedRun().withThrough(dev.misdirect.core.model.MeasuredThrough.of(
                Optional.of("127.0.0.1:8443"), Optional.empty()));
        assertThat(CurlExporter.commands(run, Optional.empty(), Map.of(), Redactor.secrets()).get(1))
                .contains(" -x 'http://127.0.0.1:8443'").contains("the proxy resolved a.tenants.lab.test itself").doesNotContain(" --connect-to '").doesNotContain(" --resolve '");
    }

    @Test
    void curl_without_a_ca_says_what_to_add_and_quotes_shell_metacharacters() {
        List<String> cmds = CurlExporter.commands(coalescedRun(), Optional.empty(),
                Map.of(0, Map.of("X-Note", "it's $HOME; `id`")), Redactor.secrets());
        assertThat(cmds.get(0)).contains("# add --cacert").doesNotContain("--cacert '")
                .contains("-H 'X-Note: it'\\''s $HOME; `id`'");
    }

    @Test
    void curl_commands_redact_credentials() {
        String script = CurlExporter.script(SampleSessions.withSecrets().replays().get(1), Optional.empty(), secretHeaders(),
                Redactor.secrets());
        assertThat(script).startsWith("#!/bin/sh").doesNotContain("PLANTED").contains("-H 'Authorization: [REDACTED]'");
    }

    @Test
    void pem_export_keeps_explanatory_lines_outside_the_block_and_parses_with_the_jdk() throws Exception {
        String generated = selfSignedPem();
        String exported = PemExporter.pem(withPem(generated));
        assertThat(exported).startsWith("subject=CN=*.tenants.lab.test\n")
                .contains("subjectAltName=DNS:*.tenants.lab.test", "sha256=3A:F1:09");
        var certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(exported.getBytes(StandardCharsets.US_ASCII)));
        assertThat(certs).hasSize(1);
    }

    @Test
    void pem_of_a_session_lists_each_served_certificate_once() {
        Session s = SampleSessions.realistic();
        String all = PemExporter.all(s);
        assertThat(all.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(3);
        assertThat(all).contains("subject=CN=*.tenants.lab.test", "subject=CN=control.lab.test");
    }

    private static dev.misdirect.core.model.CertificateInfo withPem(String pem) {
        var c = SampleSessions.wildcard();
        return new dev.misdirect.core.model.CertificateInfo(c.subject(), c.issuer(), c.serialHex(), c.dnsNames(),
                c.ipAddresses(), c.notBefore(), c.notAfter(), c.keyAlgorithm(), c.keyBits(), c.signatureAlgorithm(),
                c.sha256Fingerprint(), c.spkiSha256(), c.selfSigned(), c.ca(), pem);
    }

    /** A real certificate from the JDK's keytool, so the PEM framing is checked by a real parser. */
    private static String selfSignedPem() throws Exception {
        Path dir = Files.createTempDirectory("pem");
        try {
            Path ks = dir.resolve("ks.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-keystore", ks.toString(), "-storepass", "changeit",
                    "-keyalg", "EC", "-alias", "a", "-dname", "CN=pem.lab.test", "-validity", "2").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
            Process e = new ProcessBuilder(keytool, "-exportcert", "-rfc", "-keystore", ks.toString(), "-storepass",
                    "changeit", "-alias", "a").start();
            String pem = new String(e.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(e.waitFor()).isZero();
            return pem;
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
