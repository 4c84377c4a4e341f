package dev.misdirect.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.misdirect.core.model.ConnectionPolicy;
import dev.misdirect.core.files.AtomicFiles;
import dev.misdirect.core.model.PairVerdict;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.names.AuthoritySyntaxException;
import dev.misdirect.core.files.BoundedFiles;
import dev.misdirect.core.files.InputTooLargeException;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.misdirect.core.model.Session;
import dev.misdirect.core.timeline.TimelineEvent;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes the session document (docs/session-format.md): JSON of {@link Session}, versioned by its
 * {@code formatVersion} field. Every document it writes or prints passes through its {@link Redactor}: credentials
 * are removed ({@link Redactor#secrets()}) unless the codec was made {@link #using(Redactor) using}
 * {@link Redactor#none()} because the user asked to include secrets.
 *
 * <p>Thread-safe: one instance may be shared. Every method blocks on the file or reader it is given and
 * nothing else. Reading never returns a half-read session: any problem is a {@link SessionFormatException}
 * naming the source and, when known, the line and column.
 */
public final class SessionCodec {
    /** The largest session document read (64 MiB): bigger input is refused before it is read, bounding memory. */
    public static final long MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;

    private final ObjectMapper mapper;
    private final Redactor redactor;

    /** Connection policies and pair verdicts are written by their stable ids ("coalescing", "shared-ok"), as the format document says. */
    private static SimpleModule stableIds() {
        SimpleModule m = new SimpleModule("stable-ids");
        byId(m, ConnectionPolicy.class, ConnectionPolicy::id, ConnectionPolicy::fromId, ConnectionPolicy.ids(),
                "a connection policy");
        byId(m, PairVerdict.class, PairVerdict::id, PairVerdict::fromId, PairVerdict.ids(), "a pair verdict");
        return m;
    }

    private static <E extends Enum<E>> void byId(SimpleModule m, Class<E> type, Function<E, String> id,
                                                 Function<String, Optional<E>> fromId, String known, String what) {
        m.addSerializer(type, new JsonSerializer<>() {
            @Override
            public void serialize(E value, JsonGenerator g, SerializerProvider s) throws IOException {
                g.writeString(id.apply(value));
            }
        });
        m.addDeserializer(type, new JsonDeserializer<>() {
            @Override
            public E deserialize(JsonParser p, DeserializationContext c) throws IOException {
                String text = p.getValueAsString();
                return fromId.apply(text == null ? "" : text).orElseThrow(() -> c.weirdStringException(text, type,
                        "not " + what + "; known: " + known));
            }
        });
    }

    /** A codec that removes credentials from what it writes. */
    public SessionCodec() {
        // Jackson refuses strings over 20 MB by default; a document may hold one as long as the document's own cap.
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) MAX_DOCUMENT_BYTES).build()).build();
        JsonMapper m = JsonMapper.builder(factory)
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addMixIn(TimelineEvent.class, TimelineEventMixIn.class)
                .addMixIn(dev.misdirect.core.timeline.ServerView.class, ServerViewMixIn.class)
                .addModule(stableIds())
                // Records serialise their components only, not derived accessors like isEmpty() or leaf().
                .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // Additions within one format version are allowed: older readers skip fields they do not know.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
        m.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        m.configOverride(Map.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        this.mapper = m;
        this.redactor = Redactor.secrets();
    }

    private SessionCodec(ObjectMapper mapper, Redactor redactor) {
        this.mapper = mapper;
        this.redactor = redactor;
    }

    /**
     * This codec writing through {@code redactor}: {@link Redactor#none()} keeps credentials (the user's "include
     * secrets"), {@link Redactor#secrets()} removes them. Reading is the same.
     */
    public SessionCodec using(Redactor redactor) {
        return redactor == this.redactor ? this : new SessionCodec(mapper, java.util.Objects.requireNonNull(redactor));
    }

    /** The redactor every written document passes through. */
    public Redactor redactor() {
        return redactor;
    }

    /**
     * The session as an indented JSON document (UTF-8 text, no trailing newline), redacted by this codec's
     * {@link #redactor()}.
     *
     * @throws IllegalArgumentException when a record of the session refuses a redacted value
     */
    public String toJson(Session session) {
        try {
            return mapper.writeValueAsString(redactor.deep(session));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("session could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes the document to {@code writer}, without closing it. */
    public void write(Session session, Writer writer) throws IOException {
        writer.write(toJson(session));
        writer.write('\n');
        writer.flush();
    }

    /**
     * Writes the document to {@code file} atomically: to a temporary file in the same directory, readable and
     * writable by the owner only (on POSIX file systems), then renamed over {@code file}. A reader never sees a
     * half-written document; on failure the previous file is untouched and the temporary file removed. A symbolic
     * link at {@code file} is kept: the file it points to is written.
     */
    public void write(Session session, Path file) throws IOException {
        Session redacted = redactor.deep(session);
        // streamed to the file: the text of a large session is never held whole in memory
        ObjectWriter writer = mapper.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        AtomicFiles.write(file, out -> {
            writer.writeValue(out, redacted);
            out.write('\n');
        }, AtomicFiles.OWNER_ONLY);
    }

    /** Reads a session document from {@code file}, no more than {@link #MAX_DOCUMENT_BYTES} of it. */
    public Session read(Path file) throws IOException {
        String text;
        try {
            text = BoundedFiles.readUtf8(file, MAX_DOCUMENT_BYTES, "a session document");
        } catch (NoSuchFileException e) {
            throw new SessionFormatException(file + ": no such file");
        } catch (InputTooLargeException e) {
            throw new SessionFormatException(e.getMessage());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SessionFormatException(file + ": not a session document (the file is not UTF-8 text)");
        }
        return parse(text, file.toString());
    }

    /** Reads a session document from {@code reader} (not closed); errors name the source as "input". */
    public Session read(Reader reader) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = reader.read(buf)) >= 0; ) {
            sb.append(buf, 0, n);
            if (sb.length() > MAX_DOCUMENT_BYTES) {
                throw new SessionFormatException("input: too large for a session document (more than "
                        + MAX_DOCUMENT_BYTES + " characters)");
            }
        }
        return parse(sb.toString(), "input");
    }

    /** Parses a document held in memory; {@code source} names it in error messages. */
    public Session parse(String text, String source) throws SessionFormatException {
        if (text.isBlank()) {
            throw new SessionFormatException(source + ": empty file, expected a session document (a JSON object)");
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonEOFException e) {
            throw located(source, "the document is truncated (" + JsonMessages.plain(e.getOriginalMessage()) + ")", e, text);
        } catch (JsonProcessingException e) {
            String msg = JsonMessages.plain(e.getOriginalMessage());
            if (endsAtEndOfInput(e, text) || msg.contains("end-of-input")) {
                // a document cut inside a token or between entries: say so rather than name the half token
                throw located(source, "the document is truncated (" + msg + ")", e, text);
            }
            throw located(source, "not valid JSON: " + msg, e, text);
        }
        if (!root.isObject()) {
            throw new SessionFormatException(source + ": not a session document: expected a JSON object, found "
                    + root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode version = root.get("formatVersion");
        if (version == null || !version.isInt()) {
            throw new SessionFormatException(source + ": not a session document: no integer \"formatVersion\" field");
        }
        int v = version.intValue();
        if (v > Session.FORMAT_VERSION) {
            throw new SessionFormatException(source + ": session format version " + v
                    + " was written by a newer Misdirect; this build reads up to version " + Session.FORMAT_VERSION
                    + ". Open it with a newer Misdirect.");
        }
        if (v < 1) {
            throw new SessionFormatException(source + ": formatVersion " + v + " is not a valid version (1 or more)");
        }
        try (JsonParser p = mapper.createParser(text)) {
            return checkHosts(mapper.readValue(p, Session.class), source);
        } catch (JsonProcessingException e) {
            throw located(source, "not a valid session document: " + describe(e), e, text);
        } catch (IOException e) {
            throw new SessionFormatException(source + ": " + e.getMessage(), -1, -1, e);
        }
    }

    /** Every authority of the set must read back from its own line: no host a person could not have typed. */
    private static Session checkHosts(Session session, String source) throws SessionFormatException {
        if (session.authoritySet() == null) {
            throw new SessionFormatException(source + ": not a valid session document: no \"authoritySet\"");
        }
        List<Authority> all = session.authoritySet().authorities();
        for (int i = 0; i < all.size(); i++) {
            Authority a = all.get(i);
            try {
                Authority read = AuthorityParser.parseLine(a.toLine());
                if (!read.key().equals(a.key())) {
                    throw new AuthoritySyntaxException(a.key(), "it reads back as " + read.key());
                }
            } catch (AuthoritySyntaxException | IllegalArgumentException | NullPointerException e) {
                throw new SessionFormatException(source + ": not a valid session document: at authoritySet.authorities["
                        + i + "]: '" + AuthorityParser.shorten(String.valueOf(a.host()), 120) + "' is not a valid authority: "
                        + e.getMessage());
            }
        }
        return session;
    }

    private static String describe(JsonProcessingException e) {
        String msg = JsonMessages.plain(e.getOriginalMessage());
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jm && !jm.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (var ref : jm.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            int cut = msg.indexOf('\n');
            return "at " + path + ": " + (cut > 0 ? msg.substring(0, cut) : msg);
        }
        return msg;
    }

    private static boolean endsAtEndOfInput(JsonProcessingException e, String text) {
        JsonLocation loc = e.getLocation();
        return loc != null && loc.getCharOffset() >= 0 && loc.getCharOffset() >= text.stripTrailing().length() - 1;
    }

    /**
     * Where a token-by-token read of {@code text} stops: the position of problems whose exception carries none
     * (a limit such as the nesting depth).
     */
    private JsonLocation scanTo(String text) {
        JsonParser p = null;
        try {
            p = mapper.createParser(text);
            while (p.nextToken() != null) {
                p.skipChildren();
            }
            return null;
        } catch (JsonProcessingException ex) {
            return ex.getLocation() != null ? ex.getLocation() : p == null ? null : p.currentLocation();
        } catch (IOException ex) {
            return null;
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // in-memory parser: nothing to release
                }
            }
        }
    }

    private SessionFormatException located(String source, String what, JsonProcessingException e, String text) {
        JsonLocation loc = e.getLocation() != null ? e.getLocation() : scanTo(text);
        if (loc != null && loc.getLineNr() > 0) {
            return new SessionFormatException(source + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": " + what,
                    loc.getLineNr(), loc.getColumnNr(), e);
        }
        return new SessionFormatException(source + ": " + what, -1, -1, e);
    }
}
