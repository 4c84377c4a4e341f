package dev.misdirect.core.io;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import dev.misdirect.core.timeline.TimelineEvent;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports an HTTP Archive (HAR 1.2) as written by Chrome DevTools, Firefox or Playwright.
 *
 * <p>Connection identity: Chrome's {@code _connectionId} (or, in older Chrome builds, a {@code connection} value
 * that is not the server port) gives one lane per connection, so reuse and coalescing show. Firefox's
 * {@code connection} and Playwright's {@code _serverPort} are ports, not ids: then each authority gets one lane
 * and an {@link FindingCause#IMPORT_LIMITATION} finding says that connection reuse cannot be shown. A HAR never
 * holds the 421s a browser retried by itself; the result says so.
 *
 * <p>Streamed with Jackson: one entry is built at a time, so memory follows the largest entry, not the file.
 * Thread-safe; blocks on file I/O. Progress and cancellation go through an {@link ImportMonitor} (interrupting
 * the thread cancels too).
 */
public final class HarImporter {
    /** The sentence shown when a HAR cannot tell connections apart. */
    public static final String NO_CONNECTION_IDS = "this HAR has no connection ids: connection reuse cannot be shown; "
            + "record a NetLog instead: chrome://net-export, or start Chromium with --log-net-log=FILE";

    /** The parts of an entry the importer reads; headers, cookies and bodies are skipped undecoded. */
    private static final Set<String> ENTRY_KEYS = Set.of("startedDateTime", "request.method", "request.url",
            "request.httpVersion", "response.status", "response.httpVersion", "timings", "serverIPAddress",
            "_serverPort", "connection", "_connectionId", "_securityDetails", "_securityState", "_exchangeId", "_step",
            "_attempt", "_sni", "_hiddenByClient", "_retryOf");

    private final ObjectMapper mapper = new ObjectMapper();

    private record Entry(int index, Instant started, String method, String url, Authority authority, String path,
                         int status, String protocol, Optional<String> serverIp, int serverPort,
                         Optional<String> connectionId, double blocked, double dns, double connect, double ssl,
                         double send, double waiting, double receive, Optional<String> tlsVersion,
                         Optional<String> peerCertificate, Optional<Recorded> recorded) {
    }

    /**
     * What a HAR written by Misdirect ({@code replay --har}) says of its own exchange: ids, step, attempt, the SNI of
     * its connection, whether its 421 was hidden by the client's retry and which exchange it retries.
     */
    private record Recorded(int exchangeId, int step, int attempt, Optional<String> sni, boolean hidden,
                            Optional<Integer> retryOf) {
    }

    /** The status as written when it is not a whole number from 0 to 999 (HAR's "no response" is 0 or -1). */
    private static Optional<String> badStatus(JsonNode status) {
        if (status.isMissingNode() || status.isNull()) {
            return Optional.empty();
        }
        if (status.isIntegralNumber() && status.asLong() >= -1 && status.asLong() <= 999) {
            return Optional.empty();
        }
        if (status.isTextual() && status.asText().strip().matches("-1|\\d{1,3}")) {
            return Optional.empty();
        }
        String shown = status.isTextual() ? "\"" + status.asText() + "\"" : status.toString();
        return Optional.of(shown.length() > 60 ? shown.substring(0, 50) + "…" : shown);
    }

    /**
     * Imports the HAR at {@code file}.
     *
     * @throws ImportException when the file is empty, not a HAR, or malformed (with the byte offset and line:column)
     */
    public ImportResult importFrom(Path file) throws ImportException {
        return importFrom(file, ImportMonitor.NONE);
    }

    /**
     * Imports the HAR at {@code file}, reporting progress to {@code monitor}.
     *
     * @throws ImportException                              as {@link #importFrom(Path)}
     * @throws java.util.concurrent.CancellationException when the monitor cancels or the thread is interrupted
     */
    public ImportResult importFrom(Path file, ImportMonitor monitor) throws ImportException {
        String name = String.valueOf(file.getFileName());
        long size;
        try {
            size = Files.size(file);
            if (size == 0) {
                throw new ImportException(name + " is empty", 0);
            }
        } catch (ImportException e) {
            throw e;
        } catch (IOException e) {
            throw new ImportException(name + ": cannot read: " + e.getMessage(), -1, e);
        }
        List<Entry> entries = new ArrayList<>();
        List<String> limitations = new ArrayList<>();
        String creator = "";
        boolean sawEntries = false;
        Optional<Long> truncatedAt = Optional.empty();
        try (JsonParser p = mapper.getFactory().createParser(BoundedFiles.open(file, BoundedFiles.CAPTURE_BYTES, "a HAR"))) {
            try {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new ImportException(name + ": not a HAR: it does not start with a JSON object "
                            + NetLogImporter.where(p.currentTokenLocation()), p.currentTokenLocation().getByteOffset());
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (!field.equals("log") || !p.isExpectedStartObjectToken()) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String logField = p.currentName();
                        JsonToken v = p.nextToken();
                        if (logField.equals("creator") && v == JsonToken.START_OBJECT) {
                            JsonNode c = mapper.readTree(p);
                            creator = ImportSupport.oneLine(c.path("name").asText(""));
                        } else if (logField.equals("entries") && v == JsonToken.START_ARRAY) {
                            sawEntries = true;
                            long nextReport = 0;
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                long at = p.currentTokenLocation().getByteOffset();
                                if (at >= nextReport) {
                                    ImportMonitor.check(monitor, at, size);
                                    nextReport = at + 64 * 1024;
                                }
                                JsonNode entry = JsonTrees.readFiltered(p, ENTRY_KEYS);
                                Optional<String> badStatus = badStatus(entry.path("response").path("status"));
                                if (badStatus.isPresent()) {
                                    limitations.add("entry " + (entries.size() + limitations.size() + 1)
                                            + " has the response status " + badStatus.get()
                                            + ", not a number from 0 to 999, and was skipped");
                                    continue;
                                }
                                entry(entries.size(), entry).ifPresentOrElse(entries::add,
                                        () -> limitations.add("entry " + (entries.size() + limitations.size() + 1)
                                                + " has no usable https/http URL and was skipped"));
                            }
                            if (p.currentToken() == null) {
                                throw new JsonEOFException(p, null, "end of input inside the entries array");
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            } catch (JsonProcessingException e) {
                if (!NetLogImporter.endsEarly(e, size)) {
                    throw NetLogImporter.corrupt(name, e);
                }
                long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
                if (entries.isEmpty()) {
                    throw new ImportException(name + ": the file stops at byte " + at + " before any entry could be "
                            + "read: nothing to import (truncated HAR?)", at, e);
                }
                truncatedAt = Optional.of(at);
            }
        } catch (ImportException e) {
            throw e;
        } catch (InputTooLargeException e) {
            throw new ImportException(e.getMessage(), e.limit(), e);
        } catch (IOException e) {
            throw new ImportException(name + ": cannot read: " + e.getMessage(), -1, e);
        }
        if (!sawEntries && truncatedAt.isEmpty()) {
            throw new ImportException(name + ": not a HAR: it has no log.entries array", -1);
        }
        return build(name, creator, entries, limitations, truncatedAt);
    }

    private Optional<Entry> entry(int index, JsonNode e) {
        JsonNode req = e.path("request");
        String url = req.path("url").asText("");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException ex) {
            return Optional.empty();
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.empty();
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("http") ? 80 : 443;
        Optional<Authority> authority = ImportSupport.authority(uri.getHost().startsWith("[") ? uri.getHost() + ":" + port
                : uri.getHost() + ":" + port, port);
        if (authority.isEmpty()) {
            return Optional.empty();
        }
        Instant started;
        try {
            started = OffsetDateTime.parse(e.path("startedDateTime").asText("")).toInstant();
        } catch (DateTimeParseException ex) {
            started = Instant.EPOCH;
        }
        String ip = e.path("serverIPAddress").asText("").replace("[", "").replace("]", "");
        int serverPort = e.path("_serverPort").asInt(port);
        String connection = e.path("connection").asText("");
        Optional<String> connectionId = Optional.empty();
        if (e.hasNonNull("_connectionId") && !e.path("_connectionId").asText("").isEmpty()) {
            connectionId = Optional.of(e.path("_connectionId").asText());
        } else if (!connection.isEmpty() && !e.has("_securityState") && !connection.equals(String.valueOf(serverPort))
                && !connection.equals(String.valueOf(port))) {
            connectionId = Optional.of(connection); // older Chrome builds: the connection id itself
        }
        String http = e.path("response").path("httpVersion").asText(req.path("httpVersion").asText("")).toLowerCase(Locale.ROOT);
        String protocol = http.contains("2") || http.equals("h2") ? "h2" : http.contains("3") ? "h3" : "http/1.1";
        JsonNode sec = e.path("_securityDetails");
        Optional<String> tls = sec.hasNonNull("protocol") ? Optional.of(sec.path("protocol").asText().replace("TLS ", "TLSv"))
                : Optional.empty();
        Optional<String> cert = sec.hasNonNull("subjectName")
                ? Optional.of("CN=" + sec.path("subjectName").asText() + (sec.hasNonNull("issuer")
                ? " issued by " + sec.path("issuer").asText() : "")) : Optional.empty();
        JsonNode t = e.path("timings");
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return Optional.of(new Entry(index, started, req.path("method").asText("GET"), url.replaceFirst("#.*$", ""),
                authority.get(), path, e.path("response").path("status").asInt(0), protocol,
                ip.isEmpty() ? Optional.empty() : Optional.of(ip), serverPort, connectionId,
                ms(t, "blocked"), ms(t, "dns"), ms(t, "connect"), ms(t, "ssl"), ms(t, "send"), ms(t, "wait"),
                ms(t, "receive"), tls, cert, recorded(e)));
    }

    private static Optional<Recorded> recorded(JsonNode e) {
        if (!e.path("_exchangeId").canConvertToInt() || !e.has("_hiddenByClient")) {
            return Optional.empty();
        }
        return Optional.of(new Recorded(e.path("_exchangeId").asInt(), e.path("_step").asInt(0),
                Math.max(1, e.path("_attempt").asInt(1)),
                e.hasNonNull("_sni") ? Optional.of(e.path("_sni").asText()) : Optional.empty(),
                e.path("_hiddenByClient").asBoolean(false),
                e.path("_retryOf").canConvertToInt() ? Optional.of(e.path("_retryOf").asInt()) : Optional.empty()));
    }

    private static double ms(JsonNode timings, String field) {
        double v = timings.path(field).asDouble(-1);
        return v < 0 ? 0 : v;
    }

    private ImportResult build(String name, String creator, List<Entry> entries, List<String> limitations,
                               Optional<Long> truncatedAt) {
        boolean ids = entries.stream().anyMatch(e -> e.connectionId().isPresent());
        String dialect = dialect(creator, entries);
        Instant base = entries.stream().map(Entry::started).min(Instant::compareTo).orElse(Instant.EPOCH);
        Map<String, Integer> lanes = new LinkedHashMap<>();
        Map<Integer, Entry> laneFirst = new LinkedHashMap<>();
        List<TimelineEvent> events = new ArrayList<>();
        ImportSupport.AuthorityCollector authorities = new ImportSupport.AuthorityCollector();
        List<String> plan = new ArrayList<>();
        int coalescedCount = 0;
        for (Entry e : entries) {
            String key = ids ? e.connectionId().map(c -> "id " + c).orElse("entry " + e.index()) : "authority " + e.authority().key();
            long start = micros(base, e.started());
            long connectStart = start + us(e.blocked() + e.dns());
            long sendAt = connectStart + us(e.connect());
            long responseAt = sendAt + us(e.send() + e.waiting());
            Integer conn = lanes.get(key);
            boolean opened = false;
            if (conn == null) {
                conn = lanes.size() + 1;
                lanes.put(key, conn);
                laneFirst.put(conn, e);
                opened = true;
                long tlsStart = e.ssl() > 0 ? sendAt - us(e.ssl()) : sendAt;
                Optional<String> sni = e.recorded().flatMap(Recorded::sni).or(() -> e.authority().effectiveSni());
                events.add(new TimelineEvent.ConnectionOpened(sendAt, conn, e.serverIp().orElse(""), e.serverPort(), 0,
                        sni, e.protocol(), e.tlsVersion(), e.peerCertificate(), connectStart, tlsStart, sendAt));
                if (!ids) {
                    events.add(new TimelineEvent.Note(sendAt, conn, "connection unknown: the HAR has no connection id, "
                            + "so every request for " + e.authority().displayName() + " is drawn on this one lane"));
                }
            }
            Entry first = laneFirst.get(conn);
            boolean coalesced = !first.authority().host().equals(e.authority().host());
            coalescedCount += coalesced ? 1 : 0;
            String reason = opened ? "new connection" : coalesced
                    ? "coalesced: the HAR gives the same connection id " + e.connectionId().orElse("?") + " as the first request for "
                    + first.authority().displayName() : ids ? "reused: same connection id " + e.connectionId().orElse("?")
                    : "connection unknown (no connection id in the HAR)";
            int exchange = e.recorded().map(Recorded::exchangeId).orElse(e.index() + 1);
            int step = e.recorded().map(Recorded::step).orElse(e.index());
            int attempt = e.recorded().map(Recorded::attempt).orElse(1);
            events.add(new TimelineEvent.ConnectionAcquired(sendAt, exchange, conn, e.authority().hostHeader(), coalesced, reason));
            events.add(new TimelineEvent.RequestSent(sendAt, exchange, conn, step, attempt, e.method(),
                    e.authority().hostHeader(), e.path()));
            if (e.status() > 0) {
                events.add(new TimelineEvent.ResponseReceived(responseAt, exchange, conn, e.status(), e.protocol()));
            } else {
                events.add(new TimelineEvent.ExchangeFailed(responseAt, exchange, conn,
                        "no response recorded (status 0: failed, blocked or cancelled)"));
            }
            if (e.status() == 421) {
                Entry laneOpener = laneFirst.get(conn);
                Optional<String> sni = laneOpener.recorded().flatMap(Recorded::sni)
                        .or(() -> laneOpener.authority().effectiveSni());
                events.add(new TimelineEvent.Misdirected(responseAt, exchange, conn, e.authority().hostHeader(), sni,
                        e.recorded().map(Recorded::hidden).orElse(false)));
            }
            e.recorded().flatMap(Recorded::retryOf).ifPresent(original -> events.add(new TimelineEvent.RetryScheduled(
                    sendAt, original, exchange, "the client retried exchange " + original + " (Misdirect's _retryOf)")));
            authorities.add(e.authority(), e.serverIp());
            if (e.recorded().map(r -> r.attempt() == 1).orElse(true)) {
                plan.add(ImportSupport.planStep(e.method(), e.url(), e.serverIp()));
            }
        }

        List<Finding> findings = new ArrayList<>();
        if (!ids && !entries.isEmpty()) {
            limitations.add(NO_CONNECTION_IDS.substring(0, 1).toUpperCase(Locale.ROOT) + NO_CONNECTION_IDS.substring(1) + ".");
            findings.add(new Finding(FindingCause.IMPORT_LIMITATION, Severity.INFO,
                    "No connection ids in " + name + " (" + dialect + "): connection reuse cannot be shown",
                    NO_CONNECTION_IDS.substring(0, 1).toUpperCase(Locale.ROOT) + NO_CONNECTION_IDS.substring(1) + ". "
                            + "Each authority is drawn on one lane of its own; whether requests shared a connection, "
                            + "or were coalesced onto another authority's connection, is not in the file.",
                    "A HAR records requests, not connections. " + dialect + " writes "
                            + (dialect.equals("Firefox") ? "the port in \"connection\"" : dialect.equals("Playwright")
                            ? "\"_serverPort\" and \"_securityDetails\" but no connection id" : "no connection id")
                            + ", and a 421 that the browser retried by itself never appears: the entry shows the final "
                            + "status only.",
                    "Record a NetLog instead: open chrome://net-export and press Start Logging to Disk, load the page, "
                            + "Stop Logging; or start Chromium with --log-net-log=FILE. Then run: misdirect import FILE",
                    List.of()));
        }
        boolean ownRecord = !entries.isEmpty() && entries.stream().allMatch(e -> e.recorded().isPresent());
        Optional<String> retriedUnknown = entries.isEmpty() || ownRecord ? Optional.empty()
                : Optional.of("a HAR holds no 421 that the browser retried by itself: such a request shows once, with "
                + "its final status");
        Optional<String> connectionsUnknown = ids || entries.isEmpty() ? Optional.empty() : Optional.of(NO_CONNECTION_IDS);
        if (retriedUnknown.isPresent()) {
            limitations.add("A HAR holds no 421 that the browser retried by itself: such a request shows once, "
                    + "with its final status.");
        }
        if (!entries.isEmpty()) {
            limitations.add("A HAR holds no certificates" + (entries.stream().anyMatch(e -> e.peerCertificate().isPresent())
                    ? " (only the subject name and issuer)" : "") + ": probe the authorities for the SAN matrix.");
        }
        if (ids && coalescedCount > 0) {
            limitations.add("The SNI of each connection is taken to be the host of its first request.");
        }
        long misdirected = entries.stream().filter(e -> e.status() == 421
                && !e.recorded().map(Recorded::hidden).orElse(false)).count();
        if (misdirected > 0) {
            findings.add(new Finding(FindingCause.MISDIRECTED_REQUEST, Severity.PROBLEM,
                    "The HAR shows " + ImportSupport.count(misdirected, "response") + " 421 Misdirected Request",
                    entries.stream().filter(e -> e.status() == 421 && !e.recorded().map(Recorded::hidden).orElse(false))
                            .map(e -> e.method() + " " + e.url() + " → 421")
                            .reduce((a, b) -> a + "; " + b).orElse(""),
                    "These 421s reached the page: the client did not retry them (RFC 9110 §15.5.20).",
                    "Probe these authorities and replay the plan to see which connection the origin refused.",
                    entries.stream().filter(e -> e.status() == 421).map(e -> e.authority().key()).distinct().toList()));
        }
        truncatedAt.ifPresent(at -> {
            String text = "The HAR stops at byte " + at + " without its closing brackets; the " + entries.size()
                    + " entries before that point were imported.";
            limitations.add(text);
            findings.add(new Finding(FindingCause.IMPORT_LIMITATION, Severity.WARNING,
                    "Truncated HAR: " + name + " stops at byte " + at, text,
                    "The file was cut short while it was written or copied.", "Export the HAR again.", List.of()));
        });
        Optional<Instant> capturedAt = entries.isEmpty() ? Optional.empty() : Optional.of(base);
        return new ImportResult(ImportKind.HAR, name, capturedAt, authorities.build(), events, findings, List.of(),
                limitations, String.join(" ; ", plan), connectionsUnknown, retriedUnknown);
    }

    /** "Chrome", "Firefox", "Playwright" or the creator's own name. */
    static String dialect(String creator, List<?> entries) {
        String c = creator.toLowerCase(Locale.ROOT);
        if (c.contains("playwright")) {
            return "Playwright";
        }
        if (c.contains("firefox")) {
            return "Firefox";
        }
        if (c.contains("webinspector") || c.contains("chrom")) {
            return "Chrome";
        }
        return creator.isEmpty() ? "unknown writer" : creator;
    }

    private static long micros(Instant base, Instant at) {
        return Math.max(0, (at.getEpochSecond() - base.getEpochSecond()) * 1_000_000L + (at.getNano() - base.getNano()) / 1000);
    }

    private static long us(double ms) {
        return Math.round(ms * 1000);
    }
}
