package dev.misdirect.cli;

import dev.misdirect.lab.Lab;
import dev.misdirect.lab.LabCa;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.lab.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plants credentials in a replay plan, in imports (HAR, curl command, session file), in a probe URL and in an
 * expectations file, runs every command in every output format against the embedded lab (loopback only), and looks
 * for them in stdout, stderr and every file written: none may be there unless {@code --no-redact} was given.
 */
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsNeverLeakTest {
    /** What each planted value stands for; the values are unique so any trace of them is found. */
    static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static {
        SECRETS.put("Bearer token", "PLANTEDbearer1");
        SECRETS.put("Cookie", "PLANTEDcookie2");
        SECRETS.put("token= query", "PLANTEDtoken3");
        SECRETS.put("access_token= query", "PLANTEDaccess4");
        SECRETS.put("X-Api-Key", "PLANTEDapikey5");
        SECRETS.put("Proxy-Authorization", "PLANTEDproxy6");
        SECRETS.put("form body password", "PLANTEDpassword7");
        SECRETS.put("URL user-info", "PLANTEDuserinfo8");
        SECRETS.put("X-Token", "PLANTEDxtoken9");
        SECRETS.put("JSON body password", "PLANTEDjsonpw10");
    }

    /** Every planted value is one of these: a leak is any of them, or a piece of one, in any output. */
    private static final String MARK = "PLANTED";

    /** Two POSTs carrying every secret (the form body is nothing but password=...), then a GET with a token. */
    static final String PLAN = String.join("\n",
            "POST https://u:PLANTEDuserinfo8@a.tenants.lab.test:{port}/login?token=PLANTEDtoken3&access_token=PLANTEDaccess4"
                    + " \"header=Authorization: Bearer PLANTEDbearer1\" \"header=Cookie: sid=PLANTEDcookie2\""
                    + " \"header=X-Api-Key: PLANTEDapikey5\" \"header=Proxy-Authorization: Basic PLANTEDproxy6\""
                    + " \"header=X-Token: PLANTEDxtoken9\" \"body=password=PLANTEDpassword7\"",
            "POST https://b.tenants.lab.test:{port}/api \"header=Content-Type: application/json\""
                    + " \"body={\\\"user\\\":\\\"u\\\",\\\"password\\\":\\\"PLANTEDjsonpw10\\\"}\"",
            "GET https://a.tenants.lab.test:{port}/?token=PLANTEDtoken3");

    /** A copied curl command with every header secret, the query tokens, user-info and a form password. */
    static final String CURL = "curl 'https://u:PLANTEDuserinfo8@a.tenants.lab.test:8443/login?token=PLANTEDtoken3"
            + "&access_token=PLANTEDaccess4' -H 'Authorization: Bearer PLANTEDbearer1' -H 'Cookie: sid=PLANTEDcookie2'"
            + " -H 'X-Api-Key: PLANTEDapikey5' -H 'Proxy-Authorization: Basic PLANTEDproxy6' -H 'X-Token: PLANTEDxtoken9'"
            + " --data-raw 'password=PLANTEDpassword7' --resolve a.tenants.lab.test:8443:127.0.0.1\n";

    @TempDir
    Path dir;

    RunningLab lab;
    Path planFile;

    /** Every run and the files it wrote, to be searched. */
    private final List<Run> runs = new ArrayList<>();

    record Run(List<String> args, int code, String out, String err, List<Path> files) {
        String label() {
            return String.join(" ", args);
        }
    }

    @BeforeAll
    void startLab() throws Exception {
        lab = new Lab(LabCa.openDefault()).start(Scenarios.find("tenants-wildcard").orElseThrow(), false);
    }

    @AfterAll
    void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Runs a command that must complete (exit 0, or 1 for a failed check) and remembers what it printed and wrote. */
    private Run run(List<Path> files, String... args) {
        Run run = record(files, args);
        assertThat(run.code()).as("%s: %s", run.label(), run.err()).isIn(ExitCode.OK, ExitCode.CHECK_FAILED);
        return run;
    }

    /** Runs a command whose input is refused (exit 2): its message names the input, so it must be filtered too. */
    private Run refused(String... args) {
        Run run = record(List.of(), args);
        assertThat(run.code()).as("%s: %s", run.label(), run.out()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("[REDACTED]");
        return run;
    }

    private Run record(List<Path> files, String... args) {
        CliTest.Result r = CliTest.run(args);
        Run run = new Run(List.of(args), r.code(), r.out(), r.err(), files);
        runs.add(run);
        return run;
    }

    private Run run(String... args) {
        return run(List.of(), args);
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    /** A URL of the running lab carrying the query tokens (an authority refuses user-info: see the refused runs). */
    private String secretUrl() {
        return "https://a.tenants.lab.test:" + lab.port() + "/login?token=PLANTEDtoken3&access_token=PLANTEDaccess4";
    }

    private String[] labTrust() {
        return new String[]{"--resolve", "a.tenants.lab.test:" + lab.port() + ":127.0.0.1",
                "--resolve", "b.tenants.lab.test:" + lab.port() + ":127.0.0.1", "--cacert", lab.caPemPath().toString()};
    }

    /** The command line followed by the lab's CA ({@code check} names addresses in its expectations file). */
    private String[] withCa(String... args) {
        return Stream.concat(Stream.of(args), Stream.of("--cacert", lab.caPemPath().toString())).toArray(String[]::new);
    }

    /** The command line followed by the options that point it at the running lab (names, CA). */
    private String[] withLab(String... args) {
        return Stream.concat(Stream.of(args), Stream.of(labTrust())).toArray(String[]::new);
    }

    /** Inputs that carry every secret, made with --no-redact (what a user who opted in would have saved). */
    private record Inputs(Path session, Path probeSession, Path har, Path curl, Path expectations) {
    }

    private Inputs inputs() throws IOException {
        planFile = file("plan.txt");
        Files.writeString(planFile, PLAN);
        Path session = file("secret-session.json");
        Run saved = run("replay", "--lab", "tenants-wildcard", "--plan-file", planFile.toString(), "--json", "--no-redact");
        assertThat(saved.code()).as(saved.err()).isZero();
        Files.writeString(session, saved.out());
        Path har = file("secret.har");
        Run exported = run("replay", "--lab", "tenants-wildcard", "--plan-file", planFile.toString(), "--har", har.toString(),
                "--no-redact");
        assertThat(exported.code()).as(exported.err()).isZero();
        Path probeSession = file("secret-probe.json");
        Run probed = run(withLab("probe", secretUrl(), "--json", "--no-redact"));
        Files.writeString(probeSession, probed.out());
        Path curl = file("curl.txt");
        Files.writeString(curl, CURL);
        Path expectations = file("expect.yaml");
        Files.writeString(expectations, "authorities:\n  - authority: " + secretUrl()
                + " resolve=127.0.0.1\n    covered: true\n    expect-status: 200\n");
        // the inputs really carry the secrets, or finding none later would prove nothing
        assertThat(Files.readString(session)).contains("PLANTEDbearer1", "PLANTEDcookie2", "PLANTEDtoken3", "PLANTEDaccess4",
                "PLANTEDapikey5", "PLANTEDproxy6", "PLANTEDpassword7", "PLANTEDuserinfo8", "PLANTEDxtoken9", "PLANTEDjsonpw10");
        assertThat(Files.readString(probeSession)).contains("PLANTEDtoken3", "PLANTEDaccess4");
        assertThat(Files.readString(har)).contains("PLANTEDbearer1", "PLANTEDcookie2", "PLANTEDtoken3", "PLANTEDapikey5",
                "PLANTEDproxy6", "PLANTEDxtoken9");
        runs.clear(); // those runs asked for the secrets
        return new Inputs(session, probeSession, har, curl, expectations);
    }

    @Test
    void no_command_in_any_output_format_prints_or_writes_a_planted_secret() throws Exception {
        Inputs in = inputs();
        String plan = planFile.toString();

        // replay: text, --json, --curl, --har, every policy, retry on and off
        for (String policy : List.of("coalescing", "isolated", "ip-keyed")) {
            run("replay", "--lab", "tenants-wildcard", "--policy", policy, "--plan-file", plan);
        }
        run("replay", "--lab", "tenants-wildcard", "--policy", "ip-keyed", "--no-retry-421", "--plan", PLAN.replace("\n", " ; "));
        run("replay", "--lab", "tenants-wildcard", "--plan-file", plan, "--json");
        Path har = file("out.har");
        run(List.of(har), "replay", "--lab", "tenants-wildcard", "--plan-file", plan, "--curl", "--har", har.toString());
        run(withLab("replay", secretUrl(), "b.tenants.lab.test:" + lab.port()));

        // import: HAR, curl command, session file; text, --json, -o
        for (Path f : List.of(in.har(), in.curl(), in.session(), in.probeSession())) {
            run("import", f.toString());
            run("import", f.toString(), "--json");
            Path saved = file("imported-" + f.getFileName() + ".json");
            run(List.of(saved), "import", f.toString(), "-o", saved.toString());
        }

        // report: every format, to stdout and to a file, with --pem, of the replay and of the probe
        for (Path session : List.of(in.session(), in.probeSession())) {
            for (String format : List.of("html", "md", "json")) {
                run("report", session.toString(), "--format", format);
                String name = session.getFileName() + "." + format;
                Path out = file("report-" + name);
                Path pem = file("certs-" + name + ".pem");
                run(List.of(out, pem), "report", session.toString(), "--format", format, "-o", out.toString(),
                        "--pem", pem.toString());
            }
        }

        // probe and predict with a URL carrying query tokens: text and --json, and predict of a saved probe
        run(withLab("probe", secretUrl()));
        run(withLab("probe", secretUrl(), "--json"));
        run(withLab("predict", secretUrl(), "b.tenants.lab.test:" + lab.port()));
        run(withLab("predict", secretUrl(), "b.tenants.lab.test:" + lab.port(), "--json"));
        run("predict", "--session", in.probeSession().toString());
        run("predict", "--session", in.probeSession().toString(), "--json");

        // check: text, --json, --junit, against the lab and against the expectations file with a secret URL
        Path junit = file("check.xml");
        run(List.of(junit), "check", "--lab", "tenants-wildcard", "--junit", junit.toString());
        Path junit2 = file("check2.xml");
        run(List.of(junit2), withCa("check", "--expect", in.expectations().toString(), "--junit", junit2.toString()));
        Path junit3 = file("check3.xml");
        run(List.of(junit3), withCa("check", "--expect", in.expectations().toString(), "--json", "--junit",
                junit3.toString()));

        // lab: the scenario list (lab start runs until Ctrl-C; its request log goes to the same filtered stderr)
        run("lab", "list");

        // a refused input is echoed in its message (user-info is refused in an authority): the message is filtered too
        refused("probe", "https://u:PLANTEDuserinfo8@bad host!/?token=PLANTEDtoken3");
        refused(withLab("probe", "https://u:PLANTEDuserinfo8@a.tenants.lab.test:" + lab.port() + "/?token=PLANTEDtoken3"));
        refused("replay", "--plan", "GET https://u:PLANTEDuserinfo8@a.example/?token=PLANTEDtoken3 \"header=X-Token\"");

        assertThat(runs).hasSizeGreaterThan(30);
        List<String> leaks = new ArrayList<>();
        for (Run r : runs) {
            if (r.out().contains(MARK)) {
                leaks.add(r.label() + " (stdout): " + around(r.out()));
            }
            if (r.err().contains(MARK)) {
                leaks.add(r.label() + " (stderr): " + around(r.err()));
            }
            for (Path f : r.files()) {
                assertThat(f).as("%s wrote %s", r.label(), f).exists();
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (text.contains(MARK)) {
                    leaks.add(r.label() + " (" + f.getFileName() + "): " + around(text));
                }
            }
        }
        assertThat(leaks).as("secrets printed or written without --no-redact").isEmpty();
    }

    @Test
    void each_planted_secret_is_masked_where_it_was_printed() throws Exception {
        inputs();
        Run replay = run("replay", "--lab", "tenants-wildcard", "--plan-file", planFile.toString());
        assertThat(replay.code()).as(replay.err()).isZero();
        String planLine = replay.out().lines().filter(l -> l.startsWith("plan: ")).findFirst().orElseThrow();
        assertThat(planLine).contains("https://[REDACTED]@a.tenants.lab.test", "token=[REDACTED]&access_token=[REDACTED]",
                "Authorization: [REDACTED]", "Cookie: [REDACTED]", "X-Api-Key: [REDACTED]", "Proxy-Authorization: [REDACTED]",
                "X-Token: [REDACTED]", "body=password=[REDACTED]", "\\\"password\\\":\\\"[REDACTED]\\\"")
                .doesNotContain(MARK);
    }

    @Test
    void include_secrets_keeps_them_exactly_where_it_was_asked() throws Exception {
        Inputs in = inputs();
        Kept all = new Kept();
        Run replay = run("replay", "--lab", "tenants-wildcard", "--plan-file", planFile.toString(), "--no-redact");
        all.expectAll("replay text", replay.out());
        Run importJson = run("import", in.session().toString(), "--json", "--no-redact");
        all.expectAll("import --json of a session", importJson.out());
        Path saved = file("kept.json");
        run("import", in.curl().toString(), "-o", saved.toString(), "--no-redact");
        assertThat(Files.readString(saved)).contains("PLANTEDtoken3", "PLANTEDaccess4", "PLANTEDuserinfo8");
        Run probe = run(withLab("probe", secretUrl(), "--json", "--no-redact"));
        assertThat(probe.out()).as(probe.err()).contains("PLANTEDtoken3", "PLANTEDaccess4");
        Run predict = run(withLab("predict", secretUrl(), "--json", "--no-redact"));
        assertThat(predict.out()).as(predict.err()).contains("PLANTEDtoken3", "PLANTEDaccess4");
        Path junit = file("kept.xml");
        Run check = run(withCa("check", "--expect", in.expectations().toString(), "--junit", junit.toString(),
                "--no-redact"));
        assertThat(check.out() + Files.readString(junit)).as(check.err()).contains("PLANTEDtoken3");
        Path report = file("kept.md");
        run("report", in.session().toString(), "--format", "md", "-o", report.toString(), "--no-redact");
        all.expectAll("report md", Files.readString(report));
        assertThat(importJson.err()).contains("--no-redact: the output keeps credentials; do not share it");
        // the same commands without the option keep nothing: the option, not the command, decides
        Run again = run("import", in.session().toString(), "--json");
        assertThat(again.out()).doesNotContain(MARK);
        assertThat(again.err()).doesNotContain("keeps credentials");
    }

    @Test
    void check_junit_is_written_atomically_owner_only_and_redacted() throws Exception {
        Inputs in = inputs();
        Path junit = file("reports/check.xml");
        Files.createDirectories(junit.getParent());
        Files.writeString(junit, "old");
        Files.setPosixFilePermissions(junit, PosixFilePermissions.fromString("rw-r--r--"));
        Run check = run(withCa("check", "--expect", in.expectations().toString(), "--junit", junit.toString()));
        assertThat(check.code()).as(check.err()).isIn(ExitCode.OK, ExitCode.CHECK_FAILED);
        String xml = Files.readString(junit);
        assertThat(xml).startsWith("<?xml").contains("<testsuites").doesNotContain(MARK).contains("token=[REDACTED]");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(junit))).isEqualTo("rw-------");
        try (Stream<Path> left = Files.list(junit.getParent())) {
            assertThat(left).as("no temporary file is left beside it").containsExactly(junit);
        }
    }

    private static String around(String text) {
        int i = text.indexOf(MARK);
        return text.substring(Math.max(0, i - 80), Math.min(text.length(), i + 40)).replace('\n', '⏎');
    }

    /** Checks that a text keeps every planted secret the source carried. */
    private static final class Kept {
        void expectAll(String what, String text) {
            for (Map.Entry<String, String> e : SECRETS.entrySet()) {
                assertThat(text).as("%s keeps the %s", what, e.getKey()).contains(e.getValue());
            }
        }
    }
}
