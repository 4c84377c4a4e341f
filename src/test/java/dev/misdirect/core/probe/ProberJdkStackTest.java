package dev.misdirect.core.probe;

import dev.misdirect.core.tls.TlsStack;

/** Every probe fact of {@link ProberTest} again, with the handshakes made by the JDK's own TLS (SunJSSE). */
class ProberJdkStackTest extends ProberTest {
    @Override
    TlsStack stack() {
        return TlsStack.JDK;
    }
}
