package dev.misdirect.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --proxy} on every command that connects: a proxy Misdirect cannot use is bad input, refused before any connection. */
class ProxyOptionTest {

    @ParameterizedTest(name = "{0} --proxy {1}")
    @CsvSource(delimiter = '|', value = {
            "probe   | https://127.0.0.1:3128       | https:// proxies (TLS to the proxy itself) are not supported",
            "predict | socks5://127.0.0.1:1080      | socks5:// proxies are not supported",
            "replay  | http://127.0.0.1             | no port: give the proxy as http://HOST:PORT",
            "verify  | http://127.0.0.1:70000       | port 70000 is outside 1..65535",
            "check   | http://u:hunter2@127.0.0.1:0 | port 0 is outside 1..65535",
    })
    void a_proxy_it_cannot_use_exits_2_with_the_option_and_the_reason_and_never_the_password(
            String command, String proxy, String reason) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = command.equals("check")
                ? new String[] {command, "--lab", "healthy-separate-ips", "--proxy", proxy}
                : new String[] {command, "127.0.0.1:1", "--proxy", proxy};
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);

        assertThat(code).as(err.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString()).contains("--proxy").contains(reason).doesNotContain("hunter2");
        assertThat(out.toString()).isEmpty();
    }
}
