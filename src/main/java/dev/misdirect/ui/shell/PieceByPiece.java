package dev.misdirect.ui.shell;

import dev.misdirect.ui.common.FitToRows;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.Pane;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A hidden screen taken apart at its containers (split pane items, tab contents, scroll pane contents, and the
 * children of plain panes below the screen's root) so that it can be put back one part per pulse: the first style
 * pass, skin creation and layout of a big screen are then spread over several short pulses instead of one long one
 * (a part is then about one control). Parts go back outer first and in their order, so a split pane gets its items
 * (and then its divider positions) back as they were, and a pane its children in their order. A pane whose children
 * are changed by someone else while parts of it are out (a view filling it with new content) is left as that owner
 * made it: its remaining parts are dropped. A table or list goes back short and grows a few rows per part (see
 * {@link #growInSteps}). UI thread; take apart only a screen in no showing scene or a hidden one.
 */
final class PieceByPiece {
    /** A table's or list's first height: its header and three rows. */
    static final double GROW_FIRST_PX = 4 * FitToRows.ROW_PX;
    /** What a table or list grows by per part: four rows. */
    static final double GROW_STEP_PX = 4 * FitToRows.ROW_PX;
    /** Past this height a table or list gets its own maximum back in one part (taller than any screen). */
    static final double GROW_LAST_PX = 1600;

    private final Deque<Runnable> putBacks = new ArrayDeque<>();

    private PieceByPiece() {
    }

    /** Takes {@code root} apart; nothing of it is lost: {@link #putBackAll()} restores it whole. */
    static PieceByPiece takeApart(Parent root) {
        PieceByPiece p = new PieceByPiece();
        if (root instanceof Pane) {
            for (Node child : root.getChildrenUnmodifiable()) {
                p.visit(child); // the root's own children stay: the screen keeps its frame from the start
            }
        } else {
            p.visit(root);
        }
        return p;
    }

    /** Puts the next part back; false when the screen is whole again. */
    boolean putBackNext() {
        Runnable r = putBacks.poll();
        if (r == null) {
            return false;
        }
        r.run();
        return true;
    }

    /** Puts every remaining part back (before the screen is shown). */
    void putBackAll() {
        while (putBackNext()) {
            // next part
        }
    }

    /** The parts still out. */
    int remaining() {
        return putBacks.size();
    }

    /**
     * A pane's children in parts of one costly child each (a control other than a label or a button, or a pane
     * with children) with the cheap ones (labels, buttons, check boxes, shapes, empty regions) before it; cheap ones
     * at the end join the last part.
     */
    private static List<List<Node>> parts(List<Node> children) {
        List<List<Node>> parts = new ArrayList<>();
        List<Node> part = new ArrayList<>();
        for (Node child : children) {
            part.add(child);
            if (costly(child)) {
                parts.add(part);
                part = new ArrayList<>();
            }
        }
        if (!part.isEmpty()) {
            if (parts.isEmpty()) {
                parts.add(part);
            } else {
                parts.get(parts.size() - 1).addAll(part);
            }
        }
        return parts;
    }

    private static boolean costly(Node n) {
        if (n instanceof Control) {
            return !(n instanceof Label || n instanceof ButtonBase); // a label, button or check box is a small skin
        }
        return n instanceof Parent p && !p.getChildrenUnmodifiable().isEmpty();
    }

    /**
     * A table or list fills its whole height with rows, empty ones too (each a cell per column), all made in the
     * layout that first gives it that height: it goes back as tall as a few rows, then grows a few rows per part.
     */
    private void growInSteps(Control view) {
        double max = view.getMaxHeight();
        view.setMaxHeight(GROW_FIRST_PX);
        for (double h = GROW_FIRST_PX + GROW_STEP_PX; h < GROW_LAST_PX; h += GROW_STEP_PX) {
            double height = h;
            putBacks.add(() -> view.setMaxHeight(height));
        }
        putBacks.add(() -> view.setMaxHeight(max));
    }

    private void visit(Node n) {
        if (n instanceof TableView<?> || n instanceof ListView<?>) {
            if (!((Control) n).maxHeightProperty().isBound()) { // a table sized to its rows needs no steps
                growInSteps((Control) n);
            }
            return;
        }
        List<Node> taken = new ArrayList<>();
        if (n instanceof SplitPane split && !split.getItems().isEmpty()) {
            List<Node> items = new ArrayList<>(split.getItems());
            double[] dividers = split.getDividerPositions();
            split.getItems().clear();
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                boolean last = i == items.size() - 1;
                putBacks.add(() -> {
                    split.getItems().add(item);
                    if (last) {
                        split.setDividerPositions(dividers);
                    }
                });
            }
            taken.addAll(items);
        } else if (n instanceof TabPane tabs) {
            for (Tab tab : tabs.getTabs()) {
                Node content = tab.getContent();
                if (content != null) {
                    tab.setContent(null);
                    putBacks.add(() -> tab.setContent(content));
                    taken.add(content);
                }
            }
        } else if (n instanceof ScrollPane scroll && scroll.getContent() != null) {
            Node content = scroll.getContent();
            scroll.setContent(null);
            putBacks.add(() -> scroll.setContent(content));
            taken.add(content);
        } else if (n instanceof Pane pane && pane.getChildren().size() > 1) {
            List<Node> children = new ArrayList<>(pane.getChildren());
            pane.getChildren().clear();
            boolean[] changedByOthers = {false};
            boolean[] puttingBack = {false};
            ListChangeListener<Node> watch = c -> changedByOthers[0] |= !puttingBack[0];
            pane.getChildren().addListener(watch);
            List<List<Node>> parts = parts(children);
            for (int i = 0; i < parts.size(); i++) {
                List<Node> part = parts.get(i);
                boolean last = i == parts.size() - 1;
                putBacks.add(() -> {
                    if (!changedByOthers[0]) {
                        puttingBack[0] = true;
                        pane.getChildren().addAll(part);
                        puttingBack[0] = false;
                    }
                    if (last) {
                        pane.getChildren().removeListener(watch);
                    }
                });
            }
            taken.addAll(children);
        } else if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                visit(child);
            }
        }
        for (Node t : taken) {
            visit(t);
        }
    }
}
