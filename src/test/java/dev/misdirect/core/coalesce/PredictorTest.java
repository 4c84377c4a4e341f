package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.misdirect.core.coalesce.ProbeFixture.cert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictorTest {
    private final Predictor predictor = new Predictor();
    private static final CertificateInfo MULTI = cert("multi", "a.example", "b.example");

    /** a and b share 127.0.0.11 and a multi-SAN certificate; c has its own IP and certificate. */
    private static List<ProbeResult> abSharedCAlone() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(MULTI);
        f.authority("b.example").at("127.0.0.11").serving(MULTI);
        f.authority("c.example").at("127.0.0.12").serving(cert("c", "c.example"));
        return f.results();
    }

    private static Map<String, CoalescingPrediction> byPolicy(List<CoalescingPrediction> list) {
        return list.stream().collect(Collectors.toMap(CoalescingPrediction::policy, Function.identity()));
    }

    private static PairDecision pair(CoalescingPrediction p, String first, String second) {
        return p.pairs().stream().filter(d -> d.first().equals(first) && d.second().equals(second)).findFirst()
                .orElseThrow();
    }

    @Test
    void a_and_b_on_one_ip_with_a_multi_san_cert_group_for_browsers_and_okhttp_never_for_curl_go_java() {
        Map<String, CoalescingPrediction> p = byPolicy(predictor.predictAll(abSharedCAlone()));

        assertThat(p.keySet()).hasSize(ClientPolicy.values().length);
        for (String id : List.of("chromium-h2", "firefox", "firefox-aggressive", "okhttp")) {
            assertThat(p.get(id).groups()).as(id).containsExactly(List.of("a.example:443", "b.example:443"));
        }
        // nothing advertised HTTP/3, so Chromium's HTTP/3 behaviour is not predicted
        assertThat(p.get("chromium-h3").groups()).isEmpty();
        assertThat(p.get("chromium-h3").pairs()).filteredOn(d -> !d.rule().contains("has no connection to reuse"))
                .isNotEmpty().allSatisfy(d -> assertThat(d.rule()).startsWith("not predicted: no HTTP/3 advertisement"));
        for (String id : List.of("curl", "go", "java-httpclient", "isolated")) {
            assertThat(p.get(id).groups()).as(id).isEmpty();
            assertThat(p.get(id).pairs()).as(id).noneMatch(PairDecision::shared);
        }
        // Every ordered pair is decided and says why: 3 authorities -> 6 pairs per policy.
        for (CoalescingPrediction prediction : p.values()) {
            assertThat(prediction.pairs()).hasSize(6);
            assertThat(prediction.pairs()).allSatisfy(d -> assertThat(d.rule()).matches("(shared|refused|not predicted): .{20,}"));
        }
        CoalescingPrediction chromium = p.get("chromium-h2");
        assertThat(pair(chromium, "a.example:443", "b.example:443").rule()).isEqualTo(
                "shared: b.example resolves to 127.0.0.11, the peer of a.example's connection, that connection speaks HTTP/2, "
                        + "and the certificate served for a.example covers b.example via b.example");
        assertThat(pair(chromium, "a.example:443", "c.example:443").rule())
                .isEqualTo("refused: c.example resolves to 127.0.0.12, not to 127.0.0.11, the peer of a.example's connection");
        assertThat(pair(p.get("curl"), "a.example:443", "b.example:443").rule()).isEqualTo(
                "refused: curl keys its connection pool by host and port: b.example:443 is not a.example:443");
    }

    @Test
    void names_a_forward_proxy_resolved_are_unknown_for_address_rules_never_refused_and_never_shared() {
        ProbeFixture f = new ProbeFixture();
        CertificateInfo all = cert("abc", "a.example", "b.example", "c.example");
        f.authority("a.example").resolvedByProxy().serving(all);
        f.authority("b.example").resolvedByProxy().serving(all);
        f.authority("c.example").at("127.0.0.11").serving(all);
        Map<String, CoalescingPrediction> p = byPolicy(predictor.predictAll(f.results()));

        for (String id : List.of("chromium-h2", "firefox", "firefox-aggressive", "okhttp", "safari")) {
            assertThat(p.get(id).groups()).as(id).isEmpty();
            assertThat(p.get(id).pairs()).as(id).isNotEmpty().allSatisfy(d -> {
                assertThat(d.shared()).isFalse();
                assertThat(d.rule()).startsWith("not predicted:").contains("resolved by the proxy");
            });
        }
        assertThat(pair(p.get("curl"), "a.example:443", "b.example:443").rule()).doesNotContain("proxy");
    }

    @Test
    void pairs_are_ordered_by_authority_set_order_first_then_second() {
        CoalescingPrediction p = predictor.predict(abSharedCAlone(), PredictionInput.defaults(),
                EnumSet.of(ClientPolicy.FIREFOX)).get(0);
        assertThat(p.pairs()).extracting(d -> d.first() + ">" + d.second()).containsExactly(
                "a.example:443>b.example:443", "a.example:443>c.example:443",
                "b.example:443>a.example:443", "b.example:443>c.example:443",
                "c.example:443>a.example:443", "c.example:443>b.example:443");
        assertThat(p.onMisdirected()).contains("retries once on a fresh connection");
        assertThat(p.client()).isEqualTo("Firefox");
    }

    @Test
    void groups_join_the_first_open_connection_whose_certificate_covers_the_newcomer() {
        // a's cert covers a and b; b's cert covers b and c; all on one IP. Requests in set order: a opens, b joins a,
        // c is not covered by a's certificate (the connection it would reuse) and opens its own.
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(cert("ab", "a.example", "b.example"));
        f.authority("b.example").at("127.0.0.11").serving(cert("bc", "b.example", "c.example"));
        f.authority("c.example").at("127.0.0.11").serving(cert("bc", "b.example", "c.example"));
        CoalescingPrediction p = predictor.predict(f.results(), PredictionInput.defaults(),
                EnumSet.of(ClientPolicy.CHROMIUM_H2)).get(0);

        assertThat(p.groups()).containsExactly(List.of("a.example:443", "b.example:443"));
        assertThat(pair(p, "b.example:443", "c.example:443").shared()).isTrue();
    }

    @Test
    void three_names_under_one_wildcard_on_one_ip_form_one_group() {
        ProbeFixture f = new ProbeFixture();
        CertificateInfo wild = cert("wild", "*.tenants.example");
        for (String h : List.of("a.tenants.example", "b.tenants.example", "c.tenants.example")) {
            f.authority(h).at("127.0.0.11").serving(wild);
        }
        CoalescingPrediction p = predictor.predict(f.results(), PredictionInput.defaults(),
                EnumSet.of(ClientPolicy.OKHTTP)).get(0);
        assertThat(p.groups()).containsExactly(
                List.of("a.tenants.example:443", "b.tenants.example:443", "c.tenants.example:443"));
    }

    @Test
    void same_certificate_and_settings_is_a_possible_421_naming_sni_routers_and_who_would_not() {
        PairDecision d = pair(predictor.predictAll(abSharedCAlone()).get(0), "a.example:443", "b.example:443");
        assertThat(d.risk()).isEqualTo(MisdirectRisk.POSSIBLE);
        assertThat(d.riskReason()).contains("tenant routers, CDNs, Caddy strict_sni_host")
                .contains("Envoy/Istio never answer 421").contains("404 NR").contains("Jetty answers 400");
    }

    @Test
    void different_leaf_for_b_behind_the_same_ip_is_a_likely_apache_421() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(MULTI);
        f.authority("b.example").at("127.0.0.11").serving(cert("b-own", "b.example"));
        PairDecision d = pair(predictor.predictAll(f.results()).get(0), "a.example:443", "b.example:443");
        assertThat(d.shared()).isTrue();
        assertThat(d.risk()).isEqualTo(MisdirectRisk.LIKELY);
        assertThat(d.riskReason()).startsWith("different certificates behind one IP")
                .contains("Apache (mod_ssl, AH02032) answers 421");
    }

    @Test
    void b_asking_for_client_certificates_is_a_likely_nginx_421() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(MULTI);
        f.authority("b.example").at("127.0.0.11").serving(MULTI).requestsClientCertificate();
        PairDecision d = pair(predictor.predictAll(f.results()).get(0), "a.example:443", "b.example:443");
        assertThat(d.shared()).isTrue();
        assertThat(d.risk()).isEqualTo(MisdirectRisk.LIKELY);
        assertThat(d.riskReason()).contains("nginx answers 421 when the Host's server block verifies client certificates");
    }

    @Test
    void differing_tls_versions_are_a_likely_apache_421() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(MULTI);
        f.authority("b.example").at("127.0.0.11").serving(MULTI).tls("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        PairDecision d = pair(predictor.predictAll(f.results()).get(0), "a.example:443", "b.example:443");
        assertThat(d.risk()).isEqualTo(MisdirectRisk.LIKELY);
        assertThat(d.riskReason()).contains("TLS settings differ").contains("TLSv1.2").contains("Apache");
    }

    @Test
    void b_without_h2_on_the_shared_address_is_a_likely_nginx_421() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(MULTI);
        f.authority("b.example").at("127.0.0.11").serving(MULTI).alpn("http/1.1");
        PairDecision d = pair(predictor.predictAll(f.results()).get(0), "a.example:443", "b.example:443");
        assertThat(d.risk()).isEqualTo(MisdirectRisk.LIKELY);
        assertThat(d.riskReason()).contains("nginx 1.25.1+ answers 421 when the Host's server block has http2 off");
    }

    @Test
    void an_ip_keyed_pool_sharing_across_an_uncovering_certificate_is_a_likely_421() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(cert("a", "a.example"));
        f.authority("b.example").at("127.0.0.11").serving(cert("b", "b.example"));
        CoalescingPrediction p = predictor.predict(f.results(), PredictionInput.defaults(),
                EnumSet.of(ClientPolicy.IP_KEYED)).get(0);
        PairDecision d = pair(p, "a.example:443", "b.example:443");
        assertThat(d.shared()).isTrue();
        assertThat(d.rule()).contains("does not cover b.example");
        assertThat(d.risk()).isEqualTo(MisdirectRisk.LIKELY);
        assertThat(d.riskReason()).contains("does not cover b.example").contains("CDNs");
    }

    @Test
    void b_never_probed_on_the_peer_address_is_only_a_possible_421_saying_its_settings_are_unknown() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11", "127.0.0.12").serving(MULTI);
        f.authority("b.example").at("127.0.0.12", "127.0.0.11").refusedOn("127.0.0.11").serving(cert("b-own", "b.example"));
        PairDecision d = pair(predictor.predictAll(f.results()).get(0), "a.example:443", "b.example:443");
        assertThat(d.shared()).isTrue();
        assertThat(d.risk()).isEqualTo(MisdirectRisk.POSSIBLE);
        assertThat(d.riskReason()).startsWith("b.example was not probed with its own SNI on 127.0.0.11:443");
    }

    @Test
    void sharing_through_an_origin_frame_is_a_possible_421_the_server_claimed() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(MULTI);
        f.authority("b.example").at("127.0.0.12").serving(MULTI);
        PredictionInput in = PredictionInput.defaults().withOriginFrame("a.example:443", Set.of("https://b.example"))
                .withHttp3Advertised("a.example").withHttp3Advertised("b.example");
        CoalescingPrediction p = predictor.predict(f.results(), in, EnumSet.of(ClientPolicy.CHROMIUM_H3)).get(0);
        PairDecision d = pair(p, "a.example:443", "b.example:443");
        assertThat(d.risk()).isEqualTo(MisdirectRisk.POSSIBLE);
        assertThat(d.riskReason()).contains("listed https://b.example in its ORIGIN frame");
        assertThat(pair(p, "b.example:443", "a.example:443").shared()).isFalse();
    }

    @Test
    void ipv6_addresses_match_whatever_way_they_are_written() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("::1").serving(MULTI);
        f.authority("b.example").at("0:0:0:0:0:0:0:1").serving(MULTI);
        CoalescingPrediction p = predictor.predict(f.results(), PredictionInput.defaults(),
                EnumSet.of(ClientPolicy.CHROMIUM_H2)).get(0);
        assertThat(pair(p, "a.example:443", "b.example:443").shared()).isTrue();
    }

    @Test
    void findings_give_one_finding_per_shared_pair_summarising_every_client() {
        List<Finding> findings = predictor.findings(predictor.predictAll(abSharedCAlone()));

        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.cause()).isEqualTo(FindingCause.COALESCING_PREDICTED);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.title()).isEqualTo("Chromium, Firefox, OkHttp, Safari, Envoy and an IP-keyed pool will coalesce "
                + "b.example onto a.example; curl, Go, Java, Node.js undici, .NET, httpx and an authority-keyed pool will not");
        assertThat(f.authorities()).containsExactly("a.example:443", "b.example:443");
        assertThat(f.details().lines()).hasSizeLessThan(ClientPolicy.values().length)
                .anyMatch(l -> l.contains("Firefox") && l.contains(" (b.example on a.example's connection): shared: "))
                .anyMatch(l -> l.contains("curl") && l.contains(" (b.example on a.example's connection): refused: "));
        assertThat(f.details()).contains("(421 risk POSSIBLE)");
        assertThat(f.details().lines().map(l -> l.substring(l.indexOf(" (b.example on"))))
                .as("clients that decide alike share one line").doesNotHaveDuplicates();
        for (ClientPolicy policy : ClientPolicy.values()) {
            assertThat(f.details()).as("every client is named").contains(policy.displayName());
        }
        assertThat(f.explanation()).contains("RFC 9113 §9.1.1").contains("SNI a.example with Host b.example")
                .contains("421 risk POSSIBLE: same certificate and TLS settings")
                .contains("On 421: Chromium restarts the request once with IP pooling disabled");
        assertThat(f.fix()).isNotBlank();
    }

    @Test
    void findings_name_the_variant_when_a_family_disagrees_and_warn_on_likely_421() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11", "127.0.0.12").serving(MULTI);
        f.authority("b.example").at("127.0.0.12").serving(cert("b-own", "b.example"));
        List<CoalescingPrediction> predictions = predictor.predict(f.results(), PredictionInput.defaults(),
                EnumSet.of(ClientPolicy.FIREFOX, ClientPolicy.FIREFOX_AGGRESSIVE, ClientPolicy.CURL));

        List<Finding> findings = predictor.findings(predictions);

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).title()).isEqualTo(
                "Firefox (aggressive coalescing) will coalesce b.example onto a.example; Firefox and curl will not");
        assertThat(findings.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(findings.get(0).fix()).contains("its own IP address");
        assertThat(findings.get(0).explanation()).contains("421 risk LIKELY: b.example does not resolve to 127.0.0.11, "
                + "the peer of a.example's connection: the server there may not serve b.example at all");
    }

    @Test
    void pairs_that_read_alike_but_for_their_names_make_one_finding_that_shows_one_and_names_them_all() {
        CertificateInfo wildcard = cert("wild", "*.tenants.example");
        ProbeFixture f = new ProbeFixture();
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String name = "t" + i + ".tenants.example";
            names.add(name + ":443");
            f.authority(name).at("127.0.0.11").serving(wildcard);
        }
        List<CoalescingPrediction> predictions = predictor.predictAll(f.results());

        List<Finding> findings = predictor.findings(predictions);

        assertThat(findings).hasSize(1);
        Finding g = findings.get(0);
        assertThat(g.title()).startsWith("Chromium, Firefox, OkHttp, Safari, Envoy and an IP-keyed pool will coalesce "
                + "120 pairs of these 16 names alike (t1.tenants.example onto t0.tenants.example, "
                + "t2.tenants.example onto t0.tenants.example, t3.tenants.example onto t0.tenants.example, …); curl");
        assertThat(g.authorities()).containsExactlyElementsOf(names);
        assertThat(g.details()).startsWith("Shown for t1.tenants.example on t0.tenants.example's connection; each of "
                + "the other 119 pairs reads the same with its own names.")
                .contains(" (t1.tenants.example on t0.tenants.example's connection): shared: ")
                .endsWith("; … and " + (120 - PredictionFindings.PAIRS_NAMED) + " more (every pair is in the predictions).");
        assertThat(g.details()).as("the first " + PredictionFindings.PAIRS_NAMED + " pairs are named")
                .contains("; t12.tenants.example onto t0.tenants.example; …")
                .doesNotContain("t13.tenants.example onto t0.tenants.example");
        assertThat(g.fix()).startsWith("For each pair (here t1.tenants.example and t0.tenants.example): nothing breaks");
        assertThat(predictions).allSatisfy(p -> assertThat(p.pairs()).as("every pair stays in the predictions")
                .hasSize(16 * 15));
    }

    @Test
    void a_pair_whose_finding_differs_in_more_than_its_names_stays_apart() {
        // a, b and c share one address and one certificate; d is covered by it too but answers with its own
        // certificate elsewhere as well, so its pairs read otherwise (another risk)
        ProbeFixture f = new ProbeFixture();
        CertificateInfo shared = cert("shared", "a.example", "b.example", "c.example", "d.example");
        f.authority("a.example").at("127.0.0.11").serving(shared);
        f.authority("b.example").at("127.0.0.11").serving(shared);
        f.authority("c.example").at("127.0.0.11").serving(shared);
        f.authority("d.example").at("127.0.0.12").serving(cert("d-own", "d.example"));
        f.authority("e.example").at("127.0.0.11", "127.0.0.12").serving(shared);

        List<Finding> findings = predictor.findings(predictor.predictAll(f.results()));

        assertThat(findings.get(0).title()).contains("will coalesce 3 pairs of these 3 names alike (b.example onto "
                + "a.example, c.example onto a.example, c.example onto b.example)");
        assertThat(findings).hasSizeGreaterThan(1);
        assertThat(findings.subList(1, findings.size())).allSatisfy(g -> assertThat(g.authorities())
                .containsAnyOf("d.example:443", "e.example:443"));
    }

    @Test
    void a_name_is_set_aside_only_where_it_stands_whole() {
        assertThat(PredictionFindings.withoutName("aa.example, a.example:8443, a.example.org, x-a.example, "
                + "a.example's connection and a.example.", "a.example", "#"))
                .isEqualTo("aa.example, a.example:8443, a.example.org, x-a.example, #'s connection and #.");
    }

    @Test
    void no_shared_pair_means_no_findings() {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(MULTI);
        f.authority("b.example").at("127.0.0.12").serving(MULTI);
        assertThat(predictor.findings(predictor.predictAll(f.results()))).isEmpty();
    }

    @Test
    void predictions_come_in_policy_order_and_an_empty_policy_set_predicts_nothing() {
        List<CoalescingPrediction> p = predictor.predict(abSharedCAlone(), PredictionInput.defaults(),
                Set.of(ClientPolicy.CURL, ClientPolicy.CHROMIUM_H2));
        assertThat(p).extracting(CoalescingPrediction::policy).containsExactly("chromium-h2", "curl");
        assertThat(predictor.predict(abSharedCAlone(), PredictionInput.defaults(), Set.of())).isEmpty();
    }

    @Test
    void two_results_for_one_authority_are_refused_naming_it() {
        List<ProbeResult> twice = List.of(abSharedCAlone().get(0), abSharedCAlone().get(0));
        assertThatThrownBy(() -> predictor.predictAll(twice))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.example:443");
    }

    @Test
    void policies_are_found_by_their_stable_ids() {
        assertThat(ClientPolicy.byId("Firefox-Aggressive")).contains(ClientPolicy.FIREFOX_AGGRESSIVE);
        assertThat(ClientPolicy.byId("netscape")).isEmpty();
        assertThat(ClientPolicy.ids()).startsWith("chromium-h2, chromium-h3, firefox, firefox-aggressive, okhttp, safari, curl")
                .contains("undici, dotnet-h2, dotnet-h3, httpx");
    }

    @Test
    void origin_frame_entries_are_normalised_to_authority_keys_and_bad_ones_refused() {
        assertThat(PredictionInput.defaults().withOriginFrame("a.example:443",
                Set.of("https://B.example", "https://c.example:8443/", "d.example:443")).originFrame("a.example:443"))
                .containsExactlyInAnyOrder("b.example:443", "c.example:8443", "d.example:443");
        assertThatThrownBy(() -> PredictionInput.defaults().withOriginFrame("a.example:443", Set.of("http://b.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://b.example");
        assertThatThrownBy(() -> PredictionInput.defaults().withOriginFrame("a.example:443", Set.of("https://*.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcards");
    }
}
