package dev.misdirect.core.names;

import com.ibm.icu.text.IDNA;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated DNS host name in both IDNA forms.
 *
 * @param ascii   lower-case A-label form without trailing dot, e.g. {@code xn--bcher-kva.example}
 * @param unicode U-label form for people, e.g. {@code bücher.example} (equal to {@code ascii} for ASCII names)
 */
public record DnsName(String ascii, String unicode) {

    /**
     * UTS #46 non-transitional processing with STD3 rules (letters, digits, hyphen only), CONTEXTJ and Bidi
     * checks: what browsers and WHATWG URL do. ICU's UTS46 objects are immutable and thread-safe, so one
     * instance serves every caller; it is made when the first name that needs it (not plain ASCII) comes.
     */
    private static final class Uts46 {
        static final IDNA INSTANCE = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
                | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ | IDNA.USE_STD3_RULES);
    }

    /** Label separators UTS #46 maps to '.': full stop, ideographic, fullwidth and halfwidth ideographic. */
    /** The label separators UTS #46 maps to a full stop; compiled once (a prediction parses thousands of names). */
    private static final Pattern DOTS = Pattern.compile("[.\u3002\uFF0E\uFF61]");

    public DnsName {
        if (ascii.isEmpty() || unicode.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
    }

    /**
     * Validates a host name (A-labels, U-labels, any case, one trailing dot allowed) and returns both forms.
     * A name whose last label is numeric is refused: it can only be a (malformed) IPv4 address.
     *
     * @throws AuthoritySyntaxException with a reason naming the offending label or character
     */
    public static DnsName parse(String text) {
        String name = text;
        if (name.isEmpty()) {
            throw new AuthoritySyntaxException(text, "host is empty");
        }
        if (name.indexOf('*') >= 0) {
            throw new AuthoritySyntaxException(text,
                    "'*' is not allowed in a host name (wildcards belong in certificates)");
        }
        if (name.endsWith(".") || name.endsWith("\u3002") || name.endsWith("\uFF0E") || name.endsWith("\uFF61")) {
            name = name.substring(0, name.length() - 1);
            if (name.isEmpty()) {
                throw new AuthoritySyntaxException(text, "host is empty");
            }
        }
        String[] labels = DOTS.split(name, -1);
        List<String> ascii = new ArrayList<>(labels.length);
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new AuthoritySyntaxException(text, "empty label in '" + text + "'");
            }
            ascii.add(labelToAscii(text, label));
        }
        String last = ascii.get(ascii.size() - 1);
        if (allDigits(last)) {
            throw new AuthoritySyntaxException(text, "'" + text + "' is not a valid IPv4 address, and a host name"
                    + " cannot end in an all-numeric label");
        }
        String joined = String.join(".", ascii);
        if (joined.length() > 253) {
            throw new AuthoritySyntaxException(text, "host name is " + joined.length() + " octets (max 253)");
        }
        if (isAscii(text) && !joined.startsWith("xn--") && !joined.contains(".xn--")) {
            // letters, digits and hyphens only, checked label by label above: no rule spans labels, both forms agree
            return new DnsName(joined, joined);
        }
        IDNA.Info info = new IDNA.Info();
        StringBuilder check = new StringBuilder();
        Uts46.INSTANCE.nameToASCII(joined, check, info);
        if (info.hasErrors()) {
            // Only rules spanning labels (Bidi) can still fail here; the labels passed one by one.
            throw new AuthoritySyntaxException(text, "host '" + text + "' breaks IDNA rules across labels "
                    + describe(info.getErrors()));
        }
        StringBuilder unicode = new StringBuilder();
        Uts46.INSTANCE.nameToUnicode(joined, unicode, new IDNA.Info());
        return new DnsName(joined, unicode.toString());
    }

    /**
     * The A-label form of a subjectAltName dNSName entry or of a host, for comparison: lower case, no trailing
     * dot, U-labels converted; a wildcard label {@code *} is kept. Unconvertible labels are left lower-cased,
     * so they simply never match.
     */
    static String comparable(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (isAscii(n)) {
            return n;
        }
        String[] labels = DOTS.split(n, -1);
        StringBuilder sb = new StringBuilder();
        for (String label : labels) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            if (isAscii(label)) {
                sb.append(label);
                continue;
            }
            IDNA.Info info = new IDNA.Info();
            StringBuilder out = new StringBuilder();
            Uts46.INSTANCE.labelToASCII(label, out, info);
            sb.append(info.hasErrors() ? label : out.toString());
        }
        return sb.toString();
    }

    /** Whether every character is ASCII. */
    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String labelToAscii(String input, String label) {
        boolean isAscii = isAscii(label);
        String a;
        if (isAscii) {
            a = label.toLowerCase(Locale.ROOT);
            for (int i = 0; i < a.length(); i++) {
                char c = a.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    throw new AuthoritySyntaxException(input, "character '" + c + "' is not allowed in host name"
                            + " label '" + shorten(label) + "' (letters, digits and '-' only)");
                }
            }
            if (a.startsWith("xn--")) {
                IDNA.Info info = new IDNA.Info();
                Uts46.INSTANCE.labelToUnicode(a, new StringBuilder(), info);
                if (info.hasErrors() || a.length() == 4) {
                    throw new AuthoritySyntaxException(input, "invalid punycode label '" + shorten(label) + "'");
                }
            } else if (a.length() >= 4 && a.charAt(2) == '-' && a.charAt(3) == '-') {
                throw new AuthoritySyntaxException(input, "label '" + shorten(label)
                        + "' has '--' in positions 3-4, which is reserved for xn-- A-labels");
            }
        } else {
            IDNA.Info info = new IDNA.Info();
            StringBuilder out = new StringBuilder();
            Uts46.INSTANCE.labelToASCII(label, out, info);
            Set<IDNA.Error> errors = info.hasErrors() ? info.getErrors() : EnumSet.noneOf(IDNA.Error.class);
            errors.remove(IDNA.Error.LABEL_TOO_LONG);
            if (!errors.isEmpty()) {
                if (errors.contains(IDNA.Error.PUNYCODE) || errors.contains(IDNA.Error.INVALID_ACE_LABEL)) {
                    throw new AuthoritySyntaxException(input, "invalid punycode label '" + shorten(label) + "'");
                }
                throw new AuthoritySyntaxException(input, "label '" + shorten(label)
                        + "' is not a valid internationalized label " + describe(errors));
            }
            a = out.toString();
        }
        if (a.startsWith("-")) {
            throw new AuthoritySyntaxException(input, "label '" + shorten(label) + "' starts with a hyphen");
        }
        if (a.endsWith("-")) {
            throw new AuthoritySyntaxException(input, "label '" + shorten(label) + "' ends with a hyphen");
        }
        if (a.length() > 63) {
            throw new AuthoritySyntaxException(input, "label '" + shorten(label) + "' is " + a.length()
                    + " octets (max 63)");
        }
        return a;
    }

    private static String describe(Set<IDNA.Error> errors) {
        List<String> names = new ArrayList<>();
        errors.forEach(e -> names.add(e.name()));
        return "(UTS #46: " + String.join(", ", names) + ")";
    }

    /** Long labels shortened for messages: the first 16 characters and an ellipsis. */
    static String shorten(String s) {
        return s.length() <= 20 ? s : s.substring(0, 16) + "…";
    }

    @Override
    public String toString() {
        return ascii;
    }
}
