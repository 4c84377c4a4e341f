package dev.misdirect.cli;

import dev.misdirect.core.io.PlanSteps;
import dev.misdirect.core.session.Target;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.misdirect.core.io.CurlExporter;
import dev.misdirect.core.io.Redactor;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.net.ClientOptions;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.replay.ReplayEngine;
import dev.misdirect.core.replay.ReplayPlan;
import dev.misdirect.core.replay.ReplayProgress;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(180)
class ReplayExportsTest {
    private static final String SECRET_PLAN = "GET https://a.tenants.lab.test:{port}/?token=PLANTEDtok1 \"header=Authorization: Bearer PLANTEDbear2\" ;"
            + " GET https://b.tenants.lab.test:{port}/ \"header=Cookie: sid=PLANTEDcook3\" ; GET https://a.tenants.lab.test:{port}/";

    @Test
    void replay_writes_a_har_with_the_hidden_421_and_prints_curl_commands_without_secrets(@TempDir Path dir) throws Exception {
        Path har = dir.resolve("out.har");
        CliTest.Result r = CliTest.run("replay", "--lab", "tenants-wildcard", "--policy", "coalescing", "--plan", SECRET_PLAN,
                "--har", har.toString(), "--curl");
        assertThat(r.code()).as(r.err()).isZero();
        String harText = Files.readString(har);
        JsonNode entries = new ObjectMapper().readTree(harText).path("log").path("entries");
        assertThat(entries).hasSize(4);
        assertThat(entries.get(1).path("response").path("status").asInt()).isEqualTo(421);
        assertThat(entries.get(1).path("_hiddenByClient").asBoolean()).isTrue();
        assertThat(entries.get(1).path("_connectionId").asText()).isEqualTo(entries.get(0).path("_connectionId").asText());
        assertThat(entries.get(2).path("_connectionId").asText()).isNotEqualTo(entries.get(1).path("_connectionId").asText());
        assertThat(entries.get(0).path("serverIPAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(r.out()).contains("curl --silent --show-error --include --http2 --resolve", "-H 'Host: b.tenants.lab.test:",
                "--cacert '");
        String curlPart = r.out().substring(r.out().indexOf("#!/bin/sh"));
        for (String s : List.of("PLANTEDtok1", "PLANTEDbear2", "PLANTEDcook3")) {
            assertThat(harText).doesNotContain(s);
            assertThat(curlPart).doesNotContain(s);
        }
        assertThat(harText).contains("token=[REDACTED]");
    }

    @Test
    void har_connection_names_the_connection_not_the_port_and_import_keeps_each_retry_linked_to_its_421(@TempDir Path dir)
            throws Exception {
        Path har = dir.resolve("out.har");
        CliTest.Result r = CliTest.run("replay", "--lab", "tenants-wildcard", "--policy", "coalescing", "--har",
                har.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode entries = new ObjectMapper().readTree(Files.readString(har)).path("log").path("entries");
        java.util.Set<String> connections = new java.util.HashSet<>();
        for (JsonNode e : entries) {
            assertThat(e.path("connection").asText()).isEqualTo(e.path("_connectionId").asText())
                    .isNotEqualTo(e.path("_serverPort").asText());
            connections.add(e.path("connection").asText());
        }
        assertThat(connections).as("the lab's tenants share one port but used two connections").hasSize(2);

        dev.misdirect.core.io.ImportResult imported = new dev.misdirect.core.io.Importers().importFile(har);
        dev.misdirect.core.timeline.ConnectionTimeline t = imported.timeline();
        List<dev.misdirect.core.timeline.ConnectionTimeline.Bar> misdirected = t.bars().stream()
                .filter(dev.misdirect.core.timeline.ConnectionTimeline.Bar::misdirected).toList();
        assertThat(misdirected).isNotEmpty().allMatch(dev.misdirect.core.timeline.ConnectionTimeline.Bar::hidden);
        assertThat(t.bars()).filteredOn(b -> b.retryOf() >= 0)
                .extracting(dev.misdirect.core.timeline.ConnectionTimeline.Bar::retryOf)
                .containsExactlyInAnyOrderElementsOf(misdirected.stream()
                        .map(dev.misdirect.core.timeline.ConnectionTimeline.Bar::exchangeId).toList());
        assertThat(t.lanes()).hasSize(2);
        assertThat(imported.connectionsUnknown()).isEmpty();
        assertThat(imported.retriedMisdirectedUnknown()).as("Misdirect's own HAR records its hidden 421s").isEmpty();
    }

    @Test
    void no_redact_keeps_the_credentials_in_har_and_curl(@TempDir Path dir) throws Exception {
        Path har = dir.resolve("out.har");
        CliTest.Result r = CliTest.run("replay", "--lab", "tenants-wildcard", "--plan", SECRET_PLAN, "--har", har.toString(),
                "--curl", "--no-redact");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(har)).contains("PLANTEDbear2", "PLANTEDcook3", "PLANTEDtok1");
        assertThat(r.out()).contains("-H 'Authorization: Bearer PLANTEDbear2'", "?token=PLANTEDtok1'");
    }

    @Test
    void the_json_session_is_redacted_unless_no_redact() {
        CliTest.Result redacted = CliTest.run("replay", "--lab", "tenants-wildcard", "--plan", SECRET_PLAN, "--json");
        assertThat(redacted.code()).as(redacted.err()).isZero();
        assertThat(redacted.out()).contains("\"formatVersion\"").contains("[REDACTED]");
        for (String s : List.of("PLANTEDtok1", "PLANTEDbear2", "PLANTEDcook3")) {
            assertThat(redacted.out()).doesNotContain(s);
        }
        CliTest.Result kept = CliTest.run("replay", "--lab", "tenants-wildcard", "--plan", SECRET_PLAN, "--json", "--no-redact");
        assertThat(kept.code()).as(kept.err()).isZero();
        assertThat(kept.out()).contains("PLANTEDbear2", "PLANTEDcook3", "PLANTEDtok1");
    }

    @Test
    void curl_and_json_together_are_bad_usage() {
        CliTest.Result r = CliTest.run("replay", "--lab", "tenants-wildcard", "--json", "--curl");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--curl and --json");
    }

    @Test
    void step_headers_follow_repeats_of_the_plan() {
        ReplayPlan plan = ReplayPlan.parse("GET https://a.lab.test/ x2 \"header=X-A: 1\" ; GET https://b.lab.test/ ; "
                + "GET https://c.lab.test/ \"header=X-C: 3\"");
        assertThat(PlanSteps.headers(plan)).containsOnlyKeys(0, 1, 3).containsEntry(3, Map.of("X-C", "3"));
    }

    @Test
    void the_exported_curl_command_reproduces_the_misdirected_request_against_the_lab(@TempDir Path dir) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (RunningLab lab = new Lab(LabCa.open(dir.resolve("ca"))).start(Scenarios.byId("tenants-wildcard"), false)) {
            ReplayPlan plan = ReplayPlan.parse(lab.planText());
            ClientOptions client = ClientOptions.of(ConnectionPolicy.COALESCING).withRetry421(false);
            ReplayRun run = new ReplayEngine(executor).run(plan, Target.lab(lab).replayOptions(client), ReplayProgress.none());
            assertThat(run.misdirectedCount()).isEqualTo(1);
            List<String> commands = CurlExporter.commands(run, Optional.of(lab.caPemPath().toString()), Map.of(),
                    Redactor.secrets());
            String misdirected = commands.stream().filter(c -> c.contains("-H 'Host: b.tenants.lab.test")).findFirst()
                    .orElseThrow();
            String ok = commands.stream().filter(c -> c.contains("'https://b.tenants.lab.test:")).findFirst().orElse(commands.get(0));
            assertThat(runCurl(misdirected, dir)).contains("HTTP/2 421");
            assertThat(runCurl(ok, dir)).containsPattern("HTTP/2 (200|421)");
        } finally {
            executor.shutdownNow();
        }
    }

    /** Runs a curl command line (loopback only: --resolve pins it to the lab's 127.0.0.1) and returns its output. */
    private static String runCurl(String command, Path dir) throws Exception {
        Path script = dir.resolve("c.sh");
        Files.writeString(script, command.replace("curl ", "curl --max-time 20 ") + "\n");
        Process p = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
