package dev.misdirect.core.tls;

import java.io.IOException;

/** A CA, certificate, key or PKCS#12 file cannot be used; the message starts with the file name and says why. */
public final class TlsFileException extends IOException {
    public TlsFileException(String message) {
        super(message);
    }

    public TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
