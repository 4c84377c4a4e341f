package dev.misdirect.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real servers and temporary directories a test class started, stopped and deleted together by {@link #close()}
 * whatever the tests did: every server is stopped even when stopping another fails.
 */
final class RealServers implements AutoCloseable {
    private final List<RealServer> servers = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    /** Registers a started server so that {@link #close()} stops it. */
    <S extends RealServer> S started(S server) {
        servers.add(server);
        return server;
    }

    /** Registers a directory that {@link #close()} deletes after the servers are stopped. */
    Path temporary(Path dir) {
        directories.add(dir);
        return dir;
    }

    /** Stops every server (the last started first), then deletes the directories; rethrows the first failure. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        servers.clear();
        for (Path d : directories) {
            RealServer.deleteTree(d);
        }
        directories.clear();
        if (first != null) {
            throw first;
        }
    }
}
