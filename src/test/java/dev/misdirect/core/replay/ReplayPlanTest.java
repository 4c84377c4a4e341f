package dev.misdirect.core.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayPlanTest {

    @Test
    void steps_are_separated_by_semicolons_or_line_breaks_and_keep_their_order() {
        ReplayPlan p = ReplayPlan.parse("GET https://a.lab.test/ ; GET https://b.lab.test/x?q=1 @127.0.0.12\n"
                + "# a comment\n\nhead https://a.lab.test:8443/y");
        assertThat(p.steps()).hasSize(3);
        assertThat(p.steps().get(0).authorityKey()).isEqualTo("a.lab.test:443");
        assertThat(p.steps().get(1).pin()).contains("127.0.0.12");
        assertThat(p.steps().get(1).url().getRawQuery()).isEqualTo("q=1");
        assertThat(p.steps().get(2).method()).isEqualTo("HEAD");
        assertThat(p.steps().get(2).authorityKey()).isEqualTo("a.lab.test:8443");
    }

    @Test
    void options_set_repeat_concurrency_headers_body_and_an_ipv6_pin() {
        ReplayPlan p = ReplayPlan.parse("POST https://a.lab.test/api x5 concurrency=3 \"header=Authorization: Bearer t;1\""
                + " header=X-Tenant:a \"body=hello world\" @[::1]");
        ReplayPlan.Step s = p.steps().get(0);
        assertThat(s.repeat()).isEqualTo(5);
        assertThat(s.concurrency()).isEqualTo(3);
        assertThat(s.headers()).containsExactly(Map.entry("Authorization", "Bearer t;1"), Map.entry("X-Tenant", "a"));
        assertThat(s.body()).contains("hello world");
        assertThat(s.pin()).contains("::1");
        assertThat(p.requestCount()).isEqualTo(5);
    }

    @Test
    void a_url_without_path_gets_the_root_path() {
        assertThat(ReplayPlan.parse("GET https://a.lab.test").steps().get(0).url().toString())
                .isEqualTo("https://a.lab.test/");
    }

    @Test
    void text_form_round_trips() {
        String text = "GET https://a.lab.test/ ; GET https://b.lab.test/ @127.0.0.12 ; POST https://a.lab.test:8443/p x3"
                + " concurrency=2 \"header=Cookie: s=1; t=2\" \"body=a \\\"quoted\\\" body\" ; GET https://c.lab.test/ @[::1]";
        ReplayPlan p = ReplayPlan.parse(text);
        assertThat(ReplayPlan.parse(p.toText())).isEqualTo(p);
        assertThat(p.steps().get(2).headers()).containsEntry("Cookie", "s=1; t=2");
        assertThat(p.steps().get(2).body()).contains("a \"quoted\" body");
        assertThat(p.toText()).startsWith("GET https://a.lab.test/ ; GET https://b.lab.test/ @127.0.0.12 ; ");
    }

    @ParameterizedTest(name = "{0} -> step {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "GET https://a.lab.test/ ; GET b.lab.test/ | 2 | must be absolute https",
            "GET http://a.lab.test/ | 1 | must be absolute https",
            "GET | 1 | METHOD URL",
            "G3T https://a.lab.test/ | 1 | not an HTTP method",
            "GET https://a.lab.test/ @a.lab.test | 1 | is not an IP address",
            "GET https://a.lab.test/ @127.0.0.012 | 1 | is not an IP address",
            "GET https://a.lab.test/ @[fe80::1%eth0] | 1 | is not an IP address",
            "GET https://a.lab.test/ @[192.0.2.7] | 1 | is not an IP address",
            "GET https://a.lab.test/ x0 | 1 | number from 1 to 10000",
            "GET https://a.lab.test/ concurrency=100 | 1 | number from 1 to 64",
            "GET https://a.lab.test/ header=Host:b.lab.test | 1 | connection policy decides",
            "GET https://a.lab.test/ header=nocolon | 1 | header=NAME: VALUE",
            "GET https://a.lab.test/ fast | 1 | unknown option 'fast'",
            "# only a comment ;  | 1 | no step",
            "GET https://a.lab.test/ \"body=open | 1 | not closed",
            "GET https:// | 1 | is not a URL",
            "GET https://:443/ | 1 | has no host",
    })
    void bad_text_names_the_step_and_the_reason(String text, int step, String reason) {
        assertThatThrownBy(() -> ReplayPlan.parse(text)).isInstanceOf(PlanSyntaxException.class)
                .hasMessageStartingWith("step " + step + " ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((PlanSyntaxException) e).stepNumber()).isEqualTo(step));
    }

    @Test
    void visiting_gets_each_origin_then_the_first_again() {
        ReplayPlan p = ReplayPlan.visiting(java.util.List.of(java.net.URI.create("https://a.lab.test/"),
                java.net.URI.create("https://b.lab.test/")));
        assertThat(p.toText()).isEqualTo("GET https://a.lab.test/ ; GET https://b.lab.test/ ; GET https://a.lab.test/");
    }

    @Test
    void steps_validate_repeat_and_concurrency_ranges() {
        assertThatThrownBy(() -> ReplayPlan.Step.get("https://a.lab.test/").repeated(0, 1))
                .hasMessageContaining("repeat");
        assertThat(ReplayPlan.Step.get("https://a.lab.test/").pinnedTo("127.0.0.2").pin()).isEqualTo(Optional.of("127.0.0.2"));
    }
}
