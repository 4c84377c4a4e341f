package dev.misdirect.ui.shell;

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
}
