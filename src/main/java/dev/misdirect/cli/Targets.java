package dev.misdirect.cli;

import dev.misdirect.core.session.Labs;
import dev.misdirect.core.session.Operation;
import dev.misdirect.core.tls.ClientCredentials;
import dev.misdirect.core.tls.PemFiles;
import dev.misdirect.core.tls.TlsFileException;
import dev.misdirect.lab.LabStartException;
import dev.misdirect.lab.RunningLab;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The command line's side of a {@link dev.misdirect.core.session.Target}: reads the trust and credential options,
 * starts a lab scenario, and waits for an engine operation, turning each failure into the command line's own
 * error (bad input, or could not run) with the option it concerns.
 */
final class Targets {
    private Targets() {
    }

    /** The CA certificates of {@code --cacert} files. */
    static List<X509Certificate> cas(List<Path> files) {
        try {
            return PemFiles.readCaFiles(files);
        } catch (TlsFileException e) {
            throw new BadInputException("--cacert " + e.getMessage(), e);
        }
    }

    /** The client certificate of {@code --cert}/{@code --key} or {@code --pkcs12}, when given. */
    static Optional<ClientCredentials> credentials(Path cert, Path key, Path pkcs12, String pkcs12Password) {
        if (pkcs12 != null && (cert != null || key != null)) {
            throw new BadInputException("give either --cert with --key, or --pkcs12, not both");
        }
        try {
            if (pkcs12 != null) {
                return Optional.of(ClientCredentials.fromPkcs12(pkcs12, pkcs12Password.toCharArray()));
            }
            if (cert == null && key == null) {
                return Optional.empty();
            }
            if (cert == null || key == null) {
                throw new BadInputException(cert == null ? "--key needs --cert" : "--cert needs --key");
            }
            return Optional.of(ClientCredentials.fromPem(cert, key));
        } catch (TlsFileException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** Starts {@code --lab SCENARIO} (its fixed variant with {@code --fixed}) in {@code labs}. */
    static RunningLab startLab(Labs labs, String scenarioId, boolean fixed) {
        try {
            return labs.start(scenarioId, fixed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--lab " + e.getMessage(), e);
        } catch (LabStartException e) {
            throw new CannotRunException(e.getMessage(), e);
        }
    }

    /** Waits for the operation; Ctrl-C (the JVM's shutdown) cancels it, so what it recorded is still printed. */
    static <T> T await(Operation<T> operation, String what) {
        Thread cancelOnExit = new Thread(operation.cancel(), "misdirect-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        try {
            return operation.result().get();
        } catch (InterruptedException e) {
            operation.stop();
            Thread.currentThread().interrupt();
            throw new CannotRunException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LabStartException) {
                throw new CannotRunException(cause.getMessage(), cause);
            }
            throw new CannotRunException(what + " failed: " + cause.getMessage(), cause);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook runs anyway
            }
        }
    }
}
