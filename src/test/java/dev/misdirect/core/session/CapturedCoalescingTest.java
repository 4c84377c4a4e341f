package dev.misdirect.core.session;

import dev.misdirect.core.io.Importers;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.CoalescedPair;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.lab.RunningLab;
import dev.misdirect.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CapturedCoalescingTest {
    @TempDir
    static Path home;
    private Labs labs;

    @AfterEach
    void stopLabs() {
        if (labs != null) {
            labs.close();
        }
    }

    private static List<ReplayRun> imported(String fixture) throws Exception {
        return new Importers().importFile(Fixtures.file(fixture)).toSession("import", Instant.EPOCH).replays();
    }

    @Test
    void a_netlog_whose_coalesced_requests_were_answered_gives_that_pair_once_with_every_status() throws Exception {
        assertThat(CapturedCoalescing.answered(imported("chrome-netlog-control-coalesced-200.json")))
                .containsExactly(new CoalescedPair("a.lab.test:8444", "b.lab.test:8444", List.of(200, 200)));
    }

    @Test
    void coalesced_requests_the_server_refused_with_421_are_no_pair_to_verify() throws Exception {
        // every request of b on a's connection was answered 421 (and retried on b's own): the capture shows the refusal
        assertThat(CapturedCoalescing.answered(imported("chrome-netlog-apache-coalesced-421.json"))).isEmpty();
    }

    @Test
    void a_har_without_the_connections_sni_gives_no_pair() throws Exception {
        assertThat(CapturedCoalescing.answered(imported("playwright-chromium.har"))).isEmpty();
    }

    @Test
    void a_chrome_har_whose_connection_ids_show_coalescing_gives_the_answered_pair(@TempDir Path dir) throws Exception {
        String entry = """
                {"startedDateTime":"2026-11-27T13:47:08.283Z","time":10,
                 "request":{"method":"GET","url":"%s","httpVersion":"HTTP/2.0","headers":[]},
                 "response":{"status":%d,"httpVersion":"HTTP/2.0","headers":[],"content":{"size":0}},
                 "timings":{"blocked":1,"dns":0,"connect":5,"ssl":4,"send":0,"wait":2,"receive":1},
                 "serverIPAddress":"127.0.1.1","connection":"8443","_connectionId":"71"}
                """;
        Path har = dir.resolve("chrome.har");
        java.nio.file.Files.writeString(har, "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"WebInspector\"},"
                + "\"entries\":[" + entry.formatted("https://a.lab.test:8443/", 200) + ","
                + entry.formatted("https://b.lab.test:8443/b.js", 404) + ","
                + entry.formatted("https://c.lab.test:8443/c.js", 421) + "]}}");
        List<ReplayRun> runs = new Importers().importFile(har).toSession("import", Instant.EPOCH).replays();

        // b's 404 on a's connection may be a's site answering for b; c's 421 is a refusal the capture already shows
        assertThat(CapturedCoalescing.answered(runs))
                .containsExactly(new CoalescedPair("a.lab.test:8443", "b.lab.test:8443", List.of(404)));
    }

    @Test
    void a_plan_restricted_to_named_pairs_sends_only_their_requests() throws Exception {
        labs = TestEngine.labs(home.resolve("ca"));
        RunningLab lab = labs.start("ingress-missing-san", false);
        Engine engine = TestEngine.engine();
        VerifyPlan all = engine.planVerification(Target.lab(lab), lab.authoritySet(), VerifyOptions.defaults())
                .result().get(60, TimeUnit.SECONDS);
        VerifyPlan.Pair wanted = all.pairs().get(1);

        VerifyPlan only = engine.planVerification(Target.lab(lab), lab.authoritySet(), VerifyOptions.defaults(),
                List.of(new CoalescedPair(wanted.carrier().key(), wanted.passenger().key(), List.of(200))))
                .result().get(60, TimeUnit.SECONDS);

        // the pair is verified at every address both names share, each with two own requests per name and the carried one
        List<VerifyPlan.Pair> atEachAddress = all.pairs().stream().filter(p -> p.carrier().equals(wanted.carrier())
                && p.passenger().equals(wanted.passenger())).toList();
        assertThat(all.pairs()).hasSizeGreaterThan(atEachAddress.size());
        assertThat(only.pairs()).containsExactlyElementsOf(atEachAddress);
        assertThat(only.requests()).hasSize(atEachAddress.size() * (2 * 2 + 1));
        assertThat(only.probes()).hasSameSizeAs(all.probes());
    }

    @Test
    void a_named_pair_that_shares_no_address_now_is_still_verified_at_the_carriers_address() throws Exception {
        labs = TestEngine.labs(home.resolve("ca"));
        RunningLab lab = labs.start("healthy-separate-ips", false);
        List<Authority> names = lab.authoritySet().authorities();
        Authority a = names.stream().filter(x -> x.host().startsWith("a.")).findFirst().orElseThrow();
        Authority b = names.stream().filter(x -> x.host().startsWith("b.")).findFirst().orElseThrow();
        Engine engine = TestEngine.engine();

        VerifyPlan every = engine.planVerification(Target.lab(lab), lab.authoritySet(), VerifyOptions.defaults())
                .result().get(60, TimeUnit.SECONDS);
        VerifyPlan named = engine.planVerification(Target.lab(lab), lab.authoritySet(), VerifyOptions.defaults(),
                List.of(new CoalescedPair(a.key(), b.key(), List.of(200)))).result().get(60, TimeUnit.SECONDS);

        assertThat(every.pairs()).isEmpty();
        assertThat(named.pairs()).singleElement().satisfies(p -> {
            assertThat(p.carrier()).isEqualTo(a);
            assertThat(p.passenger()).isEqualTo(b);
            assertThat(p.address()).isEqualTo("127.0.0.11");
        });
    }

    @Test
    void a_named_pair_of_an_authority_outside_the_set_is_left_out_with_a_note() throws Exception {
        labs = TestEngine.labs(home.resolve("ca"));
        RunningLab lab = labs.start("tenants-wildcard", false);
        String a = lab.authoritySet().authorities().get(0).key();

        VerifyPlan plan = TestEngine.engine().planVerification(Target.lab(lab), lab.authoritySet(),
                VerifyOptions.defaults(), List.of(new CoalescedPair(a, "elsewhere.lab.test:443", List.of(200))))
                .result().get(60, TimeUnit.SECONDS);

        assertThat(plan.pairs()).isEmpty();
        assertThat(plan.requests()).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("elsewhere.lab.test:443 is not an authority"));
    }
}
