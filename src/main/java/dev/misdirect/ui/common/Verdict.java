package dev.misdirect.ui.common;

import javafx.css.PseudoClass;
import javafx.scene.Node;

/**
 * A screen's judgement of one thing: good, bad, or nothing to judge yet. A view shows it as the CSS pseudo-class
 * {@code :ok} or {@code :bad} (neither for {@link #NONE}) beside words with an icon that say it, so colour is never
 * alone; it never reads the words to find the verdict.
 */
public enum Verdict {
    NONE, OK, BAD;

    private static final PseudoClass OK_STATE = PseudoClass.getPseudoClass("ok");
    private static final PseudoClass BAD_STATE = PseudoClass.getPseudoClass("bad");

    /** Sets {@code node}'s {@code :ok} / {@code :bad} pseudo-class to {@code verdict}. FX thread. */
    public static void show(Node node, Verdict verdict) {
        node.pseudoClassStateChanged(OK_STATE, verdict == OK);
        node.pseudoClassStateChanged(BAD_STATE, verdict == BAD);
    }
}
