package dev.misdirect.cli;

import dev.misdirect.core.probe.DnsServer;
import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * The {@code --resolver ADDR[:PORT]} option of every command that resolves real names: ask this DNS server for A,
 * AAAA and HTTPS records instead of the system's resolver. Read before anything is sent; a bad value is bad input.
 */
final class ResolverOption {
    @Option(names = "--resolver", paramLabel = "ADDR[:PORT]", description = "Ask this DNS server (an IP address, port 53 "
            + "by default; IPv6 in brackets with a port) for A, AAAA and HTTPS records, over UDP with TCP when the "
            + "answer is truncated, instead of the system's resolver.")
    String resolver;

    /**
     * The DNS server chosen, when one was; called before anything is sent.
     *
     * @param lab true when the command runs against a lab scenario (whose names resolve only through its name map)
     * @throws BadInputException when the value is not ADDR[:PORT], or is given with a lab
     */
    Optional<DnsServer> server(boolean lab) {
        if (resolver == null) {
            return Optional.empty();
        }
        if (lab) {
            throw new BadInputException("--resolver does not apply with --lab: the lab's names resolve only through "
                    + "its own name map");
        }
        try {
            return Optional.of(DnsServer.parse(resolver));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--resolver " + e.getMessage(), e);
        }
    }
}
