package dev.misdirect.core.io;

import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a Chrome NetLog ({@code chrome://net-export}, or Chromium started with {@code --log-net-log=FILE}).
 *
 * <p>The file is read with Jackson's streaming parser, one event at a time: memory grows with the number of
 * sessions, streams and requests in the capture, not with its size, and the params of events that do not matter
 * are skipped without being built. Event names, source types and phases are looked up in the capture's own
 * {@code constants} (ids differ between Chromium versions; SPDY_ names of old captures are read as their HTTP2_
 * successors). {@code constants} comes first in every capture Chromium writes; when a file has it after
 * {@code events}, the first pass skips the events (without keeping them) to read the constants and a second pass
 * reads the events: nothing is buffered, the file is read twice.
 *
 * <p>A capture cut short (a crashed browser leaves no closing brackets) imports what is there and says where it
 * stopped. Any other malformed JSON fails with the byte offset and line:column.
 *
 * <p>Thread-safe (no state between calls); blocks on file I/O. Progress and cancellation go through an
 * {@link ImportMonitor} (interrupting the thread cancels too).
 */
public final class NetLogImporter {
    private final ObjectMapper mapper;

    public NetLogImporter() {
        this.mapper = new ObjectMapper();
    }

    /**
     * Imports the NetLog at {@code file}.
     *
     * @throws ImportException when the file is empty, not a NetLog, has no constants or events, or is malformed
     *                         before its end (the message names the byte offset)
     */
    public ImportResult importFrom(Path file) throws ImportException {
        return importFrom(file, ImportMonitor.NONE);
    }

    /**
     * Imports the NetLog at {@code file}, reporting progress to {@code monitor}.
     *
     * @throws ImportException                              as {@link #importFrom(Path)}
     * @throws java.util.concurrent.CancellationException when the monitor cancels or the thread is interrupted
     */
    public ImportResult importFrom(Path file, ImportMonitor monitor) throws ImportException {
        String name = String.valueOf(file.getFileName());
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ImportException(name + ": cannot read: " + e.getMessage(), -1, e);
        }
        if (size == 0) {
            throw new ImportException(name + " is empty", 0);
        }
        NetLogConstants constants = null;
        NetLogAssembler assembler = null;
        boolean eventsBeforeConstants = false;
        Optional<Long> truncatedAt = Optional.empty();
        JsonFactory factory = mapper.getFactory();
        try (JsonParser p = factory.createParser(BoundedFiles.open(file, BoundedFiles.CAPTURE_BYTES, "a Chrome NetLog"))) {
            try {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new ImportException(name + ": not a Chrome NetLog: it does not start with a JSON object "
                            + where(p.currentTokenLocation()), p.currentTokenLocation().getByteOffset());
                }
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("constants")) {
                        if (!p.isExpectedStartObjectToken()) {
                            throw new ImportException(name + ": \"constants\" is not an object " + where(p.currentTokenLocation()),
                                    p.currentTokenLocation().getByteOffset());
                        }
                        constants = NetLogConstants.from(mapper.readTree(p), name);
                    } else if (field.equals("events")) {
                        if (constants == null) {
                            eventsBeforeConstants = true;
                            p.skipChildren();
                        } else {
                            assembler = new NetLogAssembler(name, constants);
                            readEvents(p, assembler, name, monitor, size);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (t != JsonToken.END_OBJECT) {
                    throw new JsonEOFException(p, t, "end of input inside the top-level object");
                }
            } catch (JsonProcessingException e) {
                if (!NetLogImporter.endsEarly(e, size)) {
                    throw NetLogImporter.corrupt(name, e);
                }
                long at = e.getLocation() == null ? size : e.getLocation().getByteOffset();
                if (constants == null || (assembler == null && !eventsBeforeConstants)) {
                    throw new ImportException(name + ": the file stops at byte " + Math.max(0, at) + " before "
                            + (constants == null ? "its constants section" : "its events") + " could be read: nothing "
                            + "to import (truncated capture?)", at, e);
                }
                truncatedAt = Optional.of(Math.max(0, at));
            }
        } catch (ImportException e) {
            throw e;
        } catch (InputTooLargeException e) {
            throw new ImportException(e.getMessage(), e.limit(), e);
        } catch (IOException e) {
            throw new ImportException(name + ": cannot read: " + e.getMessage(), -1, e);
        }
        if (constants == null) {
            throw new ImportException(name + ": not a Chrome NetLog: it has no \"constants\" section", -1);
        }
        if (assembler == null && eventsBeforeConstants) {
            assembler = new NetLogAssembler(name, constants);
            readEventsAgain(file, name, assembler, monitor, size);
        }
        if (assembler == null) {
            throw new ImportException(name + ": not a Chrome NetLog: it has no \"events\" array", -1);
        }
        return assembler.finish(truncatedAt);
    }

    /** Second pass for files whose constants follow their events: stream the events array only. */
    private void readEventsAgain(Path file, String name, NetLogAssembler assembler, ImportMonitor monitor, long size)
            throws ImportException {
        try (JsonParser p = mapper.getFactory().createParser(BoundedFiles.open(file, BoundedFiles.CAPTURE_BYTES, "a Chrome NetLog"))) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("events")) {
                    readEvents(p, assembler, name, monitor, size);
                    return;
                }
                p.skipChildren();
            }
        } catch (JsonProcessingException e) {
            throw corrupt(name, e);
        } catch (IOException e) {
            throw new ImportException(name + ": cannot read: " + e.getMessage(), -1, e);
        }
    }

    private void readEvents(JsonParser p, NetLogAssembler assembler, String name, ImportMonitor monitor, long size)
            throws IOException {
        if (!p.isExpectedStartArrayToken()) {
            throw new ImportException(name + ": \"events\" is not an array " + where(p.currentTokenLocation()),
                    p.currentTokenLocation().getByteOffset());
        }
        NetLogConstants c = assembler.constants();
        Set<Integer> wanted = new HashSet<>();
        c.eventNames().forEach((id, n) -> {
            if (NetLogAssembler.NAMES.contains(n)) {
                wanted.add(id);
            }
        });
        JsonToken t;
        long nextReport = 0;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            long at = p.currentTokenLocation().getByteOffset();
            if (at >= nextReport) {
                ImportMonitor.check(monitor, at, size);
                nextReport = at + 64 * 1024;
            }
            int type = -1;
            int phase = 0;
            long sourceId = -1;
            int sourceType = -1;
            long time = 0;
            JsonNode params = null;
            boolean paramsSkipped = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                switch (f) {
                    case "params" -> {
                        if (type >= 0 && !wanted.contains(type)) {
                            p.skipChildren();
                            paramsSkipped = true;
                        } else if (v == JsonToken.START_OBJECT) {
                            params = readParams(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "phase" -> phase = p.getValueAsInt(0);
                    case "time" -> time = v == JsonToken.VALUE_STRING ? NetLogConstants.parseLong(p.getText())
                            : p.getValueAsLong(0);
                    case "type" -> type = p.getValueAsInt(-1);
                    case "source" -> {
                        if (v == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String sf = p.currentName();
                                p.nextToken();
                                if (sf.equals("id")) {
                                    sourceId = p.getValueAsLong(-1);
                                } else if (sf.equals("type")) {
                                    sourceType = p.getValueAsInt(-1);
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (paramsSkipped || !wanted.contains(type)) {
                assembler.skipped(time);
                continue;
            }
            NetLogAssembler.Phase ph = phase == c.phaseBegin() ? NetLogAssembler.Phase.BEGIN
                    : phase == c.phaseEnd() ? NetLogAssembler.Phase.END : NetLogAssembler.Phase.NONE;
            assembler.accept(new NetLogAssembler.Event(c.eventName(type), ph, sourceId, c.sourceName(sourceType), time,
                    params));
        }
        if (t != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonEOFException(p, null, "end of input inside the events array");
            }
            throw new ImportException(name + ": an event is not a JSON object " + where(p.currentTokenLocation()),
                    p.currentTokenLocation().getByteOffset());
        }
    }

    /**
     * True when the parser ran out of input (a file cut short) rather than meeting a wrong character: Jackson reports
     * the first as {@link JsonEOFException}, or as a parse error located at the very end of the file.
     */
    static boolean endsEarly(JsonProcessingException e, long size) {
        if (e instanceof JsonEOFException) {
            return true;
        }
        JsonLocation loc = e.getLocation();
        if (loc == null) {
            return false;
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (loc.getByteOffset() >= size - 1 && message.contains("end-of-input")) {
            return true;
        }
        // A cut inside a literal ("...:tru", "...:fa", "...:nul") reads as an unknown word that runs to the end.
        Matcher word = UNRECOGNIZED_TOKEN.matcher(message);
        return word.lookingAt() && isLiteralPrefix(word.group(1)) && loc.getByteOffset() >= size - 1 - word.group(1).length();
    }

    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '([^']*)'");

    private static boolean isLiteralPrefix(String word) {
        return !word.isEmpty() && ("true".startsWith(word) || "false".startsWith(word) || "null".startsWith(word));
    }

    /** The only params keys the assembler reads; every other value is skipped without being decoded. */
    private static final Set<String> PARAM_KEYS = Set.of("host", "host_port_pair", "source_dependency", "stream_id",
            "headers", "certificates", "local_address", "remote_address", "version", "url", "method", "description",
            "net_error", "bytes", "group_id");

    /**
     * Reads an event's params keeping only {@link #PARAM_KEYS}. The event's type usually comes after its params
     * (Chromium writes keys in order), so params are read before it is known whether they matter; skipping the
     * rest keeps this close to the cost of a bare token pass.
     */
    private static JsonNode readParams(JsonParser p) throws IOException {
        return JsonTrees.readFiltered(p, PARAM_KEYS);
    }

    static ImportException corrupt(String name, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        long offset = loc == null ? -1 : loc.getByteOffset();
        return new ImportException(name + ": malformed JSON" + (loc == null ? "" : " " + where(loc)) + ": "
                + JsonMessages.plain(e.getOriginalMessage()), offset, e);
    }

    /** "at byte 1234 (line 3, column 17)". */
    static String where(JsonLocation loc) {
        return "at byte " + loc.getByteOffset() + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}
