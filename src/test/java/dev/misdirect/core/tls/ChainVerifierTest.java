package dev.misdirect.core.tls;

import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.testing.TestPki;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChainVerifierTest {
    static final TestPki.Issued CA = TestPki.ca("Verifier CA");
    static final TestPki.Issued INTER = TestPki.intermediate(CA, "Verifier Intermediate");
    final ChainVerifier verifier = ChainVerifier.trusting(List.of(CA.cert()));
    final Instant now = Instant.now();

    @Test
    void a_chain_through_an_intermediate_to_a_trusted_root_is_trusted_with_the_matching_san() {
        var leaf = TestPki.leaf(INTER, "a.tenants.example", List.of("*.tenants.example"), List.of());
        ChainVerdict v = verifier.verify(leaf.chain(), Optional.of("a.tenants.example"), now);
        assertThat(v.verdict()).isEqualTo(TrustVerdict.TRUSTED);
        assertThat(v.reason()).startsWith("chains to CN=Verifier CA; ").contains("*.tenants.example");
    }

    @Test
    void a_chain_served_out_of_order_still_reaches_its_anchor() {
        var leaf = TestPki.leaf(INTER, "a.example", List.of("a.example"), List.of());
        ChainVerdict v = verifier.verify(List.of(leaf.cert(), CA.cert(), INTER.cert()), Optional.of("a.example"), now);
        assertThat(v.verdict()).isEqualTo(TrustVerdict.TRUSTED);
    }

    @Test
    void a_missing_intermediate_is_an_unknown_issuer_naming_it() {
        var leaf = TestPki.leaf(INTER, "a.example", List.of("a.example"), List.of());
        ChainVerdict v = verifier.verify(List.of(leaf.cert()), Optional.of("a.example"), now);
        assertThat(v.verdict()).isEqualTo(TrustVerdict.UNKNOWN_ISSUER);
        assertThat(v.reason()).isEqualTo("issuer CN=Verifier Intermediate is not in the trust store");
    }

    @Test
    void an_expired_leaf_from_an_unknown_issuer_is_unknown_issuer_with_the_expiry_in_the_reason() {
        var other = TestPki.ca("Other CA");
        var leaf = TestPki.leaf(other, "a.example", List.of("a.example"), List.of(),
                now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(2)));
        ChainVerdict v = verifier.verify(leaf.chain(), Optional.of("a.example"), now);
        assertThat(v.verdict()).isEqualTo(TrustVerdict.UNKNOWN_ISSUER);
        assertThat(v.reason()).contains("CN=Other CA is not in the trust store").contains("also the certificate CN=a.example expired on");
    }

    @Test
    void a_trusted_but_expired_leaf_is_expired() {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of(),
                now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(2)));
        ChainVerdict v = verifier.verify(leaf.chain(), Optional.of("a.example"), now);
        assertThat(v.verdict()).isEqualTo(TrustVerdict.EXPIRED);
        assertThat(v.reason()).startsWith("the certificate CN=a.example expired on ");
    }

    @Test
    void a_trusted_leaf_valid_only_from_tomorrow_is_not_yet_valid() {
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of(),
                now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        assertThat(verifier.verify(leaf.chain(), Optional.of("a.example"), now).verdict()).isEqualTo(TrustVerdict.NOT_YET_VALID);
    }

    @Test
    void a_trusted_leaf_that_does_not_cover_the_host_is_a_name_mismatch() {
        var leaf = TestPki.leaf(CA, "a.example", List.of("*.tenants.example"), List.of());
        ChainVerdict v = verifier.verify(leaf.chain(), Optional.of("a.b.tenants.example"), now);
        assertThat(v.verdict()).isEqualTo(TrustVerdict.NAME_MISMATCH);
        assertThat(v.reason()).startsWith("the certificate CN=a.example does not cover a.b.tenants.example: ");
    }

    @Test
    void a_self_signed_leaf_is_self_signed_unless_it_is_itself_trusted() {
        var self = TestPki.selfSigned("s.example", List.of("s.example"));
        assertThat(verifier.verify(self.chain(), Optional.of("s.example"), now).verdict()).isEqualTo(TrustVerdict.SELF_SIGNED);
        ChainVerifier pinned = ChainVerifier.trusting(List.of(self.cert()));
        assertThat(pinned.verify(self.chain(), Optional.of("s.example"), now).verdict()).isEqualTo(TrustVerdict.TRUSTED);
    }

    @Test
    void an_empty_chain_is_not_checked() {
        assertThat(verifier.verify(List.of(), Optional.of("a.example"), now).verdict()).isEqualTo(TrustVerdict.NOT_CHECKED);
    }

    @Test
    void the_jdk_trust_store_is_loaded_and_extra_cas_are_added_to_it() {
        ChainVerifier jdk = ChainVerifier.withJdkTrustStore(List.of());
        ChainVerifier withExtra = ChainVerifier.withJdkTrustStore(List.of(CA.cert()));
        assertThat(jdk.anchorCount()).isGreaterThan(10);
        assertThat(withExtra.anchorCount()).isEqualTo(jdk.anchorCount() + 1);
        var leaf = TestPki.leaf(CA, "a.example", List.of("a.example"), List.of());
        assertThat(jdk.verify(leaf.chain(), Optional.of("a.example"), now).verdict()).isEqualTo(TrustVerdict.UNKNOWN_ISSUER);
        assertThat(withExtra.verify(leaf.chain(), Optional.of("a.example"), now).verdict()).isEqualTo(TrustVerdict.TRUSTED);
    }
}
