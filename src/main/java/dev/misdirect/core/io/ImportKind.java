package dev.misdirect.core.io;

/** What kind of file an import read. */
public enum ImportKind {
    /** Chrome NetLog ({@code chrome://net-export} or {@code --log-net-log}). */
    NETLOG("Chrome NetLog"),
    /** HTTP Archive (Chrome, Firefox, Playwright). */
    HAR("HAR"),
    /** A Misdirect session document. */
    SESSION("Misdirect session"),
    /** A curl command line (DevTools "Copy as cURL", or typed). */
    CURL("curl command");

    private final String label;

    ImportKind(String label) {
        this.label = label;
    }

    /** How the kind is named to a person. */
    public String label() {
        return label;
    }
}
