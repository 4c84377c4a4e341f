package dev.misdirect.ui.lab;

import dev.misdirect.ui.common.LabDiagram;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link LabDiagram} as JavaFX nodes: boxes in columns (style class {@code diagram-box} plus
 * {@code diagram-box-<kind>}), arrows between them with their SNI / authority label and their outcome as icon + word
 * ({@code diagram-arrow-ok}, {@code -misdirected}, {@code -mismatch}, colours from the theme's tokens). The geometry
 * comes from {@link #layout(LabDiagram)}, which is pure and tested.
 */
public final class DiagramView extends Pane {
    static final double BOX_WIDTH = 140;
    static final double BOX_MIN_HEIGHT = 64;
    static final double ARROW_SPACING = 34;
    static final double COLUMN_GAP = 232;
    static final double ROW_GAP = 28;
    static final double MARGIN = 12;

    private final ObjectProperty<LabDiagram> diagram = new SimpleObjectProperty<>(this, "diagram", LabDiagram.empty());

    public DiagramView() {
        getStyleClass().add("diagram");
        diagram.addListener((o, was, now) -> rebuild());
    }

    public ObjectProperty<LabDiagram> diagramProperty() {
        return diagram;
    }

    /** Where a box goes. */
    public record BoxPlace(LabDiagram.Box box, double x, double y, double width, double height) {
    }

    /** Where an arrow goes: from (x1, y1) to (x2, y2). */
    public record ArrowPlace(LabDiagram.Arrow arrow, double x1, double y1, double x2, double y2) {
    }

    /** The laid-out diagram and its size. */
    public record Layout(List<BoxPlace> boxes, List<ArrowPlace> arrows, double width, double height) {
    }

    /**
     * Lays the diagram out: one column per {@link LabDiagram.Box#column()}, boxes stacked in each column and centred
     * against the tallest column, each box tall enough for the arrows leaving or entering it; arrows between the
     * facing edges, several arrows between the same boxes spread apart.
     */
    public static Layout layout(LabDiagram d) {
        Map<String, Integer> arrowsAt = new HashMap<>();
        for (LabDiagram.Arrow a : d.arrows()) {
            arrowsAt.merge(a.from() + ">" + a.to(), 1, Integer::sum);
        }
        Map<String, Double> heights = new HashMap<>();
        for (LabDiagram.Box b : d.boxes()) {
            int most = arrowsAt.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(b.id() + ">") || e.getKey().endsWith(">" + b.id()))
                    .mapToInt(Map.Entry::getValue).max().orElse(1);
            heights.put(b.id(), Math.max(BOX_MIN_HEIGHT, most * ARROW_SPACING + 16));
        }
        Map<Integer, List<LabDiagram.Box>> columns = new LinkedHashMap<>();
        d.boxes().stream().sorted(java.util.Comparator.comparingInt(LabDiagram.Box::column))
                .forEach(b -> columns.computeIfAbsent(b.column(), k -> new ArrayList<>()).add(b));
        Map<Integer, Double> columnHeight = new HashMap<>();
        columns.forEach((c, boxes) -> columnHeight.put(c, boxes.stream().mapToDouble(b -> heights.get(b.id())).sum()
                + ROW_GAP * (boxes.size() - 1)));
        double tallest = columnHeight.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<Integer> order = new ArrayList<>(columns.keySet());
        Map<String, BoxPlace> placed = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            int c = order.get(i);
            double x = MARGIN + i * (BOX_WIDTH + COLUMN_GAP);
            double y = MARGIN + (tallest - columnHeight.get(c)) / 2;
            for (LabDiagram.Box b : columns.get(c)) {
                double h = heights.get(b.id());
                placed.put(b.id(), new BoxPlace(b, x, y, BOX_WIDTH, h));
                y += h + ROW_GAP;
            }
        }
        List<ArrowPlace> arrows = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (LabDiagram.Arrow a : d.arrows()) {
            BoxPlace from = placed.get(a.from());
            BoxPlace to = placed.get(a.to());
            String key = a.from() + ">" + a.to();
            int n = arrowsAt.get(key);
            int k = seen.merge(key, 1, Integer::sum) - 1;
            double offset = (k - (n - 1) / 2.0) * ARROW_SPACING;
            boolean rightwards = to.x() >= from.x();
            double x1 = rightwards ? from.x() + from.width() : from.x();
            double x2 = rightwards ? to.x() : to.x() + to.width();
            arrows.add(new ArrowPlace(a, x1, from.y() + from.height() / 2 + offset, x2, to.y() + to.height() / 2 + offset));
        }
        double width = MARGIN * 2 + order.size() * BOX_WIDTH + Math.max(0, order.size() - 1) * COLUMN_GAP;
        return new Layout(List.copyOf(placed.values()), arrows, width, tallest + 2 * MARGIN);
    }

    private void rebuild() {
        Layout l = layout(diagram.get());
        List<Node> nodes = new ArrayList<>();
        for (BoxPlace p : l.boxes()) {
            Label title = new Label(p.box().label());
            title.getStyleClass().add("diagram-box-title");
            Label detail = new Label(p.box().detail());
            detail.getStyleClass().add("diagram-box-detail");
            detail.setWrapText(true);
            VBox box = new VBox(2, title, detail);
            box.setAlignment(Pos.CENTER_LEFT);
            box.getStyleClass().addAll("diagram-box", "diagram-box-" + p.box().kind().name().toLowerCase(java.util.Locale.ROOT));
            box.resizeRelocate(p.x(), p.y(), p.width(), p.height());
            box.setPrefSize(p.width(), p.height());
            box.setLayoutX(p.x());
            box.setLayoutY(p.y());
            box.setManaged(false);
            nodes.add(box);
        }
        for (ArrowPlace a : l.arrows()) {
            nodes.add(arrow(a));
        }
        getChildren().setAll(nodes);
        setPrefSize(l.width(), l.height());
        setMinSize(l.width(), l.height());
    }

    private static Node arrow(ArrowPlace a) {
        String outcome = switch (a.arrow().outcome()) {
            case OK -> "diagram-arrow-ok";
            case MISDIRECTED -> "diagram-arrow-misdirected";
            case NAME_MISMATCH -> "diagram-arrow-mismatch";
            case MISROUTED -> "diagram-arrow-misrouted";
        };
        Line line = new Line(a.x1(), a.y1(), a.x2() - Math.signum(a.x2() - a.x1()) * 8, a.y2());
        line.getStyleClass().add("diagram-line");
        double dir = Math.signum(a.x2() - a.x1());
        Polygon head = new Polygon(a.x2(), a.y2(), a.x2() - dir * 10, a.y2() - 5, a.x2() - dir * 10, a.y2() + 5);
        head.getStyleClass().add("diagram-head");
        Label label = new Label(a.arrow().label() + "   " + a.arrow().outcome().icon() + " " + a.arrow().outcome().word());
        label.getStyleClass().add("diagram-arrow-label");
        // centred over the line once CSS has sized it
        label.setLayoutX((a.x1() + a.x2()) / 2);
        label.setLayoutY((a.y1() + a.y2()) / 2 - 17);
        label.translateXProperty().bind(label.widthProperty().divide(-2));
        Group g = new Group(line, head, label);
        g.getStyleClass().addAll("diagram-arrow", outcome);
        return g;
    }
}
