package dev.misdirect.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LabCommandTest {

    @Test
    void lab_list_prints_every_scenario_id_with_its_title() {
        CliTest.Result r = CliTest.run("lab", "list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("tenants-wildcard").contains("vhost-tls-mismatch").contains("ingress-missing-san")
                .contains("ip-keyed-proxy").contains("healthy-separate-ips").contains("Wildcard certificate");
    }

    @Test
    void lab_start_with_an_unknown_scenario_exits_2_listing_the_known_ones() {
        CliTest.Result r = CliTest.run("lab", "start", "no-such-scenario");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("no-such-scenario").contains("tenants-wildcard").contains("healthy-separate-ips");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void lab_start_prints_authorities_resolve_options_ca_and_curl_commands_logs_requests_and_stops_cleanly()
            throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger port = new AtomicInteger();
        CommandLine cl = new CommandLine(new LabCommand(stop -> {
            try {
                String text = out.toString();
                Matcher m = Pattern.compile("a\\.tenants\\.lab\\.test:(\\d+) resolve=127\\.0\\.0\\.1").matcher(text);
                assertThat(m.find()).as(text).isTrue();
                port.set(Integer.parseInt(m.group(1)));
                assertThat(text).contains("--resolve b.tenants.lab.test:" + port + ":127.0.0.1")
                        .contains("-H 'Host: b.tenants.lab.test:" + port + "' https://a.tenants.lab.test:" + port + "/")
                        .contains("-> 421").contains("-> 200").contains("ca.pem").contains("Running");
                Matcher ca = Pattern.compile("CA certificate: (\\S+)").matcher(text);
                assertThat(ca.find()).isTrue();
                int status = get(Path.of(ca.group(1)), port.get(), "a.tenants.lab.test", "b.tenants.lab.test");
                assertThat(status).isEqualTo(421);
                assertThat(err.toString()).contains("sni=a.tenants.lab.test").contains("authority=b.tenants.lab.test:" + port)
                        .contains("-> 421");
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                stop.run();
            }
        }));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("start", "tenants-wildcard");
        assertThat(code).as(err.toString()).isZero();
        assertThat(port.get()).isPositive();
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port.get()));
        }
    }

    private static int get(Path caPem, int port, String sni, String host) throws Exception {
        X509Certificate ca;
        try (var in = new ByteArrayInputStream(Files.readAllBytes(caPem))) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        plain.setSoTimeout(5_000);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, sni, port, true)) {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return Integer.parseInt(response.substring(9, 12));
        }
    }
}
