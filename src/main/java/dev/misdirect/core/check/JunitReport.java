package dev.misdirect.core.check;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link CheckReport} as JUnit XML in the common (Ant / windyroad {@code JUnit.xsd}) shape CI servers read:
 * {@code <testsuites>} with one {@code <testsuite>} per authority, whose {@code <properties>} hold the facts of its
 * expectations ({@code <expectation>: <fact>} = value), and one {@code <testcase>} per expectation (classname = the
 * authority, name = the expectation key) with a {@code <failure>} whose message is the reason when it failed.
 * The XML is built as a DOM and serialised by the JDK, so every value is escaped; characters XML 1.0 cannot carry
 * are replaced by U+FFFD. Pure apart from writing to the given writer; thread-safe.
 */
public final class JunitReport {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private JunitReport() {
    }

    /** The report as a JUnit XML document. */
    public static String toXml(CheckReport report, String hostname, Instant timestamp) {
        StringWriter w = new StringWriter();
        try {
            write(report, hostname, timestamp, w);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return w.toString();
    }

    /**
     * Writes the report to {@code out} (UTF-8 declared; the caller encodes the writer as UTF-8).
     *
     * @param hostname  the machine the check ran on, for the testsuite's {@code hostname}
     * @param timestamp when the check ran
     * @throws IOException when writing fails
     */
    public static void write(CheckReport report, String hostname, Instant timestamp, Writer out) throws IOException {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's DOM builder is not available", e);
        }
        Element suites = doc.createElement("testsuites");
        doc.appendChild(suites);
        Map<String, List<CheckResult>> byAuthority = new LinkedHashMap<>();
        for (CheckResult r : report.results()) {
            byAuthority.computeIfAbsent(r.authority(), k -> new ArrayList<>()).add(r);
        }
        int id = 0;
        for (Map.Entry<String, List<CheckResult>> e : byAuthority.entrySet()) {
            List<CheckResult> results = e.getValue();
            Element suite = doc.createElement("testsuite");
            suite.setAttribute("name", clean(e.getKey()));
            suite.setAttribute("package", "misdirect.check");
            suite.setAttribute("id", Integer.toString(id++));
            suite.setAttribute("timestamp", TIMESTAMP.format(timestamp.truncatedTo(ChronoUnit.SECONDS)));
            suite.setAttribute("hostname", clean(hostname.isBlank() ? "localhost" : hostname));
            suite.setAttribute("tests", Integer.toString(results.size()));
            suite.setAttribute("failures", Long.toString(results.stream().filter(r -> !r.passed()).count()));
            suite.setAttribute("errors", "0");
            suite.setAttribute("time", seconds(results.stream().map(CheckResult::elapsed)
                    .reduce(Duration.ZERO, Duration::plus)));
            Element properties = doc.createElement("properties");
            suite.appendChild(properties);
            property(doc, properties, "source", report.source());
            if (results.get(0).line() > 0) {
                property(doc, properties, "line", Integer.toString(results.get(0).line()));
            }
            for (CheckResult r : results) {
                r.facts().forEach((k, v) -> property(doc, properties, r.expectation() + ": " + k, v));
            }
            StringBuilder text = new StringBuilder();
            for (CheckResult r : results) {
                Element testcase = doc.createElement("testcase");
                testcase.setAttribute("name", r.expectation());
                testcase.setAttribute("classname", clean(r.authority()));
                testcase.setAttribute("time", seconds(r.elapsed()));
                if (!r.passed()) {
                    Element failure = doc.createElement("failure");
                    failure.setAttribute("message", clean(r.reason()));
                    failure.setAttribute("type", r.expectation());
                    StringBuilder body = new StringBuilder(r.description()).append(" did not hold:\n");
                    r.facts().forEach((k, v) -> body.append("  ").append(k).append(": ").append(v).append('\n'));
                    failure.setTextContent(clean(body.toString()));
                    testcase.appendChild(failure);
                }
                suite.appendChild(testcase);
                text.append(r.passed() ? "PASS " : "FAIL ").append(r.expectation()).append(": ").append(r.reason())
                        .append('\n');
            }
            Element sysout = doc.createElement("system-out");
            sysout.setTextContent(clean(text.toString()));
            suite.appendChild(sysout);
            suite.appendChild(doc.createElement("system-err"));
            suites.appendChild(suite);
        }
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.transform(new DOMSource(doc), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IOException("JUnit XML could not be written: " + e.getMessage(), e);
        }
        out.flush();
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).toPlainString();
    }

    private static void property(Document doc, Element properties, String name, String value) {
        Element p = doc.createElement("property");
        p.setAttribute("name", clean(name));
        p.setAttribute("value", clean(value));
        properties.appendChild(p);
    }

    /** Replaces characters XML 1.0 cannot represent (most C0 controls, lone surrogates) by U+FFFD. */
    static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
                continue;
            }
            ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            sb.append(ok ? c : '\uFFFD');
        }
        return sb.toString();
    }
}
