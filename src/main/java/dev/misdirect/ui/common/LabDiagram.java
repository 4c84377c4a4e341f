package dev.misdirect.ui.common;

import java.util.List;

/**
 * A scenario's picture as data: boxes in columns (client on the left, servers on the right) and arrows labelled with
 * the connection's SNI and the request's authority, each ending in an outcome.
 */
public record LabDiagram(List<Box> boxes, List<Arrow> arrows) {
    public LabDiagram {
        boxes = List.copyOf(boxes);
        arrows = List.copyOf(arrows);
    }

    public static LabDiagram empty() {
        return new LabDiagram(List.of(), List.of());
    }

    /** What a box stands for; each kind has its own style class ({@code diagram-box-client} …). */
    public enum Kind { CLIENT, CONNECTION, ORIGIN, NODE, PROXY, UPSTREAM }

    /** How an arrow ends, shown by icon, word and colour token. */
    public enum Outcome {
        OK("✔", "200"), MISDIRECTED("✘", "421"), NAME_MISMATCH("⚠", "name mismatch"), MISROUTED("✘", "misrouted");

        private final String icon;
        private final String word;

        Outcome(String icon, String word) {
            this.icon = icon;
            this.word = word;
        }

        public String icon() {
            return icon;
        }

        public String word() {
            return word;
        }
    }

    public record Box(String id, Kind kind, String label, String detail, int column) {
    }

    /** {@code label} is "SNI x · :authority y" (either part may be absent). */
    public record Arrow(String from, String to, String label, Outcome outcome) {
    }
}
