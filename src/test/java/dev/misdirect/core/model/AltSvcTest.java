package dev.misdirect.core.model;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which protocols an Alt-Svc header (RFC 7838) offers: only the protocol id of each alternative is read. */
class AltSvcTest {
    static AltSvc header(String value) {
        return new AltSvc(Optional.of(value), "HEAD / to 127.0.0.1:443 (h2)", 200, Optional.empty());
    }

    @Test
    void each_alternatives_protocol_id_is_read_in_order_with_its_parameters_ignored() {
        AltSvc a = header("h3=\":443\"; ma=86400, h3-29=\":443\"; ma=86400, H2=\"alt.example:443\"; persist=1");

        assertThat(a.protocols()).containsExactly("h3", "h3-29", "h2");
        assertThat(a.advertisesH3()).isTrue();
    }

    @Test
    void clear_offers_nothing_and_only_h3_itself_counts_as_http3() {
        assertThat(header("clear").protocols()).isEmpty();
        assertThat(header("h3-29=\":443\"").advertisesH3()).isFalse();
        assertThat(new AltSvc(Optional.empty(), "HEAD / to 127.0.0.1:443 (h2)", 200, Optional.empty()).advertisesH3())
                .isFalse();
    }

    @Test
    void a_percent_encoded_protocol_id_is_decoded() {
        assertThat(header("w%3Dx%3Ay=\":443\"").protocols()).containsExactly("w=x:y");
    }

    @Test
    void the_description_says_what_was_sent_and_what_came_back() {
        assertThat(header("h3=\":443\"").describe()).isEqualTo("Alt-Svc: h3=\":443\", from HEAD / to 127.0.0.1:443 (h2) → 200");
        assertThat(new AltSvc(Optional.empty(), "HEAD / to 127.0.0.1:443", 0, Optional.of("timeout")).describe())
                .isEqualTo("no answer (timeout), from HEAD / to 127.0.0.1:443");
    }
}
