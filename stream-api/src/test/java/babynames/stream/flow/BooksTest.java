package babynames.stream.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class BooksTest {
    private static final String REGISTRATION = "registration-service";
    private static final String RANKER = "ranking-service";
    private static final List<String> SOURCES = List.of(REGISTRATION, RANKER);
    private static final double NONE = Double.NaN;

    @Test
    void aSteadyFlowBalances() {
        Books books = Books.of(
                List.of(
                        snapshot(10_000, registration(1, 100), ranker(1, 90, 10)),
                        snapshot(12_000, registration(1, 300), ranker(1, 280, 20))),
                SOURCES);

        assertEquals(Books.BALANCED, books.state());
        assertEquals(200, books.accepted());
        assertEquals(190, books.counted());
        assertEquals(10, books.waitingChange());
        assertEquals(0, books.unaccounted());
        assertEquals(2.0, books.windowSeconds());
    }

    @Test
    void registrationsAcceptedWhileNoRankerAnswersAreOutOfBalance() {
        Books books = Books.of(
                List.of(
                        snapshot(10_000, registration(1, 100), ranker(1, 100, 0)),
                        snapshot(12_000, registration(1, 300), ranker(1, 120, 0)),
                        snapshot(14_000, registration(1, 800))),
                SOURCES);

        assertEquals(Books.OUT_OF_BALANCE, books.state());
        assertEquals(700, books.accepted());
        assertEquals(20, books.counted());
        assertNull(books.waiting(), "nobody reports the backlog");
        assertEquals(680, books.unaccounted());
        assertEquals(List.of(new Books.Source(REGISTRATION, true), new Books.Source(RANKER, false)), books.sources());
    }

    @Test
    void aRankerThatCameBackBeginsTheBooksAgainFromItsFirstAnswer() {
        List<Snapshot> window = List.of(
                snapshot(10_000, registration(1, 1_000), ranker(1, 1_000, 0)),
                snapshot(12_000, registration(1, 1_300)),
                snapshot(16_000, registration(1, 1_500), ranker(15, 450, 50)),
                snapshot(18_000, registration(1, 1_700), ranker(15, 640, 60)));

        Books books = Books.of(window, SOURCES);

        assertEquals(RANKER, books.since());
        assertEquals(2.0, books.windowSeconds());
        assertEquals(200, books.accepted());
        assertEquals(190, books.counted(), "what the new process counted since its first answer");
        assertEquals(10, books.waitingChange());
        assertEquals(0, books.unaccounted());
        assertEquals(Books.BALANCED, books.state());
    }

    @Test
    void aNewStartTimeIsAComebackEvenWhenTheSourceNeverMissedARound() {
        List<Snapshot> window = List.of(
                snapshot(10_000, ranker(1, 10, 0)),
                snapshot(12_000, ranker(11, 40, 0)),
                snapshot(14_000, ranker(11, 45, 0)));

        Books books = Books.of(window, SOURCES);

        assertEquals(RANKER, books.since());
        assertEquals(5, books.counted());
    }

    @Test
    void oneSnapshotIsNotYetABook() {
        assertEquals(
                Books.COLLECTING,
                Books.of(List.of(snapshot(0, registration(1, 5))), SOURCES).state());
        assertEquals(Books.COLLECTING, Books.of(List.of(), SOURCES).state());
    }

    @Test
    void freshnessIsTheQuantileOfWhatWasDeliveredInsideTheWindow() {
        var before = new TreeMap<>(Map.of(0.01, 1000.0, 0.1, 1000.0, Double.POSITIVE_INFINITY, 1000.0));
        var after = new TreeMap<>(Map.of(0.01, 1000.0, 0.1, 1100.0, Double.POSITIVE_INFINITY, 1100.0));
        Reading streamBefore = new Reading(1, NONE, NONE, NONE, NONE, NONE, before);
        Reading streamAfter = new Reading(1, NONE, NONE, NONE, NONE, NONE, after);

        Books books = Books.of(
                List.of(
                        new Snapshot(0, Map.of("stream-api", streamBefore)),
                        new Snapshot(2_000, Map.of("stream-api", streamAfter))),
                List.of("stream-api"));

        // All 100 of the window fell between 10 and 100 ms: the 1000 fast ones before it are gone.
        assertEquals(55.0, books.freshnessP50Millis(), 1e-9);
    }

    /**
     * Model-based: a registration-service and a ranker that accept, count, stop and start again,
     * read at random moments. The books must reach back to the last reading after a process came
     * back, and there show exactly what happened: accepted and counted as the model's differences,
     * and, whenever a ranker answered at both ends, nothing unaccounted.
     */
    @Property(tries = 500)
    void overStopsAndRestartsTheBooksMatchWhatHappened(@ForAll("histories") List<Tuple.Tuple2<Step, Integer>> steps) {
        Model model = new Model();
        for (Tuple.Tuple2<Step, Integer> step : steps) {
            model.apply(step.get1(), step.get2());
        }
        model.read();

        Snapshot first = model.snapshots.get(model.booksBegin);
        Snapshot last = model.snapshots.get(model.snapshots.size() - 1);
        Books books = Books.of(model.snapshots, SOURCES);
        assertEquals(model.booksBegin == 0, books.since() == null, "since");
        assertEquals(model.acceptedAt.get(last) - model.acceptedAt.get(first), books.accepted(), "accepted");
        if (first.readings().containsKey(RANKER) && last.readings().containsKey(RANKER)) {
            assertEquals(model.countedAt.get(last) - model.countedAt.get(first), books.counted(), "counted");
            assertEquals(0, books.unaccounted(), "unaccounted");
        }
    }

    enum Step {
        ACCEPT,
        COUNT,
        READ,
        STOP_RANKER,
        START_RANKER,
        RESTART_REGISTRATION
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Step, Integer>>> histories() {
        return Arbitraries.of(Step.class)
                .flatMap(step -> Arbitraries.integers().between(1, 50).map(n -> Tuple.of(step, n)))
                .list()
                .ofMaxSize(60);
    }

    /** The true flow, and the readings the books get of it. */
    private static final class Model {
        final List<Snapshot> snapshots = new ArrayList<>();
        final Map<Snapshot, Long> acceptedAt = new HashMap<>();
        final Map<Snapshot, Long> countedAt = new HashMap<>();
        long clockMillis = 10_000;
        long accepted;
        long counted;
        double registrationStart = 1;
        long acceptedByProcess;
        boolean rankerUp = true;
        double rankerStart = 1;
        long countedByProcess;
        boolean cameBack;
        int booksBegin;

        void apply(Step step, int n) {
            clockMillis += 700;
            switch (step) {
                case ACCEPT -> {
                    accepted += n;
                    acceptedByProcess += n;
                }
                case COUNT -> {
                    long counting = rankerUp ? Math.min(n, accepted - counted) : 0;
                    counted += counting;
                    countedByProcess += counting;
                }
                case READ -> read();
                case STOP_RANKER -> {
                    if (rankerUp) {
                        read();
                        rankerUp = false;
                    }
                }
                case START_RANKER -> {
                    if (!rankerUp) {
                        rankerUp = true;
                        rankerStart = clockMillis / 1000.0;
                        countedByProcess = 0;
                        cameBack = true;
                    }
                }
                case RESTART_REGISTRATION -> {
                    read();
                    registrationStart = clockMillis / 1000.0;
                    acceptedByProcess = 0;
                    cameBack = true;
                }
            }
        }

        void read() {
            clockMillis += 100;
            Map<String, Reading> readings = new HashMap<>();
            readings.put(REGISTRATION, registration(registrationStart, acceptedByProcess));
            if (rankerUp) {
                readings.put(RANKER, ranker(rankerStart, countedByProcess, accepted - counted));
            }
            Snapshot snapshot = new Snapshot(clockMillis, readings);
            if (cameBack && !snapshots.isEmpty()) {
                booksBegin = snapshots.size();
            }
            cameBack = false;
            snapshots.add(snapshot);
            acceptedAt.put(snapshot, accepted);
            countedAt.put(snapshot, counted);
        }
    }

    private static Snapshot snapshot(long atMillis, Reading... readings) {
        Map<String, Reading> bySource = new HashMap<>();
        for (Reading reading : readings) {
            bySource.put(Double.isNaN(reading.accepted()) ? RANKER : REGISTRATION, reading);
        }
        return new Snapshot(atMillis, bySource);
    }

    private static Reading registration(double startTime, double accepted) {
        return new Reading(startTime, accepted, NONE, NONE, NONE, NONE, new TreeMap<>());
    }

    private static Reading ranker(double startTime, double counted, double lag) {
        return new Reading(startTime, NONE, counted, 0, 0, lag, new TreeMap<>());
    }
}
