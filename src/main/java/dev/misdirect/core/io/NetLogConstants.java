package dev.misdirect.core.io;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a NetLog's {@code constants} the importer needs: numeric ids to event names, source type names and
 * phases, and the time offset. Names are normalised so that old captures (SPDY_*, SYN_STREAM/SYN_REPLY) read like
 * new ones (HTTP2_*, SEND_HEADERS/RECV_HEADERS); numbers are never assumed.
 */
record NetLogConstants(Map<Integer, String> eventNames, Map<Integer, String> sourceNames, int phaseBegin,
                       int phaseEnd, long timeTickOffsetMs, Optional<String> client, Map<Integer, String> netErrors) {

    static NetLogConstants from(JsonNode constants, String file) throws ImportException {
        JsonNode types = constants.path("logEventTypes");
        JsonNode sources = constants.path("logSourceType");
        JsonNode phases = constants.path("logEventPhase");
        if (!types.isObject() || types.isEmpty()) {
            throw new ImportException(file + ": the NetLog constants have no logEventTypes table, so its events "
                    + "cannot be named", -1);
        }
        Map<Integer, String> eventNames = invert(types);
        Map<Integer, String> sourceNames = sources.isObject() ? invert(sources) : Map.of();
        int begin = phases.path("PHASE_BEGIN").asInt(1);
        int end = phases.path("PHASE_END").asInt(2);
        JsonNode offset = constants.path("timeTickOffset");
        long tick = offset.isNumber() ? offset.asLong() : parseLong(offset.asText("0"));
        JsonNode info = constants.path("clientInfo");
        Optional<String> client = info.isObject() && info.hasNonNull("name")
                ? Optional.of(info.path("name").asText() + (info.hasNonNull("version") ? " " + info.path("version").asText() : ""))
                : Optional.empty();
        JsonNode errors = constants.path("netError");
        Map<Integer, String> netErrors = new HashMap<>();
        if (errors.isObject()) {
            errors.fields().forEachRemaining(e -> {
                if (e.getValue().canConvertToInt()) {
                    netErrors.put(e.getValue().asInt(), e.getKey());
                }
            });
        }
        return new NetLogConstants(eventNames, sourceNames, begin, end, tick, client, netErrors);
    }

    /** Chromium's name for a net error code, from the capture's own table: -117 → "ERR_BAD_SSL_CLIENT_AUTH_CERT". */
    String netErrorName(int code) {
        return netErrors.getOrDefault(code, "net error " + code);
    }

    private static Map<Integer, String> invert(JsonNode table) {
        Map<Integer, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().canConvertToInt()) {
                out.put(e.getValue().asInt(), normalise(e.getKey()));
            }
        }
        return out;
    }

    /** Maps the SPDY-era names onto the HTTP/2 names. */
    static String normalise(String name) {
        String n = name;
        if (n.startsWith("SPDY_")) {
            n = "HTTP2_" + n.substring(5);
        }
        n = n.replace("_SPDY_", "_HTTP2_");
        if (n.equals("HTTP2_SESSION_SYN_STREAM") || n.equals("HTTP2_SESSION_SEND_HEADERS")) {
            return "HTTP2_SESSION_SEND_HEADERS";
        }
        if (n.equals("HTTP2_SESSION_SYN_REPLY")) {
            return "HTTP2_SESSION_RECV_HEADERS";
        }
        return n;
    }

    static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    String eventName(int type) {
        return eventNames.getOrDefault(type, "");
    }

    String sourceName(int type) {
        return sourceNames.getOrDefault(type, "");
    }
}
