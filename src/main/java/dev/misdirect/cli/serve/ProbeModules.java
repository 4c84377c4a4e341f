package dev.misdirect.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.misdirect.core.check.Expectation;
import dev.misdirect.core.check.Expectations;
import dev.misdirect.core.check.ExpectationsException;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.core.tls.PemFiles;
import dev.misdirect.core.tls.TlsFileException;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The probe modules {@code misdirect serve} offers: what a {@code /probe?module=NAME} checks and how. A modules file
 * is YAML (or JSON):
 *
 * <pre>
 * modules:
 *   NAME:
 *     expect:                 # the expectations, as the 'defaults' of an expectations file (docs/check.md)
 *       covered: true
 *       no-421-when-coalesced: [coalescing, ip-keyed]
 *     verify: false           # verify every shared pair first (no-misroute needs it and turns it on)
 *     timeout: 10             # seconds, at most, for one probe (a scrape's own timeout may shorten it)
 *     pins:                   # addresses to use instead of DNS, per host
 *       shop.example.com: [192.0.2.10]
 *     cacert: [ca.pem]        # CAs trusted besides the system's
 *     cert: client.pem        # client certificate and key, presented when a server asks
 *     key: client-key.pem
 * </pre>
 * Files are relative to the modules file. Without a file there is one module, {@value #DEFAULT}. Immutable.
 */
public final class ProbeModules {
    /** The module a probe without {@code module=} uses, and the one offered when no file is given. */
    public static final String DEFAULT = "default";
    /** The longest timeout a module may ask for. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(600);

    private static final List<String> MODULE_KEYS = List.of("expect", "verify", "timeout", "pins", "cacert", "cert", "key");

    private final Map<String, ProbeModule> modules;

    private ProbeModules(Map<String, ProbeModule> modules) {
        this.modules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modules));
    }

    /**
     * The module {@value #DEFAULT}: the certificate covers each name on every address, every address answers each
     * name for its own SNI, and no real client's coalescing draws a 421; 10 seconds; pairs not verified.
     */
    public static ProbeModules defaults() {
        ObjectNode expect = JsonNodeFactory.instance.objectNode();
        expect.put(Expectation.Covered.ID, true);
        expect.put(Expectation.SniHostParity.ID, true);
        expect.put(Expectation.NoMisdirectedWhenCoalesced.ID, true);
        return new ProbeModules(Map.of(DEFAULT, new ProbeModule(DEFAULT, expect, false, Duration.ofSeconds(10),
                Map.of(), List.of(), Optional.empty())));
    }

    /**
     * Reads a modules file's text.
     *
     * @param source the file (named in errors; relative CA and key files are resolved against its folder)
     * @throws IllegalArgumentException naming the file, the module and the key, when anything in it is wrong
     */
    public static ProbeModules parse(String text, Path source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not YAML: " + e.getOriginalMessage().lines().findFirst()
                    .orElse("syntax error"));
        }
        if (root == null || !root.isObject() || !root.path("modules").isObject() || root.size() != 1) {
            throw new IllegalArgumentException(source + ": expected a mapping with one key, 'modules:', holding a"
                    + " mapping of module names to modules");
        }
        Path dir = source.toAbsolutePath().getParent();
        Map<String, ProbeModule> all = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("modules").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            all.put(e.getKey(), module(e.getKey(), e.getValue(), dir, source + ": module '" + e.getKey() + "'"));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException(source + ": 'modules' is empty: define at least one module");
        }
        return new ProbeModules(all);
    }

    /** The module with this name. */
    public Optional<ProbeModule> get(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    /** The names of the modules, in file order. */
    public List<String> names() {
        return List.copyOf(modules.keySet());
    }

    private static ProbeModule module(String name, JsonNode m, Path dir, String where) {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(where + ": a module name is 1..64 letters, digits, '_', '.' or '-'");
        }
        if (!m.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping of " + String.join(", ", MODULE_KEYS));
        }
        m.fieldNames().forEachRemaining(k -> {
            if (!MODULE_KEYS.contains(k)) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "'; expected one of "
                        + String.join(", ", MODULE_KEYS));
            }
        });
        ObjectNode expect = m.has("expect") ? expect(m.get("expect"), where) : (ObjectNode) defaults().modules
                .get(DEFAULT).expect();
        boolean verify = false;
        if (m.has("verify")) {
            if (!m.get("verify").isBoolean()) {
                throw new IllegalArgumentException(where + ": 'verify' must be true or false");
            }
            verify = m.get("verify").booleanValue();
        }
        Duration timeout = Duration.ofSeconds(10);
        if (m.has("timeout")) {
            timeout = timeout(m.get("timeout"), where);
        }
        Map<String, List<String>> pins = new LinkedHashMap<>();
        if (m.has("pins")) {
            JsonNode p = m.get("pins");
            if (!p.isObject()) {
                throw new IllegalArgumentException(where + ": 'pins' must map host names to addresses");
            }
            p.fields().forEachRemaining(e -> pins.put(e.getKey().toLowerCase(java.util.Locale.ROOT),
                    strings(e.getValue(), where + ": pins: " + e.getKey())));
        }
        List<X509Certificate> cas = List.of();
        Optional<ClientCredentials> credentials = Optional.empty();
        try {
            if (m.has("cacert")) {
                cas = PemFiles.readCaFiles(strings(m.get("cacert"), where + ": cacert").stream().map(dir::resolve).toList());
            }
            if (m.has("cert") != m.has("key")) {
                throw new IllegalArgumentException(where + ": " + (m.has("cert") ? "'cert' needs 'key'" : "'key' needs 'cert'"));
            }
            if (m.has("cert")) {
                credentials = Optional.of(ClientCredentials.fromPem(dir.resolve(text(m.get("cert"), where + ": cert")),
                        dir.resolve(text(m.get("key"), where + ": key"))));
            }
        } catch (TlsFileException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        ProbeModule module = new ProbeModule(name, expect, verify, timeout, pins, cas, credentials);
        try {
            // the expectations are read as a check reads them, so a bad one is refused at start, not per scrape
            Expectations.parse(module.expectationsDocument(List.of("example.invalid")), where);
        } catch (ExpectationsException e) {
            throw new IllegalArgumentException(where + ": expect: " + e.reason(), e);
        }
        return module;
    }

    private static ObjectNode expect(JsonNode e, String where) {
        if (!e.isObject() || e.isEmpty()) {
            throw new IllegalArgumentException(where + ": 'expect' must be a mapping of expectations, e.g. 'covered: true'");
        }
        for (String perAuthority : List.of(Expectation.MustNotShareWith.ID, "client")) {
            if (e.has(perAuthority)) {
                throw new IllegalArgumentException(where + ": expect: '" + perAuthority + "' names other authorities;"
                        + " put it in an expectations file for 'misdirect check'");
            }
        }
        return (ObjectNode) e;
    }

    private static Duration timeout(JsonNode t, String where) {
        double seconds;
        if (t.isNumber()) {
            seconds = t.doubleValue();
        } else if (t.isTextual() && t.textValue().matches("\\d+(\\.\\d+)?s")) {
            seconds = Double.parseDouble(t.textValue().substring(0, t.textValue().length() - 1));
        } else {
            throw new IllegalArgumentException(where + ": 'timeout' must be seconds, e.g. 10 or 10s");
        }
        Duration d = Duration.ofMillis(Math.round(seconds * 1000));
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(where + ": 'timeout' " + t.asText() + " is outside 1..600 seconds");
        }
        return d;
    }

    private static List<String> strings(JsonNode n, String where) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.textValue());
        } else if (n.isArray() && !n.isEmpty()) {
            for (JsonNode x : n) {
                out.add(text(x, where));
            }
        } else {
            throw new IllegalArgumentException(where + ": expected a string or a list of strings");
        }
        return out;
    }

    private static String text(JsonNode n, String where) {
        if (!n.isTextual() || n.textValue().isBlank()) {
            throw new IllegalArgumentException(where + ": expected a string");
        }
        return n.textValue();
    }

    /**
     * One probe module.
     *
     * @param expect      the expectations every target authority is held to (an expectations file's 'defaults')
     * @param verify      whether every shared pair is verified first
     * @param timeout     the longest a probe may take
     * @param pins        addresses used instead of DNS, per host
     * @param cas         CAs trusted besides the target's own
     * @param credentials the client certificate presented when a server asks
     */
    public record ProbeModule(String name, JsonNode expect, boolean verify, Duration timeout,
                              Map<String, List<String>> pins, List<X509Certificate> cas,
                              Optional<ClientCredentials> credentials) {
        public ProbeModule {
            expect = expect.deepCopy();
            pins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pins));
            cas = List.copyOf(cas);
        }

        /**
         * The expectations document for these authority keys ({@code host:port}): the module's expectations as its
         * defaults, and each authority with the module's pinned addresses for its host as {@code resolve}.
         */
        public String expectationsDocument(List<String> authorities) {
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            doc.set("defaults", expect.deepCopy());
            ArrayNode list = doc.putArray("authorities");
            for (String a : authorities) {
                ObjectNode entry = list.addObject();
                entry.put("authority", a);
                String host = dev.misdirect.core.names.AuthorityParser.parseLine(a).host();
                List<String> pinned = pins.get(host);
                if (pinned != null) {
                    ArrayNode resolve = entry.putArray("resolve");
                    pinned.forEach(resolve::add);
                }
            }
            return doc.toString();
        }
    }
}
