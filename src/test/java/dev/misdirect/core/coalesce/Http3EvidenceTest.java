package dev.misdirect.core.coalesce;

import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.ProbeResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.misdirect.core.coalesce.ProbeFixture.cert;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where chromium-h3 takes its HTTP/3 advertisement from: the probe's HTTPS records (alpn h3) or what the user
 * reported; the decision names the evidence it used for each name, and stays unknown without one.
 */
class Http3EvidenceTest {
    private static final CertificateInfo MULTI = cert("multi", "a.example", "b.example");
    private static final String SOURCE = "DNS server 127.0.0.45:53";
    private final Predictor predictor = new Predictor();

    private static HttpsRecords records(String name, String... alpn) {
        return HttpsRecords.found(name, SOURCE, List.of(new HttpsRecord(1, ".", List.of(alpn), false, Optional.empty(),
                List.of(), List.of(), Optional.empty())));
    }

    /** a and b share 127.0.0.11 and a certificate covering both; their HTTPS records as given. */
    private static List<ProbeResult> shared(Optional<HttpsRecords> a, Optional<HttpsRecords> b) {
        ProbeFixture f = new ProbeFixture();
        f.authority("a.example").at("127.0.0.11").serving(MULTI);
        f.authority("b.example").at("127.0.0.11").serving(MULTI);
        List<ProbeResult> out = new ArrayList<>(f.results());
        out.set(0, out.get(0).withHttpsRecords(a));
        out.set(1, out.get(1).withHttpsRecords(b));
        return out;
    }

    private PairDecision bOnA(List<ProbeResult> results, PredictionInput input) {
        CoalescingPrediction p = predictor.predict(results, input, Set.of(ClientPolicy.CHROMIUM_H3)).get(0);
        return p.pairs().stream().filter(d -> d.first().equals("a.example:443") && d.second().equals("b.example:443"))
                .findFirst().orElseThrow();
    }

    @Test
    void https_records_listing_h3_for_both_names_make_them_share_and_the_rule_names_the_records_and_their_source() {
        PairDecision d = bOnA(shared(Optional.of(records("a.example", "h3", "h2")),
                Optional.of(records("b.example", "h3"))), PredictionInput.defaults());

        assertThat(d.shared()).isTrue();
        assertThat(d.rule()).contains("both advertise HTTP/3: a.example by its HTTPS record (1 . alpn=h3,h2, from the "
                + SOURCE + "); b.example by its HTTPS record (1 . alpn=h3, from the " + SOURCE + ")");
    }

    @Test
    void a_record_for_one_name_and_a_reported_advertisement_for_the_other_are_both_named() {
        PairDecision d = bOnA(shared(Optional.of(records("a.example", "h3")), Optional.empty()),
                PredictionInput.defaults().withHttp3Advertised("b.example"));

        assertThat(d.shared()).isTrue();
        assertThat(d.rule()).contains("a.example by its HTTPS record (1 . alpn=h3")
                .contains("b.example as reported (an Alt-Svc h3 header or an HTTPS record seen elsewhere)");
    }

    @Test
    void a_record_without_h3_leaves_the_decision_unknown_and_says_what_dns_served() {
        PairDecision d = bOnA(shared(Optional.of(records("a.example", "h3")), Optional.of(records("b.example", "h2"))),
                PredictionInput.defaults());

        assertThat(d.shared()).isFalse();
        assertThat(d.rule()).startsWith("not predicted: no HTTP/3 advertisement is known for b.example")
                .contains("b.example's HTTPS records: no h3 in 1 . alpn=h2");
    }

    @Test
    void an_unknown_lookup_is_not_taken_as_an_advertisement_and_its_reason_is_shown() {
        PairDecision d = bOnA(shared(Optional.of(records("a.example", "h3")),
                Optional.of(HttpsRecords.unknown("b.example", SOURCE, "SERVFAIL"))), PredictionInput.defaults());

        assertThat(d.shared()).isFalse();
        assertThat(d.rule()).contains("b.example's HTTPS records: unknown (SERVFAIL)");
    }

    @Test
    void without_any_evidence_the_prediction_stays_as_before_and_says_the_records_were_not_asked() {
        PairDecision d = bOnA(shared(Optional.empty(), Optional.empty()), PredictionInput.defaults());

        assertThat(d.shared()).isFalse();
        assertThat(d.rule()).startsWith("not predicted: no HTTP/3 advertisement is known for a.example or b.example")
                .contains("not asked").contains("give --h3 AUTHORITY");
    }
}
