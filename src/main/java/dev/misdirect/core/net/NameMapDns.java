package dev.misdirect.core.net;

import dev.misdirect.core.names.IpLiterals;
import dev.misdirect.core.timeline.TimelineEvent;
import okhttp3.Dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one {@link Dns} of a run (one instance, so OkHttp's coalescing stays possible): an address pin when the
 * client is pinned to one node, then SNI-override aliases (the override name resolves like the authority it
 * stands for), then the name map, then IP literals, then the injected resolver. Each lookup is recorded as a
 * {@code DnsResolved} event saying which source answered. Called on OkHttp's calling or connect threads; may
 * block in the resolver.
 */
final class NameMapDns implements Dns {
    private final Map<String, List<String>> nameMap;
    private final Map<String, String> aliases;
    private final HostResolver resolver;
    private final ReplayRecorder recorder;
    private final Optional<String> pin;

    NameMapDns(Map<String, List<String>> nameMap, Map<String, String> aliases, HostResolver resolver,
               ReplayRecorder recorder, Optional<String> pin) {
        this.nameMap = Map.copyOf(nameMap);
        this.aliases = Map.copyOf(aliases);
        this.resolver = resolver;
        this.recorder = recorder;
        this.pin = pin;
    }

    /** The same resolution, always answering {@code address}: for requests pinned to one node. */
    NameMapDns pinnedTo(String address) {
        return new NameMapDns(nameMap, aliases, resolver, recorder, Optional.of(address));
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        long start = recorder.nowMicros();
        Resolution r = resolve(hostname);
        long end = recorder.nowMicros();
        recorder.emit(new TimelineEvent.DnsResolved(end, end - start, hostname,
                r.addresses.stream().map(InetAddress::getHostAddress).toList(), r.source));
        return r.addresses;
    }

    /**
     * True when this resolves {@code hostname} itself: a pin, an alias, the name map, an IP literal, or a resolver
     * that asks a DNS server of its own ({@code --resolver}); false only for names left to the system's resolver.
     */
    boolean resolvesHere(String hostname) {
        String host = hostname.toLowerCase(Locale.ROOT);
        String alias = aliases.get(host);
        return pin.isPresent() || resolver.asksItsOwnServer() || (alias != null && resolvesHere(alias)) || nameMap.containsKey(host)
                || IpLiterals.isIpLiteral(host);
    }

    /** Resolves without recording (the ip-keyed pool uses it to find the address a request would go to). */
    Resolution resolve(String hostname) throws UnknownHostException {
        String host = hostname.toLowerCase(Locale.ROOT);
        if (pin.isPresent()) {
            return new Resolution(List.of(literal(pin.get(), host)), "address pin @" + pin.get());
        }
        String alias = aliases.get(host);
        if (alias != null) {
            Resolution target = resolve(alias);
            return new Resolution(target.addresses, "SNI override for " + alias + ", " + target.source);
        }
        List<String> mapped = nameMap.get(host);
        if (mapped != null) {
            List<InetAddress> out = new ArrayList<>();
            for (String a : mapped) {
                out.add(literal(a, host));
            }
            return new Resolution(out, "name map");
        }
        if (IpLiterals.isIpLiteral(host)) {
            return new Resolution(List.of(literal(host, host)), "IP literal");
        }
        List<InetAddress> found = resolver.resolve(hostname);
        if (found.isEmpty()) {
            throw new UnknownHostException(hostname + ": the resolver returned no address");
        }
        return new Resolution(List.copyOf(found), "resolver");
    }

    record Resolution(List<InetAddress> addresses, String source) {
    }

    /** Parses an IP literal without any lookup; anything else is refused. */
    static InetAddress literal(String text, String forHost) throws UnknownHostException {
        byte[] octets = IpLiterals.parse(text).orElseThrow(() -> new UnknownHostException("address '" + text
                + "' for " + forHost + " is not an IP literal"));
        return InetAddress.getByAddress(octets);
    }
}
