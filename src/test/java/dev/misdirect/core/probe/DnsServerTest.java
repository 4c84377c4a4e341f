package dev.misdirect.core.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --resolver ADDR[:PORT]}: an IP literal and a port, never a name. */
class DnsServerTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.53, 192.0.2.53, 53, 192.0.2.53:53",
        "192.0.2.53:5353, 192.0.2.53, 5353, 192.0.2.53:5353",
        "[2001:DB8::53]:5353, 2001:db8::53, 5353, [2001:db8::53]:5353",
        "2001:db8::53, 2001:db8::53, 53, [2001:db8::53]:53",
        "' 127.0.0.45:15353 ', 127.0.0.45, 15353, 127.0.0.45:15353"
    })
    void an_address_with_an_optional_port_is_read_with_port_53_by_default(String text, String address, int port,
                                                                        String shown) {
        DnsServer s = DnsServer.parse(text);
        assertThat(s.address()).isEqualTo(address);
        assertThat(s.port()).isEqualTo(port);
        assertThat(s.toString()).isEqualTo(shown);
        assertThat(s.socketAddress().getPort()).isEqualTo(port);
        assertThat(s.socketAddress().isUnresolved()).isFalse();
    }

    @Test
    void a_host_name_is_refused_because_naming_the_server_must_need_no_lookup() {
        assertThatThrownBy(() -> DnsServer.parse("dns.example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'dns.example' is not an IP address (a DNS server is named by its address, so that asking it "
                        + "needs no lookup first)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:dns", "[::1", "", "[::1]x"})
    void a_bad_port_or_shape_is_refused_naming_the_text(String text) {
        assertThatThrownBy(() -> DnsServer.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not");
    }
}
