package dev.misdirect.core.net;

import dev.misdirect.core.model.ConnectionPolicy;
import javax.net.ssl.X509KeyManager;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the replay client connects. Immutable.
 *
 * @param policy         which connection a request may travel on
 * @param retry421       retry a 421 the way real clients do (the hidden 421 is still recorded); off: the raw 421
 *                       surfaces to the caller
 * @param http1          force HTTP/1.1 (no coalescing is possible then)
 * @param nameMap        lower-case host name → IP literals used instead of DNS (resolve overrides, the lab's map)
 * @param sniOverrides   authority key ({@code host:port}) → the SNI to send instead (the request URL is rewritten to
 *                       that name, the Host / {@code :authority} stays the authority's)
 * @param extraCas       certificates trusted in addition to (or instead of) the JDK trust store
 * @param trustSystemCas also trust the JDK's default trust store
 * @param clientIdentity a client certificate to offer when a server asks for one
 * @param credentials    authority key → headers (Authorization, Cookie, tokens) attached only to requests whose
 *                       real authority is that key, whatever connection they travel on
 * @param timeouts       connect / read / call limits
 * @param resolver       resolves names missing from the name map
 * @param proxy          the HTTP CONNECT proxy every connection goes through, when any: names in the name map (and
 *                       pins, and every name when the resolver asks a DNS server of its own) are resolved here and
 *                       tunnelled to by address, the others by name (the proxy resolves them)
 */
public record ClientOptions(ConnectionPolicy policy, boolean retry421, boolean http1,
                            Map<String, List<String>> nameMap, Map<String, String> sniOverrides,
                            List<X509Certificate> extraCas, boolean trustSystemCas,
                            Optional<X509KeyManager> clientIdentity, Map<String, Map<String, String>> credentials,
                            Timeouts timeouts, HostResolver resolver, Optional<ForwardProxy> proxy) {

    public ClientOptions {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clientIdentity, "clientIdentity");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(proxy, "proxy");
        Map<String, List<String>> names = new LinkedHashMap<>();
        nameMap.forEach((host, addresses) -> names.put(host.toLowerCase(Locale.ROOT), List.copyOf(addresses)));
        nameMap = Map.copyOf(names);
        sniOverrides = Map.copyOf(sniOverrides);
        extraCas = List.copyOf(extraCas);
        Map<String, Map<String, String>> creds = new LinkedHashMap<>();
        credentials.forEach((key, headers) -> creds.put(key.toLowerCase(Locale.ROOT), Map.copyOf(headers)));
        credentials = Map.copyOf(creds);
    }

    /** The policy with retry on, HTTP/2 allowed, the JDK trust store, default timeouts and the system resolver. */
    public static ClientOptions of(ConnectionPolicy policy) {
        return new ClientOptions(policy, true, false, Map.of(), Map.of(), List.of(), true, Optional.empty(), Map.of(),
                Timeouts.defaults(), HostResolver.system(), Optional.empty());
    }

    public ClientOptions withPolicy(ConnectionPolicy p) {
        return new ClientOptions(p, retry421, http1, nameMap, sniOverrides, extraCas, trustSystemCas, clientIdentity,
                credentials, timeouts, resolver, proxy);
    }

    public ClientOptions withRetry421(boolean on) {
        return new ClientOptions(policy, on, http1, nameMap, sniOverrides, extraCas, trustSystemCas, clientIdentity,
                credentials, timeouts, resolver, proxy);
    }

    public ClientOptions withHttp1(boolean on) {
        return new ClientOptions(policy, retry421, on, nameMap, sniOverrides, extraCas, trustSystemCas, clientIdentity,
                credentials, timeouts, resolver, proxy);
    }

    /** A copy whose name map also holds these entries (later entries win for the same host). */
    public ClientOptions withNames(Map<String, List<String>> more) {
        Map<String, List<String>> all = new LinkedHashMap<>(nameMap);
        more.forEach((h, a) -> all.put(h.toLowerCase(Locale.ROOT), a));
        return new ClientOptions(policy, retry421, http1, all, sniOverrides, extraCas, trustSystemCas, clientIdentity,
                credentials, timeouts, resolver, proxy);
    }

    public ClientOptions withSniOverrides(Map<String, String> overrides) {
        return new ClientOptions(policy, retry421, http1, nameMap, overrides, extraCas, trustSystemCas, clientIdentity,
                credentials, timeouts, resolver, proxy);
    }

    /** A copy trusting these extra CAs, and the JDK trust store only when {@code alsoSystem}. */
    public ClientOptions withTrust(List<X509Certificate> cas, boolean alsoSystem) {
        return new ClientOptions(policy, retry421, http1, nameMap, sniOverrides, cas, alsoSystem, clientIdentity,
                credentials, timeouts, resolver, proxy);
    }

    public ClientOptions withClientIdentity(Optional<X509KeyManager> identity) {
        return new ClientOptions(policy, retry421, http1, nameMap, sniOverrides, extraCas, trustSystemCas, identity,
                credentials, timeouts, resolver, proxy);
    }

    public ClientOptions withCredentials(Map<String, Map<String, String>> perAuthority) {
        return new ClientOptions(policy, retry421, http1, nameMap, sniOverrides, extraCas, trustSystemCas,
                clientIdentity, perAuthority, timeouts, resolver, proxy);
    }

    public ClientOptions withTimeouts(Timeouts t) {
        return new ClientOptions(policy, retry421, http1, nameMap, sniOverrides, extraCas, trustSystemCas,
                clientIdentity, credentials, t, resolver, proxy);
    }

    public ClientOptions withResolver(HostResolver r) {
        return new ClientOptions(policy, retry421, http1, nameMap, sniOverrides, extraCas, trustSystemCas,
                clientIdentity, credentials, timeouts, r, proxy);
    }

    /** A copy whose connections go through this proxy (or directly, when empty). */
    public ClientOptions withProxy(Optional<ForwardProxy> p) {
        return new ClientOptions(policy, retry421, http1, nameMap, sniOverrides, extraCas, trustSystemCas,
                clientIdentity, credentials, timeouts, resolver, p);
    }
}
