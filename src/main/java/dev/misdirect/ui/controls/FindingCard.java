package dev.misdirect.ui.controls;

import dev.misdirect.core.model.Finding;
import dev.misdirect.core.model.FindingCause;
import dev.misdirect.core.model.Severity;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;

/**
 * One finding as a card: a header with the severity (icon and word, never colour alone), the cause family and the
 * title, then Details / Cause / Fix. The cause enum chooses the family heading and icon. Pseudo-classes
 * {@code :problem}, {@code :warning}, {@code :info} follow the severity; {@code :selected} follows
 * {@link #selectedProperty()}.
 */
public class FindingCard extends Control {
    private final ObjectProperty<Finding> finding = new SimpleObjectProperty<>(this, "finding");
    private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected");

    public FindingCard() {
        getStyleClass().add("finding-card");
    }

    public FindingCard(Finding f) {
        this();
        setFinding(f);
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new FindingCardSkin(this);
    }

    public ObjectProperty<Finding> findingProperty() {
        return finding;
    }

    public Finding getFinding() {
        return finding.get();
    }

    public void setFinding(Finding f) {
        finding.set(f);
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }

    /** Icon and word for a severity. */
    public static String severityLabel(Severity s) {
        return switch (s) {
            case PROBLEM -> "✘ Problem";
            case WARNING -> "⚠ Warning";
            case INFO -> "ℹ Info";
        };
    }

    /** The family heading of a cause, with its icon. */
    public static String causeLabel(FindingCause cause) {
        return switch (cause) {
            case DNS_FAILURE -> "⌕ DNS lookup failed";
            case CONNECT_FAILURE -> "⇥ Connection failed";
            case TLS_FAILURE -> "⚡ TLS handshake failed";
            case CERT_UNTRUSTED -> "⚠ Certificate not trusted";
            case CERT_VALIDITY -> "◷ Certificate validity";
            case NAME_NOT_COVERED -> "✘ Name not covered by the certificate";
            case INGRESS_DRIFT -> "⇋ Ingress drift";
            case COALESCING_PRECONDITION -> "⇄ Coalescing possible";
            case CLIENT_CERT_DIFFERS -> "⚷ Client certificates differ";
            case TLS_SETTINGS_DIFFER -> "⚙ TLS settings differ";
            case COALESCING_PREDICTED -> "⇄ Coalescing predicted";
            case MISDIRECTED_REQUEST -> "⚠ 421 Misdirected Request";
            case HIDDEN_RETRY -> "↻ Hidden retry";
            case IP_KEYED_POOL -> "⇄ IP-keyed pool";
            case MISROUTED -> "✘ Misrouted on a shared connection";
            case IMPORT_LIMITATION, RETRIED_421_UNSEEN -> "ℹ Import limitation";
            case VANTAGES_DIFFER -> "◎ Vantage points differ";
            case OTHER -> "ℹ Observation";
        };
    }

    /** The card wraps its texts, so its height depends on its width. */
    @Override
    public javafx.geometry.Orientation getContentBias() {
        return javafx.geometry.Orientation.HORIZONTAL;
    }
}
