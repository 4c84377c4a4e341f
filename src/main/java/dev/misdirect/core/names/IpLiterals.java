package dev.misdirect.core.names;

import java.util.Arrays;
import java.util.Optional;

/**
 * IP literal text without DNS: strict parsing of IPv4 dotted-quad and IPv6 text into octets, and canonical text
 * (RFC 5952 for IPv6). Unlike {@link java.net.InetAddress}, an IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1})
 * stays 16 octets and is never folded into its IPv4 form, and nothing here ever resolves a name.
 *
 * <p>Pure and thread-safe; every method returns fresh arrays.
 */
public final class IpLiterals {
    private IpLiterals() {
    }

    /**
     * The 4 octets of a dotted-quad IPv4 address ({@code 192.0.2.1}). Exactly four decimal parts 0..255;
     * leading zeros ({@code 010}) are refused because some stacks read them as octal.
     */
    public static Optional<byte[]> parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !isDigits(p) || (p.length() > 1 && p.charAt(0) == '0')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            out[i] = (byte) v;
        }
        return Optional.of(out);
    }

    /**
     * The 16 octets of IPv6 text (no brackets, no zone id): hex groups of 1-4 digits, at most one {@code ::},
     * optionally ending in a dotted-quad for the last 32 bits.
     */
    public static Optional<byte[]> parseIpv6(String text) {
        if (text.isEmpty() || text.indexOf('%') >= 0) {
            return Optional.empty();
        }
        int dc = text.indexOf("::");
        if (dc >= 0 && text.indexOf("::", dc + 1) >= 0) {
            return Optional.empty();
        }
        String head = dc >= 0 ? text.substring(0, dc) : text;
        String tail = dc >= 0 ? text.substring(dc + 2) : "";
        int[] headGroups = groups(head, dc < 0);
        if (headGroups == null) {
            return Optional.empty();
        }
        int[] tailGroups = dc >= 0 ? groups(tail, true) : new int[0];
        if (tailGroups == null) {
            return Optional.empty();
        }
        if (dc < 0) {
            if (headGroups.length != 8) {
                return Optional.empty();
            }
        } else if (headGroups.length + tailGroups.length > 7) {
            return Optional.empty();
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return Optional.of(out);
    }

    /**
     * Hex groups of one side of an IPv6 address, each as a 16-bit value; a trailing dotted quad (allowed only
     * when {@code ipv4Allowed}, i.e. it ends the address) counts as two groups. Null when malformed.
     */
    private static int[] groups(String side, boolean ipv4Allowed) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int extra = 0;
        String last = parts[parts.length - 1];
        byte[] v4 = null;
        if (last.indexOf('.') >= 0) {
            if (!ipv4Allowed) {
                return null;
            }
            v4 = parseIpv4(last).orElse(null);
            if (v4 == null) {
                return null;
            }
            extra = 1;
        }
        int[] out = new int[parts.length + extra];
        int n = v4 == null ? parts.length : parts.length - 1;
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = hexDigit(p.charAt(k));
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        if (v4 != null) {
            out[n] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
            out[n + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        }
        return out;
    }

    /**
     * The octets of an IPv4 or IPv6 literal (4 or 16 bytes). IPv6 may be given in brackets ({@code [::1]}).
     */
    public static Optional<byte[]> parse(String text) {
        String t = unbracket(text);
        if (t.indexOf(':') >= 0) {
            return parseIpv6(t);
        }
        return t.equals(text) ? parseIpv4(t) : Optional.empty();
    }

    /** True when {@link #parse(String)} accepts the text. */
    public static boolean isIpLiteral(String text) {
        return parse(text).isPresent();
    }

    /** The canonical text of an IP literal (IPv6 per RFC 5952, without brackets), if it is one. */
    public static Optional<String> canonicalText(String text) {
        return parse(text).map(IpLiterals::toText);
    }

    /**
     * Canonical text of 4 or 16 octets. IPv6 follows RFC 5952: lower-case hex without leading zeros, the longest
     * run of two or more zero groups (the first on a tie) written {@code ::}, and IPv4-mapped addresses in mixed
     * notation ({@code ::ffff:192.0.2.1}, §5).
     *
     * @throws IllegalArgumentException when the array is neither 4 nor 16 bytes long
     */
    public static String toText(byte[] octets) {
        if (octets.length == 4) {
            return (octets[0] & 0xff) + "." + (octets[1] & 0xff) + "." + (octets[2] & 0xff) + "." + (octets[3] & 0xff);
        }
        if (octets.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 octets, not " + octets.length);
        }
        if (isIpv4Mapped(octets)) {
            return "::ffff:" + toText(Arrays.copyOfRange(octets, 12, 16));
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((octets[2 * i] & 0xff) << 8) | (octets[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** True for 16 octets of the form {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2). */
    public static boolean isIpv4Mapped(byte[] octets) {
        if (octets.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (octets[i] != 0) {
                return false;
            }
        }
        return octets[10] == (byte) 0xff && octets[11] == (byte) 0xff;
    }

    /** The text without one pair of surrounding brackets. */
    static String unbracket(String text) {
        if (text.length() >= 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
