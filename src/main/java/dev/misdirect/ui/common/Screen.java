package dev.misdirect.ui.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Every screen of the workbench, in the order of the navigation rail. */
public enum Screen {
    AUTHORITIES, INSPECT, COALESCING, REPLAY, LAB, FINDINGS;

    /** The screen's name in lower case ("replay"), as {@code -Dmisdirect.screen} writes it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The screen named {@code id} ("replay", any case); empty when no screen has that name. */
    public static Optional<Screen> parse(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equalsIgnoreCase(id.strip())).findFirst();
    }
}
