package dev.misdirect.cli;

import dev.misdirect.core.net.ForwardProxy;
import dev.misdirect.core.session.Target;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Optional;

/**
 * The {@code --proxy} option of every command that connects (probe, predict, replay, verify, check): an HTTP
 * {@code CONNECT} proxy the command's {@link Target} goes through. Read before anything is sent; a value Misdirect
 * cannot use is bad input with its reason (exit 2), in words that never repeat the password.
 */
final class ProxyOption {
    @Option(names = "--proxy", paramLabel = "http://[USER:PASSWORD@]HOST:PORT", converter = Converter.class,
            description = "Connect through this HTTP proxy (CONNECT tunnels; Basic credentials when USER:PASSWORD is"
                    + " given, never printed). The proxy resolves the names, except the lab's, --resolve and resolve="
                    + " ones, which are tunnelled to by address. https:// and SOCKS proxies are not supported.")
    ForwardProxy proxy;

    /** {@code target} through the proxy, when one was given. */
    Target applyTo(Target target) {
        return proxy == null ? target : target.withProxy(Optional.of(proxy));
    }

    static final class Converter implements ITypeConverter<ForwardProxy> {
        @Override
        public ForwardProxy convert(String value) {
            try {
                return ForwardProxy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
