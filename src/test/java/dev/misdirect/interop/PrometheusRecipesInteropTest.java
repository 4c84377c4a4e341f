package dev.misdirect.interop;

import dev.misdirect.cli.Cli;
import dev.misdirect.cli.serve.ProbeModules;
import dev.misdirect.cli.serve.ProbeServer;
import dev.misdirect.core.session.Engine;
import dev.misdirect.core.session.EnginePools;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus's own tools on what Misdirect writes for it: {@code promtool check metrics} (Prometheus's text parser and
 * its linter of names, units and help) on the file of {@code check --metrics} and on {@code serve}'s answers, and
 * {@code promtool check config}, {@code check rules} and {@code test rules} on the recipes in packaging/prometheus.
 */
@RequiresPrograms(RequiresPrograms.Program.PROMETHEUS)
class PrometheusRecipesInteropTest {
    private static final Path RECIPES = Path.of("packaging/prometheus").toAbsolutePath();

    @Test
    void the_metrics_file_of_a_verified_check_parses_and_passes_promtools_lint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("misdirect.prom");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), "check", "--lab", "tenants-wildcard", "--verify",
                "--metrics", file.toString(), "--vantage", "eu-west-1 \"rack\\2\"");
        assertThat(code).as(err.toString()).isEqualTo(1);
        String metrics = Files.readString(file);
        assertThat(metrics).contains("misdirect_pair_verdict{vantage=\"eu-west-1 \\\"rack\\\\2\\\"\",carrier=\"")
                .endsWith("# EOF\n");
        Promtool.Outcome lint = Promtool.checkMetrics(metrics);
        assertThat(lint.exit()).as(lint.output()).isZero();
        assertThat(lint.output()).isBlank();
    }

    @Test
    void the_probe_answers_and_the_endpoints_health_pass_promtools_lint() throws Exception {
        try (Labs labs = Labs.withDefaultCa(); EnginePools pools = EnginePools.forServer(8, 4);
             ProbeServer server = ProbeServer.start(new Engine(pools), Target.lab(labs.start("tenants-wildcard", false)),
                     ProbeModules.defaults(), new ProbeServer.Options(new InetSocketAddress(
                             InetAddress.getLoopbackAddress(), 0), 2, Optional.empty(), Duration.ofMillis(500)))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.address().getPort();
            for (String accept : new String[] {"application/openmetrics-text; version=1.0.0", "text/plain"}) {
                String probe = http.send(HttpRequest.newBuilder(URI.create(base
                                + "/probe?module=default&target=a.tenants.lab.test,b.tenants.lab.test"))
                        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString()).body();
                Promtool.Outcome lint = Promtool.checkMetrics(probe);
                assertThat(lint.exit()).as(accept + ":\n" + probe + lint.output()).isZero();
            }
            // Prometheus's text parser reads counters in the 0.0.4 form; Prometheus itself asks for OpenMetrics
            String health = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(health).contains("misdirect_serve_requests_total{");
            Promtool.Outcome lint = Promtool.checkMetrics(health);
            assertThat(lint.exit()).as(health + lint.output()).isZero();
        }
    }

    @Test
    void the_scrape_configuration_and_its_alert_rules_are_valid_for_prometheus() throws Exception {
        Promtool.Outcome config = Promtool.run("check", "config", RECIPES.resolve("prometheus.yml").toString());
        assertThat(config.exit()).as(config.output()).isZero();
        assertThat(config.output()).contains("SUCCESS").contains("4 rules found");
        Promtool.Outcome rules = Promtool.run("check", "rules", RECIPES.resolve("misdirect-alerts.yml").toString());
        assertThat(rules.exit()).as(rules.output()).isZero();
    }

    @Test
    void the_alerts_fire_for_a_421_a_misrouted_pair_and_an_expiring_certificate_and_not_for_a_clean_check(
            @TempDir Path dir) throws Exception {
        Path tests = dir.resolve("alerts-test.yml");
        Files.writeString(tests, """
                rule_files:
                  - %s
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'misdirect_misdirected_responses{job="misdirect",instance="a,b",authority="b.example:443"}'
                        values: '0 0 2 2'
                      - series: 'misdirect_misdirected_responses{job="misdirect",instance="a,b",authority="a.example:443"}'
                        values: '0 0 0 0'
                      - series: 'misdirect_pair_verdict{job="misdirect",instance="a,b",carrier="a.example:443",passenger="b.example:443",address="192.0.2.1",verdict="misrouted"}'
                        values: '1 1 1 1'
                      - series: 'misdirect_pair_verdict{job="misdirect",instance="a,b",carrier="b.example:443",passenger="a.example:443",address="192.0.2.1",verdict="shared-ok"}'
                        values: '1 1 1 1'
                      - series: 'misdirect_certificate_remaining_seconds{job="misdirect",instance="a,b",authority="a.example:443"}'
                        values: '432000x30'
                      - series: 'misdirect_certificate_remaining_seconds{job="misdirect",instance="a,b",authority="b.example:443"}'
                        values: '5184000x30'
                    alert_rule_test:
                      - eval_time: 1m
                        alertname: MisdirectedRequestSeen
                        exp_alerts: []
                      - eval_time: 2m
                        alertname: MisdirectedRequestSeen
                        exp_alerts:
                          - exp_labels: {severity: warning, job: misdirect, instance: "a,b", authority: "b.example:443"}
                            exp_annotations:
                              summary: "b.example:443 answered 421 Misdirected Request"
                              description: "The latest check of b.example:443 (vantage ) got 2 answers 421 Misdirected Request: a connection opened for another name carried its request and the origin refused it. Browsers and OkHttp retry silently; clients that do not (Safari, undici, .NET) show the error. Run `misdirect check` or `misdirect verify` on the names that share its address."
                      - eval_time: 1m
                        alertname: MisroutedPair
                        exp_alerts:
                          - exp_labels: {severity: critical, job: misdirect, instance: "a,b", carrier: "a.example:443", passenger: "b.example:443", address: "192.0.2.1"}
                            exp_annotations:
                              summary: "b.example:443 is misrouted on a.example:443's connection"
                              description: "Sent on the connection opened for a.example:443 to 192.0.2.1, the request for b.example:443 got another answer than on its own connection (another site's page, a 404, a reset). No client retries that. Make the server answer the name or refuse it with 421."
                      - eval_time: 10m
                        alertname: CertificateExpiringSoon
                        exp_alerts: []
                      - eval_time: 20m
                        alertname: CertificateExpiringSoon
                        exp_alerts:
                          - exp_labels: {severity: warning, job: misdirect, instance: "a,b", authority: "a.example:443"}
                            exp_annotations:
                              summary: "The certificate of a.example:443 expires within 14 days"
                              description: "The earliest notAfter of the certificates served for a.example:443 is 5d 0h 0m 0s away."
                """.formatted(RECIPES.resolve("misdirect-alerts.yml")));
        Promtool.Outcome outcome = Promtool.run("test", "rules", tests.toString());
        assertThat(outcome.exit()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("SUCCESS");
    }
}
