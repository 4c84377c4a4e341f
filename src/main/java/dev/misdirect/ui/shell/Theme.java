package dev.misdirect.ui.shell;

import java.util.Arrays;
import java.util.Optional;

/** The two themes; the style class goes on the scene root, the theme file maps it to colour tokens. */
public enum Theme {
    LIGHT("theme-light"), DARK("theme-dark");

    private final String styleClass;

    Theme(String styleClass) {
        this.styleClass = styleClass;
    }

    public String styleClass() {
        return styleClass;
    }

    /** The theme named {@code name} ("DARK", any case), as the window state stores it; empty for any other text. */
    public static Optional<Theme> parse(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(name.strip())).findFirst();
    }
}
