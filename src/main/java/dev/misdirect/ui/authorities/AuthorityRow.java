package dev.misdirect.ui.authorities;

import dev.misdirect.core.model.Authority;
import dev.misdirect.ui.common.VerdictText;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;

/**
 * One editable row of the authority table. The five text columns together form one authority line; after each
 * edit the row is parsed again: {@link #errorProperty()} holds the reason it was refused ("" when good) and
 * {@link #authorityProperty()} the parsed authority (empty when refused).
 */
public final class AuthorityRow {
    private static final VerdictText GOOD = VerdictText.ok("✔ ok");

    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final StringProperty resolve = new SimpleStringProperty(this, "resolve", "");
    private final StringProperty sni = new SimpleStringProperty(this, "sni", "");
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty tags = new SimpleStringProperty(this, "tags", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyObjectWrapper<VerdictText> status = new ReadOnlyObjectWrapper<>(this, "status", GOOD);
    private final ReadOnlyObjectWrapper<Optional<Authority>> authority =
            new ReadOnlyObjectWrapper<>(this, "authority", Optional.empty());

    /** {@code host[:port]} or a URL. */
    public StringProperty targetProperty() {
        return target;
    }

    /** Comma-separated IP overrides. */
    public StringProperty resolveProperty() {
        return resolve;
    }

    /** SNI override, or "none". */
    public StringProperty sniProperty() {
        return sni;
    }

    /** Host / {@code :authority} override. */
    public StringProperty hostProperty() {
        return host;
    }

    /** Comma- or space-separated tags. */
    public StringProperty tagsProperty() {
        return tags;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public String getError() {
        return error.get();
    }

    public boolean isValid() {
        return error.get().isEmpty();
    }

    /** The status column: "✔ ok", or "✘ " and the reason the row was refused. */
    public ReadOnlyObjectProperty<VerdictText> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Optional<Authority>> authorityProperty() {
        return authority.getReadOnlyProperty();
    }

    void setParsed(Optional<Authority> parsed, String problem) {
        authority.set(parsed);
        error.set(problem);
        status.set(problem.isEmpty() ? GOOD : VerdictText.bad("✘ " + problem));
    }

    /** The authority line these cells spell ({@code target resolve=… sni=… host=… tag=…}). */
    public String line() {
        StringBuilder sb = new StringBuilder(target.get().strip());
        if (!resolve.get().isBlank()) {
            sb.append(" resolve=").append(resolve.get().strip().replaceAll("\\s*,\\s*", ",").replaceAll("\\s+", ","));
        }
        if (!sni.get().isBlank()) {
            sb.append(" sni=").append(sni.get().strip());
        }
        if (!host.get().isBlank()) {
            sb.append(" host=").append(host.get().strip());
        }
        for (String t : tags.get().split("[,\\s]+")) {
            if (!t.isBlank()) {
                sb.append(" tag=").append(t);
            }
        }
        return sb.toString();
    }

    /** Fills the cells from an authority. */
    void fill(Authority a) {
        target.set("/".equals(a.path()) ? a.key() : a.origin() + a.path());
        resolve.set(String.join(", ", a.resolve()));
        sni.set(a.noSni() ? "none" : a.sniOverride().orElse(""));
        host.set(a.hostOverride().orElse(""));
        tags.set(String.join(", ", a.tags()));
    }

    /** Copies the cells of another row. */
    void copyFrom(AuthorityRow other) {
        target.set(other.target.get());
        resolve.set(other.resolve.get());
        sni.set(other.sni.get());
        host.set(other.host.get());
        tags.set(other.tags.get());
    }
}
