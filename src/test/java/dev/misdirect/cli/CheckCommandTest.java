package dev.misdirect.cli;

import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Session;
import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** misdirect check against the in-process lab: derived expectations, expectation files, JUnit XML, exit codes. */
class CheckCommandTest {
    private static final Pattern LINE = Pattern.compile("^([✔✘]) ([a-z0-9.-]+):\\d+  (.*) — (.*)$", Pattern.MULTILINE);

    record Result(int code, String out, String err) {
        /** "host expectation-words" of every failed line. */
        Set<String> failed() {
            Set<String> out = new TreeSet<>();
            Matcher m = LINE.matcher(this.out);
            while (m.find()) {
                if (m.group(1).equals("✘")) {
                    out.add(m.group(2) + " " + m.group(3));
                }
            }
            return out;
        }

        long lines() {
            return LINE.matcher(out).results().count();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static final String COVERED = "the certificate covers the name on every address";
    private static final String STATUS = "GET answers 200";
    private static final String PARITY = "matching SNI and Host are answered (not 421) on every address";
    private static final String NO_421 = "no 421 when coalesced by real clients (coalescing) and IP-keyed proxy pools (ip-keyed)";

    static Stream<Arguments> brokenScenarios() {
        return Stream.of(
                Arguments.of("tenants-wildcard", Set.of("a.tenants.lab.test " + NO_421, "b.tenants.lab.test " + NO_421)),
                Arguments.of("vhost-tls-mismatch", Set.of("a.vhost.lab.test " + NO_421, "b.vhost.lab.test " + NO_421)),
                Arguments.of("ingress-missing-san", Set.of("b.ingress.lab.test " + COVERED,
                        "b.ingress.lab.test " + PARITY, "b.ingress.lab.test " + NO_421)),
                // the proxy's upstream pool is first used for a (checked first), so b is misdirected every time
                Arguments.of("ip-keyed-proxy", Set.of("b.proxy.lab.test " + STATUS, "b.proxy.lab.test " + PARITY,
                        "b.proxy.lab.test " + NO_421)),
                // the fix of vhost-client-auth still leaves an IP-keyed pool misdirected, so only coalescing is asked
                Arguments.of("vhost-client-auth", Set.of("b.nginx.lab.test no 421 when coalesced by real clients (coalescing)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenScenarios")
    void a_broken_scenario_fails_exactly_the_expectations_its_cause_breaks(String scenario, Set<String> failing) {
        Result r = run("check", "--lab", scenario);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(r.failed()).as(r.out()).isEqualTo(new TreeSet<>(failing));
        assertThat(r.lines()).isEqualTo(8);
        assertThat(r.out()).contains((8 - failing.size()) + " passed, " + failing.size() + " failed");
    }

    static Stream<Arguments> healthyVariants() {
        List<Arguments> all = new ArrayList<>();
        for (String id : Scenarios.ids()) {
            all.add(Arguments.of(id, true));
        }
        all.add(Arguments.of("healthy-separate-ips", false));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} fixed={1}")
    @MethodSource("healthyVariants")
    void the_healthy_control_and_every_fixed_variant_pass(String scenario, boolean fixed) {
        Result r = fixed ? run("check", "--lab", scenario, "--fixed") : run("check", "--lab", scenario);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.failed()).isEmpty();
        assertThat(r.out()).contains("8 passed, 0 failed");
    }

    @Test
    void junit_xml_of_a_failing_check_has_one_testcase_per_authority_and_expectation(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("reports/check.xml");
        Result r = run("check", "--lab", "tenants-wildcard", "--junit", xml.toString());
        assertThat(r.code()).isEqualTo(ExitCode.CHECK_FAILED);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(8);
        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(2);
        for (int i = 0; i < failures.getLength(); i++) {
            Element f = (Element) failures.item(i);
            Element testcase = (Element) f.getParentNode();
            assertThat(testcase.getAttribute("name")).isEqualTo("no-421-when-coalesced");
            assertThat(f.getAttribute("message")).containsPattern("coalescing after [ab]\\.tenants\\.lab\\.test:\\d+ on"
                    + " 127\\.0\\.0\\.1: 421: sent on the connection with SNI [ab]\\.tenants\\.lab\\.test");
        }
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void min_tls_fails_a_name_that_still_accepts_an_older_version_though_it_negotiates_the_newer(@TempDir Path dir)
            throws Exception {
        String bothTls13 = "authorities:\n  - authority: a.vhost.lab.test\n    min-tls: TLSv1.3\n"
                + "  - authority: b.vhost.lab.test\n    min-tls: TLSv1.3\n";
        Result r = run("check", "--lab", "vhost-tls-mismatch", "--expect", write(dir, "vhosts.yaml", bothTls13).toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(r.out()).containsPattern("✘ a\\.vhost\\.lab\\.test:\\d+  no TLS version older than TLSv1\\.3 "
                        + "accepted on any address — 127\\.0\\.0\\.1:\\d+: accepts TLSv1\\.2 \\+ TLSv1\\.3: TLSv1\\.2 is older than TLSv1\\.3")
                .containsPattern("✔ b\\.vhost\\.lab\\.test:\\d+  no TLS version older than TLSv1\\.3 accepted on any "
                        + "address — accepts TLSv1\\.3")
                .contains("1 passed, 1 failed");
    }

    @Test
    void an_expectations_file_is_checked_against_the_lab_origins(@TempDir Path dir) throws Exception {
        Path f = write(dir, "tenants.yaml", """
                authorities:
                  - authority: a.tenants.lab.test
                    must-not-share-with: b.tenants.lab.test
                    client: chromium-h2
                    min-tls: TLSv1.2
                    cert-valid-days: 30
                  - authority: b.tenants.lab.test
                    cert-valid-days: 3650
                    expect-status: 404
                """);
        Result r = run("check", "--lab", "tenants-wildcard", "--expect", f.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(r.out()).containsPattern("✔ a\\.tenants\\.lab\\.test:\\d+  no TLS version older than TLSv1\\.2 accepted on any address — accepts TLSv1\\.2 \\+ TLSv1\\.3")
                .containsPattern("✔ a\\.tenants\\.lab\\.test:\\d+  the certificate stays valid 30 more days")
                .containsPattern("✘ a\\.tenants\\.lab\\.test:\\d+  not sharing a connection with b\\.tenants\\.lab\\.test:\\d+ \\(chromium-h2\\) — Chromium \\(HTTP/2\\) would send b\\.tenants\\.lab\\.test:\\d+'s requests on a\\.tenants\\.lab\\.test:\\d+'s connection \\(421 risk possible\\)")
                .containsPattern("✘ b\\.tenants\\.lab\\.test:\\d+  the certificate stays valid 3650 more days on every address — 127\\.0\\.0\\.1:\\d+: valid until .*, fewer than 3650")
                .containsPattern("✘ b\\.tenants\\.lab\\.test:\\d+  GET answers 404 — GET https://b\\.tenants\\.lab\\.test:\\d+/: 200")
                .contains("2 passed, 3 failed");
    }

    @Test
    void must_not_share_with_holds_where_certificates_and_addresses_are_separate(@TempDir Path dir) throws Exception {
        Path f = write(dir, "healthy.json", """
                {"authorities": [
                  {"authority": "a.healthy.lab.test", "must-not-share-with": ["b.healthy.lab.test"]},
                  {"authority": "b.healthy.lab.test", "must-not-share-with": "a.healthy.lab.test", "client": "all"}]}
                """);
        Result r = run("check", "--lab", "healthy-separate-ips", "--expect", f.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("2 passed, 0 failed");
    }

    @Test
    void expect_status_sends_the_host_override_on_a_connection_with_the_authority_sni(@TempDir Path dir)
            throws Exception {
        Path f = write(dir, "mismatch.yaml", """
                authorities:
                  - authority: a.healthy.lab.test
                    host: b.healthy.lab.test
                    expect-status: 421
                  - authority: b.healthy.lab.test
                    expect-status: 200
                """);
        Result r = run("check", "--lab", "healthy-separate-ips", "--expect", f.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).containsPattern("✔ a\\.healthy\\.lab\\.test:\\d+  GET answers 421 — GET / answered 421")
                .contains("2 passed, 0 failed");
    }

    @Test
    void without_the_lab_names_resolve_by_override_and_an_extra_ca_is_trusted(@TempDir Path dir) throws Exception {
        try (RunningLab lab = new Lab(LabCa.openDefault()).start(Scenarios.byId("healthy-separate-ips"), false)) {
            Path f = write(dir, "live.yaml", """
                    defaults:
                      covered: true
                      expect-status: 200
                      sni-host-parity: true
                      no-421-when-coalesced: true
                    authorities:
                      - a.healthy.lab.test:%1$d resolve=127.0.0.11
                      - authority: b.healthy.lab.test:%1$d
                        resolve: 127.0.0.12
                    """.formatted(lab.port()));
            Result r = run("check", "--expect", f.toString(), "--cacert", lab.caPemPath().toString());
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
            assertThat(r.out()).contains("8 passed, 0 failed");
        }
    }

    @Test
    void json_prints_the_session_with_a_finding_per_failed_expectation() throws Exception {
        Result r = run("check", "--lab", "tenants-wildcard", "--json");
        assertThat(r.code()).isEqualTo(ExitCode.CHECK_FAILED);
        Session s = new SessionCodec().parse(r.out(), "check output");
        assertThat(s.labScenario()).contains("tenants-wildcard");
        assertThat(s.probes()).hasSize(2);
        assertThat(s.replays()).isNotEmpty();
        assertThat(s.findings().stream().map(Finding::title).filter(t -> t.startsWith("Expectation failed for")))
                .hasSize(2).allMatch(t -> t.endsWith("no-421-when-coalesced"));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("wrong type", "authorities:\n  - authority: a.tenants.lab.test\n    expect-status: \"200\"\n",
                        ":3:", "'expect-status' must be a whole number, not the string '200'"),
                Arguments.of("unknown key", "authorities:\n  - authority: a.tenants.lab.test\n    covered: true\n    sni-parity: true\n",
                        ":4:", "unknown key 'sni-parity' in an authority entry"),
                Arguments.of("bad authority line", "authorities:\n  - 'a.tenants.lab.test:0'\n", ":2:", "authority 'a.tenants.lab.test:0'"),
                Arguments.of("empty", "\n\n", ":1:", "the file is empty"),
                Arguments.of("YAML syntax error", "authorities:\n  - authority: a.tenants.lab.test\n    covered: [true\n",
                        ":3:", "YAML syntax error: while parsing a flow sequence: expected ',' or ']', but got <stream end>"),
                Arguments.of("a name the lab does not serve", "authorities:\n  - authority: www.example.com\n    covered: true\n",
                        ":2:", "authority www.example.com: not a name of lab scenario tenants-wildcard"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void a_bad_expectations_file_exits_2_with_line_and_reason(String label, String text, String line, String reason,
                                                              @TempDir Path dir) throws Exception {
        Path f = write(dir, "bad.yaml", text);
        Result r = run("check", "--lab", "tenants-wildcard", "--expect", f.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(f + line).contains(reason);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bad_usage_exits_2_with_the_reason(@TempDir Path dir) {
        assertThat(run("check").err()).contains("give --expect FILE, or --lab SCENARIO");
        assertThat(run("check").code()).isEqualTo(ExitCode.BAD_INPUT);
        Result fixed = run("check", "--expect", dir.resolve("x.yaml").toString(), "--fixed");
        assertThat(fixed.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(fixed.err()).contains("--fixed only applies with --lab");
        Result unknown = run("check", "--lab", "no-such-scenario");
        assertThat(unknown.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("'no-such-scenario' is not a lab scenario");
        Result missing = run("check", "--expect", dir.resolve("missing.yaml").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("missing.yaml: no such file");
    }

    @Test
    void nothing_reachable_exits_3(@TempDir Path dir) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path f = write(dir, "closed.yaml", "authorities:\n  - authority: 127.0.0.1:" + closed + "\n    covered: true\n");
        Result r = run("check", "--expect", f.toString(), "--timeout", "2");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.CANNOT_RUN);
        assertThat(r.err()).contains("nothing was reachable").contains("127.0.0.1:" + closed);
    }

    @Test
    void no_misroute_fails_where_another_site_answers_and_passes_once_every_server_serves_both(@TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("misroute.yaml");
        Files.writeString(f, """
                authorities:
                  - authority: a.default.lab.test
                    no-misroute: true
                  - authority: b.default.lab.test
                    no-misroute: true
                """, StandardCharsets.UTF_8);
        Result broken = run("check", "--lab", "default-vhost", "--expect", f.toString());
        assertThat(broken.code()).as(broken.err()).isEqualTo(ExitCode.CHECK_FAILED);
        assertThat(broken.failed()).containsExactly(
                "a.default.lab.test not misrouted on another name's connection (measured)",
                "b.default.lab.test not misrouted on another name's connection (measured)");
        assertThat(broken.out()).contains("'s connection @127.0.0.1: misrouted: another body");

        Result fixed = run("check", "--lab", "default-vhost", "--fixed", "--expect", f.toString());
        assertThat(fixed.code()).as(fixed.out() + fixed.err()).isEqualTo(ExitCode.OK);
        assertThat(fixed.out()).contains("measured on 1 other connection: never misrouted");
    }

    @Test
    void with_verify_no_421_when_coalesced_is_judged_by_what_the_server_answered_and_the_run_is_kept()
            throws Exception {
        Result r = run("check", "--lab", "tenants-wildcard", "--verify", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.CHECK_FAILED);
        Session s = new SessionCodec().parse(r.out(), "check");
        assertThat(s.verifications()).singleElement()
                .satisfies(v -> assertThat(v.count(PairVerdict.REFUSED_421)).isEqualTo(2));
        assertThat(s.findings()).filteredOn(x -> x.title().endsWith(": no-421-when-coalesced")).hasSize(2)
                .allSatisfy(x -> assertThat(x.details()).contains("'s connection @127.0.0.1: refused-421"));
    }
}
