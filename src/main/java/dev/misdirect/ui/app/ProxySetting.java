package dev.misdirect.ui.app;

import dev.misdirect.core.net.ForwardProxy;
import dev.misdirect.core.session.Target;

import java.util.Optional;

/**
 * The workbench's forward proxy (File › Proxy…): the HTTP {@code CONNECT} proxy that Probe and Replay of a session on
 * the real network go through, as {@code --proxy} does on the command line. Lab sessions never use it (the lab is on
 * this machine). Kept for the running workbench only: the password is never written anywhere. Thread-safe: the FX
 * thread sets it, workers read it.
 */
final class ProxySetting {
    private volatile Optional<ForwardProxy> proxy = Optional.empty();

    /** The proxy, when one is set. */
    Optional<ForwardProxy> proxy() {
        return proxy;
    }

    /**
     * Sets the proxy from the dialog's fields: {@code url} ({@code http://[USER[:PASSWORD]@]HOST:PORT}, blank for
     * none) and {@code password} (used when not blank, instead of one in the URL). On bad input nothing changes.
     *
     * @return the reason the input cannot be used, or empty when it was set
     */
    Optional<String> set(String url, String password) {
        if (url.isBlank()) {
            proxy = Optional.empty();
            return Optional.empty();
        }
        ForwardProxy p;
        try {
            p = ForwardProxy.parse(url);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        if (!password.isEmpty()) {
            if (p.user().isEmpty()) {
                return Optional.of("a password needs a user name: give the proxy as http://USER@HOST:PORT");
            }
            p = new ForwardProxy(p.host(), p.port(), p.user(), password);
        }
        proxy = Optional.of(p);
        return Optional.empty();
    }

    /** The proxy as the dialog shows it again ({@code http://[USER@]HOST:PORT}, never the password), or "". */
    String text() {
        return proxy.map(ForwardProxy::toString).orElse("");
    }

    /** The password kept for the dialog's password field (it shows as dots), or "". */
    String password() {
        return proxy.map(ForwardProxy::password).orElse("");
    }

    /** {@code target} through the proxy, when one is set. */
    Target apply(Target target) {
        Optional<ForwardProxy> p = proxy;
        return p.isPresent() ? target.withProxy(p) : target;
    }
}
