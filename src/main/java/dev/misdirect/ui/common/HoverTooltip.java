package dev.misdirect.ui.common;

import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.util.Duration;

import java.util.function.Supplier;

/**
 * A control's tooltip, made the first time the pointer enters it and given its text then. A {@link Tooltip} is a
 * popup window with a scene of its own, so making one for every cell of a table or a matrix (most never hovered)
 * costs the FX thread more than the cells themselves; made on hover, it costs nothing until someone points at the
 * cell. Cells that are reused for other items keep their one tooltip and read the text afresh on each hover. UI
 * thread.
 */
public final class HoverTooltip {
    /** The delay before a hover tooltip shows. */
    public static final Duration SHOW_DELAY = Duration.millis(250);

    private HoverTooltip() {
    }

    /**
     * Gives {@code control} a tooltip reading {@code text} at each hover; none while {@code text} gives null or an
     * empty text.
     *
     * @param maxWidth wrap the text at this width (pixels); 0 for no wrapping
     */
    public static void install(Control control, Supplier<String> text, double maxWidth) {
        control.addEventHandler(MouseEvent.MOUSE_ENTERED, e -> {
            String now = text.get();
            if (now == null || now.isEmpty()) {
                control.setTooltip(null);
                return;
            }
            Tooltip tip = control.getTooltip();
            if (tip == null) {
                tip = new Tooltip();
                tip.setShowDelay(SHOW_DELAY);
                if (maxWidth > 0) {
                    tip.setWrapText(true);
                    tip.setMaxWidth(maxWidth);
                }
                control.setTooltip(tip);
            }
            tip.setText(now);
        });
    }
}
