package dev.misdirect.core.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Name-matching vectors. Rows marked with a public suite restate a fact from that suite (the host, the SANs and
 * the expected answer), with the case named:
 * <ul>
 *   <li>x509-limbo: C2SP/x509-limbo {@code limbo/testcases/webpki/san.py}</li>
 *   <li>OkHttp: square/okhttp {@code okhttp/src/jvmTest/kotlin/okhttp3/internal/tls/HostnameVerifierTest.kt}</li>
 *   <li>Chromium: {@code net/cert/x509_certificate_unittest.cc}, {@code kNameVerifyTestData} used by
 *       {@code X509CertificateNameVerifyTest.VerifyHostname}</li>
 * </ul>
 * SAN lists are written {@code a|b|c}; an empty string is no entries.
 */
class HostnameMatcherTest {

    private static final String NO_SANS =
            "the certificate has no subjectAltName entries, so it covers no host (the CN is never used)";

    static Arguments v(String source, String host, String dns, String ip, boolean covered, String reason) {
        return arguments(source, host, dns, ip, covered, reason);
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                // ---- C2SP x509-limbo webpki/san ----
                v("x509-limbo exact_dns_san", "example.com", "example.com", "", true, "matched by example.com"),
                v("x509-limbo exact_localhost_ip_san", "127.0.0.1", "", "127.0.0.1", true, "matched by iPAddress 127.0.0.1"),
                v("x509-limbo mismatch_domain_san", "example2.com", "example.com", "", false, "no SAN covers example2.com (dNSName: example.com)"),
                v("x509-limbo mismatch_subdomain_san", "def.example.com", "abc.example.com", "", false, "no SAN covers def.example.com (dNSName: abc.example.com)"),
                v("x509-limbo mismatch_subdomain_apex_san", "abc.example.com", "example.com", "", false, "no SAN covers abc.example.com (dNSName: example.com)"),
                v("x509-limbo mismatch_apex_subdomain_san", "example.com", "abc.example.com", "", false, "no SAN covers example.com (dNSName: abc.example.com)"),
                v("x509-limbo public_suffix_wildcard_san", "example.com", "*.com", "", false, "wildcard *.com is under a public suffix (com is an ICANN public suffix), so it is not accepted"),
                v("x509-limbo leftmost_wildcard_san", "foo.example.com", "*.example.com", "", true, "matched by *.example.com"),
                v("x509-limbo wildcard_embedded_leftmost_san", "baz.example.com", "ba*.example.com", "", false, "partial-label wildcard ba*.example.com is not accepted"),
                v("x509-limbo wildcard_not_in_leftmost_san", "foo.bar.example.com", "foo.*.example.com", "", false, "wildcard foo.*.example.com is not in the left-most label; a wildcard must be the whole left-most label"),
                v("x509-limbo wildcard_match_across_labels_san", "foo.bar.example.com", "*.example.com", "", false, "wildcard covers one label only: foo.bar.example.com is 2 labels below example.com, not one as *.example.com requires"),
                v("x509-limbo wildcard_embedded_ulabel_san", "xn--bliss-1b3c148a.example.com", "xn--*-1b3c148a.example.com", "", false, "partial-label wildcard xn--*-1b3c148a.example.com is not accepted"),
                v("x509-limbo unicode_emoji_san", "xn--628h.example.com", "😜.example.com", "", false, "dNSName 😜.example.com is not ASCII: certificates must carry IDNs as A-labels (RFC 5280 §7.2), so it matches nothing"),
                v("x509-limbo no_san (CN=example.com is ignored)", "example.com", "", "", false, NO_SANS),

                // ---- OkHttp HostnameVerifierTest ----
                v("OkHttp subjectAltName", "bar.com", "bar.com|baz.com", "", true, "matched by bar.com"),
                v("OkHttp subjectAltName", "baz.com", "bar.com|baz.com", "", true, "matched by baz.com"),
                v("OkHttp subjectAltName (CN=foo.com is ignored)", "foo.com", "bar.com|baz.com", "", false, "no SAN covers foo.com (dNSName: bar.com, baz.com)"),
                v("OkHttp subjectAltName", "quux.com", "bar.com|baz.com", "", false, "no SAN covers quux.com (dNSName: bar.com, baz.com)"),
                v("OkHttp subjectAltNameWithWildcard", "a.baz.com", "bar.com|*.baz.com", "", true, "matched by *.baz.com"),
                v("OkHttp subjectAltNameWithWildcard", "baz.com", "bar.com|*.baz.com", "", false, "wildcard *.baz.com does not cover the apex baz.com"),
                v("OkHttp subjectAltNameWithWildcard", "a.bar.com", "bar.com|*.baz.com", "", false, "no SAN covers a.bar.com (dNSName: bar.com, *.baz.com)"),
                v("OkHttp subjectAltUsesLocalDomainAndIp", "localhost", "localhost.localdomain|localhost", "127.0.0.1", true, "matched by localhost"),
                v("OkHttp subjectAltUsesLocalDomainAndIp", "localhost.localdomain", "localhost.localdomain|localhost", "127.0.0.1", true, "matched by localhost.localdomain"),
                v("OkHttp subjectAltUsesLocalDomainAndIp", "local.host", "localhost.localdomain|localhost", "127.0.0.1", false, "no SAN covers local.host (dNSName: localhost.localdomain, localhost)"),
                v("OkHttp subjectAltUsesLocalDomainAndIp", "127.0.0.1", "localhost.localdomain|localhost", "127.0.0.1", true, "matched by iPAddress 127.0.0.1"),
                v("OkHttp subjectAltUsesLocalDomainAndIp", "127.0.0.2", "localhost.localdomain|localhost", "127.0.0.1", false, "no iPAddress SAN equals IPv4 127.0.0.2 (iPAddress: 127.0.0.1)"),
                v("OkHttp wildcardsCannotMatchIpAddresses", "127.0.0.1", "*.0.0.1", "", false, "IP address 127.0.0.1 is only matched by iPAddress SANs; this certificate has none"),
                v("OkHttp wildcardsDoesNotNeedTwoDots (*.com refused)", "google.com", "*.com", "", false, "wildcard *.com is under a public suffix (com is an ICANN public suffix), so it is not accepted"),
                v("OkHttp subjectAltNameWithIPAddresses", "::1", "", "0:0:0:0:0:0:0:1|2a03:2880:f003:c07:face:b00c::2|0::5|192.168.1.1", true, "matched by iPAddress 0:0:0:0:0:0:0:1"),
                v("OkHttp subjectAltNameWithIPAddresses", "::2", "", "0:0:0:0:0:0:0:1|2a03:2880:f003:c07:face:b00c::2|0::5|192.168.1.1", false, "no iPAddress SAN equals IPv6 ::2 (iPAddress: 0:0:0:0:0:0:0:1, 2a03:2880:f003:c07:face:b00c::2, 0::5, 192.168.1.1)"),
                v("OkHttp subjectAltNameWithIPAddresses", "::5", "", "0:0:0:0:0:0:0:1|2a03:2880:f003:c07:face:b00c::2|0::5|192.168.1.1", true, "matched by iPAddress 0::5"),
                v("OkHttp subjectAltNameWithIPAddresses", "2a03:2880:f003:c07:face:b00c:0:2", "", "0:0:0:0:0:0:0:1|2a03:2880:f003:c07:face:b00c::2|0::5|192.168.1.1", true, "matched by iPAddress 2a03:2880:f003:c07:face:b00c::2"),
                v("OkHttp subjectAltNameWithIPAddresses", "2a03:2880:f003:c07:FACE:B00C:0:2", "", "0:0:0:0:0:0:0:1|2a03:2880:f003:c07:face:b00c::2|0::5|192.168.1.1", true, "matched by iPAddress 2a03:2880:f003:c07:face:b00c::2"),
                v("OkHttp subjectAltNameWithIPAddresses", "2a03:2880:f003:c07:face:b00c:0:3", "", "0:0:0:0:0:0:0:1|2a03:2880:f003:c07:face:b00c::2|0::5|192.168.1.1", false, "no iPAddress SAN equals IPv6 2a03:2880:f003:c07:face:b00c:0:3 (iPAddress: 0:0:0:0:0:0:0:1, 2a03:2880:f003:c07:face:b00c::2, 0::5, 192.168.1.1)"),
                v("OkHttp subjectAltNameWithIPAddresses", "192.168.1.1", "", "0:0:0:0:0:0:0:1|2a03:2880:f003:c07:face:b00c::2|0::5|192.168.1.1", true, "matched by iPAddress 192.168.1.1"),
                // OkHttp answers true here because InetAddress folds ::ffff:192.168.1.1 into 192.168.1.1; the
                // rule here (DESIGN §4) compares octets, and 16 octets are not 4.
                v("OkHttp subjectAltNameWithIPAddresses, answered differently", "::ffff:192.168.1.1", "", "0:0:0:0:0:0:0:1|192.168.1.1", false, "IPv4-mapped IPv6 address ::ffff:192.168.1.1 is not the IPv4 address 192.168.1.1: iPAddress SANs match octet for octet (16 octets vs 4)"),
                v("OkHttp specialKInHostname", "K.com", "k.com|tel.com", "", true, "matched by k.com"),
                v("OkHttp specialKInCert (Kelvin sign SAN)", "k.com", "\u2121.com|\u212A.com", "", false, "dNSName \u212A.com is not ASCII: certificates must carry IDNs as A-labels (RFC 5280 §7.2), so it matches nothing"),
                v("OkHttp specialKInCert (telephone sign SAN)", "tel.com", "\u2121.com|\u212A.com", "", false, "dNSName \u2121.com is not ASCII: certificates must carry IDNs as A-labels (RFC 5280 §7.2), so it matches nothing"),
                v("OkHttp testWilcardNonAsciiSubjectAlt", "www.bar.com", "*.bar.com|*.\u82b1\u5b50.co.jp", "", true, "matched by *.bar.com"),
                v("OkHttp testWilcardNonAsciiSubjectAlt", "a.b.bar.com", "*.bar.com|*.\u82b1\u5b50.co.jp", "", false, "wildcard covers one label only: a.b.bar.com is 2 labels below bar.com, not one as *.bar.com requires"),

                // ---- Chromium x509_certificate_unittest kNameVerifyTestData ----
                v("Chromium VerifyHostname", "f", "f", "", true, "matched by f"),
                v("Chromium VerifyHostname", "h", "i", "", false, "no SAN covers h (dNSName: i)"),
                v("Chromium VerifyHostname", "www.test.fr", "*.test.com|*.test.co.uk|*.test.de|*.test.fr", "", true, "matched by *.test.fr"),
                v("Chromium VerifyHostname", "wwW.tESt.fr", "|*.*|*.test.de|*.test.FR|www", "", true, "matched by *.test.FR"),
                v("Chromium VerifyHostname", "f.uk", ".uk", "", false, "no SAN covers f.uk (dNSName: .uk)"),
                v("Chromium VerifyHostname", "w.bar.foo.com", "?.bar.foo.com", "", false, "no SAN covers w.bar.foo.com (dNSName: ?.bar.foo.com)"),
                v("Chromium VerifyHostname (NUL in SAN)", "www.foo.com", "www.foo.com\u0000", "", false, "no SAN covers www.foo.com (dNSName: www.foo.com\u0000)"),
                v("Chromium VerifyHostname", "test.org", "www.test.org|*.test.org|*.org", "", false, "wildcard *.test.org does not cover the apex test.org"),
                v("Chromium VerifyHostname", "w.bar.foo.com", "w*.bar.foo.com", "", false, "partial-label wildcard w*.bar.foo.com is not accepted"),
                v("Chromium VerifyHostname", "wally.bar.foo.com", "*Ly.bar.foo.com", "", false, "partial-label wildcard *Ly.bar.foo.com is not accepted"),
                v("Chromium VerifyHostname", "www.xn--poema-9qae5a.com.br", "*.xn--poema-9qae5a.com.br", "", true, "matched by *.xn--poema-9qae5a.com.br"),
                v("Chromium VerifyHostname", "xn--poema-9qae5a.com.br", "*.xn--poema-9qae5a.com.br|xn--poema-*.com.br|xn--*-9qae5a.com.br|*--poema-9qae5a.com.br", "", false, "wildcard *.xn--poema-9qae5a.com.br does not cover the apex xn--poema-9qae5a.com.br"),
                v("Chromium VerifyHostname (RFC 6125 6.4.3)", "foo.example.com", "*.example.com", "", true, "matched by *.example.com"),
                v("Chromium VerifyHostname (RFC 6125 6.4.3)", "example.com", "*.example.com", "", false, "wildcard *.example.com does not cover the apex example.com"),
                v("Chromium VerifyHostname", "baz1.example.net", "baz*.example.net", "", false, "partial-label wildcard baz*.example.net is not accepted"),
                v("Chromium VerifyHostname", "foobaz.example.net", "*baz.example.net", "", false, "partial-label wildcard *baz.example.net is not accepted"),
                v("Chromium VerifyHostname", "buzz.example.net", "b*z.example.net", "", false, "partial-label wildcard b*z.example.net is not accepted"),
                v("Chromium VerifyHostname", "www.test.example.net", "www.*.example.net", "", false, "wildcard www.*.example.net is not in the left-most label; a wildcard must be the whole left-most label"),
                v("Chromium VerifyHostname", "www.test.example", "*.test.example", "", true, "matched by *.test.example"),
                v("Chromium VerifyHostname", "test.example.co.uk", "*.example.co.uk", "", true, "matched by *.example.co.uk"),
                v("Chromium VerifyHostname (unknown TLD)", "test.example", "*.example", "", false, "wildcard *.example covers a whole top-level domain (example), so it is not accepted"),
                v("Chromium VerifyHostname", "example.co.uk", "*.co.uk", "", false, "wildcard *.co.uk is under a public suffix (co.uk is an ICANN public suffix), so it is not accepted"),
                v("Chromium VerifyHostname", "foo.us", "*.us", "", false, "wildcard *.us is under a public suffix (us is an ICANN public suffix), so it is not accepted"),
                v("Chromium VerifyHostname", "foo", "*", "", false, "wildcard * names no domain"),
                v("Chromium VerifyHostname", "test.example.xn--mgbaam7a8h", "*.example.xn--mgbaam7a8h", "", true, "matched by *.example.xn--mgbaam7a8h"),
                v("Chromium VerifyHostname", "xn--poema-9qae5a.com.br", "*.com.br", "", false, "wildcard *.com.br is under a public suffix (com.br is an ICANN public suffix), so it is not accepted"),
                v("Chromium VerifyHostname (IDN TLD)", "example.xn--mgbaam7a8h", "*.xn--mgbaam7a8h", "", false, "wildcard *.xn--mgbaam7a8h is under a public suffix (xn--mgbaam7a8h is an ICANN public suffix), so it is not accepted"),
                v("Chromium VerifyHostname (private registry)", "www.appspot.com", "*.appspot.com", "", true, "matched by *.appspot.com"),
                v("Chromium VerifyHostname (private registry)", "foo.s3.amazonaws.com", "*.s3.amazonaws.com", "", true, "matched by *.s3.amazonaws.com"),
                v("Chromium VerifyHostname", "foo.example.com", "*.*.com", "", false, "wildcard *.*.com has more than one '*'; only one wildcard, as the whole left-most label, is accepted"),
                v("Chromium VerifyHostname", "foo.com", "foo.com.", "", true, "matched by foo.com."),
                v("Chromium VerifyHostname", "foo.com.", "foo.com", "", true, "matched by foo.com"),
                v("Chromium VerifyHostname", "f.", "f.", "", true, "matched by f."),
                v("Chromium VerifyHostname", "www-3.bar.foo.com.", "*.bar.foo.com.", "", true, "matched by *.bar.foo.com."),
                v("Chromium VerifyHostname", ".", ".", "", false, "host '.' is not a valid host name: host is empty"),
                v("Chromium VerifyHostname", "example.com.", "*.com.", "", false, "wildcard *.com. is under a public suffix (com is an ICANN public suffix), so it is not accepted"),
                v("Chromium VerifyHostname", "foo", "*.", "", false, "wildcard *. names no domain"),
                v("Chromium VerifyHostname", "foo.co.uk.", "*.co.uk.", "", false, "wildcard *.co.uk. is under a public suffix (co.uk is an ICANN public suffix), so it is not accepted"),
                v("Chromium VerifyHostname", "10.1.2.3", "", "10.1.2.3", true, "matched by iPAddress 10.1.2.3"),
                v("Chromium VerifyHostname", "10.1.2.7", "", "10.1.2.6|10.1.2.8", false, "no iPAddress SAN equals IPv4 10.1.2.7 (iPAddress: 10.1.2.6, 10.1.2.8)"),
                v("Chromium VerifyHostname", "10.1.2.8", "foo", "", false, "IP address 10.1.2.8 is only matched by iPAddress SANs; this certificate has none"),
                v("Chromium VerifyHostname (IPv4-compatible IPv6)", "::4.5.6.7", "", "::4.5.6.7", true, "matched by iPAddress ::4.5.6.7"),
                v("Chromium VerifyHostname", "::6.7.8.9", "::6.7.8.9", "::6.7.8.8|::6.7.8.10|ff00::6.7.8.9|6.7.8.9", false, "no iPAddress SAN equals IPv6 ::607:809 (iPAddress: ::6.7.8.8, ::6.7.8.10, ff00::6.7.8.9, 6.7.8.9) (a dNSName entry spelling the address does not count)"),
                v("Chromium VerifyHostname", "FE80::200:f8ff:fe21:67cf", "", "::6.7.8.8|fe80::200:f8ff:fe21:67cf|ff00::6.7.8.255|10.0.0.1", true, "matched by iPAddress fe80::200:f8ff:fe21:67cf"),
                v("Chromium VerifyHostname (numeric last label)", "121.2.3.512", "1*1.2.3.512|*1.2.3.512|1*.2.3.512|*.2.3.512", "121.2.3.0", false, "host '121.2.3.512' is not a valid host name: '121.2.3.512' is not a valid IPv4 address, and a host name cannot end in an all-numeric label"),
                v("Chromium VerifyHostname (numeric last label)", "a.0.0.1", "*.0.0.1", "", false, "host 'a.0.0.1' is not a valid host name: 'a.0.0.1' is not a valid IPv4 address, and a host name cannot end in an all-numeric label"),
                v("Chromium VerifyHostname (IP in dNSName)", "127.0.0.1", "127.0.0.1", "", false, "IP address 127.0.0.1 is only matched by iPAddress SANs; this certificate has none (a dNSName entry spelling the address does not count)"),
                v("Chromium VerifyHostname", "www..domain.example", "www.domain.example", "", false, "host 'www..domain.example' is not a valid host name: empty label in 'www..domain.example'"),
                v("Chromium VerifyHostname", "www^domain.example", "www^domain.example", "", false, "host 'www^domain.example' is not a valid host name: character '^' is not allowed in host name label 'www^domain' (letters, digits and '-' only)"),
                v("Chromium VerifyHostname", "www.*.com", "www.*.com", "", false, "host 'www.*.com' is not a valid host name: '*' is not allowed in a host name (wildcards belong in certificates)"),
                v("Chromium VerifyHostname", "[::4.5.6.9]", "", "::4.5.6.9", false, "host '[::4.5.6.9]' is written with brackets; pass the IP address without them"),

                // ---- DESIGN §4 rules not covered above ----
                v("DESIGN §4: U-label host compared as A-label", "bücher.example", "xn--bcher-kva.example", "", true, "matched by xn--bcher-kva.example"),
                v("DESIGN §4: U-label host under an A-label wildcard", "shop.BÜCHER.example", "*.xn--bcher-kva.example", "", true, "matched by *.xn--bcher-kva.example"),
                v("DESIGN §4: wildcard label stands for an A-label", "xn--bcher-kva.example.com", "*.example.com", "", true, "matched by *.example.com"),
                v("DESIGN §4: case-insensitive SAN", "api.example.com", "API.EXAMPLE.COM", "", true, "matched by API.EXAMPLE.COM"),
                v("DESIGN §4: IPv6 written differently", "2001:db8::1", "", "2001:0DB8:0000:0000:0000:0000:0000:0001", true, "matched by iPAddress 2001:0DB8:0000:0000:0000:0000:0000:0001"),
                v("DESIGN §4: mapped written in hex matches mapped", "::ffff:c000:201", "", "::ffff:192.0.2.1", true, "matched by iPAddress ::ffff:192.0.2.1"),
                v("DESIGN §4: IPv4 host vs mapped SAN", "192.0.2.1", "", "::ffff:192.0.2.1", false, "IPv4 address 192.0.2.1 is not the IPv4-mapped IPv6 address ::ffff:192.0.2.1: iPAddress SANs match octet for octet (4 octets vs 16)"),
                v("DESIGN §4: DNS name vs iPAddress-only certificate", "example.com", "", "192.0.2.1", false, "no SAN covers example.com: a DNS name is only matched by dNSName SANs and this certificate has only iPAddress SANs (192.0.2.1)"),
                v("DESIGN §4: IP host vs certificate without SANs", "192.0.2.1", "", "", false, "IP address 192.0.2.1 is only matched by iPAddress SANs; this certificate has none"),
                v("DESIGN §4: private PSL section is not a registry", "pages.github.io", "*.github.io", "", true, "matched by *.github.io"),
                v("DESIGN §4: apex beats an unrelated SAN", "example.com", "other.example|*.example.com", "", false, "wildcard *.example.com does not cover the apex example.com"),
                v("DESIGN §4: long SAN lists are shortened", "x.example", "a.example|b.example|c.example|d.example|e.example|f.example", "", false, "no SAN covers x.example (dNSName: a.example, b.example, c.example, d.example and 2 more)"),
                v("DESIGN §4: non-ASCII SAN explained when it would have matched", "xn--bcher-kva.example", "bücher.example|other.example", "", false, "dNSName bücher.example is not ASCII: certificates must carry IDNs as A-labels (RFC 5280 §7.2), so it matches nothing"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} vs dNS[{2}] ip[{3}] -> {4}")
    @MethodSource("vectors")
    void a_host_is_covered_only_as_rfc_9525_says_and_the_reason_explains_the_answer(String source, String host,
            String dns, String ip, boolean covered, String reason) {
        NameMatch m = HostnameMatcher.match(host, list(dns), list(ip));
        assertThat(m.covered()).as("covered").isEqualTo(covered);
        assertThat(m.reason()).isEqualTo(reason);
        assertThat(m.matchedSan().isPresent()).as("matchedSan present").isEqualTo(covered);
        if (covered) {
            assertThat(reason).endsWith(m.matchedSan().orElseThrow());
        }
    }

    @Test
    void the_vector_table_has_at_least_sixty_rows() {
        assertThat(vectors().count()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void chromium_inet_aton_short_forms_are_refused_rather_than_expanded() {
        // Chromium's table expects "14.15" to match 14.0.0.15 (inet_aton short form). Misdirect takes only
        // dotted quads: the short form is ambiguous to a reader and is refused with a reason.
        NameMatch m = HostnameMatcher.match("14.15", List.of(), List.of("14.0.0.15"));
        assertThat(m.covered()).isFalse();
        assertThat(m.reason()).isEqualTo("host '14.15' is not a valid host name: '14.15' is not a valid IPv4"
                + " address, and a host name cannot end in an all-numeric label");
    }

    @Test
    void a_u_label_host_is_mapped_by_uts46_before_comparing() {
        // U+2121 TELEPHONE SIGN maps to "tel" under UTS #46, as browsers map https://℡.com to tel.com.
        // OkHttp's verifier refuses non-ASCII hosts instead, because its URL layer has already mapped them.
        assertThat(HostnameMatcher.match("\u2121.com", List.of("tel.com"), List.of()).covered()).isTrue();
    }

    private static List<String> list(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\|", -1));
    }
}
