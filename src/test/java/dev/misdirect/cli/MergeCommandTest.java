package dev.misdirect.cli;

import dev.misdirect.core.io.SessionCodec;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.TestEngine;
import dev.misdirect.lab.RunningLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code misdirect merge} on three vantages simulated on the command line: {@code probe --vantage LABEL} of the
 * {@code ingress-missing-san} lab's two names, each vantage's DNS answer given with {@code resolve=} (eu-west and
 * us-east reach node 1, 127.0.0.11; ap-south reaches node 2, 127.0.0.12, whose certificate lacks b).
 */
class MergeCommandTest {
    @TempDir
    static Path dir;
    private static Labs labs;
    private static RunningLab lab;
    private static Path euWest;
    private static Path usEast;
    private static Path apSouth;

    @BeforeAll
    static void probeFromThreeVantages() throws Exception {
        labs = TestEngine.labs(dir.resolve("ca"));
        lab = labs.start("ingress-missing-san", false);
        euWest = probe("eu-west", "127.0.0.11");
        usEast = probe("us-east", "127.0.0.11");
        apSouth = probe("ap-south", "127.0.0.12");
    }

    @AfterAll
    static void stopLab() {
        labs.close();
    }

    private static Path probe(String label, String node) throws Exception {
        List<String> args = new ArrayList<>(List.of("probe", "--json", "--vantage", label, "--cacert",
                lab.caPemPath().toString()));
        lab.authoritySet().authorities().forEach(a -> args.add(a.host() + ":" + a.port() + " resolve=" + node));
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Path file = dir.resolve(label + ".json");
        Files.writeString(file, r.out());
        return file;
    }

    @Test
    void probe_json_records_the_vantage_label_and_the_measured_egress() throws Exception {
        Session s = new SessionCodec().read(apSouth);
        assertThat(s.vantage()).hasValueSatisfying(v -> {
            assertThat(v.label()).contains("ap-south");
            assertThat(v.resolver()).as("every address was given with resolve=").isEqualTo("resolve override");
            assertThat(v.egress()).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("127."));
        });
    }

    @Test
    void merging_three_vantages_names_ap_south_and_node_2_for_each_difference() throws Exception {
        CliTest.Result r = CliTest.run("merge", euWest.toString(), usEast.toString(), apSouth.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).startsWith("3 vantages, 2 authorities")
                .contains("✘ ap-south is served another certificate for b.ingress.lab.test:")
                .contains("than eu-west, us-east (on 127.0.0.12)")
                .contains("ℹ ap-south resolves b.ingress.lab.test:")
                .doesNotContain("eu-west is served").doesNotContain("us-east is served");
    }

    @Test
    void the_merged_document_keeps_every_vantage_and_its_differences_and_reads_back(@TempDir Path out) throws Exception {
        Path merged = out.resolve("merged.json");
        CliTest.Result r = CliTest.run("merge", euWest.toString(), usEast.toString(), apSouth.toString(),
                "-o", merged.toString(), "--json");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Session printed = new SessionCodec().parse(r.out(), "stdout");
        Session written = new SessionCodec().read(merged);
        assertThat(written).isEqualTo(printed);
        assertThat(written.vantages()).extracting(v -> v.name()).containsExactly("eu-west", "us-east", "ap-south");
        assertThat(written.vantages()).allSatisfy(v -> assertThat(v.probes()).hasSize(2));
        assertThat(written.findings()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.cause()).isEqualTo(FindingCause.VANTAGES_DIFFER))
                .allSatisfy(f -> assertThat(f.title()).startsWith("ap-south"));
    }

    @Test
    void the_same_label_twice_is_kept_twice_told_apart_by_host_and_time() {
        CliTest.Result r = CliTest.run("merge", euWest.toString(), euWest.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).startsWith("2 vantages").containsPattern("  eu-west \\(.+, \\d{4}-\\d\\d-\\d\\d "
                + "\\d\\d:\\d\\d:\\d\\dZ\\) #1 ").contains(" #2 ")
                .contains("✔ the vantages agree on everything they all measured");
    }

    @Test
    void replay_sessions_record_their_vantage_with_an_unknown_egress_and_merge() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String label : List.of("eu-west", "ap-south")) {
            CliTest.Result r = CliTest.run("replay", "--lab", "ingress-missing-san", "--json", "--vantage", label);
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
            Session s = new SessionCodec().parse(r.out(), label);
            assertThat(s.vantage()).hasValueSatisfying(v -> {
                assertThat(v.label()).contains(label);
                assertThat(v.egressText()).as("a replay does not record its local address").isEqualTo("unknown");
            });
            Path file = dir.resolve("replay-" + label + ".json");
            Files.writeString(file, r.out());
            files.add(file);
        }

        CliTest.Result merged = CliTest.run("merge", files.get(0).toString(), files.get(1).toString());

        assertThat(merged.code()).as(merged.err()).isEqualTo(ExitCode.OK);
        assertThat(merged.out()).startsWith("2 vantages").contains("eu-west").contains("ap-south");
    }

    @Test
    void one_document_alone_is_refused_with_exit_2_and_the_reason() {
        CliTest.Result r = CliTest.run("merge", euWest.toString());

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("merge needs at least two session documents, one per vantage; got 1");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_missing_file_is_refused_with_exit_2_naming_it() {
        Path missing = dir.resolve("nowhere.json");
        CliTest.Result r = CliTest.run("merge", euWest.toString(), missing.toString());

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(missing + ": no such file");
    }

    @Test
    void a_file_that_is_no_session_document_is_refused_with_exit_2_and_the_reason() throws Exception {
        Path notes = dir.resolve("notes.json");
        Files.writeString(notes, "[1, 2, 3]\n");
        CliTest.Result r = CliTest.run("merge", euWest.toString(), notes.toString());

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(notes + ": not a session document");
    }

    @Test
    void a_session_with_nothing_measured_is_refused_with_exit_2_naming_it() throws Exception {
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, new SessionCodec().toJson(Session.of("nothing yet",
                dev.misdirect.core.model.AuthoritySet.of(List.of()), java.time.Instant.EPOCH)));
        CliTest.Result r = CliTest.run("merge", euWest.toString(), empty.toString());

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(empty + ": nothing to merge: the session has no probe result, verify run or replay");
    }

    @Test
    void a_blank_vantage_label_is_refused_before_anything_is_probed() {
        CliTest.Result r = CliTest.run("probe", "--vantage", " ", "a.ingress.lab.test:1 resolve=127.0.0.11");

        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--vantage: the label is blank");
    }
}
