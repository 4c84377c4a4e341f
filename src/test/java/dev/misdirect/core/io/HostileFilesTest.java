package dev.misdirect.core.io;

import dev.misdirect.core.files.AtomicFiles;
import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files built to break the readers and writers of core.io: cut, endless, oversized, lying about themselves. */
class HostileFilesTest {
    private static final String SEEDS = "/dev/misdirect/core/io/";

    static String seed(String path) throws Exception {
        try (InputStream in = Objects.requireNonNull(HostileFilesTest.class.getResourceAsStream(SEEDS + path), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void an_endless_file_stops_at_the_cap_instead_of_filling_the_heap() {
        assertThatThrownBy(() -> BoundedFiles.readUtf8(Path.of("/dev/zero"), 1024 * 1024, "a test file"))
                .isInstanceOf(InputTooLargeException.class)
                .hasMessage("/dev/zero: too large (more than 1 MiB, the most read for a test file)");
        assertThatThrownBy(() -> new SessionCodec().read(Path.of("/dev/zero")))
                .isInstanceOf(SessionFormatException.class).hasMessageContaining("too large");
    }

    @Test
    void a_session_whose_host_is_not_a_host_name_is_refused_naming_its_place() throws Exception {
        String doc = seed("SessionCodecFuzzTestInputs/anyDocumentReadsOrIsRefusedWithAReason/replay.json")
                .replaceFirst("\"host\":\"a.tenants.lab.test\"", "\"host\":\"bad host!!\"");
        assertThatThrownBy(() -> new SessionCodec().parse(doc, "s.json"))
                .isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("s.json: not a valid session document: at authoritySet.authorities[0]: 'bad host!!'");
        String escape = seed("SessionCodecFuzzTestInputs/anyDocumentReadsOrIsRefusedWithAReason/replay.json")
                .replaceFirst("\"host\":\"a.tenants.lab.test\"", "\"host\":\"a\\\\u001b[2J\"");
        assertThatThrownBy(() -> new SessionCodec().parse(escape, "s.json")).isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("authoritySet.authorities[0]");
    }

    @Test
    void a_20_mb_string_is_read_because_the_document_cap_is_64_mib() throws Exception {
        Session s = Session.of("x".repeat(20_500_000), AuthoritySet.of(List.of()), Instant.EPOCH);
        SessionCodec codec = new SessionCodec();
        assertThat(codec.parse(codec.toJson(s), "big.json").title()).hasSize(20_500_000);
    }

    @Test
    void json_after_the_end_of_a_session_is_named_in_plain_words() throws Exception {
        String doc = seed("SessionCodecFuzzTestInputs/anyDocumentReadsOrIsRefusedWithAReason/finding-trailing-token-message.json");
        assertThatThrownBy(() -> new SessionCodec().parse(doc, "t.json")).isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("more JSON follows the end of the document")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("`").doesNotContain("Feature"));
    }

    @Test
    void a_value_of_the_wrong_kind_is_named_by_its_place_and_kind_without_java_types() throws Exception {
        String doc = seed("SessionCodecFuzzTestInputs/anyDocumentReadsOrIsRefusedWithAReason/finding-bad-time-message.json");
        assertThatThrownBy(() -> new SessionCodec().parse(doc, "t.json")).isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("at probes[0].handshakes[0].chain[0].notBefore")
                .hasMessageContaining("a time (ISO 8601)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.").doesNotContain("Exception")
                        .doesNotContain("`"));
    }

    @Test
    void a_netlog_cut_inside_a_literal_imports_up_to_the_cut(@TempDir Path dir) throws Exception {
        String full = seed("NetLogImporterFuzzTestInputs/anyBytesImportOrAreRefusedWithAReason/apache-421.json");
        for (String literal : List.of(":true", ":false")) {
            int at = full.lastIndexOf(literal);
            if (at < 0) {
                continue;
            }
            for (int keep = 2; keep < literal.length(); keep++) {
                Path cut = dir.resolve("cut" + keep + ".json");
                Files.writeString(cut, full.substring(0, at + keep));
                ImportResult r = new NetLogImporter().importFrom(cut);
                assertThat(r.limitations()).as(literal.substring(0, keep)).anyMatch(l -> l.contains("stops at byte"));
            }
        }
        Path tru = dir.resolve("tru.json");
        Files.writeString(tru, seed("NetLogImporterFuzzTestInputs/anyBytesImportOrAreRefusedWithAReason/cut-in-true.json"));
        assertThat(new NetLogImporter().importFrom(tru).limitations()).anyMatch(l -> l.contains("stops at byte"));
    }

    @Test
    void a_har_status_that_is_not_a_number_is_named_and_its_entry_skipped(@TempDir Path dir) throws Exception {
        Path har = dir.resolve("f.har");
        Files.writeString(har, seed("HarImporterFuzzTestInputs/anyBytesImportOrAreRefusedWithAReason/firefox-ports.har"));
        ImportResult r = new HarImporter().importFrom(har);
        assertThat(r.limitations()).contains(
                "entry 2 has the response status \"two hundred\", not a number from 0 to 999, and was skipped");
        assertThat(r.timeline().bars()).hasSize(1).allSatisfy(b -> assertThat(b.status()).isEqualTo(200));
    }

    @Test
    void a_capture_host_with_control_characters_is_not_taken_as_an_authority() {
        assertThat(ImportSupport.authority("a\u001b[31m.example:443", 443)).isEmpty();
        assertThat(ImportSupport.authority("bad host!!", 443)).isEmpty();
        assertThat(ImportSupport.authority("B.Example.:8443", 443)).map(a -> a.key()).contains("b.example:8443");
    }

    @Test
    void free_text_from_a_capture_stays_on_one_line() {
        assertThat(ImportSupport.oneLine("GOAWAY\nfake line\r\u001b[2J")).isEqualTo("GOAWAY\\nfake line\\r\\u001B[2J");
        assertThat(ImportSupport.oneLine("x".repeat(1000))).hasSize(201).endsWith("…");
    }

    @Test
    void writing_onto_a_symbolic_link_writes_its_target_and_keeps_the_link(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("real.json");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), target.getFileName());
        new SessionCodec().write(Session.of("t", AuthoritySet.of(List.of()), Instant.EPOCH), link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).contains("\"title\" : \"t\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");

        AtomicFiles.writeString(link, "report");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("report");

        HarExporter.write(ExportersTest.coalescedRun(), java.util.Map.of(), Redactor.secrets(), "0.1.0", link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).startsWith("{").contains("\"entries\"");
    }
}
