package dev.misdirect.core.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpLiteralsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // RFC 5952 §4: lower case, no leading zeros, longest zero run as '::', first run on a tie
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:DB8::A, 2001:db8::a",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "::, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "1::, 1::",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
            "::ffff:192.0.2.1, ::ffff:192.0.2.1",
            "0:0:0:0:0:FFFF:C000:0201, ::ffff:192.0.2.1",
            "::4.5.6.7, ::405:607",
            "[2001:db8::1], 2001:db8::1",
            "192.0.2.1, 192.0.2.1",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255"
    })
    void canonical_text_follows_rfc_5952(String text, String canonical) {
        assertThat(IpLiterals.canonicalText(text)).contains(canonical);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "192.168.01.1", "1.2.3.-4", "１.2.3.4",
            "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "1.2.3.4::", "fe80::1%eth0", ":1::", "1:", ":::",
            "1:2:3:4:5:6:7:8::", "::1.2.3", "[::1", "[192.0.2.1]", "example.com", "0x7f.0.0.1"})
    void malformed_text_is_not_an_ip_literal(String text) {
        assertThat(IpLiterals.parse(text)).isEmpty();
        assertThat(IpLiterals.isIpLiteral(text)).isFalse();
    }

    @Test
    void an_ipv4_mapped_ipv6_address_stays_sixteen_octets_unlike_inet_address() {
        byte[] mapped = IpLiterals.parse("::ffff:192.0.2.1").orElseThrow();
        byte[] v4 = IpLiterals.parse("192.0.2.1").orElseThrow();
        assertThat(mapped).hasSize(16);
        assertThat(v4).containsExactly(192, 0, 2, 1);
        assertThat(IpLiterals.isIpv4Mapped(mapped)).isTrue();
        assertThat(IpLiterals.isIpv4Mapped(v4)).isFalse();
        assertThat(mapped).isNotEqualTo(v4);
    }

    @Test
    void octets_of_other_lengths_have_no_text() {
        assertThatThrownBy(() -> IpLiterals.toText(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an IP address has 4 or 16 octets, not 5");
    }
}
