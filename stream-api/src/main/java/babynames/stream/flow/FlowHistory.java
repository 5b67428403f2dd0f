package babynames.stream.flow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The snapshots of the last window, oldest first. */
final class FlowHistory {
    private final long windowMillis;
    private final Deque<Snapshot> snapshots = new ArrayDeque<>();

    FlowHistory(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    synchronized void add(Snapshot snapshot) {
        snapshots.addLast(snapshot);
        while (snapshots.peekFirst().atMillis() < snapshot.atMillis() - windowMillis) {
            snapshots.removeFirst();
        }
    }

    synchronized void clear() {
        snapshots.clear();
    }

    synchronized List<Snapshot> window() {
        return List.copyOf(snapshots);
    }
}
