package dev.misdirect.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.misdirect.core.files.AtomicFiles;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.ConnectionTimeline.Bar;
import dev.misdirect.core.timeline.ConnectionTimeline.Lane;
import dev.misdirect.core.timeline.TimelineEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a replay run as an HTTP Archive (HAR 1.2) that browser tools and HAR viewers read: one entry per
 * exchange (hidden 421s and their retries included), each with {@code serverIPAddress} (no port),
 * {@code connection} and {@code _connectionId} (the replay's connection id, as Chrome writes its own; the port is
 * in {@code _serverPort}), and Misdirect's own {@code _sni}, {@code _misdirected},
 * {@code _hiddenByClient} and {@code _retryOf}. Headers and URLs pass through a {@link Redactor}.
 *
 * <p>Pure and thread-safe, except {@link #write} which blocks on the file.
 */
public final class HarExporter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final java.time.format.DateTimeFormatter ISO =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", java.util.Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC);

    private HarExporter() {
    }

    /**
     * The HAR document.
     *
     * @param run            the replay
     * @param stepHeaders    extra request headers per plan step (as sent), in order; steps without any may be absent
     * @param redactor       {@link Redactor#secrets()} by default, {@link Redactor#none()} for {@code --no-redact}
     * @param creatorVersion the Misdirect version written as {@code log.creator.version}
     */
    public static String toJson(ReplayRun run, Map<Integer, Map<String, String>> stepHeaders, Redactor redactor,
                                String creatorVersion) {
        Map<Integer, String> bodies = PlanSteps.bodies(run);
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode log = root.putObject("log");
        log.put("version", "1.2");
        log.putObject("creator").put("name", "Misdirect").put("version", creatorVersion);
        String pageId = "replay";
        ObjectNode page = log.putArray("pages").addObject();
        page.put("startedDateTime", iso(run.startedAt()));
        page.put("id", pageId);
        page.put("title", redactor.text("Replay (" + run.policy() + " policy, 421 retry " + (run.retry421() ? "on" : "off")
                + ")" + run.labScenario().map(s -> " on lab scenario " + s).orElse("")));
        page.putObject("pageTimings").put("onContentLoad", -1).put("onLoad", -1);
        ArrayNode entries = log.putArray("entries");

        ConnectionTimeline t = ConnectionTimeline.of(run.events());
        Set<Integer> connectionsSeen = new HashSet<>();
        for (Bar b : t.bars()) {
            Optional<Lane> lane = t.lane(b.connectionId());
            boolean first = lane.isPresent() && connectionsSeen.add(b.connectionId());
            String proto = lane.map(Lane::protocol).orElse(run.http1() ? "http/1.1" : "h2");
            String httpVersion = "h2".equalsIgnoreCase(proto) ? "HTTP/2.0" : "HTTP/1.1";

            double connectMs = -1;
            double sslMs = -1;
            long startMicros = b.startMicros();
            if (first) {
                Lane l = lane.get();
                if (l.tlsEndMicros() > l.connectStartMicros() && l.connectStartMicros() >= 0) {
                    connectMs = ms(l.tlsEndMicros() - l.connectStartMicros());
                    sslMs = l.tlsStartMicros() > 0 ? ms(l.tlsEndMicros() - l.tlsStartMicros()) : -1;
                    startMicros = Math.min(startMicros, l.connectStartMicros());
                }
            }
            double waitMs = ms(b.endMicros() - b.startMicros());

            ObjectNode e = entries.addObject();
            e.put("pageref", pageId);
            e.put("startedDateTime", iso(run.startedAt().plus(startMicros, ChronoUnit.MICROS)));
            e.put("time", (connectMs > 0 ? connectMs : 0) + waitMs);

            // the step's URL keeps the query string the timeline's path may leave out
            String url = run.steps().stream().filter(st -> st.step() == b.step()).findFirst()
                    .map(st -> st.url()).filter(u -> u.contains("://" + hostPart(b.authority())))
                    .orElseGet(() -> url(b.authority(), b.path()));
            ObjectNode req = e.putObject("request");
            req.put("method", b.method());
            req.put("url", redactor.text(url));
            req.put("httpVersion", httpVersion);
            req.putArray("cookies");
            ArrayNode headers = req.putArray("headers");
            if ("HTTP/2.0".equals(httpVersion)) {
                header(headers, ":authority", hostPart(b.authority()), redactor);
                header(headers, ":method", b.method(), redactor);
                header(headers, ":path", b.path(), redactor);
                header(headers, ":scheme", "https", redactor);
            } else {
                header(headers, "Host", hostPart(b.authority()), redactor);
            }
            stepHeaders.getOrDefault(b.step(), Map.of()).forEach((k, v) -> header(headers, k, v, redactor));
            ArrayNode query = req.putArray("queryString");
            String redactedPath = redactor.text(url);
            int q = redactedPath.indexOf('?');
            if (q >= 0) {
                for (String pair : redactedPath.substring(q + 1).split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    query.addObject().put("name", decode(eq < 0 ? pair : pair.substring(0, eq)))
                            .put("value", eq < 0 ? "" : decode(pair.substring(eq + 1)));
                }
            }
            req.put("headersSize", -1);
            String body = bodies.get(b.step());
            if (body == null) {
                req.put("bodySize", 0);
            } else {
                String sent = redactor.text(body);
                req.put("bodySize", sent.getBytes(StandardCharsets.UTF_8).length);
                req.putObject("postData").put("mimeType", PlanSteps.BODY_MEDIA_TYPE).put("text", sent);
            }

            ObjectNode res = e.putObject("response");
            res.put("status", b.status());
            res.put("statusText", statusText(b.status()));
            res.put("httpVersion", b.status() == 0 ? "" : httpVersion);
            res.putArray("cookies");
            res.putArray("headers");
            res.putObject("content").put("size", 0).put("mimeType", "x-unknown");
            res.put("redirectURL", "");
            res.put("headersSize", -1);
            res.put("bodySize", -1);
            b.error().ifPresent(err -> res.put("_error", redactor.text(err)));

            e.putObject("cache");
            ObjectNode timings = e.putObject("timings");
            timings.put("blocked", -1);
            timings.put("dns", -1);
            timings.put("connect", connectMs);
            timings.put("ssl", sslMs);
            timings.put("send", 0);
            timings.put("wait", waitMs);
            timings.put("receive", 0);

            lane.ifPresent(l -> {
                e.put("serverIPAddress", l.peerAddress());
                // the connection's id, as Chrome writes it: the port alone cannot tell two connections apart
                e.put("connection", Integer.toString(b.connectionId()));
                e.put("_serverPort", l.peerPort());
                l.sni().ifPresent(s -> e.put("_sni", s));
                l.tlsVersion().ifPresent(v -> e.putObject("_securityDetails").put("protocol", v));
            });
            e.put("_connectionId", Integer.toString(b.connectionId()));
            e.put("_exchangeId", b.exchangeId());
            e.put("_step", b.step());
            e.put("_attempt", b.attempt());
            e.put("_misdirected", b.misdirected());
            e.put("_hiddenByClient", b.hidden());
            if (b.retryOf() != TimelineEvent.UNKNOWN) {
                e.put("_retryOf", b.retryOf());
            }
            e.put("_resourceType", "fetch");
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException("HAR could not be written: " + ex.getOriginalMessage(), ex);
        }
    }

    /** Writes {@link #toJson} to {@code file} atomically (temporary file, then rename). */
    public static void write(ReplayRun run, Map<Integer, Map<String, String>> stepHeaders, Redactor redactor,
                             String creatorVersion, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(run, stepHeaders, redactor, creatorVersion));
    }

    private static void header(ArrayNode headers, String name, String value, Redactor redactor) {
        headers.addObject().put("name", name).put("value", redactor.header(name, value));
    }

    /** {@code https://host[:port]path}, the port left out when it is 443. */
    static String url(String authority, String path) {
        return "https://" + hostPart(authority) + (path.startsWith("/") ? path : "/" + path);
    }

    /** The authority as a URL writes it: {@code host:443} becomes {@code host}. */
    static String hostPart(String authority) {
        return authority.endsWith(":443") ? authority.substring(0, authority.length() - 4) : authority;
    }

    static String statusText(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 421 -> "Misdirected Request";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private static String iso(Instant i) {
        return ISO.format(i);
    }
}
