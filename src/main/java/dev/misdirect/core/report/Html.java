package dev.misdirect.core.report;

/** Escaping for HTML text, attribute values and SVG text. Pure. */
final class Html {
    private Html() {
    }

    /**
     * Escapes {@code s} for use in element content and quoted attribute values (HTML and SVG alike): the five
     * markup characters, and control characters other than tab/newline, which are dropped.
     */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f) {
                        continue;
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
