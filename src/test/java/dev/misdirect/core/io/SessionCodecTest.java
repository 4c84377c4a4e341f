package dev.misdirect.core.io;

import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.model.AttemptRecord;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.CoalescingPrediction;
import dev.misdirect.core.model.Endpoint;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.HandshakeStatus;
import dev.misdirect.core.model.HostKind;
import dev.misdirect.core.model.HttpsRecord;
import dev.misdirect.core.model.HttpsRecords;
import dev.misdirect.core.model.LineProblem;
import dev.misdirect.core.model.MisdirectRisk;
import dev.misdirect.core.model.PairDecision;
import dev.misdirect.core.model.PhaseTimings;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.PairAnswer;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.PairVerification;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.VerifyRun;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.model.StepOutcome;
import dev.misdirect.core.model.TrustVerdict;
import dev.misdirect.core.timeline.ServerView;
import dev.misdirect.core.timeline.TimelineEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionCodecTest {
    private final SessionCodec codec = new SessionCodec();

    static final List<TimelineEvent> EVERY_EVENT = List.of(
            new TimelineEvent.DnsResolved(1, 20, "a.lab.test", List.of("127.0.0.11", "::1"), "lab name map"),
            new TimelineEvent.ConnectStarted(30, 1, "127.0.0.11", 8443),
            new TimelineEvent.ConnectFailed(31, 2, "127.0.0.12", 8443, "connection refused"),
            new TimelineEvent.ConnectionOpened(90, 1, "127.0.0.11", 8443, 50123, Optional.of("a.lab.test"), "h2",
                    Optional.of("TLSv1.3"), Optional.empty(), 30, 40, 90),
            new TimelineEvent.ConnectionAcquired(91, 1, 1, "b.lab.test", true, "coalesced: IP pool match"),
            new TimelineEvent.RequestSent(92, 1, 1, 0, 1, "GET", "b.lab.test", "/"),
            new TimelineEvent.ResponseReceived(120, 1, 1, 421, "h2"),
            new TimelineEvent.Misdirected(121, 1, 1, "b.lab.test", Optional.of("a.lab.test"), true),
            new TimelineEvent.RetryScheduled(122, 1, 2, "421 on a coalesced connection"),
            new TimelineEvent.ExchangeFailed(150, 3, TimelineEvent.UNKNOWN, "stream reset"),
            new TimelineEvent.ServerObserved(151, 1, new ServerView("tenant-router 127.0.0.11:8443", 50123,
                    Optional.of("a.lab.test"), "h2", "b.lab.test", "/", 421, "SNI a.lab.test != Host b.lab.test")),
            new TimelineEvent.Note(160, 1, "imported from a HAR"),
            new TimelineEvent.ConnectionClosed(200, 1, "pool evicted"),
            new TimelineEvent.ConnectionReleased(210, 2, 1));

    static CertificateInfo cert() {
        return new CertificateInfo("CN=a.lab.test", "CN=Lab CA", "0a1b", List.of("a.lab.test", "*.tenants.lab.test"),
                List.of("127.0.0.11"), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"),
                "EC", 256, "SHA256withECDSA", "AB:CD", "pin=", false, false,
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    }

    static Session fullSession() {
        Authority a = new Authority("xn--bcher-kva.example", "bücher.example", HostKind.DNS, 8443, "/x",
                List.of("127.0.0.11"), Optional.of("a.lab.test"), false, Optional.of("b.lab.test"), List.of("t1"));
        Authority b = Authority.of("::1", 443);
        AuthoritySet set = new AuthoritySet(List.of(a, b), List.of(new LineProblem(3, "bad:port", "port is not a number")),
                List.of("line 4 repeats ::1"));
        Handshake ok = new Handshake(a.key(), new Endpoint("127.0.0.11", 8443), Optional.of("a.lab.test"), HandshakeStatus.OK,
                "handshake ok", Optional.of("TLSv1.3"), Optional.of("TLS_AES_128_GCM_SHA256"), Optional.of("h2"),
                List.of(cert()), TrustVerdict.UNKNOWN_ISSUER, "issuer not trusted", List.of(), true,
                List.of("CN=Client CA"), Optional.of(Boolean.TRUE), new PhaseTimings(12, 340, 5600))
                .withTlsSettings(new dev.misdirect.core.model.TlsSettings(List.of("TLSv1.2", "TLSv1.3"), List.of("TLSv1.3"),
                        List.of(), List.of(), dev.misdirect.core.model.ClientCertMode.REQUESTED, List.of("h2", "http/1.1"),
                        List.of("h2"), 4));
        Handshake refused = new Handshake(b.key(), new Endpoint("::1", 443), Optional.empty(), HandshakeStatus.REFUSED,
                "connection refused", Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                TrustVerdict.NOT_CHECKED, "no handshake", List.of(), false, List.of(), Optional.empty(),
                new PhaseTimings(PhaseTimings.NOT_MEASURED, 80, PhaseTimings.NOT_MEASURED));
        ProbeResult r1 = new ProbeResult(a, List.of("127.0.0.11"), "resolve override", Optional.empty(), 12, List.of(ok));
        ProbeResult r2 = new ProbeResult(b, List.of("::1"), "literal", Optional.of("none"), -1, List.of(refused));
        Finding f = new Finding(FindingCause.COALESCING_PRECONDITION, Severity.WARNING, "shared", "d", "e", "fix",
                List.of(a.key(), b.key()));
        CoalescingPrediction p = new CoalescingPrediction("chromium-h2", "Chromium (HTTP/2)", List.of(List.of(a.key(), b.key())),
                List.of(new PairDecision(a.key(), b.key(), true, "same IP", MisdirectRisk.LIKELY, "Apache 421")),
                "retries once");
        ReplayRun run = new ReplayRun("GET a\nGET b", ConnectionPolicy.COALESCING, true, false, Optional.of("apache"), false,
                Instant.parse("2026-11-27T10:00:00.123456Z"),
                List.of(new StepOutcome(0, "GET", "https://b.lab.test/", b.key(), 200,
                        List.of(new AttemptRecord(1, 1, Optional.of("a.lab.test"), "b.lab.test", 421, true,
                                Optional.of(new ServerView("o", 1, Optional.empty(), "h2", "b", "/", 421, "r"))),
                                new AttemptRecord(2, 2, Optional.empty(), "b.lab.test", 200, false, Optional.empty())),
                        Optional.empty())),
                EVERY_EVENT, List.of(f));
        return new Session(1, "Tenant 421", Instant.parse("2026-11-27T09:00:00Z"), set, Optional.of("apache"),
                List.of(r1, r2), List.of(p), List.of(run), List.of(f), "notes\nwith two lines", List.of(verifyRun()));
    }

    private static VerifyRun verifyRun() {
        PairAnswer own = new PairAnswer("b.lab.test", "b.lab.test", 200, Optional.of("h2"),
                Map.of("content-type", "text/plain"), Optional.of("ab12"), 12, 40001, 900, Optional.empty());
        PairAnswer carried = new PairAnswer("a.lab.test", "b.lab.test", 404, Optional.of("h2"), Map.of(),
                Optional.of("cd34"), 9, 40000, 700, Optional.empty());
        return new VerifyRun("GET", "/", 2500, 5, Optional.of("sni-passthrough"), false,
                Instant.parse("2026-11-27T09:05:00Z"), 12_000, false, List.of(
                new PairVerification("a.lab.test:443", "b.lab.test:443", "127.0.0.1", PairVerdict.MISROUTED, "404",
                        Optional.of(carried), List.of(own, own), List.of("status 404 instead of 200"), List.of("okhttp")),
                new PairVerification("b.lab.test:443", "a.lab.test:443", "127.0.0.1", PairVerdict.UNTESTED, "budget",
                        Optional.empty(), List.of(), List.of(), List.of())));
    }

    @Test
    void a_full_session_with_every_timeline_event_type_round_trips_equal() throws Exception {
        Session s = fullSession();
        String json = codec.toJson(s);
        Session back = codec.read(new StringReader(json));
        assertThat(back).isEqualTo(s);
        assertThat(back.replays().get(0).events()).hasSize(TimelineEvent.class.getPermittedSubclasses().length);
    }

    @Test
    void every_permitted_timeline_event_subtype_is_in_the_round_trip_set() {
        Set<Class<?>> covered = EVERY_EVENT.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(TimelineEvent.class.getPermittedSubclasses());
    }

    @Test
    void timeline_events_carry_a_type_property_and_derived_accessors_are_not_written() throws Exception {
        String json = codec.toJson(fullSession());
        assertThat(json).contains("\"type\" : \"misdirected\"").contains("\"type\" : \"dnsResolved\"");
        assertThat(json).contains("\"formatVersion\" : 1");
        assertThat(json).doesNotContain("\"ipLiteral\"").doesNotContain("\"empty\"").doesNotContain("\"key\"");
        assertThat(json).contains("\"createdAt\" : \"2026-11-27T09:00:00Z\"");
    }

    @Test
    void write_is_atomic_to_the_path_and_readable_by_the_owner_only(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.misdirect.json");
        Files.writeString(file, "old");
        codec.write(fullSession(), file);
        assertThat(codec.read(file)).isEqualTo(fullSession());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("s.misdirect.json");
        }
    }

    @Test
    void a_file_streamed_to_disk_holds_the_redacted_document_that_to_json_gives_and_a_newline(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("s.misdirect.json");
        Session planted = dev.misdirect.core.report.SampleSessions.withSecrets();
        codec.write(planted, file);
        assertThat(Files.readString(file)).isEqualTo(codec.toJson(planted) + "\n");
        for (String secret : dev.misdirect.core.report.SampleSessions.PLANTED) {
            assertThat(Files.readString(file)).doesNotContain(secret);
        }
    }

    @Test
    void a_newer_format_version_is_refused_naming_both_versions() {
        String json = codec.toJson(fullSession()).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7");
        assertThatThrownBy(() -> codec.read(new StringReader(json)))
                .isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("version 7").hasMessageContaining("up to version 1").hasMessageContaining("newer");
    }

    @Test
    void a_truncated_document_is_reported_with_line_and_column(@TempDir Path dir) throws Exception {
        String json = codec.toJson(fullSession());
        Path file = dir.resolve("cut.json");
        Files.writeString(file, json.substring(0, json.length() / 2));
        assertThatThrownBy(() -> codec.read(file))
                .isInstanceOf(SessionFormatException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("truncated")
                .satisfies(e -> assertThat(((SessionFormatException) e).line()).isNotEmpty());
    }

    @Test
    void corrupt_json_is_reported_with_line_and_column() {
        assertThatThrownBy(() -> codec.read(new StringReader("{\n  \"formatVersion\": 1,\n  oops\n}")))
                .isInstanceOf(SessionFormatException.class)
                .hasMessageStartingWith("input:3:")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void a_wrong_field_type_is_reported_with_its_path_and_position() {
        String json = "{\n\"formatVersion\": 1,\n\"title\": \"t\",\n\"createdAt\": \"2026-01-01T00:00:00Z\",\n"
                + "\"probes\": \"not a list\"\n}";
        assertThatThrownBy(() -> codec.read(new StringReader(json)))
                .isInstanceOf(SessionFormatException.class)
                .hasMessageStartingWith("input:5:")
                .hasMessageContaining("probes");
    }

    @Test
    void empty_input_and_non_object_documents_are_refused_clearly() {
        assertThatThrownBy(() -> codec.read(new StringReader("  \n")))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> codec.read(new StringReader("[1,2]")))
                .hasMessageContaining("expected a JSON object, found array");
        assertThatThrownBy(() -> codec.read(new StringReader("{\"log\":{}}")))
                .hasMessageContaining("no integer \"formatVersion\"");
    }

    @Test
    void fields_added_later_within_version_1_are_ignored_by_this_reader() throws Exception {
        String json = codec.toJson(fullSession()).replaceFirst("\\{", "{\n  \"addedLater\" : {\"x\": [1, 2]},");
        assertThat(codec.read(new StringReader(json))).isEqualTo(fullSession());
    }

    @Test
    void a_missing_file_is_named_in_the_error(@TempDir Path dir) {
        Path file = dir.resolve("nope.json");
        assertThatThrownBy(() -> codec.read(file)).hasMessage(file + ": no such file");
    }

    @Test
    void a_minimal_document_reads_with_empty_lists_and_absent_optionals() throws Exception {
        Session s = codec.read(new StringReader("{\"formatVersion\":1,\"title\":\"t\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                + "\"authoritySet\":{\"authorities\":[]},\"notes\":\"\"}"));
        assertThat(s.probes()).isEmpty();
        assertThat(s.replays()).isEmpty();
        assertThat(s.verifications()).as("a document from before verify").isEmpty();
        assertThat(s.labScenario()).isEmpty();
        assertThat(s.authoritySet().problems()).isEmpty();
    }

    @Test
    void a_handshake_written_before_the_settings_pass_reads_without_settings() throws Exception {
        String json = codec.toJson(fullSession());
        assertThat(json).contains("\"clientCertificate\" : \"REQUESTED\"").contains("\"acceptedVersions\" : [ \"TLSv1.3\" ]");
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(json);
        tree.get("probes").forEach(p -> p.get("handshakes").forEach(h ->
                ((com.fasterxml.jackson.databind.node.ObjectNode) h).remove("tlsSettings")));
        Session old = codec.parse(m.writeValueAsString(tree), "old.json");
        assertThat(old.probes()).allSatisfy(p -> assertThat(p.handshakes())
                .allSatisfy(h -> assertThat(h.tlsSettings()).isEmpty()));
        assertThat(codec.parse(json, "new.json").probes().get(0).handshakes().get(0).tlsSettings())
                .isEqualTo(fullSession().probes().get(0).handshakes().get(0).tlsSettings());
    }

    @Test
    void https_records_round_trip_and_a_probe_written_before_them_reads_as_not_asked() throws Exception {
        HttpsRecords served = HttpsRecords.found("_8443._https.a.example", "DNS server 127.0.0.45:53", List.of(
                new HttpsRecord(1, ".", List.of("h3", "h2"), true, Optional.of(8443), List.of("127.0.0.11"),
                        List.of("::1"), Optional.of(72)),
                new HttpsRecord(2, "alt.example.", List.of(), false, Optional.empty(), List.of(), List.of(),
                        Optional.empty())));
        Session full = fullSession();
        List<ProbeResult> probes = new java.util.ArrayList<>(full.probes());
        probes.set(0, probes.get(0).withHttpsRecords(Optional.of(served)));
        probes.set(1, probes.get(1).withHttpsRecords(Optional.of(HttpsRecords.unknown("b.example", "system nameservers "
                + "10.0.0.53:53", "system nameservers 10.0.0.53:53 answered the HTTPS query for b.example with SERVFAIL"))));
        Session withRecords = full.withProbes(probes, full.findings());

        String json = codec.toJson(withRecords);
        assertThat(json).contains("\"httpsRecords\"").contains("\"echBytes\" : 72").contains("\"outcome\" : \"UNKNOWN\"");
        Session back = codec.parse(json, "new.json");
        assertThat(back.probes().get(0).httpsRecords()).contains(served);
        assertThat(back.probes().get(1).httpsRecords()).hasValueSatisfying(h ->
                assertThat(h.outcome()).isEqualTo(HttpsRecords.Outcome.UNKNOWN));

        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(json);
        tree.get("probes").forEach(p -> ((com.fasterxml.jackson.databind.node.ObjectNode) p).remove("httpsRecords"));
        Session old = codec.parse(m.writeValueAsString(tree), "old.json");
        assertThat(old.probes()).allSatisfy(p -> assertThat(p.httpsRecords()).isEmpty());
    }

    @Test
    void a_misrouted_server_view_round_trips_and_one_written_before_the_flag_reads_as_not_misrouted() throws Exception {
        ServerView misrouted = new ServerView("passthrough 127.0.0.1:4443", 50200, Optional.of("a.example"), "h2",
                "b.example", "/", 404, "no route", true);
        Session s = Session.of("misroute", AuthoritySet.of(List.of()), Instant.parse("2026-11-27T10:00:00Z"))
                .withReplay(new ReplayRun("GET https://b.example/", ConnectionPolicy.COALESCING, true, false,
                        Optional.of("sni-passthrough"), false, Instant.parse("2026-11-27T10:00:00Z"), List.of(),
                        List.of(new TimelineEvent.ServerObserved(10, 1, misrouted)), List.of()));
        String json = codec.toJson(s);
        assertThat(((TimelineEvent.ServerObserved) codec.parse(json, "new.json").replays().get(0).events().get(0))
                .view().misrouted()).isTrue();

        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode tree = m.readTree(json);
        tree.findParents("clientPort").forEach(v -> ((com.fasterxml.jackson.databind.node.ObjectNode) v).remove("misrouted"));
        assertThat(m.writeValueAsString(tree)).doesNotContain("\"misrouted\"");
        Session old = codec.parse(m.writeValueAsString(tree), "old.json");
        assertThat(((TimelineEvent.ServerObserved) old.replays().get(0).events().get(0)).view().misrouted()).isFalse();
    }

    @Test
    void a_replay_records_the_proxy_and_dns_server_it_went_through_and_one_written_before_reads_as_direct()
            throws Exception {
        Session full = fullSession();
        Optional<dev.misdirect.core.model.MeasuredThrough> via = dev.misdirect.core.model.MeasuredThrough.of(
                Optional.of("proxy.corp.example:3128"), Optional.of("[2001:db8::53]:53"));
        Session through = full.withReplay(full.replays().get(0).withThrough(via));

        String json = codec.toJson(through);
        assertThat(json).contains("\"proxy\" : \"proxy.corp.example:3128\"").contains("\"dnsServer\" : \"[2001:db8::53]:53\"");
        assertThat(codec.parse(json, "new.json").replays()).last().extracting(ReplayRun::through).isEqualTo(via);

        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(json);
        tree.get("replays").forEach(r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("through"));
        assertThat(codec.parse(m.writeValueAsString(tree), "old.json").replays())
                .allSatisfy(r -> assertThat(r.through()).isEmpty());
    }

    @Test
    void a_proxy_with_credentials_is_never_recorded_as_how_a_run_was_measured() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.misdirect.core.model.MeasuredThrough(
                Optional.of("alice:s3cret@proxy.corp.example:3128"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cret");
    }

    @Test
    void pair_verdicts_are_written_by_their_ids_and_an_unknown_one_is_refused() throws Exception {
        String json = codec.toJson(fullSession());
        assertThat(json).contains("\"verdict\" : \"misrouted\"").contains("\"verdict\" : \"untested\"");
        assertThatThrownBy(() -> codec.parse(json.replace("\"misrouted\"", "\"wrong\""), "s.json"))
                .hasMessageContaining("not a pair verdict; known: shared-ok, refused-421, misrouted, untested");
    }

    @Test
    void every_document_written_drops_credentials_unless_the_codec_was_asked_to_keep_them(@TempDir Path dir) throws Exception {
        Session s = dev.misdirect.core.report.SampleSessions.withSecrets();
        SessionCodec codec = new SessionCodec();
        Path file = dir.resolve("s.json");
        codec.write(s, file);
        java.io.StringWriter w = new java.io.StringWriter();
        codec.write(s, w);
        for (String planted : dev.misdirect.core.report.SampleSessions.PLANTED) {
            assertThat(codec.toJson(s)).doesNotContain(planted);
            assertThat(Files.readString(file)).doesNotContain(planted);
            assertThat(w.toString()).doesNotContain(planted);
            assertThat(codec.using(Redactor.none()).toJson(s)).contains(planted);
        }
        assertThat(codec.read(file).replays()).hasSize(s.replays().size());
    }
}
