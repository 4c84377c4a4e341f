package dev.misdirect.core.io;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's error messages in a reader's words: Java types become what they hold ("a whole number", "text"),
 * parser token names become the JSON they stand for, and the library's own settings and reference chains are
 * dropped. Pure and thread-safe.
 */
final class JsonMessages {
    private static final Pattern QUALIFIED = Pattern.compile("(?<!`)\\b(?:java|javax|com\\.fasterxml|dev\\.misdirect)\\.[\\w.$]+");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");
    private static final Pattern TOKEN = Pattern.compile("\\b(START_OBJECT|END_OBJECT|START_ARRAY|END_ARRAY|FIELD_NAME|"
            + "VALUE_STRING|VALUE_NUMBER_INT|VALUE_NUMBER_FLOAT|VALUE_TRUE|VALUE_FALSE|VALUE_NULL|VALUE_EMBEDDED_OBJECT)\\b");
    private static final Map<String, String> TOKENS = Map.ofEntries(
            Map.entry("START_OBJECT", "'{'"), Map.entry("END_OBJECT", "'}'"), Map.entry("START_ARRAY", "'['"),
            Map.entry("END_ARRAY", "']'"), Map.entry("FIELD_NAME", "a field name"), Map.entry("VALUE_STRING", "a string"),
            Map.entry("VALUE_NUMBER_INT", "a whole number"), Map.entry("VALUE_NUMBER_FLOAT", "a decimal number"),
            Map.entry("VALUE_TRUE", "true"), Map.entry("VALUE_FALSE", "false"), Map.entry("VALUE_NULL", "null"),
            Map.entry("VALUE_EMBEDDED_OBJECT", "a value"));

    private JsonMessages() {
    }

    /** {@code message} (Jackson's original message) rewritten for a person; one line. */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable JSON";
        }
        String m = message;
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        m = m.replaceAll("\\s*\\(through reference chain:[^)]*\\)", "")
                .replaceAll("[:;]?\\s*not allowed as per `[^`]*`( \\([^)]*\\))?", "")
                .replaceAll("\\s*\\(bound as `[^`]*`\\)", "")
                .replaceAll("\\s*\\(for [A-Za-z ]*`[^`]*`[^)]*\\)", "")
                .replaceAll("(?i)\\s*\\(?\\s*(set|use|enable|disable) `[^`]*`[^)]*\\)?", "");
        if (m.startsWith("Trailing token")) {
            return "more JSON follows the end of the document";
        }
        m = m.replaceAll("Failed to deserialize [\\w.$]+: \\([\\w.$]+\\)\\s*", "")
                .replaceAll("\\s*\\((?:java|javax|com\\.fasterxml)\\.[\\w.$]+\\)", "");
        Matcher qualified = QUALIFIED.matcher(m);
        StringBuilder plainTypes = new StringBuilder();
        while (qualified.find()) {
            qualified.appendReplacement(plainTypes, Matcher.quoteReplacement(typeName(qualified.group())));
        }
        qualified.appendTail(plainTypes);
        m = plainTypes.toString();
        Matcher types = BACKTICKED.matcher(m);
        StringBuilder sb = new StringBuilder();
        while (types.find()) {
            types.appendReplacement(sb, Matcher.quoteReplacement(typeName(types.group(1))));
        }
        types.appendTail(sb);
        Matcher tokens = TOKEN.matcher(sb.toString());
        StringBuilder out = new StringBuilder();
        while (tokens.find()) {
            tokens.appendReplacement(out, Matcher.quoteReplacement(TOKENS.get(tokens.group(1))));
        }
        tokens.appendTail(out);
        return out.toString().replace("java.lang.", "").replace("Exception", "error").strip();
    }

    /** "java.lang.String" → "text", "int" → "a whole number", "dev.misdirect.core.model.Authority" → "an authority". */
    static String typeName(String javaType) {
        String t = javaType.strip();
        int generic = t.indexOf('<');
        String raw = generic > 0 ? t.substring(0, generic) : t;
        String simple = raw.substring(raw.lastIndexOf('.') + 1).replace("[]", "");
        simple = simple.substring(simple.lastIndexOf('$') + 1);
        return switch (simple) {
            case "String", "CharSequence", "char", "Character" -> "text";
            case "int", "Integer", "long", "Long", "short", "Short", "byte", "Byte", "BigInteger" -> "a whole number";
            case "double", "Double", "float", "Float", "BigDecimal" -> "a number";
            case "boolean", "Boolean" -> "true or false";
            case "Instant", "OffsetDateTime", "ZonedDateTime", "LocalDateTime" -> "a time (ISO 8601)";
            case "Duration" -> "a duration";
            case "List", "ArrayList", "Set", "LinkedHashSet", "Collection" -> "a list";
            case "Map", "LinkedHashMap", "HashMap" -> "an object";
            case "Optional" -> generic > 0 ? typeName(t.substring(generic + 1, t.lastIndexOf('>'))) + " or null" : "a value";
            case "JsonNode", "ObjectNode", "Object" -> "a JSON value";
            default -> {
                if (raw.endsWith("[]")) {
                    yield "a list";
                }
                String words = simple.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
                yield ("aeiou".indexOf(words.isEmpty() ? 'x' : words.charAt(0)) >= 0 ? "an " : "a ") + words;
            }
        };
    }
}
