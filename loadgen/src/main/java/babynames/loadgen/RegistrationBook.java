package babynames.loadgen;

import java.util.UUID;

/**
 * The books of one run, per registration id: whether (and when) it was accepted, and how many
 * subscribers saw its event. The registrar writes them as answers come in, the subscribers as
 * events do, in either order (an event may arrive before its {@code 202} is read).
 *
 * <p>Kept in a few large arrays, not as objects per registration: maps from id to record held
 * five or six objects a registration until the end of the run, which the collector copied from one
 * pause to the next, and at 6,000-7,000 registrations/s those pauses reached 100-200 ms. A pause of
 * the load generator is latency in what it reports. The arrays are sized for the run's
 * registrations at the start; the table is cut into segments, each with its own lock, so the
 * registrar and the subscribers rarely wait for each other. A segment that fills up (ids of
 * registrations from other clients seen on the stream) doubles.
 */
final class RegistrationBook {
    /** A registration answered {@code 202}: when its request went out, and whether it was measured. */
    record Accepted(long sentNanos, boolean measured) {}

    private static final int SEGMENTS = 16;
    private static final int MIN_SLOTS = 16;

    private final Segment[] segments = new Segment[SEGMENTS];

    /** @param expected how many registrations the run will send (a hint: the books grow past it) */
    RegistrationBook(long expected) {
        // At most half full, so a probe soon meets an empty slot.
        long perSegment = Math.max(MIN_SLOTS, 2 * expected / SEGMENTS);
        int slots = Integer.highestOneBit((int) Math.min(1 << 26, perSegment - 1)) << 1;
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(slots);
        }
    }

    /** Notes that {@code id} was accepted (again: the latest answer counts). */
    void accept(UUID id, long sentNanos, boolean measured) {
        long hash = hash(id);
        Segment segment = segmentOf(hash);
        synchronized (segment) {
            segment.accept(segment.slotFor(id, hash), sentNanos, measured);
        }
    }

    /** How {@code id} was accepted; null when it was not (or not yet). */
    Accepted accepted(UUID id) {
        long hash = hash(id);
        Segment segment = segmentOf(hash);
        synchronized (segment) {
            int slot = segment.find(id, hash);
            return slot < 0 || !segment.isAccepted(slot)
                    ? null
                    : new Accepted(segment.sentNanos(slot), segment.isMeasured(slot));
        }
    }

    /** One more subscriber saw the event of {@code id}. */
    void seen(UUID id) {
        long hash = hash(id);
        Segment segment = segmentOf(hash);
        synchronized (segment) {
            segment.seen(segment.slotFor(id, hash));
        }
    }

    /** How many subscribers saw the event of {@code id}. */
    int seenBy(UUID id) {
        long hash = hash(id);
        Segment segment = segmentOf(hash);
        synchronized (segment) {
            int slot = segment.find(id, hash);
            return slot < 0 ? 0 : segment.seenBy(slot);
        }
    }

    /** The ids accepted. */
    long acceptedCount() {
        long count = 0;
        for (Segment segment : segments) {
            synchronized (segment) {
                count += segment.acceptedCount;
            }
        }
        return count;
    }

    /** The ids accepted whose event fewer than {@code subscribers} subscribers saw. */
    long acceptedSeenByFewerThan(int subscribers) {
        long count = 0;
        for (Segment segment : segments) {
            synchronized (segment) {
                for (int slot = 0; slot < segment.capacity(); slot++) {
                    if (segment.isAccepted(slot) && segment.seenBy(slot) < subscribers) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private Segment segmentOf(long hash) {
        return segments[(int) (hash >>> 60)]; // the top 4 bits; the slot comes from the low bits
    }

    private static long hash(UUID id) {
        return hash(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    private static long hash(long most, long least) {
        long h = most * 0x9E3779B97F4A7C15L ^ least;
        return (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L;
    }

    /**
     * An open-addressing table (linear probing, nothing ever removed) in one array, four longs a
     * slot: the id's two halves, when its request went out, and its state (used, accepted,
     * measured, and in the upper half how many saw it). The collector moves one array a segment
     * as one block, not an object a registration.
     */
    private static final class Segment {
        private static final int WIDTH = 4;
        private static final long USED = 1;
        private static final long ACCEPTED = 2;
        private static final long MEASURED = 4;
        private static final long ONE_SEEN = 1L << 32;

        private long[] slots;
        private int size;
        private long acceptedCount;

        Segment(int slotCount) {
            slots = new long[slotCount * WIDTH];
        }

        int capacity() {
            return slots.length / WIDTH;
        }

        /** The slot of {@code id}, or -1. */
        int find(UUID id, long hash) {
            int mask = capacity() - 1;
            for (int slot = (int) hash & mask; (state(slot) & USED) != 0; slot = (slot + 1) & mask) {
                int at = slot * WIDTH;
                if (slots[at] == id.getMostSignificantBits() && slots[at + 1] == id.getLeastSignificantBits()) {
                    return slot;
                }
            }
            return -1;
        }

        /** The slot of {@code id}, taken for it if it had none. */
        int slotFor(UUID id, long hash) {
            int slot = find(id, hash);
            if (slot >= 0) {
                return slot;
            }
            if (2 * (size + 1) > capacity()) {
                grow();
            }
            slot = put(id.getMostSignificantBits(), id.getLeastSignificantBits(), 0, USED, hash);
            size++;
            return slot;
        }

        boolean isAccepted(int slot) {
            return (state(slot) & ACCEPTED) != 0;
        }

        boolean isMeasured(int slot) {
            return (state(slot) & MEASURED) != 0;
        }

        long sentNanos(int slot) {
            return slots[slot * WIDTH + 2];
        }

        int seenBy(int slot) {
            return (int) (state(slot) >>> 32);
        }

        void accept(int slot, long sent, boolean measured) {
            if (!isAccepted(slot)) {
                acceptedCount++;
            }
            slots[slot * WIDTH + 2] = sent;
            slots[slot * WIDTH + 3] = (state(slot) & ~MEASURED) | ACCEPTED | (measured ? MEASURED : 0);
        }

        void seen(int slot) {
            slots[slot * WIDTH + 3] += ONE_SEEN;
        }

        private long state(int slot) {
            return slots[slot * WIDTH + 3];
        }

        private int put(long most, long least, long sent, long state, long hash) {
            int mask = capacity() - 1;
            int slot = (int) hash & mask;
            while ((state(slot) & USED) != 0) {
                slot = (slot + 1) & mask;
            }
            int at = slot * WIDTH;
            slots[at] = most;
            slots[at + 1] = least;
            slots[at + 2] = sent;
            slots[at + 3] = state;
            return slot;
        }

        private void grow() {
            long[] old = slots;
            if (old.length > Integer.MAX_VALUE / 2) {
                throw new IllegalStateException("more registrations than one run's books can hold");
            }
            slots = new long[old.length * 2];
            for (int at = 0; at < old.length; at += WIDTH) {
                if ((old[at + 3] & USED) != 0) {
                    put(old[at], old[at + 1], old[at + 2], old[at + 3], hash(old[at], old[at + 1]));
                }
            }
        }
    }
}
