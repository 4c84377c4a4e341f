package dev.misdirect.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.misdirect.core.timeline.ServerView;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server's log into the server's view of each request that shows a 421 or an SNI/Host pair. A line that is
 * not in the format is counted and kept as a sample, never fatal.
 *
 * <p>Formats, and where each line comes from:
 * <ul>
 * <li>Apache error log: mod_ssl's {@code AH02032} ("Hostname A provided via SNI and hostname B provided via HTTP have
 * no compatible SSL setup", "... (default host as no SNI was provided) ...", before 2.4.64 "... are different"),
 * {@code AH02031} (SNI without a Host: 400) and {@code AH02033} (no SNI with {@code SSLStrictSNIVHostCheck}: 403),
 * with the client's address and port; {@code LogLevel ssl:info} adds the connection lines.</li>
 * <li>nginx error log at {@code info}: "client attempted to request the server name different from the one that was
 * negotiated" (421), with {@code server:} (the block the SNI chose), {@code host:} and {@code request:}; nginx names
 * no client port, only its connection number {@code *N}.</li>
 * <li>Caddy's JSON access log (https://caddyserver.com/docs/caddyfile/directives/log): {@code request.tls.server_name},
 * {@code request.host}, {@code request.remote_port}, {@code status}, {@code ts}.</li>
 * <li>Envoy access logs (https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage):
 * the default text format ({@code :authority}, no SNI), Istio's text format with {@code %DOWNSTREAM_REMOTE_ADDRESS%}
 * and {@code %REQUESTED_SERVER_NAME%} (https://istio.io/latest/docs/tasks/observability/logs/access-log/), and JSON
 * with Istio's keys ({@code authority}, {@code requested_server_name}, {@code downstream_remote_address},
 * {@code response_code}, {@code start_time}).</li>
 * <li>Traefik's debug log (text, console or JSON): {@code pkg/middlewares/snicheck} logs "TLS options difference"
 * with {@code req.Host} and {@code req.TLS.ServerName} before it answers 421.</li>
 * </ul>
 *
 * <p>Thread-safe (no state but the zone); blocks on file I/O.
 */
public final class ServerLogImporter {
    /** The largest log read. */
    public static final long MAX_BYTES = 512L * 1024 * 1024;

    static final Pattern APACHE_LINE = Pattern.compile(
            "^\\[(?<time>[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)? \\d{4})] \\[(?<module>[^]]*)] "
                    + "\\[pid [^]]*] (?<message>.*)$");
    private static final Pattern APACHE_CLIENT = Pattern.compile("\\[(?:client|remote) (?<address>[^]]+)]");
    private static final Pattern APACHE_MISMATCH = Pattern.compile("(?<code>AH02032): Hostname (?<sni>\\S+)"
            + "(?: provided via SNI| \\(default host as no SNI was provided\\)) and hostname (?<host>\\S+) provided via "
            + "HTTP (?:have no compatible SSL setup|are different).*");
    private static final Pattern APACHE_NO_HOST = Pattern.compile(
            "(?<code>AH02031): Hostname (?<sni>\\S+) provided via SNI, but no hostname provided in HTTP request.*");
    private static final Pattern APACHE_NO_SNI = Pattern.compile(
            "(?<code>AH02033): No hostname was provided via SNI for a name based virtual host.*");
    private static final DateTimeFormatter APACHE_TIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss[.SSSSSS] yyyy",
            Locale.ROOT);

    static final Pattern NGINX_LINE = Pattern.compile("^(?<time>\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}) "
            + "\\[(?<level>debug|info|notice|warn|error|crit|alert|emerg)] \\d+#\\d+: (?:\\*(?<conn>\\d+) )?(?<message>.*)$");
    private static final String NGINX_MISDIRECTED = "client attempted to request the server name different from the one "
            + "that was negotiated";
    private static final DateTimeFormatter NGINX_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);

    static final Pattern ENVOY_LINE = Pattern.compile("^\\[(?<time>\\d{4}-\\d{2}-\\d{2}T[^]]+)] \"(?<request>[^\"]*)\" "
            + "(?<status>\\d{1,3}) (?<rest>.*)$");
    private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    static final Pattern TRAEFIK_TEXT = Pattern.compile("^(?:time=\"[^\"]+\" level=\\w+|\\d{4}-\\d{2}-\\d{2}T\\S+ "
            + "(?:TRC|DBG|INF|WRN|ERR|FTL|PNC) ).*");
    private static final String TRAEFIK_MISDIRECTED = "TLS options difference";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ZoneId zone;

    /** An importer that reads zone-less local times (Apache, nginx) in {@code zone}. */
    public ServerLogImporter(ZoneId zone) {
        this.zone = zone;
    }

    /** The kind of server log whose line this is, if it is one. Used by {@link Importers#detect}. */
    static Optional<ImportKind> kindOfLine(String line) {
        if (APACHE_LINE.matcher(line).matches()) {
            return Optional.of(ImportKind.APACHE_ERROR_LOG);
        }
        if (NGINX_LINE.matcher(line).matches()) {
            return Optional.of(ImportKind.NGINX_ERROR_LOG);
        }
        if (ENVOY_LINE.matcher(line).matches()) {
            return Optional.of(ImportKind.ENVOY_LOG);
        }
        if (TRAEFIK_TEXT.matcher(line).matches()) {
            return Optional.of(ImportKind.TRAEFIK_LOG);
        }
        return Optional.empty();
    }

    /** The kind of server log whose first JSON object has these top-level keys, if any. */
    static Optional<ImportKind> kindOfJsonKeys(java.util.Set<String> keys) {
        if (keys.contains("logger") && keys.contains("ts")) {
            return Optional.of(ImportKind.CADDY_LOG);
        }
        if (keys.contains("requested_server_name") || keys.contains("response_code")) {
            return Optional.of(ImportKind.ENVOY_LOG);
        }
        if (keys.contains("level") && keys.contains("time") && (keys.contains("msg") || keys.contains("message"))) {
            return Optional.of(ImportKind.TRAEFIK_LOG);
        }
        return Optional.empty();
    }

    /**
     * Reads {@code file} as a log of {@code kind}.
     *
     * @throws ImportException when the file cannot be read, is larger than {@link #MAX_BYTES}, or no line of it is in
     *                         the format
     */
    public ServerLog read(Path file, ImportKind kind) throws ImportException {
        if (!kind.serverLog()) {
            throw new IllegalArgumentException(kind + " is not a server log");
        }
        String name = String.valueOf(file.getFileName());
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ImportException(name + " is larger than " + MAX_BYTES / (1024 * 1024) + " MiB", MAX_BYTES);
            }
        } catch (IOException e) {
            throw new ImportException(name + ": cannot read: " + e.getMessage(), -1, e);
        }
        List<ServerLogEntry> entries = new ArrayList<>();
        List<String> samples = new ArrayList<>();
        int read = 0;
        int other = 0;
        int unreadable = 0;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                read++;
                Parsed p;
                try {
                    p = parse(kind, name, number, line.strip());
                } catch (RuntimeException e) {
                    // a line that defeats its format's reading is one unreadable line, never the end of the import
                    p = Parsed.UNREADABLE;
                }
                if (p.entry().isPresent()) {
                    entries.add(p.entry().get());
                } else if (p.readable()) {
                    other++;
                } else {
                    unreadable++;
                    if (samples.size() < ServerLog.SAMPLES) {
                        samples.add("line " + number + ": " + ImportSupport.oneLine(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new ImportException(name + ": cannot read: " + e.getMessage(), -1, e);
        }
        if (read > 0 && unreadable == read) {
            throw new ImportException(name + ": no line is in the format of " + an(kind.label()) + " ("
                    + samples.get(0) + ")", 0);
        }
        return new ServerLog(kind, name, entries, read, other, unreadable, samples, zone);
    }

    private static String an(String label) {
        return ("aeiouAEIOU".indexOf(label.charAt(0)) >= 0 ? "an " : "a ") + label;
    }

    /** One line's reading: an entry, or readable but not evidence, or not in the format. */
    private record Parsed(Optional<ServerLogEntry> entry, boolean readable) {
        static final Parsed OTHER = new Parsed(Optional.empty(), true);
        static final Parsed UNREADABLE = new Parsed(Optional.empty(), false);

        static Parsed of(ServerLogEntry e) {
            return new Parsed(Optional.of(e), true);
        }
    }

    private Parsed parse(ImportKind kind, String file, int number, String line) {
        return switch (kind) {
            case APACHE_ERROR_LOG -> apache(file, number, line);
            case NGINX_ERROR_LOG -> nginx(file, number, line);
            case CADDY_LOG -> caddy(file, number, line);
            case ENVOY_LOG -> line.startsWith("{") ? envoyJson(file, number, line) : envoyText(file, number, line);
            case TRAEFIK_LOG -> traefik(file, number, line);
            default -> throw new IllegalArgumentException(kind + " is not a server log");
        };
    }

    private static String origin(String server, String file, int number) {
        return server + " (" + file + " line " + number + ")";
    }

    private Parsed apache(String file, int number, String line) {
        Matcher m = APACHE_LINE.matcher(line);
        if (!m.matches()) {
            return Parsed.UNREADABLE;
        }
        String message = m.group("message");
        Matcher client = APACHE_CLIENT.matcher(message);
        int port = client.find() ? ImportSupport.addressPort(client.group("address")) : 0;
        String text = client.replaceFirst("").strip();
        int at = text.indexOf("AH0203");
        if (at < 0) {
            return Parsed.OTHER;
        }
        text = text.substring(at);
        Optional<Instant> time = local(m.group("time"), APACHE_TIME);
        Matcher mismatch = APACHE_MISMATCH.matcher(text);
        if (mismatch.matches()) {
            Optional<String> sni = text.contains("default host as no SNI was provided") ? Optional.empty()
                    : Optional.of(mismatch.group("sni"));
            String reason = text + (sni.isEmpty() ? " (no SNI: the connection went to the default vhost "
                    + mismatch.group("sni") + ")" : "");
            return Parsed.of(new ServerLogEntry(number, time, Optional.empty(), new ServerView(
                    origin("Apache httpd", file, number), port, sni, "", mismatch.group("host"), "", 421, reason)));
        }
        Matcher noHost = APACHE_NO_HOST.matcher(text);
        if (noHost.matches()) {
            return Parsed.of(new ServerLogEntry(number, time, Optional.empty(), new ServerView(
                    origin("Apache httpd", file, number), port, Optional.of(noHost.group("sni")), "", "", "", 400, text)));
        }
        if (APACHE_NO_SNI.matcher(text).matches()) {
            return Parsed.of(new ServerLogEntry(number, time, Optional.empty(), new ServerView(
                    origin("Apache httpd", file, number), port, Optional.empty(), "", "", "", 403, text)));
        }
        return Parsed.OTHER;
    }

    private Parsed nginx(String file, int number, String line) {
        Matcher m = NGINX_LINE.matcher(line);
        if (!m.matches()) {
            return Parsed.UNREADABLE;
        }
        String message = m.group("message");
        if (!message.startsWith(NGINX_MISDIRECTED)) {
            return Parsed.OTHER;
        }
        Optional<String> server = field(message, "server: ([^,\"]*)");
        Optional<String> host = field(message, "host: \"([^\"]*)\"");
        if (host.isEmpty()) {
            return Parsed.UNREADABLE;
        }
        Optional<String> request = field(message, "request: \"([^\"]*)\"");
        String path = request.map(r -> r.split(" ")).filter(r -> r.length == 3).map(r -> r[1]).orElse("");
        String alpn = request.map(r -> r.endsWith("HTTP/2.0") ? "h2" : r.contains(" HTTP/1") ? "http/1.1" : "").orElse("");
        Optional<String> connection = Optional.ofNullable(m.group("conn")).map(c -> "nginx connection *" + c);
        String reason = NGINX_MISDIRECTED + " (the SNI chose the server block " + server.orElse("?")
                + "; nginx answers 421 when the Host's block verifies client certificates or has another http2 setting)";
        return Parsed.of(new ServerLogEntry(number, local(m.group("time"), NGINX_TIME), connection, new ServerView(
                origin("nginx", file, number), 0, server.filter(s -> !s.isEmpty()), alpn, host.get(), path, 421, reason)));
    }

    private Parsed caddy(String file, int number, String line) {
        Optional<JsonNode> json = json(line);
        if (json.isEmpty()) {
            return Parsed.UNREADABLE;
        }
        JsonNode root = json.get();
        JsonNode request = root.path("request");
        if (!request.isObject()) {
            return Parsed.OTHER;
        }
        Optional<String> sni = text(request.path("tls").path("server_name"));
        Optional<String> host = text(request.path("host"));
        int status = root.path("status").asInt(0);
        if (host.isEmpty() || (sni.isEmpty() && status != 421)) {
            return Parsed.OTHER;
        }
        Optional<Instant> time = root.path("ts").isNumber()
                ? Optional.of(Instant.ofEpochSecond(0, Math.round(root.path("ts").asDouble() * 1e9)))
                : Optional.empty();
        int port = request.path("remote_port").asInt(-1); // Caddy writes it as a string of digits
        String alpn = text(request.path("tls").path("proto")).orElseGet(() -> protocol(request.path("proto").asText("")));
        String reason = status == 421 ? "Caddy answered 421: strict_sni_host compares the TLS server name with the Host"
                : "Caddy access log";
        return Parsed.of(new ServerLogEntry(number, time, Optional.empty(), new ServerView(origin("Caddy", file, number),
                Math.max(port, 0), sni, alpn, host.get(), request.path("uri").asText(""), status, reason)));
    }

    private Parsed envoyText(String file, int number, String line) {
        Matcher m = ENVOY_LINE.matcher(line);
        if (!m.matches()) {
            return Parsed.UNREADABLE;
        }
        List<String> quoted = new ArrayList<>();
        List<Integer> quotedAt = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        List<String> all = new ArrayList<>();
        Matcher t = TOKEN.matcher(m.group("rest"));
        while (t.find()) {
            if (t.group(1) != null) {
                quoted.add(t.group(1));
                quotedAt.add(all.size());
                all.add(t.group(1));
            } else {
                bare.add(t.group(2));
                all.add(t.group(2));
            }
        }
        // after the request and status, the default format quotes "XFF" "UA" "REQUEST-ID" "AUTHORITY" "UPSTREAM";
        // Istio's quotes "TRANSPORT-FAILURE" before them and adds CLUSTER UPSTREAM-LOCAL DOWNSTREAM-LOCAL
        // DOWNSTREAM-REMOTE SNI ROUTE after them
        if (quoted.size() < 5) {
            return Parsed.UNREADABLE;
        }
        boolean istio = quoted.size() >= 6;
        String authority = quoted.get(istio ? 4 : 3);
        List<String> tail = all.subList(quotedAt.get(istio ? 5 : 4) + 1, all.size());
        Optional<String> sni = istio && tail.size() >= 5 ? dash(tail.get(4)) : Optional.empty();
        int port = istio && tail.size() >= 4 ? ImportSupport.addressPort(tail.get(3)) : 0;
        int status = Integer.parseInt(m.group("status"));
        if (dash(authority).isEmpty() || (sni.isEmpty() && status != 421)) {
            return Parsed.OTHER;
        }
        String[] request = m.group("request").split(" ");
        Optional<Instant> time = instant(m.group("time"));
        return Parsed.of(new ServerLogEntry(number, time, Optional.empty(), new ServerView(origin("Envoy", file, number),
                Math.max(port, 0), sni, request.length == 3 ? protocol(request[2]) : "", authority,
                request.length == 3 ? request[1] : "", status, envoyReason(status, bare))));
    }

    private static String envoyReason(int status, List<String> bare) {
        String flags = bare.isEmpty() ? "-" : bare.get(0);
        return status == 421 ? "Envoy answered 421" + (flags.equals("-") ? "" : " (response flags " + flags + ")")
                : "Envoy access log" + (flags.equals("-") ? "" : " (response flags " + flags + ")");
    }

    private Parsed envoyJson(String file, int number, String line) {
        Optional<JsonNode> json = json(line);
        if (json.isEmpty()) {
            return Parsed.UNREADABLE;
        }
        JsonNode root = json.get();
        Optional<String> authority = text(root.path("authority")).flatMap(ServerLogImporter::dash);
        Optional<String> sni = text(root.path("requested_server_name")).flatMap(ServerLogImporter::dash);
        int status = root.path("response_code").asInt(0);
        if (authority.isEmpty() || (sni.isEmpty() && status != 421)) {
            return Parsed.OTHER;
        }
        int port = text(root.path("downstream_remote_address")).map(ImportSupport::addressPort).orElse(0);
        Optional<Instant> time = text(root.path("start_time")).flatMap(ServerLogImporter::instant);
        String flags = text(root.path("response_flags")).orElse("-");
        return Parsed.of(new ServerLogEntry(number, time, Optional.empty(), new ServerView(origin("Envoy", file, number),
                Math.max(port, 0), sni, protocol(text(root.path("protocol")).orElse("")), authority.get(),
                text(root.path("path")).orElse(""), status, envoyReason(status, List.of(flags)))));
    }

    private Parsed traefik(String file, int number, String line) {
        boolean json = line.startsWith("{");
        if (json ? json(line).isEmpty() : !TRAEFIK_TEXT.matcher(line).matches()) {
            return Parsed.UNREADABLE;
        }
        if (!line.contains(TRAEFIK_MISDIRECTED)) {
            return Parsed.OTHER;
        }
        Optional<String> host = field(line, "\"?req\\.Host\"?[=:]\"?([^\"\\s,}]+)");
        Optional<String> sni = field(line, "\"?req\\.TLS\\.ServerName\"?[=:]\"?([^\"\\s,}]*)");
        if (host.isEmpty()) {
            return Parsed.UNREADABLE;
        }
        Optional<String> when = field(line, "^time=\"([^\"]+)\"").or(() -> field(line, "\"time\":\"([^\"]+)\""))
                .or(() -> field(line, "^(\\d{4}-\\d{2}-\\d{2}T\\S+) "));
        String options = field(line, "(TLS options difference: SNI:[^,\"]*, Header:[^\"\\s]*)").orElse(TRAEFIK_MISDIRECTED);
        return Parsed.of(new ServerLogEntry(number, when.flatMap(ServerLogImporter::instant), Optional.empty(),
                new ServerView(origin("Traefik", file, number), 0, sni.filter(s -> !s.isEmpty()), "", host.get(), "",
                        421, options + " (Traefik answers 421 when the Host's router has other TLS options than the SNI's)")));
    }

    private Optional<Instant> local(String text, DateTimeFormatter format) {
        try {
            return Optional.of(LocalDateTime.parse(text, format).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<JsonNode> json(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(n.asText()) : Optional.empty();
    }

    private static Optional<String> dash(String s) {
        return s.isEmpty() || s.equals("-") ? Optional.empty() : Optional.of(s);
    }

    /** "h2" for HTTP/2 request lines, "h3" for HTTP/3, "http/1.1" for HTTP/1.x, else empty. */
    private static String protocol(String proto) {
        return proto.startsWith("HTTP/2") ? "h2" : proto.startsWith("HTTP/3") ? "h3"
                : proto.startsWith("HTTP/1") ? "http/1.1" : "";
    }
}
