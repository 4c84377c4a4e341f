package dev.misdirect.core.io;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows what a secret is and removes it from what leaves the tool: credential headers
 * (Authorization, Proxy-Authorization, Cookie, Set-Cookie, X-Api-Key, X-Token and any other header whose name says
 * token, key, secret, password, credential, session id or auth), secret-looking query or form parameters (token,
 * access_token, key, api_key, sig, signature, password, secret, ...; also a form body that is nothing but
 * {@code password=...}), secret fields of JSON bodies ({@code {"password": ...}}), bearer tokens, user-info in URLs
 * and private keys. Works on single strings, on header pairs and on whole record graphs (every {@code String}
 * inside a record, list, map or optional is redacted). Session files, {@code --json}, text output, JUnit XML,
 * reports and exports all pass through it; {@link #none()} (the user's "include secrets") is the only way around.
 *
 * <p>Immutable and thread-safe; never blocks; never throws on any string input. {@link #none()} returns the
 * identity redactor used for {@code --no-redact}.
 */
public final class Redactor {

    /** What replaces a secret value. */
    public static final String MASK = "[REDACTED]";

    /** Header names whose value is a credential whatever they are called otherwise, lower case. */
    public static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-api-key", "x-auth-token", "x-token", "x-amz-security-token");

    /**
     * Header names that carry a credential, as written in text: the named ones and any name containing a secret
     * word ({@code X-Token}, {@code X-Api-Key}, {@code X-CSRF-Token}, {@code Client-Secret}, {@code X-Auth-User}).
     */
    private static final String HEADER_NAMES = "(?:proxy-)?authorization|(?:set-)?cookie2?"
            + "|[A-Za-z0-9_-]*(?:token|secret|passw(?:or)?d|pwd|credentials?|session-?id|csrf|xsrf|jwt)[A-Za-z0-9_-]*"
            + "|[A-Za-z0-9_-]*-?api-?key[A-Za-z0-9_-]*|[A-Za-z0-9_-]+-key|x-[A-Za-z0-9_-]*(?:key|auth|sig)[A-Za-z0-9_-]*";

    /** What a header field name may consist of (RFC 9110 token characters). */
    private static final Pattern HEADER_NAME_SYNTAX = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+");

    /** Words that make a header name a credential's when it is given as a name (HAR, curl, header maps). */
    private static final List<String> SECRET_NAME_WORDS = List.of("token", "secret", "passw", "pwd", "key",
            "credential", "session", "csrf", "xsrf", "jwt", "signature", "cookie");

    /**
     * A header written as text: {@code Name: value} (or {@code authorization=value}, {@code cookie=value}) up to the
     * end of the line or an enclosing quote; other {@code name=value} pairs are {@link #PARAM}'s.
     */
    private static final Pattern HEADER_TEXT = Pattern.compile(
            "(?i)(?<![A-Za-z0-9-])(" + HEADER_NAMES + ")(\\s*+:\\s*+|(?<=authorization|cookie|cookie2)\\s*+=\\s*+)(?!\\[REDACTED\\])((?:[^\\r\\n'\"\\\\]|\\\\[^\"])+)");

    /**
     * Parameter names that carry secrets: exact words and names ending in them ({@code client_secret},
     * {@code X-Amz-Signature}, {@code refresh_token}).
     */
    private static final String SECRET_PARAM = "(?:[A-Za-z0-9_.-]*(?:token|secret|password|passwd|pwd|apikey"
            + "|api_key|api-key|signature|credential|credentials|session|sessionid|jwt)|key|sig|auth|code|pass)";

    /**
     * A secret field of a JSON object, also inside text that escapes its quotes (a plan's {@code "body={\"password\":
     * ...}"}, or that plan inside a JSON document): {@code "password": "value"} or {@code "password": 1234}. The value
     * ends at the quote escaped as deeply as its opening quote, so a second pass over escaped text keeps it valid.
     */
    private static final Pattern JSON_FIELD = Pattern.compile("(?i)((\\\\*)\"(?:" + SECRET_PARAM + "|" + HEADER_NAMES
            + ")\\2\"\\s*+:\\s*+)(?:(\\2\")(?!\\[REDACTED\\])(.*?)(?<!\\\\)(?=\\2\")"
            + "|(?!\\\\*\"|\\[REDACTED\\])([^\\s,}\\]\"\\\\]+))");

    /** {@code name=value} after a URL/query/form boundary, whitespace, a quote or another {@code =} ({@code body=password=...}). */
    private static final Pattern PARAM = Pattern.compile(
            "(?i)((?:^|[?&;\\s,(\\[{='\"])" + SECRET_PARAM + "=)(?!\\[REDACTED\\])((?:[^&#\\s'\"<>)\\]},;\\\\]|\\\\[^\"])+)");

    private static final Pattern BEARER = Pattern.compile(
            "(?i)\\b(bearer)(\\s++)(?!\\[REDACTED\\])([A-Za-z0-9._~+/=:-]{6,})");

    /** User-info in a URL: {@code scheme://user:password@host}, or a token alone as the user name. */
    private static final Pattern USERINFO = Pattern.compile(
            "(?i)\\b([a-z][a-z0-9+.-]*://)(?!\\[REDACTED\\]@)([^/\\s@'\"<>?#]+)@");

    /** A private key in PEM form: never leaves the tool unless the user opts in. */
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", Pattern.DOTALL);

    private static final Redactor NONE = new Redactor(false);
    private static final Redactor DEFAULT = new Redactor(true);

    private final boolean enabled;

    private Redactor(boolean enabled) {
        this.enabled = enabled;
    }

    /** The redactor that removes secrets. */
    public static Redactor secrets() {
        return DEFAULT;
    }

    /** The identity: keeps everything ({@code --no-redact}, or a session the user opted to store secrets in). */
    public static Redactor none() {
        return NONE;
    }

    /** {@link #secrets()} when {@code redact}, {@link #none()} otherwise. */
    public static Redactor of(boolean redact) {
        return redact ? DEFAULT : NONE;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * True when {@code name} (any case) is a credential header: one of {@link #SECRET_HEADERS} or a name containing a
     * secret word (token, key, secret, passw, pwd, credential, session, csrf, xsrf, jwt, signature, cookie) or
     * {@code auth} (but not {@code :authority}).
     */
    public static boolean isSecretHeader(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!HEADER_NAME_SYNTAX.matcher(n).matches()) {
            return false; // a sentence or a URL that merely mentions a token is not a header name
        }
        if (SECRET_HEADERS.contains(n) || n.contains("auth") && !n.contains("authorit")) {
            return true;
        }
        for (String word : SECRET_NAME_WORDS) {
            if (n.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The value to show for header {@code name}: the mask for credential headers, the text-redacted value otherwise. */
    public String header(String name, String value) {
        if (!enabled) {
            return value;
        }
        return isSecretHeader(name) ? MASK : text(value);
    }

    /** Any text (a URL, a plan, a body, a note, a message, a line of output) with every secret it carries masked. */
    public String text(String s) {
        return text(s, true);
    }

    /**
     * {@link #text(String)}, with {@code shortcuts} the cheap checks that skip the header, field and bearer patterns
     * where they cannot match; without them every pattern runs (the same result, far slower: for tests).
     */
    String text(String s, boolean shortcuts) {
        if (!enabled || s == null || s.isEmpty()) {
            return s;
        }
        // cheap checks first: most strings (names, addresses, statuses) carry nothing any pattern could match
        String r = s;
        if (s.contains("PRIVATE KEY-----")) {
            r = replace(PRIVATE_KEY, r, m -> "-----BEGIN " + m.group(1) + "PRIVATE KEY-----\n" + MASK
                    + "\n-----END " + m.group(1) + "PRIVATE KEY-----");
        }
        if (r.startsWith("-----BEGIN CERTIFICATE-----")) {
            return r; // certificates are public; their base64 must not be mistaken for parameters
        }
        boolean colon = r.indexOf(':') >= 0;
        boolean equals = r.indexOf('=') >= 0;
        boolean at = r.indexOf('@') >= 0;
        if ((colon || equals) && (!shortcuts || secretNameBeforeSeparator(r))) {
            if (colon && r.indexOf('"') >= 0) {
                r = replace(JSON_FIELD, r, m -> m.group(3) != null ? m.group(1) + m.group(3) + MASK : m.group(1) + MASK);
            }
            r = replace(HEADER_TEXT, r, m -> m.group(1) + m.group(2) + MASK);
        }
        if (at) {
            r = replace(USERINFO, r, m -> m.group(1) + MASK + "@");
        }
        if (!shortcuts || containsIgnoringCase(r, 'b', 'B', "bearer")) {
            r = replace(BEARER, r, m -> m.group(1) + m.group(2) + MASK);
        }
        if (equals) {
            r = replace(PARAM, r, m -> m.group(1) + MASK);
        }
        return r;
    }

    /**
     * Whether a name that the header or JSON-field pattern could take ends right before one of {@code text}'s
     * {@code :} or {@code =} (skips those costly patterns). Both patterns need such a name there: a header's
     * {@code Name:} (or {@code authorization=}) and a field's {@code "name":}, its quote possibly escaped; the run of
     * name characters before the separator holds the name, so a run without a secret word rules both out. The
     * patterns ignore case for ASCII letters only, and so does this.
     */
    private static boolean secretNameBeforeSeparator(String text) {
        int colon = text.indexOf(':');
        int equals = text.indexOf('=');
        while (colon >= 0 || equals >= 0) {
            int i;
            if (equals < 0 || colon >= 0 && colon < equals) {
                i = colon;
                colon = text.indexOf(':', i + 1);
            } else {
                i = equals;
                equals = text.indexOf('=', i + 1);
            }
            int end = i;
            while (end > 0 && isPatternSpace(text.charAt(end - 1))) {
                end--;
            }
            while (end > 0 && (text.charAt(end - 1) == '"' || text.charAt(end - 1) == '\\')) {
                end--;
            }
            int start = end;
            while (start > 0 && isNameChar(text.charAt(start - 1))) {
                start--;
            }
            if (end - start >= 2 && mentionsSecretName(text.substring(start, end).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} holds {@code word} (lower case, starting with {@code lower}/{@code upper}) in any case. */
    private static boolean containsIgnoringCase(String text, char lower, char upper, String word) {
        for (char first : new char[] {lower, upper}) {
            for (int i = text.indexOf(first); i >= 0; i = text.indexOf(first, i + 1)) {
                if (text.regionMatches(true, i, word, 0, word.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The whitespace of the patterns' {@code \\s}. */
    private static boolean isPatternSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** A character of a header's or a field's name as the patterns take them. */
    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                || c == '.';
    }

    /**
     * Whether {@code name} (lower case) holds a word a header or field pattern needs: {@code auth} counts unless it
     * is part of {@code authority} (neither pattern takes an authority as a name, except after {@code x-}, which
     * counts on its own).
     */
    private static boolean mentionsSecretName(String name) {
        if (name.contains("x-") || name.contains("code") || name.contains("sig") || name.contains("pass")) {
            return true;
        }
        for (String word : SECRET_NAME_WORDS) {
            if (name.contains(word)) {
                return true;
            }
        }
        for (int i = name.indexOf("auth"); i >= 0; i = name.indexOf("auth", i + 1)) {
            if (!name.startsWith("authorit", i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of {@code value} with every string inside it redacted: records are rebuilt through their canonical
     * constructor, lists, maps and optionals element by element; other values are returned as they are. A string
     * that stands in many places (a rule text that 16 clients' predictions share) is redacted once.
     *
     * @throws IllegalArgumentException when a record cannot be rebuilt (its constructor refuses the redacted values)
     */
    @SuppressWarnings("unchecked")
    public <T> T deep(T value) {
        if (!enabled) {
            return value;
        }
        return (T) walk(value, new IdentityHashMap<>());
    }

    /** {@code value} redacted; {@code done} holds each string instance already redacted in this walk. */
    private Object walk(Object value, Map<String, String> done) {
        if (value == null) {
            return null;
        }
        // every branch returns the very same instance when nothing inside changed, so unchanged parts are shared
        if (value instanceof String s) {
            String known = done.get(s);
            if (known == null) {
                String r = text(s);
                known = r.equals(s) ? s : r;
                done.put(s, known);
            }
            return known;
        }
        if (value instanceof Optional<?> o) {
            if (o.isEmpty()) {
                return o;
            }
            Object inner = walk(o.get(), done);
            return inner == o.get() ? o : Optional.of(inner);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object o : list) {
                Object w = walk(o, done);
                changed |= w != o;
                out.add(w);
            }
            return changed ? out : list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            boolean[] changed = {false};
            map.forEach((k, v) -> {
                // keys are text too (a check's facts are keyed by the request they describe)
                Object key = walk(k, done);
                Object w = k instanceof String name && isSecretHeader(name) ? MASK : walk(v, done);
                changed[0] |= key != k || !java.util.Objects.equals(w, v);
                out.put(key, w);
            });
            return changed[0] ? out : map;
        }
        if (value instanceof Record rec) {
            return rebuild(rec, done);
        }
        return value;
    }

    /** Accessors and canonical constructor of a record class, looked up once per class. */
    private record Shape(java.lang.reflect.Method[] accessors, Constructor<?> constructor) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            java.lang.reflect.Method[] accessors = new java.lang.reflect.Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
            }
            try {
                Constructor<?> ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return new Shape(accessors, ctor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
            }
        }
    };

    private Object rebuild(Record rec, Map<String, String> done) {
        boolean changed = false;
        try {
            Shape shape = SHAPES.get(rec.getClass());
            Object[] args = new Object[shape.accessors().length];
            for (int i = 0; i < args.length; i++) {
                Object old = shape.accessors()[i].invoke(rec);
                args[i] = walk(old, done);
                changed |= old != args[i];
            }
            if (!changed) {
                return rec;
            }
            return shape.constructor().newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("cannot redact " + rec.getClass().getSimpleName() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot redact " + rec.getClass().getSimpleName() + ": " + e, e);
        }
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
