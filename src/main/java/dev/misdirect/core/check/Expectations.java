package dev.misdirect.core.check;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.misdirect.core.coalesce.ClientPolicy;
import dev.misdirect.core.model.Authority;
import dev.misdirect.core.names.AuthorityParser;
import dev.misdirect.core.names.AuthoritySyntaxException;
import dev.misdirect.core.model.ConnectionPolicy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An expectations file: the authorities a deployment serves and what must hold for each (see docs/check.md for
 * the format, in YAML or JSON).
 *
 * <p>{@link #parse} is pure and thread-safe. Every problem is reported as an {@link ExpectationsException} with the
 * line and column of the offending node (Jackson's {@link JsonLocation}) and a reason naming the key.
 *
 * @param source      where it came from (a file name, or "lab scenario X")
 * @param authorities the authorities in file order, each with its expectations
 */
public record Expectations(String source, List<AuthorityExpectations> authorities) {
    /** Keys allowed at the top level. */
    public static final List<String> TOP_KEYS = List.of("authorities", "defaults");
    /** Keys that describe an authority rather than an expectation. */
    public static final List<String> AUTHORITY_KEYS = List.of("authority", "resolve", "sni", "host");
    /** Keys of expectations (and {@code client}, which qualifies must-not-share-with), in checking order. */
    public static final List<String> EXPECTATION_KEYS = List.of(Expectation.Covered.ID, Expectation.MinTls.ID,
            Expectation.CertValidDays.ID, Expectation.ExpectStatus.ID, Expectation.SniHostParity.ID,
            Expectation.NoMisdirectedWhenCoalesced.ID, Expectation.NoMisroute.ID, Expectation.MustNotShareWith.ID,
            "client");
    /**
     * Replay policies no-421-when-coalesced tries when written as {@code true}: real clients only (browsers and
     * OkHttp coalesce by the rules the {@code coalescing} policy follows). An IP-keyed proxy pool shares connections
     * no browser would, so a file asks for it by name ({@code [coalescing, ip-keyed]}).
     */
    public static final List<ConnectionPolicy> REAL_CLIENT_POLICIES = List.of(ConnectionPolicy.COALESCING);
    /** Every coalescing replay policy: real clients and an IP-keyed pool (a lab scenario's own standard asks both). */
    public static final List<ConnectionPolicy> COALESCED_POLICIES = List.of(ConnectionPolicy.COALESCING,
            ConnectionPolicy.IP_KEYED);

    public Expectations {
        Objects.requireNonNull(source, "source");
        authorities = List.copyOf(authorities);
    }

    /** True when an expectation can only be judged by verifying pairs ({@code no-misroute}). */
    public boolean needVerify() {
        return authorities.stream().flatMap(a -> a.expectations().stream())
                .anyMatch(e -> e instanceof Expectation.NoMisroute);
    }

    /**
     * What a healthy deployment of these authorities shows: every authority covered, answered with matching SNI
     * and Host on every address, GET answered 200, and no 421 when coalesced under {@code no421Policies} (left
     * out when empty).
     */
    public static Expectations healthy(String source, List<Authority> authorities, List<ConnectionPolicy> no421Policies) {
        List<AuthorityExpectations> all = new ArrayList<>();
        for (Authority a : authorities) {
            List<Expectation> e = new ArrayList<>(List.of(new Expectation.Covered(), new Expectation.ExpectStatus(200),
                    new Expectation.SniHostParity()));
            if (!no421Policies.isEmpty()) {
                e.add(new Expectation.NoMisdirectedWhenCoalesced(no421Policies));
            }
            all.add(new AuthorityExpectations(a, 0, e));
        }
        return new Expectations(source, all);
    }

    /** Reads an expectations file; see {@link #parse(String, String, UnaryOperator)}. */
    public static Expectations parse(String text, String source) throws ExpectationsException {
        return parse(text, source, UnaryOperator.identity());
    }

    /**
     * Reads an expectations file written in YAML or JSON (read as JSON when {@code source} ends in {@code .json};
     * YAML accepts JSON syntax as well).
     *
     * @param placement applied to every authority (and every authority named by must-not-share-with) after parsing,
     *                  e.g. to put lab names on the lab's port; an {@link IllegalArgumentException} it throws becomes
     *                  an error at that authority's node
     * @throws ExpectationsException for a syntax error, an empty file, an unknown key, a wrong type, a bad authority
     *                               line or an authority without expectations
     */
    public static Expectations parse(String text, String source, UnaryOperator<Authority> placement)
            throws ExpectationsException {
        return new Reader(source, placement).read(text);
    }

    // --- a small tree that keeps where each node was written ------------------------------------------------

    private sealed interface Node permits Scalar, MapNode, ListNode {
        JsonLocation at();
    }

    private record Scalar(JsonToken token, String text, JsonLocation at) implements Node {
    }

    private record Entry(String key, JsonLocation keyAt, Node value) {
    }

    private record MapNode(Map<String, Entry> entries, JsonLocation at) implements Node {
    }

    private record ListNode(List<Node> items, JsonLocation at) implements Node {
    }

    private static final class Reader {
        private final String source;
        private final UnaryOperator<Authority> placement;

        Reader(String source, UnaryOperator<Authority> placement) {
            this.source = source;
            this.placement = placement;
        }

        Expectations read(String text) throws ExpectationsException {
            Node root = tree(text);
            MapNode top = mapping(root, "the file");
            unknownKeys(top, TOP_KEYS, "at the top level");
            Entry list = top.entries().get("authorities");
            if (list == null) {
                throw error(top.at(), "no 'authorities' key: list the authorities to check under 'authorities:'");
            }
            Map<String, Entry> defaults = Map.of();
            Entry d = top.entries().get("defaults");
            if (d != null) {
                MapNode dm = mapping(d.value(), "defaults");
                unknownKeys(dm, EXPECTATION_KEYS, "in defaults");
                defaults = dm.entries();
            }
            ListNode items = list(list.value(), "authorities");
            if (items.items().isEmpty()) {
                throw error(items.at(), "authorities is empty: list at least one authority");
            }
            List<Parsed> parsed = new ArrayList<>();
            Map<String, Integer> lineOf = new LinkedHashMap<>();
            for (Node item : items.items()) {
                Parsed p = authority(item, defaults);
                Integer earlier = lineOf.putIfAbsent(p.authority().key(), p.line());
                if (earlier != null) {
                    throw error(item.at(), "repeats " + p.authority().key() + " from line " + earlier);
                }
                parsed.add(p);
            }
            List<AuthorityExpectations> out = new ArrayList<>();
            for (Parsed p : parsed) {
                out.add(expectations(p, lineOf.keySet()));
            }
            return new Expectations(source, out);
        }

        private Node tree(String text) throws ExpectationsException {
            // YAML reads JSON too; the JSON parser gives JSON's own words for JSON files
            boolean json = source.toLowerCase(Locale.ROOT).endsWith(".json");
            JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
            try (JsonParser p = factory.createParser(text)) {
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw new ExpectationsException(source, 1, 1,
                            "the file is empty: expected a mapping with 'authorities:'");
                }
                Node root = node(p);
                if (p.nextToken() != null) {
                    throw error(p.currentTokenLocation(), "more than one document: write one mapping per file");
                }
                return root;
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                throw new ExpectationsException(source, at == null ? 1 : Math.max(1, at.getLineNr()),
                        at == null ? 1 : Math.max(1, at.getColumnNr()),
                        (json ? "JSON" : "YAML") + " syntax error: " + syntaxReason(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new ExpectationsException(source, 1, 1, "cannot be read: " + e.getMessage());
            }
        }

        /**
         * The parser's words without its source excerpts: YAML messages put the context and the problem on lines of
         * their own, with indented excerpt and caret lines between them; JSON messages end with a location line.
         */
        private static String syntaxReason(String message) {
            List<String> kept = new ArrayList<>();
            for (String line : message.split("\\R")) {
                if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("at [Source")) {
                    kept.add(line.strip());
                }
            }
            return kept.isEmpty() ? message.strip() : String.join(": ", kept);
        }

        private Node node(JsonParser p) throws IOException, ExpectationsException {
            JsonToken t = p.currentToken();
            JsonLocation at = p.currentTokenLocation();
            switch (t) {
                case START_OBJECT -> {
                    Map<String, Entry> entries = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        JsonLocation keyAt = p.currentTokenLocation();
                        p.nextToken();
                        Node value = node(p);
                        if (entries.putIfAbsent(key, new Entry(key, keyAt, value)) != null) {
                            throw error(keyAt, "key '" + key + "' appears twice in one mapping");
                        }
                    }
                    return new MapNode(entries, at);
                }
                case START_ARRAY -> {
                    List<Node> items = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        items.add(node(p));
                    }
                    return new ListNode(items, at);
                }
                default -> {
                    return new Scalar(t, t == JsonToken.VALUE_NULL ? "" : p.getText(), at);
                }
            }
        }

        private record Parsed(Authority authority, int line, JsonLocation at, Map<String, Entry> fields) {
        }

        private Parsed authority(Node item, Map<String, Entry> defaults) throws ExpectationsException {
            Map<String, Entry> fields = new LinkedHashMap<>(defaults);
            Authority a;
            if (item instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
                a = line(s.text(), s.at());
            } else if (item instanceof MapNode m) {
                List<String> allowed = new ArrayList<>(AUTHORITY_KEYS);
                allowed.addAll(EXPECTATION_KEYS);
                unknownKeys(m, allowed, "in an authority entry");
                Entry name = m.entries().get("authority");
                if (name == null) {
                    throw error(m.at(), "an authority entry needs 'authority: host[:port]'");
                }
                Scalar text = string(name.value(), "authority");
                String line = text.text();
                a = line(line, text.at());
                line = structured(line, a, m, "resolve", !a.resolve().isEmpty());
                line = structured(line, a, m, "sni", a.sniOverride().isPresent() || a.noSni());
                line = structured(line, a, m, "host", a.hostOverride().isPresent());
                a = AuthorityParser.parseLine(line);
                for (Entry e : m.entries().values()) {
                    if (EXPECTATION_KEYS.contains(e.key())) {
                        fields.put(e.key(), e);
                    }
                }
                Entry client = m.entries().get("client");
                if (client != null && !fields.containsKey(Expectation.MustNotShareWith.ID)) {
                    throw error(client.keyAt(), "'client' only qualifies must-not-share-with, which is missing");
                }
            } else {
                throw error(item.at(), "an authority is a line ('a.example:443 resolve=192.0.2.1') or a mapping with"
                        + " 'authority:', not " + typeOf(item));
            }
            return new Parsed(place(a, item.at()), item.at().getLineNr(), item.at(), fields);
        }

        /** Appends a structured override field to the authority line, refusing it when the line already has one. */
        private String structured(String line, Authority fromLine, MapNode m, String key, boolean lineHasIt)
                throws ExpectationsException {
            Entry e = m.entries().get(key);
            if (e == null) {
                return line;
            }
            if (lineHasIt) {
                throw error(e.keyAt(), "'" + key + "' is given twice: in the authority line and as a field");
            }
            List<Scalar> values = "resolve".equals(key) ? strings(e.value(), key) : List.of(string(e.value(), key));
            List<String> texts = new ArrayList<>();
            for (Scalar v : values) {
                if (v.text().isBlank() || v.text().chars().anyMatch(Character::isWhitespace)) {
                    throw error(v.at(), "'" + key + "' value '" + v.text() + "' must be one word without spaces");
                }
                texts.add(v.text());
            }
            String extended = line + " " + key + "=" + String.join(",", texts);
            try {
                AuthorityParser.parseLine(extended);
            } catch (AuthoritySyntaxException ex) {
                throw error(e.value().at(), "'" + key + "': " + ex.reason());
            }
            return extended;
        }

        private Authority line(String text, JsonLocation at) throws ExpectationsException {
            try {
                return AuthorityParser.parseLine(text);
            } catch (AuthoritySyntaxException e) {
                throw error(at, "authority '" + text + "': " + e.reason());
            }
        }

        private Authority place(Authority a, JsonLocation at) throws ExpectationsException {
            try {
                return placement.apply(a);
            } catch (IllegalArgumentException e) {
                throw error(at, "authority " + a.host() + ": " + e.getMessage());
            }
        }

        private AuthorityExpectations expectations(Parsed p, Set<String> keys) throws ExpectationsException {
            Map<String, Entry> f = p.fields();
            List<Expectation> out = new ArrayList<>();
            if (flag(f, Expectation.Covered.ID)) {
                out.add(new Expectation.Covered());
            }
            Entry minTls = f.get(Expectation.MinTls.ID);
            if (minTls != null) {
                Scalar v = string(minTls.value(), Expectation.MinTls.ID);
                if (!Expectation.MinTls.VERSIONS.contains(v.text())) {
                    throw error(v.at(), "min-tls '" + v.text() + "' is not one of " + String.join(", ",
                            Expectation.MinTls.VERSIONS));
                }
                out.add(new Expectation.MinTls(v.text()));
            }
            Entry days = f.get(Expectation.CertValidDays.ID);
            if (days != null) {
                int n = integer(days.value(), Expectation.CertValidDays.ID);
                if (n < 0 || n > 36500) {
                    throw error(days.value().at(), "cert-valid-days " + n + " is outside 0..36500");
                }
                out.add(new Expectation.CertValidDays(n));
            }
            Entry status = f.get(Expectation.ExpectStatus.ID);
            if (status != null) {
                int n = integer(status.value(), Expectation.ExpectStatus.ID);
                if (n < 100 || n > 599) {
                    throw error(status.value().at(), "expect-status " + n + " is not an HTTP status (100..599)");
                }
                if (p.authority().noSni()) {
                    throw error(status.keyAt(), "expect-status needs an SNI: the HTTP client cannot send a request"
                            + " without one (remove sni=none)");
                }
                out.add(new Expectation.ExpectStatus(n));
            }
            if (flag(f, Expectation.SniHostParity.ID)) {
                out.add(new Expectation.SniHostParity());
            }
            Entry coalesced = f.get(Expectation.NoMisdirectedWhenCoalesced.ID);
            if (coalesced != null) {
                List<ConnectionPolicy> policies = policies(coalesced.value());
                if (!policies.isEmpty()) {
                    out.add(new Expectation.NoMisdirectedWhenCoalesced(policies));
                }
            }
            if (flag(f, Expectation.NoMisroute.ID)) {
                out.add(new Expectation.NoMisroute());
            }
            Entry share = f.get(Expectation.MustNotShareWith.ID);
            Entry client = f.get("client");
            if (share != null) {
                List<String> others = new ArrayList<>();
                for (Scalar ref : strings(share.value(), Expectation.MustNotShareWith.ID)) {
                    Authority other = place(line(ref.text(), ref.at()), ref.at());
                    if (!keys.contains(other.key())) {
                        throw error(ref.at(), "must-not-share-with names " + other.key()
                                + ", which is not an authority of this file");
                    }
                    if (other.key().equals(p.authority().key())) {
                        throw error(ref.at(), "must-not-share-with names the authority itself");
                    }
                    if (!others.contains(other.key())) {
                        others.add(other.key());
                    }
                }
                out.add(new Expectation.MustNotShareWith(others, clients(client)));
            }
            if (out.isEmpty()) {
                throw error(p.at(), "authority " + p.authority().key() + " has no expectation; add e.g. 'covered: true'");
            }
            return new AuthorityExpectations(p.authority(), p.line(), out);
        }

        private boolean flag(Map<String, Entry> f, String key) throws ExpectationsException {
            Entry e = f.get(key);
            if (e == null) {
                return false;
            }
            if (e.value() instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
                return s.token() == JsonToken.VALUE_TRUE;
            }
            throw error(e.value().at(), "'" + key + "' is true or false, not " + typeOf(e.value()));
        }

        private List<ConnectionPolicy> policies(Node v) throws ExpectationsException {
            String key = Expectation.NoMisdirectedWhenCoalesced.ID;
            if (v instanceof Scalar s && s.token() == JsonToken.VALUE_TRUE) {
                return REAL_CLIENT_POLICIES;
            }
            if (v instanceof Scalar s && s.token() == JsonToken.VALUE_FALSE) {
                return List.of();
            }
            if (!(v instanceof ListNode) && !(v instanceof Scalar s && s.token() == JsonToken.VALUE_STRING)) {
                throw error(v.at(), "'" + key + "' is true, false or a list of replay policies ("
                        + ConnectionPolicy.ids() + "), not " + typeOf(v));
            }
            Set<ConnectionPolicy> out = new LinkedHashSet<>();
            for (Scalar s : strings(v, key)) {
                out.add(ConnectionPolicy.fromId(s.text()).orElseThrow(() -> error(s.at(), "'" + key + "': '"
                        + s.text() + "' is not a replay policy; choose from " + ConnectionPolicy.ids())));
            }
            if (out.isEmpty()) {
                throw error(v.at(), "'" + key + "' lists no policy; write true, or e.g. [coalescing]");
            }
            return List.copyOf(out);
        }

        private List<ClientPolicy> clients(Entry client) throws ExpectationsException {
            if (client == null) {
                return defaultClients();
            }
            Set<ClientPolicy> out = new LinkedHashSet<>();
            for (Scalar s : strings(client.value(), "client")) {
                if (s.text().trim().equalsIgnoreCase("all")) {
                    return Arrays.asList(ClientPolicy.values());
                }
                out.add(ClientPolicy.byId(s.text()).orElseThrow(() -> error(s.at(), "'client': '" + s.text()
                        + "' is not a client; choose from " + ClientPolicy.ids() + ", or all")));
            }
            if (out.isEmpty()) {
                throw error(client.value().at(), "'client' lists no client");
            }
            return List.copyOf(out);
        }

        private MapNode mapping(Node n, String what) throws ExpectationsException {
            if (n instanceof MapNode m) {
                return m;
            }
            throw error(n.at(), what + " must be a mapping (key: value lines), not " + typeOf(n));
        }

        private ListNode list(Node n, String what) throws ExpectationsException {
            if (n instanceof ListNode l) {
                return l;
            }
            throw error(n.at(), "'" + what + "' must be a list, not " + typeOf(n));
        }

        private Scalar string(Node n, String key) throws ExpectationsException {
            if (n instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
                return s;
            }
            throw error(n.at(), "'" + key + "' must be a string, not " + typeOf(n));
        }

        /** A single string or a list of strings. */
        private List<Scalar> strings(Node n, String key) throws ExpectationsException {
            if (n instanceof ListNode l) {
                List<Scalar> out = new ArrayList<>();
                for (Node item : l.items()) {
                    out.add(string(item, key + "' entry"));
                }
                return out;
            }
            if (n instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
                return List.of(s);
            }
            throw error(n.at(), "'" + key + "' must be a string or a list of strings, not " + typeOf(n));
        }

        private int integer(Node n, String key) throws ExpectationsException {
            if (n instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
                try {
                    return Integer.parseInt(s.text());
                } catch (NumberFormatException e) {
                    throw error(n.at(), "'" + key + "' " + s.text() + " is too large");
                }
            }
            throw error(n.at(), "'" + key + "' must be a whole number, not " + typeOf(n));
        }

        private void unknownKeys(MapNode m, List<String> allowed, String where) throws ExpectationsException {
            for (Entry e : m.entries().values()) {
                if (!allowed.contains(e.key())) {
                    throw error(e.keyAt(), "unknown key '" + e.key() + "' " + where + "; expected one of "
                            + String.join(", ", allowed));
                }
            }
        }

        private ExpectationsException error(JsonLocation at, String reason) {
            return new ExpectationsException(source, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()), reason);
        }

        private static String typeOf(Node n) {
            if (n instanceof MapNode) {
                return "a mapping";
            }
            if (n instanceof ListNode) {
                return "a list";
            }
            Scalar s = (Scalar) n;
            return switch (s.token()) {
                case VALUE_STRING -> "the string '" + s.text() + "'";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + s.text();
                case VALUE_TRUE, VALUE_FALSE -> s.text();
                case VALUE_NULL -> "an empty value";
                default -> s.text();
            };
        }
    }

    /**
     * The clients must-not-share-with asks when {@code client} is not given: every real client, leaving out the
     * pool models {@code ip-keyed} (a buggy proxy) and {@code isolated} (the fix), which describe infrastructure.
     */
    public static List<ClientPolicy> defaultClients() {
        Set<ClientPolicy> all = EnumSet.allOf(ClientPolicy.class);
        all.removeIf(p -> p.id().equals("ip-keyed") || p.id().equals("isolated"));
        return List.copyOf(all);
    }
}
