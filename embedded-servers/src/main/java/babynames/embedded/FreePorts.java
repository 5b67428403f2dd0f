package babynames.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports the operating system has just handed out, for servers that must advertise a fixed one. */
public final class FreePorts {
    private FreePorts() {}

    public static int next() {
        return next(1).get(0);
    }

    /**
     * {@code count} distinct free ports. The sockets are all held open until every port is known:
     * closing one before asking for the next lets the system hand out the same port twice.
     */
    public static List<Integer> next(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            List<Integer> ports = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return List.copyOf(ports);
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a listening socket we own does not fail in practice; nothing to do.
                }
            }
        }
    }
}
