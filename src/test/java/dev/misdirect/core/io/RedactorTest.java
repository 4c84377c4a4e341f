package dev.misdirect.core.io;

import dev.misdirect.core.model.Session;
import dev.misdirect.core.report.SampleSessions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    private final Redactor r = Redactor.secrets();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Authorization: Bearer abc.def.ghi          | Authorization: [REDACTED]",
        "header authorization=Basic dXNlcjpwYXNz     | header authorization=[REDACTED]",
        "Proxy-Authorization: Basic Zm9vOmJhcg==    | Proxy-Authorization: [REDACTED]",
        "Cookie: sid=abc; theme=dark               | Cookie: [REDACTED]",
        "Set-Cookie: session=xyz; HttpOnly         | Set-Cookie: [REDACTED]",
        "https://h/p?token=abc&page=2              | https://h/p?token=[REDACTED]&page=2",
        "https://h/p?page=2&access_token=abc#frag  | https://h/p?page=2&access_token=[REDACTED]#frag",
        "https://h/p?API_KEY=abc                   | https://h/p?API_KEY=[REDACTED]",
        "https://h/p?X-Amz-Signature=abc&sig=def   | https://h/p?X-Amz-Signature=[REDACTED]&sig=[REDACTED]",
        "https://h/p?client_secret=s&password=p    | https://h/p?client_secret=[REDACTED]&password=[REDACTED]",
        "https://h/p?key=k&keyboard=ok             | https://h/p?key=[REDACTED]&keyboard=ok",
        "https://user:pw@h.example/                | https://[REDACTED]@h.example/",
        "sent with bearer eyJhbGciOi.payload.sig   | sent with bearer [REDACTED]",
        "'{\"Authorization\": \"Bearer x\"}'        | '{\"Authorization\": \"[REDACTED]\"}'",
        "X-Token: tok-77                           | X-Token: [REDACTED]",
        "x-api-key: k-88                           | x-api-key: [REDACTED]",
        "X-CSRF-Token: c-99                        | X-CSRF-Token: [REDACTED]",
        "Client-Secret: s-11                       | Client-Secret: [REDACTED]",
        "body=password=hunter2                     | body=password=[REDACTED]",
        "password=hunter2                          | password=[REDACTED]",
        "'\"body=password=hunter2&user=u\"'        | '\"body=password=[REDACTED]&user=u\"'",
        "'{\"user\": \"u\", \"password\": \"hunter2\"}' | '{\"user\": \"u\", \"password\": \"[REDACTED]\"}'",
        "'{\"pin\": 1, \"api_key\": 12345}'        | '{\"pin\": 1, \"api_key\": [REDACTED]}'",
        "'{\"password\": \"a\\\"b\", \"x\": 1}'   | '{\"password\": \"[REDACTED]\", \"x\": 1}'",
        "'\"body={\\\"password\\\":\\\"hunter2\\\"}\"' | '\"body={\\\"password\\\":\\\"[REDACTED]\\\"}\"'",
        "https://ghp_tok3n@h.example/              | https://[REDACTED]@h.example/",
    })
    void secrets_in_text_are_masked(String input, String expected) {
        assertThat(r.text(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "GET https://a.tenants.lab.test:8443/index.html?page=2",
        "Authorities behind one address ask for client certificates differently",
        "Secrets (Authorization, Cookie, Set-Cookie) are redacted",
        "a basic example of a monkey=banana parameter",
        "sha256=3A:F1:09:6B",
        "lab vhost-client-auth: GET a.lab.test:8443/ -> 421",
        "Authorities: a.lab.test:8443, b.lab.test:8443",
        "'  \"authority\" : \"a.lab.test:8443\",'",
        "keyAlgorithm EC, key: 256 bits",
    })
    void ordinary_text_is_left_alone(String input) {
        assertThat(r.text(input)).isEqualTo(input);
    }

    @Test
    void masking_twice_gives_the_same_text() {
        String once = r.text("Authorization: Bearer x\n?token=abc https://u:p@h/");
        assertThat(r.text(once)).isEqualTo(once);
    }

    @Test
    void credential_headers_are_masked_by_name_in_any_case() {
        assertThat(r.header("AUTHORIZATION", "Bearer x")).isEqualTo(Redactor.MASK);
        assertThat(r.header("cookie", "a=b")).isEqualTo(Redactor.MASK);
        assertThat(r.header("Accept", "text/html")).isEqualTo("text/html");
        assertThat(Redactor.none().header("Cookie", "a=b")).isEqualTo("a=b");
    }

    @Test
    void headers_named_for_tokens_keys_secrets_and_passwords_are_credentials_but_authority_is_not() {
        for (String name : List.of("X-Token", "X-Api-Key", "Api-Key", "X-Auth-User", "X-Session-Id", "Client-Secret",
                "X-Password", "Proxy-Authorization", "Set-Cookie", "X-Amz-Security-Token")) {
            assertThat(Redactor.isSecretHeader(name)).as(name).isTrue();
        }
        for (String name : List.of(":authority", "Authority", "Accept", "Host", "Content-Type", "Keep-Alive")) {
            assertThat(Redactor.isSecretHeader(name)).as(name).isFalse();
        }
    }

    @Test
    void a_session_document_as_json_lines_passes_a_second_text_pass_unchanged() {
        // the command line filters every printed line, --json included: its own field names must not look secret
        String json = new SessionCodec().toJson(SampleSessions.realistic());
        for (String line : json.split("\n")) {
            assertThat(r.text(line)).isEqualTo(line);
        }
    }

    @Test
    void a_second_pass_over_escaped_json_keeps_it_valid_json_and_changes_nothing_already_masked() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String plan = "GET https://a/?token=t1 \"header=X-Token: t2\" \"body={\\\"pin\\\":\\\"0\\\",\\\"password\\\":\\\"t3\\\"}\"";
        String doc = json.writeValueAsString(Map.of("planText", plan));
        String masked = r.text(doc);
        assertThat(masked).doesNotContain("t1", "t2", "t3");
        assertThat(json.readTree(masked).path("planText").asText()).isEqualTo(r.text(plan))
                .contains("token=[REDACTED]", "X-Token: [REDACTED]", "\\\"password\\\":\\\"[REDACTED]\\\"}");
        // what the session codec prints (already redacted) passes the command line's line filter unchanged
        String printed = json.writeValueAsString(Map.of("planText", r.text(plan)));
        assertThat(r.text(printed)).isEqualTo(printed);
    }

    @Test
    void private_keys_are_masked_and_certificates_kept() {
        String key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkey==\n-----END EC PRIVATE KEY-----\n";
        assertThat(r.text(key)).doesNotContain("MHcCAQEEIBkey").contains("[REDACTED]");
        String cert = "-----BEGIN CERTIFICATE-----\nMIIBkey=tokenAAsig==\n-----END CERTIFICATE-----\n";
        assertThat(r.text(cert)).isEqualTo(cert);
    }

    @Test
    void a_whole_session_is_redacted_deeply_and_otherwise_unchanged() {
        Session s = SampleSessions.withSecrets();
        Session red = r.deep(s);
        String all = new SessionCodec().toJson(red);
        for (String planted : SampleSessions.PLANTED) {
            assertThat(new SessionCodec().using(Redactor.none()).toJson(s)).contains(planted);
            assertThat(all).doesNotContain(planted);
        }
        assertThat(red.replays()).hasSize(s.replays().size());
        assertThat(red.probes()).isEqualTo(s.probes());
        assertThat(r.deep(SampleSessions.realistic())).isEqualTo(SampleSessions.realistic());
    }

    @Test
    void maps_mask_values_of_credential_keys() {
        Map<String, String> m = r.deep(Map.of("Cookie", "a=b", "Accept", "x?token=t"));
        assertThat(m).containsEntry("Cookie", Redactor.MASK).containsEntry("Accept", "x?token=[REDACTED]");
    }

    @Test
    void one_string_that_stands_in_many_places_is_redacted_in_every_one_of_them() {
        String secret = new String("GET https://h/p?token=t1");
        String plain = new String("answered 200");
        List<Object> red = r.deep(List.of(secret, Optional.of(secret), List.of(plain, secret),
                Map.of(secret, secret), plain));
        String masked = "GET https://h/p?token=[REDACTED]";
        assertThat(red).containsExactly(masked, Optional.of(masked), List.of(plain, masked), Map.of(masked, masked),
                plain);
        assertThat(red.get(4)).isSameAs(plain);
    }

    @Test
    void map_keys_are_redacted_as_text_and_a_key_that_only_mentions_a_token_is_not_a_header_name() {
        Map<String, String> m = r.deep(Map.of("GET https://h/p?token=t1", "answered 200"));
        assertThat(m).containsExactly(Map.entry("GET https://h/p?token=[REDACTED]", "answered 200"));
    }

    @Test
    void no_redact_keeps_everything() {
        Session s = SampleSessions.withSecrets();
        assertThat(Redactor.none().deep(s)).isSameAs(s);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "X-Authority: v1                           | X-Authority: [REDACTED]",
        "AUTHORIZATION  : Basic dXNlcg==           | AUTHORIZATION  : [REDACTED]",
        "'X-Token	: t-1'                          | 'X-Token	: [REDACTED]'",
        "'{\"password\" : \"p1\"}'                 | '{\"password\" : \"[REDACTED]\"}'",
        "'{\"authority\": \"a.lab\", \"auth\": \"s3\"}' | '{\"authority\": \"a.lab\", \"auth\": \"[REDACTED]\"}'",
        "shared: a.lab:443 — then Authorization: Basic x | shared: a.lab:443 — then Authorization: [REDACTED]",
        "sent with BeArEr abcdef123                | sent with BeArEr [REDACTED]",
    })
    void the_cheap_checks_skip_no_secret_a_pattern_finds(String input, String expected) {
        assertThat(r.text(input)).isEqualTo(expected);
    }

    @Test
    void the_cheap_checks_change_no_result_over_generated_lines_and_the_real_captures() throws Exception {
        List<String> corpus = new java.util.ArrayList<>();
        List<String> names = List.of("Authorization", "proxy-authorization", "Cookie", "cookie2", "Set-Cookie",
                "X-Token", "x-authority", "authority", ":authority", "Authority", "api_key", "X-Api-Key", "auth",
                "password", "passwd", "sig", "code", "pass", "session-id", "my_secret", "X-AUTH-user", "refresh_token",
                "client.secret", "host", "port", "keys", "monkey", "x-forwarded-for", "TOKEN", "Keyboard");
        List<String> separators = List.of(":", " : ", "=", " = ", "\t:", "\":", "\" :", "\\\":", "\n:", "::");
        for (String name : names) {
            for (String sep : separators) {
                for (String line : List.of(name + sep + " v-1", "x " + name + sep + "v-2; y", "\"" + name + sep
                        + " \"v-3\"", "{\\\"" + name + sep + "\\\"v-4\\\"}", "— " + name + sep + "Bearer abcdefg",
                        "?" + name + sep + "v5&z=1")) {
                    corpus.add(line);
                }
            }
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String fixture : List.of("playwright-chromium.har", "chrome-netlog-apache-coalesced-421.json",
                "chrome-netlog-control-coalesced-200.json")) {
            strings(json.readTree(dev.misdirect.testing.Fixtures.file(fixture).toFile()), corpus);
        }
        strings(json.readTree(new SessionCodec().using(Redactor.none()).toJson(SampleSessions.withSecrets())), corpus);
        strings(json.readTree(new SessionCodec().using(Redactor.none()).toJson(SampleSessions.realistic())), corpus);
        assertThat(corpus).hasSizeGreaterThan(2000);
        long masked = 0;
        for (String line : corpus) {
            String slow = r.text(line, false);
            assertThat(r.text(line)).as(line).isEqualTo(slow);
            masked += slow.equals(line) ? 0 : 1;
        }
        assertThat(masked).as("lines the patterns change").isGreaterThan(200);
    }

    /** Every text value and field name in {@code node}, into {@code out}. */
    private static void strings(com.fasterxml.jackson.databind.JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.fieldNames().forEachRemaining(out::add);
        node.forEach(child -> strings(child, out));
    }
}
