package dev.misdirect.core.check;

import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.ConnectionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpectationsTest {

    private static final String FULL = """
            # what must hold
            defaults:
              covered: true
              sni-host-parity: true
            authorities:
              - authority: a.example:8443 resolve=192.0.2.10
                no-421-when-coalesced: true
                must-not-share-with: [b.example:8443]
                client: [chromium-h2, firefox]
                expect-status: 200
                min-tls: TLSv1.3
                cert-valid-days: 14
              - authority: b.example:8443
                resolve: [192.0.2.10, 192.0.2.11]
                sni: b-origin.example
                host: b.example
                covered: false
              - c.example
            """;

    @Test
    void a_full_yaml_file_gives_every_expectation_in_checking_order_with_defaults_applied() throws Exception {
        Expectations e = Expectations.parse(FULL, "x.yaml");
        assertThat(e.authorities()).hasSize(3);
        AuthorityExpectations a = e.authorities().get(0);
        assertThat(a.authority().key()).isEqualTo("a.example:8443");
        assertThat(a.authority().resolve()).containsExactly("192.0.2.10");
        assertThat(a.line()).isEqualTo(6);
        assertThat(a.expectations()).containsExactly(new Expectation.Covered(), new Expectation.MinTls("TLSv1.3"),
                new Expectation.CertValidDays(14), new Expectation.ExpectStatus(200), new Expectation.SniHostParity(),
                new Expectation.NoMisdirectedWhenCoalesced(List.of(ConnectionPolicy.COALESCING)),
                new Expectation.MustNotShareWith(List.of("b.example:8443"),
                        List.of(ClientPolicy.CHROMIUM_H2, ClientPolicy.FIREFOX)));
        AuthorityExpectations b = e.authorities().get(1);
        assertThat(b.authority().resolve()).containsExactly("192.0.2.10", "192.0.2.11");
        assertThat(b.authority().sniOverride()).contains("b-origin.example");
        assertThat(b.authority().hostOverride()).contains("b.example");
        assertThat(b.expectations()).as("covered: false overrides the default").containsExactly(
                new Expectation.SniHostParity());
        AuthorityExpectations c = e.authorities().get(2);
        assertThat(c.authority().key()).isEqualTo("c.example:443");
        assertThat(c.line()).isEqualTo(18);
        assertThat(c.expectations()).containsExactly(new Expectation.Covered(), new Expectation.SniHostParity());
    }

    @Test
    void the_json_form_reads_like_the_yaml_form() throws Exception {
        String json = """
                {"defaults": {"covered": true, "sni-host-parity": true},
                 "authorities": [
                   {"authority": "a.example:8443 resolve=192.0.2.10", "no-421-when-coalesced": true,
                    "must-not-share-with": ["b.example:8443"], "client": ["chromium-h2", "firefox"],
                    "expect-status": 200, "min-tls": "TLSv1.3", "cert-valid-days": 14},
                   {"authority": "b.example:8443", "resolve": ["192.0.2.10", "192.0.2.11"], "sni": "b-origin.example",
                    "host": "b.example", "covered": false},
                   "c.example"]}
                """;
        Expectations fromJson = Expectations.parse(json, "x.json");
        Expectations fromYaml = Expectations.parse(FULL, "x.yaml");
        assertThat(fromJson.authorities().stream().map(a -> a.expectations()).toList())
                .isEqualTo(fromYaml.authorities().stream().map(a -> a.expectations()).toList());
        assertThat(fromJson.authorities().stream().map(a -> a.authority()).toList())
                .isEqualTo(fromYaml.authorities().stream().map(a -> a.authority()).toList());
    }

    @Test
    void must_not_share_with_defaults_to_every_real_client_and_no_421_takes_a_policy_list() throws Exception {
        Expectations e = Expectations.parse("""
                authorities:
                  - authority: a.example
                    must-not-share-with: b.example
                    no-421-when-coalesced: [coalescing]
                  - authority: b.example
                    covered: true
                """, "x.yaml");
        assertThat(e.authorities().get(0).expectations()).containsExactly(
                new Expectation.NoMisdirectedWhenCoalesced(List.of(ConnectionPolicy.COALESCING)),
                new Expectation.MustNotShareWith(List.of("b.example:443"), Expectations.defaultClients()));
        assertThat(Expectations.defaultClients()).contains(ClientPolicy.CHROMIUM_H2, ClientPolicy.OKHTTP)
                .doesNotContain(ClientPolicy.IP_KEYED, ClientPolicy.ISOLATED);
    }

    @Test
    void no_misroute_is_a_flag_that_makes_the_check_verify_the_pairs() throws Exception {
        Expectations e = Expectations.parse("""
                authorities:
                  - authority: a.example
                    no-misroute: true
                  - authority: b.example
                    no-misroute: false
                    covered: true
                """, "x.yaml");
        assertThat(e.authorities().get(0).expectations()).containsExactly(new Expectation.NoMisroute());
        assertThat(e.authorities().get(1).expectations()).containsExactly(new Expectation.Covered());
        assertThat(e.needVerify()).isTrue();
        assertThat(Expectations.parse("authorities:\n  - authority: a.example\n    covered: true\n", "y.yaml")
                .needVerify()).isFalse();
        assertThatThrownBy(() -> Expectations.parse("authorities:\n  - authority: a.example\n    no-misroute: yes please\n",
                "z.yaml")).hasMessageContaining("'no-misroute' is true or false");
    }

    @Test
    void placement_moves_authorities_and_the_names_must_not_share_with_refers_to() throws Exception {
        Expectations e = Expectations.parse("""
                authorities:
                  - authority: a.lab.test
                    must-not-share-with: [b.lab.test]
                  - authority: b.lab.test
                    covered: true
                """, "x.yaml", a -> new Authority(a.host(), a.unicodeHost(), a.kind(), 40001, a.path(),
                List.of("127.0.0.1"), a.sniOverride(), a.noSni(), a.hostOverride(), a.tags()));
        assertThat(e.authorities().get(0).authority().key()).isEqualTo("a.lab.test:40001");
        assertThat(((Expectation.MustNotShareWith) e.authorities().get(0).expectations().get(0)).others())
                .containsExactly("b.lab.test:40001");
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("wrong type", "authorities:\n  - authority: a.example\n    expect-status: two hundred\n",
                        3, "'expect-status' must be a whole number, not the string 'two hundred'"),
                Arguments.of("boolean of wrong type", "authorities:\n  - authority: a.example\n    covered: 1\n",
                        3, "'covered' is true or false, not the number 1"),
                Arguments.of("unknown key in an entry", "authorities:\n  - authority: a.example\n    coverd: true\n",
                        3, "unknown key 'coverd' in an authority entry"),
                Arguments.of("unknown top-level key", "authoritys:\n  - a.example\n", 1, "unknown key 'authoritys' at the top level"),
                Arguments.of("bad authority line", "authorities:\n  - covered: true\n    authority: 'a.example:99999'\n",
                        3, "authority 'a.example:99999'"),
                Arguments.of("bad override", "authorities:\n  - authority: a.example\n    resolve: not-an-ip\n    covered: true\n",
                        3, "'resolve'"),
                Arguments.of("empty file", "", 1, "the file is empty"),
                Arguments.of("comment only", "# nothing yet\n", 1, "the file is empty"),
                Arguments.of("YAML syntax error", "authorities:\n  - authority: a.example\n   covered: [true\n", 3, "YAML syntax error"),
                Arguments.of("JSON syntax error", "{\"authorities\": [\n  \"a.example\",,\n]}", 2, "JSON syntax error"),
                Arguments.of("no authorities", "defaults:\n  covered: true\n", 1, "no 'authorities' key"),
                Arguments.of("empty list", "authorities: []\n", 1, "authorities is empty"),
                Arguments.of("no expectation", "authorities:\n  - a.example\n", 2, "has no expectation"),
                Arguments.of("repeated authority", "defaults:\n  covered: true\nauthorities:\n  - a.example\n  - a.example:443\n",
                        5, "repeats a.example:443 from line 4"),
                Arguments.of("unknown share partner", "authorities:\n  - authority: a.example\n    must-not-share-with: [z.example]\n",
                        3, "z.example:443, which is not an authority of this file"),
                Arguments.of("unknown client", "authorities:\n  - authority: a.example\n    must-not-share-with: b.example\n"
                        + "    client: netscape\n  - authority: b.example\n    covered: true\n", 4, "'netscape' is not a client"),
                Arguments.of("client alone", "authorities:\n  - authority: a.example\n    covered: true\n    client: firefox\n",
                        4, "'client' only qualifies must-not-share-with"),
                Arguments.of("bad TLS version", "authorities:\n  - authority: a.example\n    min-tls: SSLv3\n", 3, "min-tls 'SSLv3'"),
                Arguments.of("status out of range", "authorities:\n  - authority: a.example\n    expect-status: 99\n", 3,
                        "expect-status 99 is not an HTTP status"),
                Arguments.of("unknown policy", "authorities:\n  - authority: a.example\n    no-421-when-coalesced: [pooled]\n",
                        3, "'pooled' is not a replay policy"),
                Arguments.of("resolve twice", "authorities:\n  - authority: a.example resolve=192.0.2.1\n    resolve: 192.0.2.2\n"
                        + "    covered: true\n", 3, "'resolve' is given twice"),
                Arguments.of("status without SNI", "authorities:\n  - authority: a.example sni=none\n    expect-status: 200\n",
                        3, "expect-status needs an SNI"),
                Arguments.of("top level is a list", "- a.example\n", 1, "the file must be a mapping"),
                Arguments.of("duplicate key", "authorities:\n  - authority: a.example\n    covered: true\n    covered: false\n",
                        4, "key 'covered' appears twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void a_bad_file_is_refused_with_the_line_and_a_reason_naming_the_key(String label, String text, int line,
                                                                          String reason) {
        String source = text.startsWith("{") ? "bad.json" : "bad.yaml";
        assertThatThrownBy(() -> Expectations.parse(text, source))
                .isInstanceOfSatisfying(ExpectationsException.class, e -> {
                    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).startsWith(source + ":" + line + ":");
                });
    }

    @Test
    void a_placement_that_refuses_an_authority_is_reported_at_its_line() {
        assertThatThrownBy(() -> Expectations.parse("authorities:\n  - covered: true\n    authority: elsewhere.example\n",
                "x.yaml", a -> {
                    throw new IllegalArgumentException("not a lab name");
                }))
                .isInstanceOfSatisfying(ExpectationsException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.reason()).isEqualTo("authority elsewhere.example: not a lab name");
                });
    }

    @Test
    void healthy_expectations_cover_status_parity_and_the_given_policies() {
        Expectations e = Expectations.healthy("lab", List.of(Authority.of("a.lab.test", 8443)),
                List.of(ConnectionPolicy.COALESCING));
        assertThat(e.authorities().get(0).expectations()).extracting(Expectation::id)
                .containsExactly("covered", "expect-status", "sni-host-parity", "no-421-when-coalesced");
        assertThat(Expectations.healthy("lab", List.of(Authority.of("a.lab.test", 8443)), List.of())
                .authorities().get(0).expectations()).extracting(Expectation::id)
                .doesNotContain("no-421-when-coalesced");
        assertThat(Optional.of(e.source())).contains("lab");
    }

    /** The fenced yaml and json blocks of docs/check.md, except the pipeline snippet. */
    static Stream<Arguments> documentedFiles() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/check.md"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```(yaml|json)\n(.*?)```", java.util.regex.Pattern.DOTALL)
                .matcher(doc);
        List<Arguments> out = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(2).contains("authorities")) {
                out.add(Arguments.of(m.group(1), m.group(2)));
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(3);
        return out.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("documentedFiles")
    void the_examples_in_the_documentation_parse(String kind, String text) throws Exception {
        Expectations e = Expectations.parse(text, "example." + kind);
        assertThat(e.authorities()).isNotEmpty().allSatisfy(a -> assertThat(a.expectations()).isNotEmpty());
    }

    @Test
    void the_documented_yaml_and_json_examples_say_the_same() throws Exception {
        List<Arguments> docs = documentedFiles().toList();
        Expectations yaml = Expectations.parse((String) docs.get(0).get()[1], "x.yaml");
        Expectations json = Expectations.parse((String) docs.get(1).get()[1], "x.json");
        assertThat(json.authorities().stream().map(AuthorityExpectations::expectations).toList())
                .isEqualTo(yaml.authorities().stream().map(AuthorityExpectations::expectations).toList());
        assertThat(json.authorities().stream().map(AuthorityExpectations::authority).toList())
                .isEqualTo(yaml.authorities().stream().map(AuthorityExpectations::authority).toList());
    }
}
