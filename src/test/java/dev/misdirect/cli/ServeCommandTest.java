package dev.misdirect.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.misdirect.cli.CheckCommandTest.Result;
import static dev.misdirect.cli.CheckCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** misdirect serve: refused options (exit 2 before anything listens) and a real process stopped by a signal. */
class ServeCommandTest {
    @Test
    void a_listen_address_other_hosts_reach_is_refused_without_allow_remote() {
        Result r = run("serve", "--listen", "0.0.0.0:9421");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--listen 0.0.0.0:9421").contains("not a loopback address").contains("--allow-remote");
        assertThat(run("serve", "--listen", "localhost").err()).contains("give ADDR:PORT");
    }

    @Test
    void a_bad_modules_file_is_refused_naming_the_file_the_module_and_the_key(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("modules.yaml");
        Files.writeString(file, "modules:\n  web:\n    expect: {coverd: true}\n");
        Result r = run("serve", "--modules", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(file.toString()).contains("module 'web'").contains("unknown key 'coverd'");

        Files.writeString(file, "modules:\n  web:\n    timeout: 0\n");
        assertThat(run("serve", "--modules", file.toString()).err()).contains("'timeout' 0 is outside 1..600 seconds");

        Files.writeString(file, "modules:\n  web:\n    cert: client.pem\n");
        assertThat(run("serve", "--modules", file.toString()).err()).contains("'cert' needs 'key'");

        assertThat(run("serve", "--modules", dir.resolve("none.yaml").toString()).err()).contains("no such file");
        assertThat(run("serve", "--fixed").err()).contains("--fixed only applies with --lab");
        assertThat(run("serve", "--vantage", "").code()).isEqualTo(2);
    }

    @Test
    void a_running_serve_answers_probes_and_stops_when_the_process_is_asked_to_terminate() throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmisdirect.home=" + System.getProperty("misdirect.home", "target/test-home"),
                "-cp", System.getProperty("java.class.path"), "dev.misdirect.Main", "serve", "--lab", "tenants-wildcard",
                "--fixed", "--listen", "127.0.0.1:0")).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/probe").matcher(String.valueOf(first));
            assertThat(m.find()).as(first).isTrue();
            HttpResponse<String> probe = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + m.group(1) + "/probe?target=a.tenants.lab.test,b.tenants.lab.test")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(probe.body()).contains("probe_success 1");
            p.destroy(); // SIGTERM: the shutdown hook Ctrl-C runs too
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("serve stops").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }
}
