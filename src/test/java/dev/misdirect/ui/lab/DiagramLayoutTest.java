package dev.misdirect.ui.lab;

import dev.misdirect.ui.common.LabDiagram;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiagramLayoutTest {
    private static LabDiagram.Box box(String id, int column) {
        return new LabDiagram.Box(id, LabDiagram.Kind.NODE, id, "", column);
    }

    @Test
    void boxes_go_left_to_right_by_column_and_arrows_run_between_facing_edges() {
        LabDiagram d = new LabDiagram(List.of(box("client", 0), box("c1", 1), box("origin", 2)), List.of(
                new LabDiagram.Arrow("client", "c1", ":authority a", LabDiagram.Outcome.OK),
                new LabDiagram.Arrow("c1", "origin", "SNI a", LabDiagram.Outcome.OK)));
        DiagramView.Layout l = DiagramView.layout(d);
        assertThat(l.boxes()).extracting(DiagramView.BoxPlace::x).isSorted().doesNotHaveDuplicates();
        DiagramView.ArrowPlace first = l.arrows().get(0);
        DiagramView.BoxPlace client = l.boxes().get(0);
        DiagramView.BoxPlace c1 = l.boxes().get(1);
        assertThat(first.x1()).isEqualTo(client.x() + client.width());
        assertThat(first.x2()).isEqualTo(c1.x());
        assertThat(l.width()).isGreaterThan(l.boxes().get(2).x() + l.boxes().get(2).width() - 1);
    }

    @Test
    void two_arrows_between_the_same_boxes_are_spread_apart_and_the_boxes_grow_for_them() {
        LabDiagram d = new LabDiagram(List.of(box("client", 0), box("c1", 1)), List.of(
                new LabDiagram.Arrow("client", "c1", ":authority a", LabDiagram.Outcome.OK),
                new LabDiagram.Arrow("client", "c1", ":authority b", LabDiagram.Outcome.MISDIRECTED),
                new LabDiagram.Arrow("client", "c1", ":authority c", LabDiagram.Outcome.OK)));
        DiagramView.Layout l = DiagramView.layout(d);
        assertThat(l.arrows()).extracting(DiagramView.ArrowPlace::y1).doesNotHaveDuplicates();
        DiagramView.BoxPlace client = l.boxes().get(0);
        assertThat(l.arrows()).allSatisfy(a -> assertThat(a.y1()).isBetween(client.y(), client.y() + client.height()));
    }

    @Test
    void boxes_in_one_column_stack_without_overlapping() {
        LabDiagram d = new LabDiagram(List.of(box("client", 0), box("n1", 1), box("n2", 1)), List.of());
        DiagramView.Layout l = DiagramView.layout(d);
        DiagramView.BoxPlace n1 = l.boxes().get(1);
        DiagramView.BoxPlace n2 = l.boxes().get(2);
        assertThat(n1.x()).isEqualTo(n2.x());
        assertThat(n2.y()).isGreaterThanOrEqualTo(n1.y() + n1.height());
    }
}
