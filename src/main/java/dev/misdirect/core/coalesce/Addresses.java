package dev.misdirect.core.coalesce;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Compares IP literals by value, so that {@code ::1} equals {@code 0:0:0:0:0:0:0:1}. Never resolves names. */
final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private Addresses() {
    }

    /**
     * The canonical text of an IP literal ({@code ::ffff:a.b.c.d} becomes {@code a.b.c.d}); anything that is not an IP
     * literal is returned lower-cased, unchanged otherwise.
     */
    static String canonical(String address) {
        String s = address.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean literal = s.indexOf(':') >= 0 || isIpv4(s);
        if (!literal) {
            return s.toLowerCase(Locale.ROOT);
        }
        try {
            // Only literals reach here: InetAddress parses them without any lookup.
            return InetAddress.getByName(s).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return s.toLowerCase(Locale.ROOT);
        }
    }

    private static boolean isIpv4(String s) {
        var m = IPV4.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }
}
