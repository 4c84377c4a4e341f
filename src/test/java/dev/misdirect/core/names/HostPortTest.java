package dev.misdirect.core.names;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class HostPortTest {

    @ParameterizedTest(name = "{0} -> host {1}, port {2}")
    @CsvSource({
            "b.example:443, b.example, 443",
            "b.example:8443, b.example, 8443",
            "b.example, b.example, -1",
            "B.Example.:443, B.Example., 443",
            "192.0.2.7:8443, 192.0.2.7, 8443",
            "192.0.2.7, 192.0.2.7, -1",
            "[2001:db8::1]:8443, 2001:db8::1, 8443",
            "[::1], ::1, -1",
            "::1, ::1, -1",
            "2001:db8::1, 2001:db8::1, -1",
            "bücher.example:443, bücher.example, 443",
            "xn--bcher-kva.example:443, xn--bcher-kva.example, 443",
            "a.example:0443, a.example, 443",
            "a.example:65535, a.example, 65535"
    })
    void splits_host_and_port_keeping_the_host_as_written(String authority, String host, int port) {
        HostPort split = HostPort.parse(authority).orElseThrow();
        assertThat(split.host()).isEqualTo(host);
        assertThat(split.port()).isEqualTo(port < 0 ? OptionalInt.empty() : OptionalInt.of(port));
        assertThat(HostPort.hostOf(authority)).isEqualTo(host);
        assertThat(HostPort.portOf(authority, 1)).isEqualTo(port < 0 ? 1 : port);
    }

    @ParameterizedTest(name = "{0} is refused, its host read leniently as {1}")
    @CsvSource({
            "a.example:, a.example",
            "a.example:x, a.example",
            "a.example:0, a.example",
            "a.example:65536, a.example",
            "a.example:+443, a.example",
            "a.example:9999999999, a.example",
            "[::1, ::1",
            "[::1]x, ::1",
            "[::1]:, ::1",
            "[::1]:http, ::1"
    })
    void a_malformed_authority_is_refused_but_its_host_part_is_still_read(String authority, String host) {
        assertThat(HostPort.parse(authority)).isEmpty();
        assertThat(HostPort.hostOf(authority)).isEqualTo(host);
        assertThat(HostPort.portOf(authority, 443)).isEqualTo(443);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "b.example, b.example",
            "192.0.2.7, 192.0.2.7",
            "2001:db8::1, [2001:db8::1]",
            "[2001:db8::1], [2001:db8::1]",
            "bücher.example, bücher.example"
    })
    void only_an_ipv6_literal_is_bracketed(String host, String bracketed) {
        assertThat(HostPort.bracketed(host)).isEqualTo(bracketed);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"b.example", "[2001:db8::1]", "192.0.2.7"})
    void bracketing_the_split_host_and_its_port_gives_the_authority_back(String host) {
        String authority = host + ":8443";
        HostPort split = HostPort.parse(authority).orElseThrow();
        assertThat(HostPort.bracketed(split.host()) + ":" + split.port().orElseThrow()).isEqualTo(authority);
    }
}
