package dev.misdirect.core.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardProxyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:3128        | 127.0.0.1        | 3128 | ''",
            "HTTP://proxy.corp.example:8080/ | proxy.corp.example | 8080 | ''",
            "http://[::1]:3128            | ::1              | 3128 | ''",
            "http://alice:s3cret@10.0.0.1:3128 | 10.0.0.1   | 3128 | alice",
            "http://d%40main:p%3Ass+w@proxy:80 | proxy      | 80   | d@main",
    })
    void reads_an_http_proxy_with_its_host_port_and_user(String text, String host, int port, String user) {
        ForwardProxy p = ForwardProxy.parse(text);
        assertThat(p.host()).isEqualTo(host);
        assertThat(p.port()).isEqualTo(port);
        assertThat(p.user()).isEqualTo(user.isEmpty() ? Optional.empty() : Optional.of(user));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://proxy:3128     | https:// proxies (TLS to the proxy itself) are not supported",
            "socks5://proxy:1080    | socks5:// proxies are not supported",
            "proxy:3128             | the scheme is missing",
            "http://proxy           | no port: give the proxy as http://HOST:PORT",
            "http://proxy:0         | port 0 is outside 1..65535",
            "http://proxy:65536     | port 65536 is outside 1..65535",
            "http://proxy:http      | port 'http' is not a number from 1 to 65535",
            "http://proxy:3128/path | without a path",
            "http://:pw@proxy:3128  | the user name before '@' is empty",
            "http://pro xy:3128     | 'pro xy' is not a host name or an IP address",
            "http://u:%zz@proxy:3128 | the password has a bad %-escape",
    })
    void refuses_what_it_cannot_use_with_the_reason(String text, String reason) {
        assertThatThrownBy(() -> ForwardProxy.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void the_password_is_in_the_basic_credentials_and_nowhere_in_its_text_or_errors() {
        ForwardProxy p = ForwardProxy.parse("http://alice:s3cret@proxy:3128");
        assertThat(p.toString()).isEqualTo("http://alice@proxy:3128").doesNotContain("s3cret");
        // "alice:s3cret" in Base64
        assertThat(p.proxyAuthorization()).contains("Basic YWxpY2U6czNjcmV0");
        assertThat(ForwardProxy.parse("http://proxy:3128").proxyAuthorization()).isEmpty();
        assertThatThrownBy(() -> ForwardProxy.parse("http://alice:s3cret@proxy:99999"))
                .hasMessageNotContaining("s3cret");
    }
}
