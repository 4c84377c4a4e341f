package dev.misdirect.core.io;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CurlParserTest {
    @Test
    void devtools_bash_copy_with_continuations_and_ansi_c_quotes_is_split_like_bash() throws Exception {
        String text = """
                curl 'https://b.lab.test:8443/b.js?x=1' \\
                  -H 'accept: */*' \\
                  -H $'cookie: a=1\\'s\\tb' \\
                  -H "referer: \\"https://a.lab.test:8443/\\"" \\
                  --compressed
                """;
        CurlCommand c = CurlParser.parse(text);
        assertThat(c.method()).isEqualTo("GET");
        assertThat(c.url()).isEqualTo("https://b.lab.test:8443/b.js?x=1");
        assertThat(c.authority().key()).isEqualTo("b.lab.test:8443");
        assertThat(c.authority().path()).isEqualTo("/b.js?x=1");
        assertThat(c.headers()).extracting(CurlCommand.Header::value)
                .containsExactly("*/*", "a=1's\tb", "\"https://a.lab.test:8443/\"");
        assertThat(c.compressed()).isTrue();
        assertThat(c.unknownOptions()).isEmpty();
        assertThat(c.planStep()).isEqualTo("GET https://b.lab.test:8443/b.js?x=1");
    }

    @Test
    void resolve_connect_to_host_header_and_cacert_shape_the_authority() throws Exception {
        CurlCommand c = CurlParser.parse("curl -sSk --http2 -XPOST -H 'Host: b.lab.test' --resolve a.lab.test:8443:127.0.1.1 "
                + "--cacert lab-ca.pem --data-raw '{\"a\":1}' https://a.lab.test:8443/api");
        assertThat(c.method()).isEqualTo("POST");
        assertThat(c.insecure()).isTrue();
        assertThat(c.httpVersion()).contains("h2");
        assertThat(c.caCert()).contains("lab-ca.pem");
        assertThat(c.body()).contains("{\"a\":1}");
        assertThat(c.authority().resolve()).containsExactly("127.0.1.1");
        assertThat(c.authority().hostOverride()).contains("b.lab.test");
        assertThat(c.planStep()).isEqualTo("POST https://a.lab.test:8443/api @127.0.1.1");

        CurlCommand to = CurlParser.parse("curl --connect-to a.lab.test:443:127.0.0.9:443 https://a.lab.test/");
        assertThat(to.authority().resolve()).containsExactly("127.0.0.9");
        CurlCommand other = CurlParser.parse("curl --resolve other.test:443:127.0.0.7 https://a.lab.test/");
        assertThat(other.authority().resolve()).isEmpty();
    }

    @Test
    void data_without_method_means_post_and_head_flag_means_head() throws Exception {
        assertThat(CurlParser.parse("curl -d x=1 https://a.lab.test/").method()).isEqualTo("POST");
        assertThat(CurlParser.parse("curl -I https://a.lab.test/").method()).isEqualTo("HEAD");
        assertThat(CurlParser.parse("curl --http1.1 https://a.lab.test/").httpVersion()).contains("http/1.1");
    }

    @Test
    void unknown_options_are_listed_not_fatal() throws Exception {
        CurlCommand c = CurlParser.parse("curl --frobnicate -Z https://a.lab.test/ --tcp-nodelay");
        assertThat(c.unknownOptions()).containsExactly("--frobnicate", "-Z", "--tcp-nodelay");
        assertThat(c.url()).isEqualTo("https://a.lab.test/");
    }

    @Test
    void unclosed_quote_is_refused_with_line_and_column() {
        assertThatThrownBy(() -> CurlParser.parse("curl \\\n  -H 'accept: */* https://a.lab.test/"))
                .isInstanceOf(ImportException.class).hasMessageContaining("unclosed single quote opened at line 2, column 6");
    }

    @Test
    void text_that_is_not_curl_or_has_no_url_is_refused() {
        assertThatThrownBy(() -> CurlParser.parse("wget https://a.lab.test/")).isInstanceOf(ImportException.class)
                .hasMessageContaining("not a curl command");
        assertThatThrownBy(() -> CurlParser.parse("curl -k")).isInstanceOf(ImportException.class)
                .hasMessageContaining("names no URL");
        assertThatThrownBy(() -> CurlParser.parse("curl ftp://a.lab.test/")).isInstanceOf(ImportException.class)
                .hasMessageContaining("not an http(s) URL");
    }
}
