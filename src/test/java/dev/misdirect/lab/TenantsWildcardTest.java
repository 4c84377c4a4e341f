package dev.misdirect.lab;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.timeline.ServerView;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.net.InetAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class TenantsWildcardTest {
    private static Lab lab;
    private static RunningLab running;

    @BeforeAll
    static void start() throws Exception {
        lab = new Lab(LabCa.open(LabCa.defaultDirectory()));
        running = lab.start(Scenarios.byId("tenants-wildcard"), false);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void sni_of_tenant_a_with_host_of_tenant_b_gets_421_naming_both() throws Exception {
        TestClient client = new TestClient(running.caCertificate());
        TestClient.Reply r = client.get("127.0.0.1", running.port(), "a.tenants.lab.test", "b.tenants.lab.test");
        assertThat(r.status()).isEqualTo(421);
        assertThat(r.body()).contains("SNI a.tenants.lab.test").contains("Host b.tenants.lab.test");
    }

    @Test
    void matching_sni_and_host_gets_200_with_the_page_of_the_hosts_site() throws Exception {
        TestClient client = new TestClient(running.caCertificate());
        TestClient.Reply r = client.get("127.0.0.1", running.port(), "b.tenants.lab.test", "b.tenants.lab.test");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Site b.tenants.lab.test (vhost tenants).\n");
    }

    @Test
    void server_log_records_sni_alpn_authority_client_port_and_reason_and_notifies_listeners() throws Exception {
        List<ServedRequest> seen = new CopyOnWriteArrayList<>();
        try (ServerLog.Subscription sub = running.subscribe(seen::add)) {
            TestClient client = new TestClient(running.caCertificate());
            TestClient.Reply r = client.get("127.0.0.1", running.port(), "a.tenants.lab.test", "b.tenants.lab.test");
            ServedRequest e = seen.stream().filter(x -> x.clientPort() == r.localPort()).findFirst().orElseThrow();
            assertThat(e.sni()).contains("a.tenants.lab.test");
            assertThat(e.authority()).isEqualTo("b.tenants.lab.test:" + running.port());
            assertThat(e.alpn()).isEqualTo("http/1.1");
            assertThat(e.status()).isEqualTo(421);
            assertThat(e.origin()).isEqualTo("tenant-router");
            assertThat(e.reason()).contains("SNI a.tenants.lab.test").contains("Host b.tenants.lab.test");
            assertThat(running.serverLog().entries()).contains(e);
            ServerView v = e.toServerView();
            assertThat(v.clientPort()).isEqualTo(r.localPort());
            assertThat(v.status()).isEqualTo(421);
            assertThat(v.origin()).isEqualTo("tenant-router 127.0.0.1:" + running.port());
        }
    }

    @Test
    void okhttp_coalesces_b_onto_a_over_h2_and_the_router_refuses_it_then_retries() throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("lab-ca", running.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        Dns labDns = host -> {
            List<String> addresses = running.nameMap().get(host);
            if (addresses == null) {
                throw new java.net.UnknownHostException(host + " is not a lab name");
            }
            List<InetAddress> out = new java.util.ArrayList<>();
            for (String a : addresses) {
                out.add(InetAddress.getByAddress(host, InetAddress.getByName(a).getAddress()));
            }
            return out;
        };
        OkHttpClient client = new OkHttpClient.Builder()
                .sslSocketFactory(ctx.getSocketFactory(), (X509TrustManager) tmf.getTrustManagers()[0])
                .dns(labDns).callTimeout(Duration.ofSeconds(10)).build();
        List<ServedRequest> seen = new CopyOnWriteArrayList<>();
        try (ServerLog.Subscription sub = running.subscribe(seen::add)) {
            for (Authority auth : running.authoritySet().authorities()) {
                try (Response r = client.newCall(new Request.Builder().url(auth.origin() + "/").build()).execute()) {
                    assertThat(r.code()).isEqualTo(200);
                    assertThat(r.protocol()).isEqualTo(Protocol.HTTP_2);
                }
            }
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
        // a, then b coalesced onto a's connection (421, hidden by OkHttp's retry), then b on its own connection
        assertThat(seen).extracting(ServedRequest::status).containsExactly(200, 421, 200);
        assertThat(seen).extracting(ServedRequest::alpn).containsOnly("h2");
        assertThat(seen.get(1).sni()).isEqualTo(Optional.of("a.tenants.lab.test"));
        assertThat(seen.get(1).authority()).startsWith("b.tenants.lab.test");
        assertThat(seen.get(1).clientPort()).isEqualTo(seen.get(0).clientPort());
        assertThat(seen.get(2).sni()).isEqualTo(Optional.of("b.tenants.lab.test"));
    }
}
