package dev.misdirect.core.io;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.model.Vantage;
import dev.misdirect.core.model.VerifyRun;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The vantage fields of the session document: additive within format version 1. */
class SessionVantageFormatTest {
    private final SessionCodec codec = new SessionCodec();

    @Test
    void a_document_written_before_vantages_loads_without_one() throws Exception {
        String older = """
                {
                  "formatVersion" : 1,
                  "title" : "older",
                  "createdAt" : "2026-11-27T09:00:00Z",
                  "authoritySet" : { "authorities" : [ ], "problems" : [ ], "notes" : [ ] },
                  "labScenario" : null,
                  "probes" : [ ],
                  "predictions" : [ ],
                  "replays" : [ ],
                  "findings" : [ ],
                  "notes" : "",
                  "verifications" : [ {
                    "method" : "GET", "path" : "/", "budget" : 10, "requestsSent" : 0, "labScenario" : null,
                    "fixed" : false, "startedAt" : "2026-11-27T09:00:00Z", "micros" : -1, "cancelled" : false,
                    "pairs" : [ ]
                  } ]
                }
                """;

        Session s = codec.parse(older, "older.json");

        assertThat(s.vantage()).isEmpty();
        assertThat(s.vantages()).isEmpty();
        assertThat(s.merged()).isFalse();
        assertThat(s.verifications()).singleElement().extracting(VerifyRun::vantage).isEqualTo(Optional.empty());
    }

    @Test
    void a_vantage_is_written_with_every_fact_and_reads_back() throws Exception {
        Vantage v = new Vantage(Optional.of("eu-west"), "runner-7", "system resolver", List.of("10.1.2.3"),
                Instant.parse("2026-12-01T10:00:00Z"));
        Session s = Session.of("probe", AuthoritySet.of(List.of()), Instant.parse("2026-12-01T10:00:00Z"))
                .withVantage(Optional.of(v));

        String json = codec.toJson(s);

        assertThat(json).contains("\"vantage\" : {").contains("\"label\" : \"eu-west\"")
                .contains("\"host\" : \"runner-7\"").contains("\"resolver\" : \"system resolver\"")
                .contains("\"egress\" : [ \"10.1.2.3\" ]").contains("\"at\" : \"2026-12-01T10:00:00Z\"");
        assertThat(codec.parse(json, "written").vantage()).contains(v);
    }

    @Test
    void a_vantage_without_label_or_egress_reads_as_unknown_egress() throws Exception {
        Vantage v = new Vantage(Optional.empty(), "runner-7", "lab name map", List.of(), Instant.EPOCH);

        assertThat(v.name()).isEqualTo("runner-7");
        assertThat(v.egressText()).isEqualTo("unknown");
        assertThat(new Vantage(Optional.of("  "), " ", null, null, Instant.EPOCH)).satisfies(blank -> {
            assertThat(blank.label()).isEmpty();
            assertThat(blank.host()).isEqualTo("unknown");
            assertThat(blank.resolver()).isEqualTo("unknown");
        });
    }
}
