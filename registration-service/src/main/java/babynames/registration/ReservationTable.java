package babynames.registration;

/**
 * The ledger's reservations, oldest first, in arrays allocated once: a key is its 128-bit digest,
 * a request its 128-bit fingerprint, and an entry a row across the arrays, found through an
 * open-addressing index (linear probing) and kept in order by a list of row numbers. Not thread-safe;
 * {@link IdempotencyLedger} holds its lock around every call.
 *
 * <p>Why arrays and not a {@code LinkedHashMap}: a key outlives many young collections (100,000
 * keys are a minute at 1,600 registrations a second), so a map's entry, its key's string and its
 * value would each be promoted to the old generation and die there, and the serial collector's
 * full collections to clear them stop the service for 90-160 ms about twice a minute at 5,000 a
 * second (decision 0026). Here a reservation is written into rows that live as long as the service.
 */
final class ReservationTable {
    private static final int NONE = -1;
    /** An index slot with no row; a slot holds its row's number plus one. */
    private static final int EMPTY = 0;
    /** The most keys: the index has up to four slots a key, and an array at most 2^31 - 1. */
    static final int MAX_CAPACITY = 1 << 28;

    private final int capacity;
    private final long[] keyHigh;
    private final long[] keyLow;
    private final long[] fingerprintHigh;
    private final long[] fingerprintLow;
    private final long[] sinceMillis;
    private final boolean[] accepted;
    /** The order of the rows in use, oldest first; a free row's {@code newer} is the next free one. */
    private final int[] older;

    private final int[] newer;
    private final int[] index;
    private final int mask;
    private int oldest = NONE;
    private int newest = NONE;
    private int size;
    private int firstFree;

    ReservationTable(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("a ledger holds from 1 to " + MAX_CAPACITY + " keys, not " + capacity);
        }
        this.capacity = capacity;
        keyHigh = new long[capacity];
        keyLow = new long[capacity];
        fingerprintHigh = new long[capacity];
        fingerprintLow = new long[capacity];
        sinceMillis = new long[capacity];
        accepted = new boolean[capacity];
        older = new int[capacity];
        newer = new int[capacity];
        for (int row = 0; row < capacity; row++) {
            newer[row] = row + 1 < capacity ? row + 1 : NONE;
        }
        firstFree = 0;
        // At most half full, so that a probe ends after a slot or two on average.
        index = new int[Integer.highestOneBit(capacity) << 2];
        mask = index.length - 1;
    }

    /** The row of the key with this digest, or -1. */
    int find(long high, long low) {
        for (int slot = home(high, low); index[slot] != EMPTY; slot = (slot + 1) & mask) {
            int row = index[slot] - 1;
            if (keyHigh[row] == high && keyLow[row] == low) {
                return row;
            }
        }
        return NONE;
    }

    /**
     * Writes a reservation as the newest; the oldest is forgotten first when the table is full. The
     * key must not be in the table ({@link #remove} it first).
     */
    void addNewest(long high, long low, long printHigh, long printLow, long since, boolean isAccepted) {
        if (size == capacity) {
            remove(oldest);
        }
        int row = firstFree;
        firstFree = newer[row];
        keyHigh[row] = high;
        keyLow[row] = low;
        fingerprintHigh[row] = printHigh;
        fingerprintLow[row] = printLow;
        sinceMillis[row] = since;
        accepted[row] = isAccepted;
        older[row] = newest;
        newer[row] = NONE;
        if (newest != NONE) {
            newer[newest] = row;
        } else {
            oldest = row;
        }
        newest = row;
        size++;
        int slot = home(high, low);
        while (index[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        index[slot] = row + 1;
    }

    /** Forgets the reservation in {@code row}. */
    void remove(int row) {
        unindex(row);
        if (older[row] != NONE) {
            newer[older[row]] = newer[row];
        } else {
            oldest = newer[row];
        }
        if (newer[row] != NONE) {
            older[newer[row]] = older[row];
        } else {
            newest = older[row];
        }
        newer[row] = firstFree;
        firstFree = row;
        size--;
    }

    boolean isFor(int row, long printHigh, long printLow) {
        return fingerprintHigh[row] == printHigh && fingerprintLow[row] == printLow;
    }

    long sinceMillis(int row) {
        return sinceMillis[row];
    }

    boolean accepted(int row) {
        return accepted[row];
    }

    int size() {
        return size;
    }

    /**
     * Takes the row out of the index and closes the gap (Knuth's algorithm R for linear probing): a
     * later entry of the same run moves back into it unless its home slot lies after the gap, so
     * every entry stays reachable from its home slot without tombstones.
     */
    private void unindex(int row) {
        int gap = home(keyHigh[row], keyLow[row]);
        while (index[gap] != row + 1) {
            gap = (gap + 1) & mask;
        }
        for (int next = (gap + 1) & mask; index[next] != EMPTY; next = (next + 1) & mask) {
            int moved = index[next] - 1;
            int home = home(keyHigh[moved], keyLow[moved]);
            boolean homeAfterGap = gap <= next ? (gap < home && home <= next) : (gap < home || home <= next);
            if (!homeAfterGap) {
                index[gap] = index[next];
                gap = next;
            }
        }
        index[gap] = EMPTY;
    }

    /** The slot a digest's probe starts at: the digest is SHA-256, so its low bits are already uniform. */
    private int home(long high, long low) {
        return (int) (low ^ high) & mask;
    }
}
