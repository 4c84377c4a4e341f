package dev.misdirect.ui.shell;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A hidden screen taken apart at its containers (split pane items, tab contents, scroll pane contents) so that it can
 * be put back one part per pulse: the first style pass, skin creation and layout of a big screen are then spread over
 * several short pulses instead of one long one. Parts go back outer first and in their order, so a split pane gets
 * its items (and then its divider positions) back as they were. UI thread; take apart only a screen in no showing
 * scene or a hidden one.
 */
final class PieceByPiece {
    private final Deque<Runnable> putBacks = new ArrayDeque<>();

    private PieceByPiece() {
    }

    /** Takes {@code root} apart; nothing of it is lost: {@link #putBackAll()} restores it whole. */
    static PieceByPiece takeApart(Parent root) {
        PieceByPiece p = new PieceByPiece();
        p.visit(root);
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

    private void visit(Node n) {
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
