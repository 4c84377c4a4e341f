package dev.misdirect.testing;

import dev.misdirect.core.tls.EcArithmetic;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs every test class with the process's crypto set up as the entry point sets it up ({@link EcArithmetic}
 * installed), so TLS tests against the lab, loopback servers and real Apache/nginx/Chromium exercise the
 * configuration users run. Registered for all tests through JUnit's extension auto-detection.
 */
public final class ProductCrypto implements BeforeAllCallback {
    public ProductCrypto() {
        EcArithmetic.install();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        EcArithmetic.install();
    }
}
