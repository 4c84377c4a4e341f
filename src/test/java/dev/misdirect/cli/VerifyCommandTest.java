package dev.misdirect.cli;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyCommandTest {
    private static CliTest.Result run(String... args) {
        return CliTest.run(args);
    }

    @Test
    void a_passthrough_lab_is_misrouted_both_ways_and_the_text_says_nothing_retries_it() {
        CliTest.Result r = run("verify", "--lab", "sni-passthrough");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("✘ misrouted  b.passthrough.lab.test:")
                .contains("status 404 instead of 200").contains("Nothing retries it")
                .contains("coalesced by: chromium-h2").contains("2 misrouted, 0 refused-421, 0 untested, 0 shared-ok");
    }

    @Test
    void json_prints_the_session_with_the_verification_and_its_verdicts_by_id() throws Exception {
        CliTest.Result r = run("verify", "--lab", "tenants-wildcard", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("\"verdict\" : \"refused-421\"");
        Session s = new SessionCodec().parse(r.out(), "verify");
        assertThat(s.labScenario()).contains("tenants-wildcard");
        assertThat(s.verifications()).singleElement().satisfies(v -> {
            assertThat(v.count(PairVerdict.REFUSED_421)).isEqualTo(2);
            assertThat(v.method()).isEqualTo("GET");
            assertThat(v.path()).isEqualTo("/");
        });
    }

    @Test
    void predict_from_a_verify_session_gives_the_measured_verdict_and_no_guess(@TempDir Path dir) throws Exception {
        CliTest.Result verified = run("verify", "--lab", "sni-passthrough", "--json");
        assertThat(verified.code()).as(verified.err()).isEqualTo(ExitCode.OK);
        Session s = new SessionCodec().parse(verified.out(), "verify");
        assertThat(s.probes()).as("the probe the pairs were planned from").isNotEmpty();
        assertThat(s.predictions()).isNotEmpty().allSatisfy(p -> assertThat(p.pairs()).filteredOn(d -> d.shared())
                .allSatisfy(d -> assertThat(d.measured()).contains(PairVerdict.MISROUTED)));
        Path file = dir.resolve("verified.json");
        Files.writeString(file, verified.out());

        CliTest.Result predicted = run("predict", "--session", file.toString(), "--client", "chromium-h2");
        assertThat(predicted.code()).as(predicted.err()).isEqualTo(ExitCode.OK);
        assertThat(predicted.out()).contains("SHARED, measured MISROUTED")
                .contains("→ misrouted: status 404 instead of 200;").contains("no client retries it")
                .doesNotContain("421 risk POSSIBLE");
    }

    @Test
    void a_dry_run_lists_every_request_and_sends_none() {
        CliTest.Result r = run("verify", "--lab", "vhost-tls-mismatch", "--dry-run", "--path", "/health", "--method", "head");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).startsWith("dry run, nothing sent: 2 pairs, 6 requests (budget 2500)")
                .containsPattern("HEAD https://a\\.vhost\\.lab\\.test:\\d+/health  :authority b\\.vhost\\.lab\\.test:\\d+"
                        + "  @127\\.0\\.0\\.1  \\(carried on another authority's connection\\)");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--path,   index.html, path 'index.html' must start with /",
            "--method, POST,       method POST is not allowed: verify sends only GET or HEAD",
            "--budget, 0,          budget 0 must be 1 or more",
            "--rate,   -1,         rate -1.0 must be 0 (no limit) or more",
    })
    void bad_input_exits_2_with_the_reason_before_anything_is_sent(String option, String value, String reason)
            throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = server.getLocalPort();
            CliTest.Result r = run("verify", "--resolve", "a.verify.test:" + port + ":127.0.0.1", "--resolve",
                    "b.verify.test:" + port + ":127.0.0.1", "a.verify.test:" + port, "b.verify.test:" + port, option, value);
            assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(r.err()).contains(reason);
            server.setSoTimeout(200);
            try {
                server.accept().close();
                throw new AssertionError("verify connected although its input was refused");
            } catch (SocketTimeoutException nothingCame) {
                assertThat(r.out()).isEmpty();
            }
        }
    }
}
