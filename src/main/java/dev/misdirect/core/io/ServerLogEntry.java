package dev.misdirect.core.io;

import dev.misdirect.core.timeline.ServerView;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a server's log that shows a 421 or the SNI and Host of a request.
 *
 * @param line       1-based line number in the file
 * @param time       when the server wrote it, when the line says (read in the log's zone when it names none)
 * @param connection the server's own connection key when the line has one but no client port (nginx's {@code *N}),
 *                   so that lines of one connection share a lane
 * @param view       what the server saw and answered; {@link ServerView#clientPort()} is 0 when the line names no
 *                   client port, {@link ServerView#alpn()} empty when it names no protocol
 */
public record ServerLogEntry(int line, Optional<Instant> time, Optional<String> connection, ServerView view) {
    public ServerLogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(view, "view");
    }
}
