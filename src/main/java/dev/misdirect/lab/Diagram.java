package dev.misdirect.lab;

import java.util.List;
import java.util.Optional;

/**
 * A scenario's picture as data: boxes (client, connections, origins, nodes, proxy) and arrows labelled with
 * the SNI of the connection and the authority of the request, so the workbench can draw it as nodes and a
 * report as SVG. Boxes are listed left to right by {@link Box#column()}.
 *
 * @param boxes  every box
 * @param arrows every arrow, between box ids
 */
public record Diagram(List<Box> boxes, List<Arrow> arrows) {
    public Diagram {
        boxes = List.copyOf(boxes);
        arrows = List.copyOf(arrows);
        for (Arrow a : arrows) {
            if (boxes.stream().noneMatch(b -> b.id().equals(a.from())) || boxes.stream().noneMatch(b -> b.id().equals(a.to()))) {
                throw new IllegalArgumentException("arrow " + a.from() + " -> " + a.to() + " names an unknown box");
            }
        }
    }

    /** What a box stands for. */
    public enum Kind { CLIENT, CONNECTION, ORIGIN, NODE, PROXY, UPSTREAM }

    /** What travels along an arrow ends with. */
    public enum Outcome {
        OK, MISDIRECTED, NAME_MISMATCH,
        /** Answered by the wrong backend or site (a 404 with no route, another site's page): no 421, no retry. */
        MISROUTED
    }

    /**
     * @param id     unique within the diagram
     * @param kind   what it stands for
     * @param label  first line ("tenant-router", "connection 1")
     * @param detail second line ("127.0.0.1, cert *.tenants.lab.test", "SNI a.tenants.lab.test")
     * @param column 0 = client side, increasing towards the servers
     */
    public record Box(String id, Kind kind, String label, String detail, int column) {
    }

    /**
     * @param from      box id
     * @param to        box id
     * @param sni       SNI of the connection it uses, when it is about a connection
     * @param authority the request's authority, when it is about a request
     * @param outcome   how it ends
     */
    public record Arrow(String from, String to, Optional<String> sni, Optional<String> authority, Outcome outcome) {
        /** The label to draw: "SNI x · :authority y". */
        public String label() {
            StringBuilder sb = new StringBuilder();
            sni.ifPresent(s -> sb.append("SNI ").append(s));
            authority.ifPresent(a -> sb.append(sb.length() > 0 ? " · " : "").append(":authority ").append(a));
            if (outcome != Outcome.OK) {
                sb.append(switch (outcome) {
                    case MISDIRECTED -> " → 421";
                    case NAME_MISMATCH -> " → name mismatch";
                    case MISROUTED -> " → misrouted";
                    case OK -> "";
                });
            }
            return sb.toString();
        }
    }
}
