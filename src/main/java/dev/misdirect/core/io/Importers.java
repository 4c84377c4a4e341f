package dev.misdirect.core.io;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.misdirect.core.model.CertificateInfo;
import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.Handshake;
import dev.misdirect.core.model.ProbeResult;
import dev.misdirect.core.model.ReplayRun;
import dev.misdirect.core.model.Session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises an input file by its first bytes and imports it with the matching importer.
 *
 * <p>Thread-safe; every method blocks on file I/O. {@link #detect(Path)} reads at most {@link #SNIFF_BYTES} bytes,
 * whatever the file's size.
 */
public final class Importers {
    /** How much of a file {@link #detect(Path)} reads. */
    public static final int SNIFF_BYTES = 64 * 1024;
    /** The largest curl command file accepted. */
    public static final int MAX_CURL_BYTES = 1024 * 1024;

    private final NetLogImporter netLog = new NetLogImporter();
    private final HarImporter har = new HarImporter();
    private final SessionCodec sessions = new SessionCodec();
    private final ServerLogImporter serverLogs;

    /** Importers that read server logs' zone-less local times in the system's zone. */
    public Importers() {
        this(java.time.ZoneId.systemDefault());
    }

    /** Importers that read server logs' zone-less local times (Apache, nginx) in {@code logZone}. */
    public Importers(java.time.ZoneId logZone) {
        this.serverLogs = new ServerLogImporter(logZone);
    }

    /**
     * What kind of file this is, from its first {@link #SNIFF_BYTES} bytes: a JSON object whose first keys are
     * {@code constants}/{@code events} (NetLog), {@code log} (HAR) or {@code formatVersion} (session), or whose keys
     * are those of a server's JSON log (Caddy, Envoy, Traefik); text starting with {@code curl}; or text whose first
     * line is a line of a server's log (Apache or nginx error log, Envoy access log, Traefik log).
     *
     * @throws ImportException when the file is missing, empty, binary or none of those, naming what it starts with
     */
    public ImportKind detect(Path file) throws ImportException {
        String name = String.valueOf(file.getFileName());
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        } catch (NoSuchFileException e) {
            throw new ImportException(file + ": no such file", -1, e);
        } catch (IOException e) {
            throw new ImportException(file + ": cannot read: " + e.getMessage(), -1, e);
        }
        int start = 0;
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            start = 3;
        }
        while (start < head.length && Character.isWhitespace(head[start])) {
            start++;
        }
        if (start >= head.length) {
            throw new ImportException(name + " is empty: nothing to import", 0);
        }
        for (int i = start; i < head.length; i++) {
            if (head[i] == 0) {
                throw new ImportException(name + " is a binary file (byte " + i + " is NUL): expected a Chrome NetLog, "
                        + "a HAR, a Misdirect session or a curl command", i);
            }
        }
        if (head[start] == '{') {
            return detectJson(name, head, start);
        }
        String text = new String(head, start, Math.min(head.length - start, 200), StandardCharsets.UTF_8);
        String first = text.strip();
        Optional<ImportKind> log = new String(head, start, Math.min(head.length - start, 4096), StandardCharsets.UTF_8)
                .lines().findFirst().flatMap(l -> ServerLogImporter.kindOfLine(l.strip()));
        if (log.isPresent()) {
            return log.get();
        }
        if (first.startsWith("curl ") || first.startsWith("curl\t") || first.startsWith("$ curl ")
                || first.startsWith("curl.exe ") || first.equals("curl")) {
            return ImportKind.CURL;
        }
        throw notRecognised(name, text);
    }

    private ImportKind detectJson(String name, byte[] head, int start) throws ImportException {
        java.util.Set<String> keys = new java.util.HashSet<>();
        try (JsonParser p = new JsonFactory().createParser(head, start, head.length - start)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                keys.add(p.currentName());
                switch (p.currentName()) {
                    case "constants", "events", "polledData" -> {
                        return ImportKind.NETLOG;
                    }
                    case "log" -> {
                        return ImportKind.HAR;
                    }
                    case "formatVersion" -> {
                        return ImportKind.SESSION;
                    }
                    default -> {
                        p.nextToken();
                        p.skipChildren();
                    }
                }
            }
            if (t == JsonToken.END_OBJECT) {
                Optional<ImportKind> log = ServerLogImporter.kindOfJsonKeys(keys);
                if (log.isPresent()) {
                    return log.get();
                }
                throw new ImportException(name + " is a JSON object without the keys of a Chrome NetLog (constants, "
                        + "events), a HAR (log), a Misdirect session (formatVersion) or a server's JSON log (Caddy: "
                        + "logger, ts; Envoy: response_code, requested_server_name; Traefik: level, time, msg)", -1);
            }
        } catch (ImportException e) {
            throw e;
        } catch (IOException e) {
            if (head.length >= SNIFF_BYTES) {
                throw new ImportException(name + ": the first " + SNIFF_BYTES / 1024 + " KiB hold a JSON object without "
                        + "the keys of a Chrome NetLog (constants, events), a HAR (log) or a Misdirect session "
                        + "(formatVersion)", -1, e);
            }
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && !NetLogImporter.endsEarly(jpe, head.length - start)) {
                throw NetLogImporter.corrupt(name, jpe);
            }
            throw new ImportException(name + ": the file stops at byte " + head.length + " before its kind could be told "
                    + "(a JSON object without constants/events, log or formatVersion)", head.length, e);
        }
        throw new ImportException(name + ": not a JSON object", start);
    }

    private static ImportException notRecognised(String name, String text) {
        String shown = text.lines().findFirst().orElse("");
        shown = shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
        return new ImportException(name + " is not a Chrome NetLog, a HAR, a Misdirect session, a curl command or a "
                + "server's log (Apache or nginx error log, Caddy, Envoy or Traefik log) "
                + "(it starts with \"" + shown.replaceAll("\\p{Cntrl}", "?") + "\")", 0);
    }

    /**
     * Detects the kind of {@code file} and imports it.
     *
     * @throws ImportException when the file cannot be recognised or read; the message names the file and position
     */
    public ImportResult importFile(Path file) throws ImportException {
        return importFile(file, ImportMonitor.NONE);
    }

    /**
     * Detects the kind of {@code file} and imports it, reporting progress of NetLog and HAR imports to
     * {@code monitor} (sessions and curl files are small and read at once).
     *
     * @throws ImportException                              as {@link #importFile(Path)}
     * @throws java.util.concurrent.CancellationException when the monitor cancels or the thread is interrupted
     */
    public ImportResult importFile(Path file, ImportMonitor monitor) throws ImportException {
        return switch (detect(file)) {
            case NETLOG -> netLog.importFrom(file, monitor);
            case HAR -> har.importFrom(file, monitor);
            case SESSION -> fromSession(file);
            case CURL -> fromCurl(String.valueOf(file.getFileName()), readCurl(file));
            case APACHE_ERROR_LOG, NGINX_ERROR_LOG, CADDY_LOG, ENVOY_LOG, TRAEFIK_LOG -> ServerLogJoin.asImport(serverLog(file));
        };
    }

    /**
     * Reads {@code file} as a server's log (its kind detected from the content).
     *
     * @throws ImportException when it is not a server's log of a known kind, or cannot be read
     */
    public ServerLog serverLog(Path file) throws ImportException {
        ImportKind kind = detect(file);
        if (!kind.serverLog()) {
            throw new ImportException(file.getFileName() + " is a " + kind.label() + ", not a server's log", 0);
        }
        return serverLogs.read(file, kind);
    }

    private static String readCurl(Path file) throws ImportException {
        try {
            return BoundedFiles.readUtf8(file, MAX_CURL_BYTES, "a curl command");
        } catch (CharacterCodingException e) {
            throw new ImportException(file.getFileName() + ": not UTF-8 text", -1, e);
        } catch (InputTooLargeException e) {
            throw new ImportException(e.getMessage(), MAX_CURL_BYTES, e);
        } catch (IOException e) {
            throw new ImportException(file.getFileName() + ": cannot read: " + e.getMessage(), -1, e);
        }
    }

    /**
     * Imports a curl command given as text (e.g. pasted). The result has one authority, one plan step and no events;
     * unknown options and what a replay cannot express become limitations.
     */
    public static ImportResult fromCurl(String source, String commandText) throws ImportException {
        CurlCommand cmd;
        try {
            cmd = CurlParser.parse(commandText);
        } catch (ImportException e) {
            throw new ImportException(source + ": " + e.getMessage(), e.byteOffset().orElse(-1L), e);
        }
        List<String> limitations = new ArrayList<>();
        if (!cmd.unknownOptions().isEmpty()) {
            limitations.add("Options not understood (skipped): " + String.join(" ", cmd.unknownOptions()));
        }
        limitations.addAll(cmd.notes());
        if (!cmd.headers().isEmpty() || cmd.body().isPresent()) {
            limitations.add("Headers and body stay with the command; the replay step sends a plain "
                    + cmd.method() + " without them.");
        }
        List<Finding> findings = new ArrayList<>();
        if (!cmd.unknownOptions().isEmpty()) {
            findings.add(ImportSupport.limitation("curl options not understood: " + String.join(" ", cmd.unknownOptions()),
                    "These options were skipped; the rest of the command was imported.",
                    "Check whether they matter for the request (e.g. a client certificate) and add them by hand."));
        }
        return new ImportResult(ImportKind.CURL, source, Optional.empty(),
                dev.misdirect.core.model.AuthoritySet.of(List.of(cmd.authority())), List.of(), findings, List.of(),
                limitations, cmd.planStep());
    }

    private ImportResult fromSession(Path file) throws ImportException {
        Session s;
        try {
            s = sessions.read(file);
        } catch (IOException e) {
            throw new ImportException(e.getMessage(), -1, e);
        }
        Optional<ReplayRun> last = s.replays().isEmpty() ? Optional.empty() : Optional.of(s.replays().get(s.replays().size() - 1));
        List<Finding> findings = new ArrayList<>(s.findings());
        last.ifPresent(r -> findings.addAll(r.findings()));
        Map<String, CertificateInfo> certs = new LinkedHashMap<>();
        for (ProbeResult p : s.probes()) {
            for (Handshake h : p.handshakes()) {
                h.leaf().ifPresent(c -> certs.putIfAbsent(c.sha256Fingerprint(), c));
            }
        }
        List<String> limitations = new ArrayList<>();
        if (s.replays().size() > 1) {
            limitations.add("The session holds " + s.replays().size() + " replay runs; the timeline shows the latest.");
        }
        return new ImportResult(ImportKind.SESSION, String.valueOf(file.getFileName()),
                last.map(ReplayRun::startedAt).or(() -> Optional.of(s.createdAt())), s.authoritySet(),
                last.map(ReplayRun::events).orElse(List.of()), findings, List.copyOf(certs.values()), limitations,
                last.map(ReplayRun::planText).orElse(""));
    }
}
