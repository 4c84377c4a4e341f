package dev.misdirect.core.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Set;

/**
 * Builds small trees from a streaming parser, keeping only chosen keys: what is not kept is skipped without being
 * decoded, which keeps the importers close to the cost of a bare token pass over large files.
 */
final class JsonTrees {
    private JsonTrees() {
    }

    /**
     * Reads the object the parser is at (current token START_OBJECT), keeping the keys whose dotted path is in
     * {@code keep} (whole values) or is a prefix of a kept path (descended into). Returns a missing node when nothing
     * was kept.
     */
    static JsonNode readFiltered(JsonParser p, Set<String> keep) throws IOException {
        return readFiltered(p, keep, "");
    }

    private static JsonNode readFiltered(JsonParser p, Set<String> keep, String prefix) throws IOException {
        ObjectNode out = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String path = prefix + p.currentName();
            JsonToken t = p.nextToken();
            JsonNode value = null;
            if (keep.contains(path)) {
                value = read(p);
            } else if (t == JsonToken.START_OBJECT && startsAny(keep, path + ".")) {
                value = readFiltered(p, keep, path + ".");
                value = value.isMissingNode() ? null : value;
            } else {
                p.skipChildren();
            }
            if (value != null) {
                if (out == null) {
                    out = JsonNodeFactory.instance.objectNode();
                }
                out.set(path.substring(prefix.length()), value);
            }
        }
        if (p.currentToken() == null) {
            throw new JsonEOFException(p, null, "end of input inside an object");
        }
        return out == null ? MissingNode.getInstance() : out;
    }

    private static boolean startsAny(Set<String> keep, String prefix) {
        for (String k : keep) {
            if (k.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The value the parser is at, as a tree, without the per-call cost of a databind context. */
    static JsonNode read(JsonParser p) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new JsonEOFException(p, null, "end of input inside a value");
        }
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    o.set(k, read(p));
                }
                if (p.currentToken() == null) {
                    throw new JsonEOFException(p, null, "end of input inside an object");
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p));
                }
                return a;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return f.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return f.booleanNode(false);
            }
            default -> {
                return f.nullNode();
            }
        }
    }
}
