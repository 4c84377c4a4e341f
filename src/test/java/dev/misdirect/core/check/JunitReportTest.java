package dev.misdirect.core.check;

import dev.misdirect.core.model.AuthoritySet;
import dev.misdirect.core.model.Session;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JunitReportTest {
    private static final Instant AT = Instant.parse("2026-11-27T15:00:00.123Z");

    private static CheckReport report() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("127.0.0.1:443", "421 <Host b & \"SNI\" a>");
        facts.put("bell", "ring\u0007");
        return new CheckReport("x.yaml", List.of(
                new CheckResult("a.example:443", 3, "covered", "the certificate covers the name", true,
                        "127.0.0.1:443 covered by *.example", Map.of("127.0.0.1:443", "covered by *.example"), Duration.ZERO),
                new CheckResult("a.example:443", 3, "no-421-when-coalesced", "no 421 when coalesced", false,
                        "coalescing after b.example:443: 421 <&> \"quoted\" 'single'", facts, Duration.ofMillis(1250)),
                new CheckResult("b.example:443", 7, "expect-status", "GET answers 200", false, "GET / answered 503",
                        Map.of("GET https://b.example/", "503"), Duration.ofMillis(40))),
                Session.of("t", AuthoritySet.empty(), AT));
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void one_testsuite_per_authority_and_one_testcase_per_expectation_with_counts() throws Exception {
        Document doc = parse(JunitReport.toXml(report(), "ci-runner", AT));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("testsuites");
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element a = (Element) suites.item(0);
        assertThat(a.getAttribute("name")).isEqualTo("a.example:443");
        assertThat(a.getAttribute("tests")).isEqualTo("2");
        assertThat(a.getAttribute("failures")).isEqualTo("1");
        assertThat(a.getAttribute("errors")).isEqualTo("0");
        assertThat(a.getAttribute("hostname")).isEqualTo("ci-runner");
        assertThat(a.getAttribute("timestamp")).isEqualTo("2026-11-27T15:00:00");
        assertThat(a.getAttribute("id")).isEqualTo("0");
        assertThat(a.getAttribute("time")).isEqualTo("1.250");
        assertThat(a.getAttribute("package")).isNotBlank();
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        Element first = (Element) a.getElementsByTagName("testcase").item(0);
        assertThat(first.getAttribute("classname")).isEqualTo("a.example:443");
        assertThat(first.getAttribute("name")).isEqualTo("covered");
        assertThat(first.getElementsByTagName("failure").getLength()).isZero();
        // the schema wants properties first, system-out and system-err last
        assertThat(firstElement(a)).isEqualTo("properties");
        assertThat(a.getElementsByTagName("system-out").getLength()).isEqualTo(1);
        assertThat(a.getElementsByTagName("system-err").getLength()).isEqualTo(1);
    }

    @Test
    void failures_carry_the_reason_as_message_and_markup_in_values_survives_escaped() throws Exception {
        String xml = JunitReport.toXml(report(), "ci-runner", AT);
        assertThat(xml).doesNotContain("<&>").doesNotContain("\u0007");
        Document doc = parse(xml);
        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(2);
        Element f = (Element) failures.item(0);
        assertThat(f.getAttribute("message")).isEqualTo("coalescing after b.example:443: 421 <&> \"quoted\" 'single'");
        assertThat(f.getAttribute("type")).isEqualTo("no-421-when-coalesced");
        assertThat(f.getTextContent()).contains("no 421 when coalesced did not hold")
                .contains("127.0.0.1:443: 421 <Host b & \"SNI\" a>");
        assertThat(((Element) failures.item(1)).getAttribute("message")).isEqualTo("GET / answered 503");
        NodeList props = ((Element) doc.getElementsByTagName("testsuite").item(0)).getElementsByTagName("property");
        Map<String, String> byName = new LinkedHashMap<>();
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            byName.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        assertThat(byName).containsEntry("source", "x.yaml").containsEntry("line", "3")
                .containsEntry("no-421-when-coalesced: 127.0.0.1:443", "421 <Host b & \"SNI\" a>")
                .containsEntry("no-421-when-coalesced: bell", "ring\uFFFD")
                .containsEntry("covered: 127.0.0.1:443", "covered by *.example");
    }

    private static String firstElement(Element parent) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e.getTagName();
            }
        }
        return "";
    }
}
