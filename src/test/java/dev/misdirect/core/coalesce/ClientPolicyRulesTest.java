package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.TrustVerdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.misdirect.core.coalesce.ClientPolicy.CHROMIUM_H2;
import static dev.misdirect.core.coalesce.ClientPolicy.CHROMIUM_H3;
import static dev.misdirect.core.coalesce.ClientPolicy.CURL;
import static dev.misdirect.core.coalesce.ClientPolicy.DOTNET_H2;
import static dev.misdirect.core.coalesce.ClientPolicy.DOTNET_H3;
import static dev.misdirect.core.coalesce.ClientPolicy.ENVOY_DFP;
import static dev.misdirect.core.coalesce.ClientPolicy.FIREFOX;
import static dev.misdirect.core.coalesce.ClientPolicy.FIREFOX_AGGRESSIVE;
import static dev.misdirect.core.coalesce.ClientPolicy.GO;
import static dev.misdirect.core.coalesce.ClientPolicy.HTTPX;
import static dev.misdirect.core.coalesce.ClientPolicy.IP_KEYED;
import static dev.misdirect.core.coalesce.ClientPolicy.ISOLATED;
import static dev.misdirect.core.coalesce.ClientPolicy.JAVA_HTTPCLIENT;
import static dev.misdirect.core.coalesce.ClientPolicy.OKHTTP;
import static dev.misdirect.core.coalesce.ClientPolicy.SAFARI;
import static dev.misdirect.core.coalesce.ClientPolicy.UNDICI;
import static dev.misdirect.core.coalesce.ProbeFixture.cert;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reuse rules of every client policy, one row per (scenario, policy): would the client send b's request on the
 * connection opened for a, and does the rule it gives name the deciding fact?
 */
class ClientPolicyRulesTest {

    private static final Set<ClientPolicy> NEVER = EnumSet.of(CURL, GO, JAVA_HTTPCLIENT, UNDICI, DOTNET_H2, DOTNET_H3,
            HTTPX, ISOLATED);
    /** Safari's table is its own ({@link #safariRows()}): what no report settles is unknown, not refused. */
    private static final Set<ClientPolicy> ALL_CHECKING = EnumSet.complementOf(union(NEVER, EnumSet.of(SAFARI)));

    private static EnumSet<ClientPolicy> union(Set<ClientPolicy> a, Set<ClientPolicy> b) {
        EnumSet<ClientPolicy> u = EnumSet.copyOf(a);
        u.addAll(b);
        return u;
    }
    private static final CertificateInfo MULTI = cert("multi", "a.example", "b.example");

    /** A probe of a few authorities plus the prediction input; the pair under test is a.example → b.example (or the second authority). */
    enum Scenario {
        SHARED_IP_MULTI_SAN(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI);
            f.authority("b.example").at("127.0.0.11").serving(MULTI);
        }),
        SHARED_IP_WILDCARD(f -> {
            CertificateInfo wild = cert("wild", "*.tenants.example");
            f.authority("a.tenants.example").at("127.0.0.11").serving(wild);
            f.authority("b.tenants.example").at("127.0.0.11").serving(wild);
        }),
        SHARED_IP_CERT_NOT_COVERING(f -> {
            f.authority("a.example").at("127.0.0.11").serving(cert("a-only", "a.example"));
            f.authority("b.example").at("127.0.0.11").serving(cert("b-only", "b.example"));
        }),
        WILDCARD_COVERS_ONE_LABEL_ONLY(f -> {
            CertificateInfo wild = cert("wild", "*.tenants.example");
            f.authority("a.tenants.example").at("127.0.0.11").serving(wild);
            f.authority("x.b.tenants.example").at("127.0.0.11").serving(cert("deep", "x.b.tenants.example"));
        }),
        DISJOINT_IPS(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI);
            f.authority("b.example").at("127.0.0.12").serving(MULTI);
        }),
        OVERLAP_NOT_ON_THE_PEER(f -> {
            f.authority("a.example").at("127.0.0.11", "127.0.0.12").serving(MULTI);
            f.authority("b.example").at("127.0.0.12", "127.0.0.13").serving(MULTI);
        }),
        OVERLAP_ON_THE_PEER(f -> {
            f.authority("a.example").at("127.0.0.11", "127.0.0.12").serving(MULTI);
            f.authority("b.example").at("127.0.0.13", "127.0.0.11").serving(MULTI);
        }),
        FIRST_ADDRESS_REFUSED_SO_PEER_IS_SECOND(f -> {
            f.authority("a.example").at("127.0.0.11", "127.0.0.12").refusedOn("127.0.0.11").serving(MULTI);
            f.authority("b.example").at("127.0.0.12").serving(MULTI);
        }),
        DIFFERENT_PORTS(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI);
            f.authority("b.example").port(8443).at("127.0.0.11").serving(MULTI);
        }),
        CERT_ERROR_ON_FIRST_CONNECTION(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI).verdict(TrustVerdict.UNKNOWN_ISSUER);
            f.authority("b.example").at("127.0.0.11").serving(MULTI).verdict(TrustVerdict.UNKNOWN_ISSUER);
        }),
        CLIENT_CERT_REQUESTED(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI).requestsClientCertificate();
            f.authority("b.example").at("127.0.0.11").serving(MULTI).requestsClientCertificate();
        }),
        CLIENT_CERT_REQUESTED_BUT_CLIENT_HOLDS_NONE(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI).requestsClientCertificate();
            f.authority("b.example").at("127.0.0.11").serving(MULTI).requestsClientCertificate();
        }, in -> in.withClientCertificate(false)),
        HTTP1_ONLY_SERVER(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI).alpn("http/1.1");
            f.authority("b.example").at("127.0.0.11").serving(MULTI).alpn("http/1.1");
        }),
        IP_LITERAL_COVERED_BY_IP_SAN(f -> {
            CertificateInfo withIp = cert("with-ip", "a.example", "127.0.0.11");
            f.authority("a.example").at("127.0.0.11").serving(withIp);
            f.authority("127.0.0.11").at("127.0.0.11").serving(withIp);
        }),
        IP_LITERAL_WITHOUT_IP_SAN(f -> {
            f.authority("a.example").at("127.0.0.11").serving(cert("a-only", "a.example"));
            f.authority("127.0.0.11").at("127.0.0.11").serving(cert("a-only", "a.example"));
        }),
        ORIGIN_FRAME_LISTS_B(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI);
            f.authority("b.example").at("127.0.0.12").serving(MULTI);
        }, in -> in.withOriginFrame("a.example:443", Set.of("https://b.example"))),
        SECOND_NAME_DID_NOT_RESOLVE(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI);
            f.authority("b.example");
        }),
        FIRST_NAME_HAS_NO_CONNECTION(f -> {
            f.authority("a.example").at("127.0.0.11").refusedOn("127.0.0.11").serving(MULTI);
            f.authority("b.example").at("127.0.0.11").serving(MULTI);
        }),
        PIN_NOT_MATCHED(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI);
            f.authority("b.example").at("127.0.0.11").serving(MULTI);
        }, in -> in.withPins("b.example", Set.of("spki-someone-else"))),
        PIN_MATCHED(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI);
            f.authority("b.example").at("127.0.0.11").serving(MULTI);
        }, in -> in.withPins("b.example", Set.of("spki-multi"))),
        OKHTTP_CUSTOM_HOSTNAME_VERIFIER(f -> {
            f.authority("a.example").at("127.0.0.11").serving(MULTI);
            f.authority("b.example").at("127.0.0.11").serving(MULTI);
        }, in -> in.withOkHttpCustomHostnameVerifier(true));

        private final java.util.function.Consumer<ProbeFixture> probe;
        private final Function<PredictionInput, PredictionInput> input;

        Scenario(java.util.function.Consumer<ProbeFixture> probe) {
            this(probe, Function.identity());
        }

        Scenario(java.util.function.Consumer<ProbeFixture> probe, Function<PredictionInput, PredictionInput> input) {
            this.probe = probe;
            this.input = input;
        }

        List<ProbeResult> results() {
            ProbeFixture f = new ProbeFixture();
            probe.accept(f);
            return f.results();
        }

        PredictionInput input() {
            return input.apply(PredictionInput.defaults());
        }
    }

    /** Which policies share, what a sharing rule says, what a refusing (checking) policy says. */
    record Row(Scenario scenario, Set<ClientPolicy> sharing, String sharedSays, String refusedSays) {
    }

    static Row row(Scenario s, Set<ClientPolicy> sharing, String sharedSays, String refusedSays) {
        return new Row(s, sharing, sharedSays, refusedSays);
    }

    static Set<ClientPolicy> only(ClientPolicy... p) {
        return p.length == 0 ? EnumSet.noneOf(ClientPolicy.class) : EnumSet.copyOf(Arrays.asList(p));
    }

    static Set<ClientPolicy> allCheckingExcept(ClientPolicy... p) {
        Set<ClientPolicy> s = EnumSet.copyOf(ALL_CHECKING);
        s.removeAll(Arrays.asList(p));
        return s;
    }

    static final List<Row> TABLE = List.of(
            row(Scenario.SHARED_IP_MULTI_SAN, ALL_CHECKING, "covers b.example via b.example", ""),
            row(Scenario.SHARED_IP_WILDCARD, ALL_CHECKING, "covers b.tenants.example via *.tenants.example", ""),
            row(Scenario.SHARED_IP_CERT_NOT_COVERING, only(IP_KEYED), "",
                    "the certificate served for a.example does not cover b.example ("),
            row(Scenario.WILDCARD_COVERS_ONE_LABEL_ONLY, only(IP_KEYED), "",
                    "the certificate served for a.tenants.example does not cover x.b.tenants.example ("),
            row(Scenario.DISJOINT_IPS, only(), "", "b.example resolves to 127.0.0.12"),
            row(Scenario.OVERLAP_NOT_ON_THE_PEER, only(FIREFOX_AGGRESSIVE),
                    "b.example resolves to 127.0.0.12, which a.example resolves to too",
                    "b.example resolves to 127.0.0.12, 127.0.0.13, not to 127.0.0.11, the peer of a.example's connection"),
            row(Scenario.OVERLAP_ON_THE_PEER, ALL_CHECKING, "b.example resolves to 127.0.0.11, the peer of a.example's connection", ""),
            row(Scenario.FIRST_ADDRESS_REFUSED_SO_PEER_IS_SECOND, ALL_CHECKING,
                    "b.example resolves to 127.0.0.12, the peer of a.example's connection", ""),
            row(Scenario.DIFFERENT_PORTS, only(), "", "b.example:8443 is on port 8443 and a.example's connection is to port 443"),
            row(Scenario.CERT_ERROR_ON_FIRST_CONNECTION, only(IP_KEYED), "",
                    "a.example's connection has a certificate error (UNKNOWN_ISSUER"),
            row(Scenario.CLIENT_CERT_REQUESTED, only(OKHTTP, ENVOY_DFP, IP_KEYED), "covers b.example",
                    "the server asked for a client certificate on a.example's connection"),
            row(Scenario.CLIENT_CERT_REQUESTED_BUT_CLIENT_HOLDS_NONE, ALL_CHECKING, "covers b.example", ""),
            row(Scenario.HTTP1_ONLY_SERVER, only(IP_KEYED, CHROMIUM_H3), "", "negotiated ALPN http/1.1, not h2"),
            row(Scenario.IP_LITERAL_COVERED_BY_IP_SAN, ALL_CHECKING, "covers 127.0.0.11 via 127.0.0.11", ""),
            row(Scenario.IP_LITERAL_WITHOUT_IP_SAN, only(IP_KEYED), "", "does not cover 127.0.0.11"),
            row(Scenario.ORIGIN_FRAME_LISTS_B, only(CHROMIUM_H3, FIREFOX, FIREFOX_AGGRESSIVE),
                    "the ORIGIN frame on a.example's connection lists https://b.example",
                    "b.example resolves to 127.0.0.12, not to 127.0.0.11"),
            row(Scenario.SECOND_NAME_DID_NOT_RESOLVE, only(), "", "b.example did not resolve (no such host)"),
            row(Scenario.FIRST_NAME_HAS_NO_CONNECTION, only(), "",
                    "a.example has no connection to reuse: no handshake completed (connection refused)"),
            row(Scenario.PIN_NOT_MATCHED, only(ENVOY_DFP, IP_KEYED), "covers b.example",
                    "b.example is pinned (sha256/spki-someone-else) and no certificate of a.example's chain matches"),
            row(Scenario.PIN_MATCHED, ALL_CHECKING, "covers b.example via b.example", ""),
            row(Scenario.OKHTTP_CUSTOM_HOSTNAME_VERIFIER, allCheckingExcept(OKHTTP), "covers b.example",
                    "the client has a custom HostnameVerifier"));

    static Stream<Arguments> rows() {
        return TABLE.stream().flatMap(r -> Arrays.stream(ClientPolicy.values()).filter(p -> p != SAFARI).map(p -> {
            boolean shares = r.sharing().contains(p);
            String says;
            if (shares) {
                says = p == IP_KEYED ? "whatever its certificate says" : r.sharedSays();
            } else if (NEVER.contains(p)) {
                says = switch (p) {
                    case CURL -> "curl keys its connection pool by host and port";
                    case GO -> "Go net/http keys its HTTP/2 connection pool by the URL's host:port";
                    case JAVA_HTTPCLIENT -> "Java HttpClient keys its HTTP/2 connections by host and port";
                    case UNDICI -> "undici keeps one connection pool per origin and sets the TLS servername from the Host";
                    case DOTNET_H2, DOTNET_H3 -> ".NET HttpClient keys its connection pools by host, port and SNI";
                    case HTTPX -> "httpx (httpcore) reuses a connection only for its own origin";
                    default -> "an authority-keyed pool opens one connection per authority";
                };
            } else {
                says = r.refusedSays();
            }
            return Arguments.of(r.scenario(), p, shares, says);
        }));
    }

    /** The prediction of one policy for a scenario, and its decision for the pair under test. */
    record Decided(CoalescingPrediction prediction, PairDecision pair, String first, String second) {
    }

    static Decided decide(Scenario scenario, ClientPolicy policy) {
        List<ProbeResult> results = scenario.results();
        String first = results.get(0).authority().key();
        String second = results.get(1).authority().key();

        // every name here advertises HTTP/3, so chromium-h3 is decided by its rules rather than left unknown
        PredictionInput input = scenario.input();
        for (ProbeResult r : results) {
            input = input.withHttp3Advertised(r.authority().key());
        }
        CoalescingPrediction prediction = new Predictor().predict(results, input, EnumSet.of(policy)).get(0);
        PairDecision d = prediction.pairs().stream()
                .filter(p -> p.first().equals(first) && p.second().equals(second)).findFirst().orElseThrow();
        return new Decided(prediction, d, first, second);
    }

    @ParameterizedTest(name = "{0}: {1} shares={2}")
    @MethodSource("rows")
    void each_policy_decides_the_pair_with_the_rule_that_decided_it(Scenario scenario, ClientPolicy policy,
                                                                    boolean shares, String says) {
        Decided decided = decide(scenario, policy);
        PairDecision d = decided.pair();

        assertThat(d.shared()).as(d.rule()).isEqualTo(shares);
        assertThat(d.rule()).startsWith(shares ? "shared: " : "refused: ").contains(says);
        assertThat(d.risk().compareTo(dev.misdirect.core.model.MisdirectRisk.NONE) > 0).isEqualTo(shares);
        if (shares) {
            assertThat(decided.prediction().groups()).containsExactly(List.of(decided.first(), decided.second()));
        } else {
            assertThat(decided.prediction().groups()).noneMatch(g -> g.contains(decided.first()) && g.contains(decided.second()));
        }
    }

    /** Safari's answer for a scenario: what reports settle is shared or refused, the rest is "not predicted". */
    static Stream<Arguments> safariRows() {
        String reported = "the case reported for Safari";
        String elsewhere = "Safari is reported to coalesce names on the connection's own address and port";
        return Stream.of(
                Arguments.of(Scenario.SHARED_IP_MULTI_SAN, "shared: ", reported),
                Arguments.of(Scenario.SHARED_IP_WILDCARD, "shared: ", "covers b.tenants.example via *.tenants.example"),
                Arguments.of(Scenario.SHARED_IP_CERT_NOT_COVERING, "refused: ", "does not cover b.example"),
                Arguments.of(Scenario.WILDCARD_COVERS_ONE_LABEL_ONLY, "refused: ", "does not cover x.b.tenants.example"),
                Arguments.of(Scenario.DISJOINT_IPS, "not predicted: ", elsewhere),
                Arguments.of(Scenario.OVERLAP_NOT_ON_THE_PEER, "not predicted: ", elsewhere),
                Arguments.of(Scenario.OVERLAP_ON_THE_PEER, "shared: ", reported),
                Arguments.of(Scenario.FIRST_ADDRESS_REFUSED_SO_PEER_IS_SECOND, "shared: ", reported),
                Arguments.of(Scenario.DIFFERENT_PORTS, "not predicted: ", "is on port 8443"),
                Arguments.of(Scenario.CERT_ERROR_ON_FIRST_CONNECTION, "not predicted: ",
                        "no source tells whether Safari reuses such a connection"),
                Arguments.of(Scenario.CLIENT_CERT_REQUESTED, "not predicted: ",
                        "no source tells whether Safari reuses such a connection"),
                Arguments.of(Scenario.CLIENT_CERT_REQUESTED_BUT_CLIENT_HOLDS_NONE, "shared: ", reported),
                Arguments.of(Scenario.HTTP1_ONLY_SERVER, "refused: ", "not h2"),
                Arguments.of(Scenario.IP_LITERAL_COVERED_BY_IP_SAN, "shared: ", "covers 127.0.0.11 via 127.0.0.11"),
                Arguments.of(Scenario.IP_LITERAL_WITHOUT_IP_SAN, "refused: ", "does not cover 127.0.0.11"),
                Arguments.of(Scenario.ORIGIN_FRAME_LISTS_B, "not predicted: ", elsewhere),
                Arguments.of(Scenario.SECOND_NAME_DID_NOT_RESOLVE, "refused: ", "b.example did not resolve"),
                Arguments.of(Scenario.FIRST_NAME_HAS_NO_CONNECTION, "refused: ", "a.example has no connection to reuse"),
                Arguments.of(Scenario.PIN_NOT_MATCHED, "refused: ", "b.example is pinned"),
                Arguments.of(Scenario.PIN_MATCHED, "shared: ", reported),
                Arguments.of(Scenario.OKHTTP_CUSTOM_HOSTNAME_VERIFIER, "shared: ", reported));
    }

    @ParameterizedTest(name = "{0}: safari {1}")
    @MethodSource("safariRows")
    void safari_shares_what_reports_show_refuses_what_rfc_9113_forbids_and_leaves_the_rest_unknown(Scenario scenario,
                                                                                                   String verdict,
                                                                                                   String says) {
        Decided decided = decide(scenario, SAFARI);

        assertThat(decided.pair().rule()).startsWith(verdict).contains(says);
        assertThat(decided.pair().shared()).isEqualTo(verdict.equals("shared: "));
        assertThat(Arrays.stream(Scenario.values()))
                .as("every scenario has a Safari row").allMatch(s -> safariRows().anyMatch(a -> a.get()[0] == s));
    }
}
