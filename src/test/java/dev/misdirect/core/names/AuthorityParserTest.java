package dev.misdirect.core.names;

import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.HostKind;
import dev.misdirect.core.model.LineProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AuthorityParserTest {

    static Stream<Arguments> malformed() {
        String label64 = "a".repeat(64);
        String name254 = ("a".repeat(49) + ".").repeat(5) + "abcd"; // 5*50 + 4 = 254 octets
        return Stream.of(
                arguments("", "empty line: expected host, host:port or https://host"),
                arguments("   ", "empty line: expected host, host:port or https://host"),
                arguments("exa mple.com", "unexpected 'mple.com' after the authority (spaces are not allowed inside a host; overrides are KEY=VALUE)"),
                arguments("example.com:0", "port 0 is out of range 1-65535"),
                arguments("example.com:65536", "port 65536 is out of range 1-65535"),
                arguments("example.com:99999999999", "port 99999999999 is out of range 1-65535"),
                arguments("example.com:https", "port 'https' is not a number"),
                arguments("example.com:", "port is empty after ':'"),
                arguments("example.com:-1", "port '-1' is not a number"),
                arguments("[::1", "unclosed '[' in IPv6 literal"),
                arguments("[::1]x", "unexpected 'x' after ']' (expected ':PORT')"),
                arguments("[::1]:", "port is empty after ':'"),
                arguments("[example.com]", "'[example.com]' is not a valid IPv6 address"),
                arguments("[1::2::3]:443", "'[1::2::3]' is not a valid IPv6 address"),
                arguments("[fe80::1%eth0]", "IPv6 zone id '%eth0' is not supported"),
                arguments("::1", "IPv6 address '::1' must be written in brackets ([::1] or [::1]:443) so its port is unambiguous"),
                arguments("2001:db8::1:443", "IPv6 address '2001:db8::1:443' must be written in brackets ([::1] or [::1]:443) so its port is unambiguous"),
                arguments("::1]", "']' without '[' in '::1]'"),
                arguments(label64 + ".example", "label 'aaaaaaaaaaaaaaaa…' is 64 octets (max 63)"),
                arguments(name254, "host name is 254 octets (max 253)"),
                arguments("a..b", "empty label in 'a..b'"),
                arguments(".example.com", "empty label in '.example.com'"),
                arguments("example.com..", "empty label in 'example.com..'"),
                arguments(".", "host is empty"),
                arguments(":443", "host is empty"),
                arguments("*.example.com", "'*' is not allowed in a host name (wildcards belong in certificates)"),
                arguments("http://example.com", "scheme 'http' is not supported: Misdirect probes TLS (https) only"),
                arguments("ftp://example.com", "scheme 'ftp' is not supported: Misdirect probes TLS (https) only"),
                arguments("://example.com", "missing scheme before '://'"),
                arguments("https://user@example.com", "userinfo (user@) is not allowed in an authority"),
                arguments("user:pw@example.com", "userinfo (user@) is not allowed in an authority"),
                arguments("https://", "host is empty"),
                arguments("https:///path", "host is empty"),
                arguments("xn--abc-.example", "invalid punycode label 'xn--abc-'"),
                arguments("xn--.example", "invalid punycode label 'xn--'"),
                arguments("ab--cd.example", "label 'ab--cd' has '--' in positions 3-4, which is reserved for xn-- A-labels"),
                arguments("exa\u0007mple.com", "control character U+0007 in input"),
                arguments("example.com\u0000", "control character U+0000 in input"),
                arguments("example.com\u0085", "control character U+0085 in input"),
                arguments("-lead.example.com", "label '-lead' starts with a hyphen"),
                arguments("trail-.example.com", "label 'trail-' ends with a hyphen"),
                arguments("under_score.example", "character '_' is not allowed in host name label 'under_score' (letters, digits and '-' only)"),
                arguments("1.2.3.256", "'1.2.3.256' is not a valid IPv4 address, and a host name cannot end in an all-numeric label"),
                arguments("example.com/path", "'/path' after the authority needs a URL: write https://example.com/path"),
                arguments("example.com#note", "'#note' is glued to the authority: a comment needs whitespace before '#'"),
                arguments("example.com resolve=", "resolve= needs at least one IP address"),
                arguments("example.com resolve=origin.example", "resolve= address 'origin.example' is not an IP address (resolve= takes addresses, not names)"),
                arguments("example.com resolve=192.0.2.300", "resolve= address '192.0.2.300' is not a valid IPv4 or IPv6 address"),
                arguments("example.com resolve=192.0.2.1,,192.0.2.2", "resolve= has an empty address in '192.0.2.1,,192.0.2.2'"),
                arguments("example.com resolve=192.0.2.1 resolve=192.0.2.2", "resolve= given twice; list all addresses in one resolve=ADDR,ADDR"),
                arguments("example.com color=red", "unknown override 'color=' (known: resolve=, sni=, host=, tag=)"),
                arguments("example.com sni=", "sni= needs a NAME or 'none'"),
                arguments("example.com sni=192.0.2.1", "sni=192.0.2.1: an IP address cannot be sent as SNI (RFC 6066 §3); use sni=none"),
                arguments("example.com sni=bad_name.example", "sni=bad_name.example: character '_' is not allowed in host name label 'bad_name' (letters, digits and '-' only)"),
                arguments("example.com sni=a.example sni=none", "sni= given twice"),
                arguments("example.com host=", "host= needs a NAME or NAME:PORT"),
                arguments("example.com host=example.com:70000", "host=example.com:70000: port 70000 is out of range 1-65535"),
                arguments("example.com host=https://example.com", "host=https://example.com: give only NAME or NAME:PORT, as in a Host header"),
                arguments("example.com tag=", "tag= needs a NAME"),
                arguments("example.com tag=a,b", "tag=a,b: one tag per tag=, no commas (repeat tag= for more)"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("malformed")
    void a_malformed_line_is_refused_with_a_reason_naming_the_offending_part(String line, String reason) {
        assertThatThrownBy(() -> AuthorityParser.parseLine(line))
                .isInstanceOf(AuthoritySyntaxException.class)
                .hasMessage(reason);
    }

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                // input, host, unicodeHost, kind, port, path
                arguments("example.com", "example.com", "example.com", HostKind.DNS, 443, "/"),
                arguments("EXAMPLE.Com.", "example.com", "example.com", HostKind.DNS, 443, "/"),
                arguments("example.com:8443", "example.com", "example.com", HostKind.DNS, 8443, "/"),
                arguments("example.com:00443", "example.com", "example.com", HostKind.DNS, 443, "/"),
                arguments("https://example.com", "example.com", "example.com", HostKind.DNS, 443, "/"),
                arguments("HTTPS://Example.com:444/a/b?q=1#frag", "example.com", "example.com", HostKind.DNS, 444, "/a/b?q=1"),
                arguments("https://example.com?x=1", "example.com", "example.com", HostKind.DNS, 443, "/?x=1"),
                arguments("bücher.example", "xn--bcher-kva.example", "bücher.example", HostKind.DNS, 443, "/"),
                arguments("xn--bcher-kva.example", "xn--bcher-kva.example", "bücher.example", HostKind.DNS, 443, "/"),
                arguments("BÜCHER.example", "xn--bcher-kva.example", "bücher.example", HostKind.DNS, 443, "/"),
                // UTS #46 non-transitional: ß stays ß (IDNA2003/java.net.IDN would map it to "ss")
                arguments("faß.de", "xn--fa-hia.de", "faß.de", HostKind.DNS, 443, "/"),
                arguments("例え。テスト", "xn--r8jz45g.xn--zckzah", "例え.テスト", HostKind.DNS, 443, "/"),
                arguments("192.0.2.1", "192.0.2.1", "192.0.2.1", HostKind.IPV4, 443, "/"),
                arguments("192.0.2.1:8443", "192.0.2.1", "192.0.2.1", HostKind.IPV4, 8443, "/"),
                arguments("[::1]:8443", "::1", "::1", HostKind.IPV6, 8443, "/"),
                arguments("[2001:DB8:0:0:0:0:0:1]", "2001:db8::1", "2001:db8::1", HostKind.IPV6, 443, "/"),
                arguments("[::FFFF:192.0.2.1]", "::ffff:192.0.2.1", "::ffff:192.0.2.1", HostKind.IPV6, 443, "/"),
                arguments("https://[2001:db8::1]:444/x", "2001:db8::1", "2001:db8::1", HostKind.IPV6, 444, "/x"),
                arguments("localhost", "localhost", "localhost", HostKind.DNS, 443, "/"),
                arguments("a-b.example.com", "a-b.example.com", "a-b.example.com", HostKind.DNS, 443, "/"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("wellFormed")
    void a_good_line_yields_canonical_host_both_idn_forms_kind_port_and_path(String line, String host,
            String unicodeHost, HostKind kind, int port, String path) {
        Authority a = AuthorityParser.parseLine(line);
        assertThat(a.host()).isEqualTo(host);
        assertThat(a.unicodeHost()).isEqualTo(unicodeHost);
        assertThat(a.kind()).isEqualTo(kind);
        assertThat(a.port()).isEqualTo(port);
        assertThat(a.path()).isEqualTo(path);
        assertThat(a.resolve()).isEmpty();
        assertThat(a.tags()).isEmpty();
    }

    @Test
    void the_longest_legal_label_and_name_are_accepted() {
        String label63 = "a".repeat(63);
        String name253 = ("a".repeat(49) + ".").repeat(5) + "abc";
        assertThat(AuthorityParser.parseLine(label63 + ".example").host()).isEqualTo(label63 + ".example");
        assertThat(AuthorityParser.parseLine(name253).host()).hasSize(253);
    }

    @Test
    void overrides_are_read_into_resolve_sni_host_and_tags() {
        Authority a = AuthorityParser.parseLine(
                "Api.Example.com:8443  resolve=192.0.2.10,[2001:DB8::10],2001:db8:0::11 sni=WWW.example.com"
                        + "\thost=www.example.com:8443 tag=api tag=edge tag=api   # trailing comment");
        assertThat(a.key()).isEqualTo("api.example.com:8443");
        assertThat(a.resolve()).containsExactly("192.0.2.10", "2001:db8::10", "2001:db8::11");
        assertThat(a.sniOverride()).contains("www.example.com");
        assertThat(a.noSni()).isFalse();
        assertThat(a.hostOverride()).contains("www.example.com:8443");
        assertThat(a.tags()).containsExactly("api", "edge");
    }

    @Test
    void sni_none_means_no_sni_and_an_idn_sni_is_stored_as_its_a_label() {
        assertThat(AuthorityParser.parseLine("example.com sni=none").effectiveSni()).isEmpty();
        assertThat(AuthorityParser.parseLine("example.com sni=bücher.example").sniOverride())
                .contains("xn--bcher-kva.example");
        assertThat(AuthorityParser.parseLine("example.com host=[::1]").hostOverride()).contains("[::1]");
    }

    @Test
    void a_line_round_trips_through_to_line() {
        Authority a = AuthorityParser.parseLine("https://bücher.example:444/x resolve=::1 sni=none tag=t");
        assertThat(AuthorityParser.parseLine(a.toLine())).isEqualTo(a);
    }

    @Test
    void a_set_skips_blanks_and_comments_and_reports_bad_lines_by_number_while_loading_good_ones() {
        AuthoritySet set = AuthorityParser.parse("""
                # my origins
                a.example.com

                b.example.com:8443
                http://c.example.com
                  # indented comment
                [::1
                d.example.com\r
                e.exa\u0007mple.com
                """);
        assertThat(set.authorities()).extracting(Authority::key)
                .containsExactly("a.example.com:443", "b.example.com:8443", "d.example.com:443");
        assertThat(set.problems()).containsExactly(
                new LineProblem(5, "http://c.example.com",
                        "scheme 'http' is not supported: Misdirect probes TLS (https) only"),
                new LineProblem(7, "[::1", "unclosed '[' in IPv6 literal"),
                new LineProblem(9, "e.exa\\u0007mple.com", "control character U+0007 in input"));
        assertThat(set.notes()).isEmpty();
    }

    @Test
    void duplicates_are_merged_into_the_first_with_a_note_naming_both_lines() {
        AuthoritySet set = AuthorityParser.parse("""
                a.example.com tag=one
                b.example.com
                A.EXAMPLE.COM:443 tag=two resolve=192.0.2.1
                https://a.example.com/login sni=none tag=one
                """);
        assertThat(set.authorities()).extracting(Authority::key)
                .containsExactly("a.example.com:443", "b.example.com:443");
        Authority a = set.find("a.example.com:443").orElseThrow();
        assertThat(a.tags()).containsExactly("one", "two");
        assertThat(a.resolve()).containsExactly("192.0.2.1");
        assertThat(a.noSni()).isTrue();
        assertThat(a.path()).isEqualTo("/login");
        assertThat(set.notes()).containsExactly(
                "line 3 repeats a.example.com:443 from line 1; merged",
                "line 4 repeats a.example.com:443 from line 1; merged");
        assertThat(set.problems()).isEmpty();
    }

    @Test
    void a_duplicate_with_a_conflicting_override_is_refused_and_the_first_line_kept() {
        AuthoritySet set = AuthorityParser.parse("""
                a.example.com resolve=192.0.2.1 sni=x.example.com
                a.example.com resolve=192.0.2.2
                a.example.com sni=none
                a.example.com:443 sni=x.example.com tag=ok
                """);
        assertThat(set.authorities()).hasSize(1);
        Authority a = set.authorities().get(0);
        assertThat(a.resolve()).containsExactly("192.0.2.1");
        assertThat(a.sniOverride()).contains("x.example.com");
        assertThat(a.tags()).containsExactly("ok");
        assertThat(set.problems()).containsExactly(
                new LineProblem(2, "a.example.com resolve=192.0.2.2",
                        "repeats a.example.com:443 from line 1 with a different resolve= (192.0.2.1 vs 192.0.2.2); not merged"),
                new LineProblem(3, "a.example.com sni=none",
                        "repeats a.example.com:443 from line 1 with a different sni= (x.example.com vs none); not merged"));
        assertThat(set.notes()).containsExactly("line 4 repeats a.example.com:443 from line 1; merged");
    }

    @Test
    void different_ports_and_an_ipv6_written_two_ways_are_keyed_canonically() {
        AuthoritySet set = AuthorityParser.parse("[2001:db8::1]\n[2001:0db8:0:0::1]:443\n[2001:db8::1]:8443\n");
        assertThat(set.authorities()).extracting(Authority::key)
                .containsExactly("[2001:db8::1]:443", "[2001:db8::1]:8443");
        assertThat(set.notes()).containsExactly("line 2 repeats [2001:db8::1]:443 from line 1; merged");
    }

    static Stream<Arguments> resolveOptions() {
        return Stream.of(
                arguments("example.com:443:192.0.2.1", "example.com", 443, List.of("192.0.2.1")),
                arguments("Example.COM:8443:192.0.2.1,[2001:DB8::1],::1", "example.com", 8443,
                        List.of("192.0.2.1", "2001:db8::1", "::1")),
                arguments("bücher.example:443:127.0.0.1", "xn--bcher-kva.example", 443, List.of("127.0.0.1")),
                arguments("[::1]:443:127.0.0.1", "::1", 443, List.of("127.0.0.1")));
    }

    @ParameterizedTest(name = "[{index}] --resolve {0}")
    @MethodSource("resolveOptions")
    void a_curl_style_resolve_option_yields_host_port_and_canonical_addresses(String text, String host, int port,
            List<String> addresses) {
        assertThat(AuthorityParser.parseResolveOption(text)).isEqualTo(new ResolveOption(host, port, addresses));
    }

    static Stream<Arguments> badResolveOptions() {
        return Stream.of(
                arguments("example.com", "--resolve needs HOST:PORT:ADDR[,ADDR]"),
                arguments("example.com:443", "--resolve needs HOST:PORT:ADDR[,ADDR]"),
                arguments("example.com:443:", "--resolve needs at least one IP address"),
                arguments("example.com:0:192.0.2.1", "port 0 is out of range 1-65535"),
                arguments("example.com:443:origin.example", "--resolve address 'origin.example' is not an IP address (--resolve takes addresses, not names)"),
                arguments("*.example.com:443:192.0.2.1", "'*' is not allowed in a host name (wildcards belong in certificates)"),
                arguments("-example.com:443", "--resolve '-' prefixes are not supported: write HOST:PORT:ADDR[,ADDR]"));
    }

    @ParameterizedTest(name = "[{index}] --resolve {0}")
    @MethodSource("badResolveOptions")
    void a_malformed_resolve_option_is_refused_with_its_reason(String text, String reason) {
        assertThatThrownBy(() -> AuthorityParser.parseResolveOption(text))
                .isInstanceOf(AuthoritySyntaxException.class).hasMessage(reason);
    }

    @Test
    void a_resolve_option_applies_only_to_its_own_host_and_port() {
        ResolveOption r = AuthorityParser.parseResolveOption("example.com:443:127.0.0.1");
        assertThat(r.applyTo(Authority.of("example.com", 443)).resolve()).containsExactly("127.0.0.1");
        assertThat(r.applyTo(Authority.of("example.com", 8443)).resolve()).isEmpty();
        assertThat(r.applyTo(Authority.of("other.example", 443)).resolve()).isEmpty();
    }

    @Test
    void the_readme_example_of_authority_lines_loads_without_problems() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Authority lines"));
        section = section.substring(0, section.indexOf("\n- "));
        StringBuilder block = new StringBuilder();
        section.lines().filter(l -> l.startsWith("    ")).forEach(l -> block.append(l).append('\n'));
        AuthoritySet set = AuthorityParser.parse(block.toString());
        assertThat(set.problems()).isEmpty();
        assertThat(set.authorities()).extracting(Authority::key).containsExactly("example.com:443",
                "api.example.com:8443", "xn--bcher-kva.example:443", "[2001:db8::1]:443", "static.example.com:443");
        assertThat(set.find("static.example.com:443").orElseThrow().tags()).containsExactly("cdn", "edge");
    }

    @Test
    void the_exception_keeps_the_input_with_controls_escaped() {
        assertThatThrownBy(() -> AuthorityParser.parseLine("a\u0001b"))
                .isInstanceOfSatisfying(AuthoritySyntaxException.class, e -> {
                    assertThat(e.input()).isEqualTo("a\\u0001b");
                    assertThat(e.reason()).isEqualTo("control character U+0001 in input");
                });
        assertThat(Optional.of(AuthorityParser.parseLine("x.example")).map(Authority::isIpLiteral)).contains(false);
    }
}
