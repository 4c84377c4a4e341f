package dev.misdirect.ui.common;

import java.util.Objects;

/**
 * Words with an icon that state a verdict ("✔ trusted", "✘ port is empty"): a view shows the words and styles them
 * by the verdict.
 */
public record VerdictText(Verdict verdict, String text) {
    /** Nothing to judge: no words, no style. */
    public static final VerdictText NONE = new VerdictText(Verdict.NONE, "");

    public VerdictText {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(text, "text");
    }

    public static VerdictText ok(String text) {
        return new VerdictText(Verdict.OK, text);
    }

    public static VerdictText bad(String text) {
        return new VerdictText(Verdict.BAD, text);
    }

    /**
     * Words without a judgement: running ("… running"), stopped, or a source that cannot tell ("? no 421 seen"). Never
     * styled as good or bad.
     */
    public static VerdictText unknown(String text) {
        return new VerdictText(Verdict.NONE, text);
    }
}
