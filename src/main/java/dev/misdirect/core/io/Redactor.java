package dev.misdirect.core.io;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from what leaves the tool: credential headers (Authorization, Proxy-Authorization, Cookie,
 * Set-Cookie), secret-looking query or form parameters (token, access_token, key, api_key, sig, signature,
 * password, secret, ...), bearer tokens and user-info in URLs. Works on single strings, on header pairs and on
 * whole record graphs (every {@code String} inside a record, list, map or optional is redacted).
 *
 * <p>Immutable and thread-safe; never blocks; never throws on any string input. {@link #none()} returns the
 * identity redactor used for {@code --no-redact}.
 */
public final class Redactor {

    /** What replaces a secret value. */
    public static final String MASK = "[REDACTED]";

    /** Header names whose value is a credential, lower case. */
    public static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-api-key", "x-auth-token", "x-amz-security-token");

    private static final String HEADER_NAMES = "authorization|proxy-authorization|cookie|set-cookie|x-api-key"
            + "|x-auth-token|x-amz-security-token";

    /** A header written as text: {@code Name: value} up to the end of the line or an enclosing quote. */
    private static final Pattern HEADER_TEXT = Pattern.compile(
            "(?i)(?<![A-Za-z0-9-])(" + HEADER_NAMES + ")(\\s*+[:=]\\s*+)(?!\\[REDACTED\\])([^\\r\\n'\"]+)");

    /** A header written as JSON: {@code "Name": "value"}. */
    private static final Pattern HEADER_JSON = Pattern.compile(
            "(?i)(\"(?:" + HEADER_NAMES + ")\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");

    /**
     * Parameter names that carry secrets: exact words and names ending in them ({@code client_secret},
     * {@code X-Amz-Signature}, {@code refresh_token}).
     */
    private static final String SECRET_PARAM = "(?:[A-Za-z0-9_.-]*(?:token|secret|password|passwd|pwd|apikey"
            + "|api_key|api-key|signature|credential|credentials|session|sessionid|jwt)|key|sig|auth|code|pass)";

    /** {@code name=value} after a URL/query/form boundary or whitespace. */
    private static final Pattern PARAM = Pattern.compile(
            "(?i)((?:^|[?&;\\s,(\\[{])" + SECRET_PARAM + "=)(?!\\[REDACTED\\])([^&#\\s'\"<>)\\]},;]+)");

    private static final Pattern BEARER = Pattern.compile(
            "(?i)\\b(bearer)(\\s++)(?!\\[REDACTED\\])([A-Za-z0-9._~+/=:-]{6,})");

    /** User-info in a URL: {@code scheme://user:password@host}. */
    private static final Pattern USERINFO = Pattern.compile(
            "(?i)\\b([a-z][a-z0-9+.-]*://)([^/\\s@:'\"<>]+:[^/\\s@'\"<>]*)@");

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

    /** True when {@code name} (any case) is a credential header. */
    public static boolean isSecretHeader(String name) {
        return SECRET_HEADERS.contains(name.trim().toLowerCase(Locale.ROOT));
    }

    /** The value to show for header {@code name}: the mask for credential headers, the text-redacted value otherwise. */
    public String header(String name, String value) {
        if (!enabled) {
            return value;
        }
        return isSecretHeader(name) ? MASK : text(value);
    }

    /** Any text (a URL, a plan, a note, a message) with every secret it carries masked. */
    public String text(String s) {
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
        String lower = r.toLowerCase(Locale.ROOT);
        if (lower.contains("authorization") || lower.contains("cookie") || lower.contains("x-api-key")
                || lower.contains("x-auth-token") || lower.contains("security-token")) {
            r = replace(HEADER_JSON, r, m -> m.group(1) + MASK + m.group(3));
            r = replace(HEADER_TEXT, r, m -> m.group(1) + m.group(2) + MASK);
        }
        if (r.indexOf('@') >= 0) {
            r = replace(USERINFO, r, m -> m.group(1) + MASK + "@");
        }
        if (lower.contains("bearer")) {
            r = replace(BEARER, r, m -> m.group(1) + m.group(2) + MASK);
        }
        if (r.indexOf('=') >= 0) {
            r = replace(PARAM, r, m -> m.group(1) + MASK);
        }
        return r;
    }

    /**
     * A copy of {@code value} with every string inside it redacted: records are rebuilt through their canonical
     * constructor, lists, maps and optionals element by element; other values are returned as they are.
     *
     * @throws IllegalArgumentException when a record cannot be rebuilt (its constructor refuses the redacted values)
     */
    @SuppressWarnings("unchecked")
    public <T> T deep(T value) {
        if (!enabled) {
            return value;
        }
        return (T) walk(value);
    }

    private Object walk(Object value) {
        if (value == null) {
            return null;
        }
        // every branch returns the very same instance when nothing inside changed, so unchanged parts are shared
        if (value instanceof String s) {
            String r = text(s);
            return r.equals(s) ? s : r;
        }
        if (value instanceof Optional<?> o) {
            if (o.isEmpty()) {
                return o;
            }
            Object inner = walk(o.get());
            return inner == o.get() ? o : Optional.of(inner);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object o : list) {
                Object w = walk(o);
                changed |= w != o;
                out.add(w);
            }
            return changed ? out : list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            boolean[] changed = {false};
            map.forEach((k, v) -> {
                Object w = k instanceof String name && isSecretHeader(name) ? MASK : walk(v);
                changed[0] |= !java.util.Objects.equals(w, v);
                out.put(k, w);
            });
            return changed[0] ? out : map;
        }
        if (value instanceof Record rec) {
            return rebuild(rec);
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

    private Object rebuild(Record rec) {
        boolean changed = false;
        try {
            Shape shape = SHAPES.get(rec.getClass());
            Object[] args = new Object[shape.accessors().length];
            for (int i = 0; i < args.length; i++) {
                Object old = shape.accessors()[i].invoke(rec);
                args[i] = walk(old);
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
