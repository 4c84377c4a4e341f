package dev.misdirect.core.report;

import java.util.List;

/**
 * A lab scenario drawn as boxes and arrows (client, proxy, origins, certificates), in a layout-free form:
 * the report places the boxes in columns by {@link Box#column()}.
 *
 * @param title  the scenario's name
 * @param boxes  the parts of the scenario
 * @param arrows who talks to whom, with a label ("SNI a.lab.test, :authority b.lab.test")
 */
public record ScenarioDiagram(String title, List<Box> boxes, List<Arrow> arrows) {
    public ScenarioDiagram {
        boxes = List.copyOf(boxes);
        arrows = List.copyOf(arrows);
    }

    /**
     * One part.
     *
     * @param id     referenced by arrows
     * @param label  first line (e.g. "tenant router")
     * @param detail further lines (addresses, certificate SANs)
     * @param column 0-based column, left to right
     */
    public record Box(String id, String label, List<String> detail, int column) {
        public Box {
            detail = List.copyOf(detail);
        }
    }

    /** An arrow from box {@code from} to box {@code to}; {@code problem} marks the misdirected path. */
    public record Arrow(String from, String to, String label, boolean problem) {
    }
}
