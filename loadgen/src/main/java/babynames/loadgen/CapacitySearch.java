package babynames.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Finds the highest rate that holds (a run at it passes: objectives met, books balanced), with no
 * timing of its own: it says which rate to try next and is told how the run at it went. Rates go
 * up by {@code growth} from the start until one breaks (or the ceiling holds), then the gap between
 * the highest that held and the lowest that broke is halved until it is within {@code precision}
 * of the latter. A start that already breaks is halved until a rate holds. Rates are whole numbers
 * per second.
 *
 * <p>A run that missed an objective is run again once, at once: one short window's p99 on a small
 * machine can be one pause of a neighbour, and a verdict that ends the climb should be a rate's,
 * not a moment's. The rate breaks when both runs miss. Books that do not balance are never noise:
 * that rate breaks at its first run. No rate is tried more than twice.
 */
final class CapacitySearch {
    /** How one run at a rate went. */
    enum Outcome {
        /** Objectives met, books balanced. */
        HELD,
        /** An objective (a p99, the achieved rate) missed: the rate is run once more. */
        MISSED,
        /** The books did not balance: the rate breaks at once. */
        BOOKS_OFF
    }

    /** One run at a rate and whether it held. */
    record Step(double rate, boolean held) {}

    /**
     * Enough to go from the start to 50 times it and narrow the gap to 5% with a second run at
     * most of the rates that broke; each step is a whole run.
     */
    static final int MAX_STEPS = 24;

    private final double start;
    private final double ceiling;
    private final double growth;
    private final double precision;
    private final List<Step> steps = new ArrayList<>();
    private double highestHeld;
    private double lowestBroken = Double.POSITIVE_INFINITY;
    private OptionalDouble again = OptionalDouble.empty();

    CapacitySearch(double start, double ceiling, double growth, double precision) {
        if (start < 1 || ceiling < start || growth <= 1 || precision <= 0 || precision >= 1) {
            throw new IllegalArgumentException("need 1 <= start <= ceiling, growth > 1 and 0 < precision < 1");
        }
        this.start = Math.floor(start);
        this.ceiling = Math.floor(ceiling);
        this.growth = growth;
        this.precision = precision;
    }

    /** The rate to run next, or empty when the search is over. */
    OptionalDouble next() {
        if (steps.isEmpty()) {
            return OptionalDouble.of(start);
        }
        if (steps.size() >= MAX_STEPS) {
            return OptionalDouble.empty();
        }
        if (again.isPresent()) {
            return again;
        }
        double candidate;
        if (lowestBroken == Double.POSITIVE_INFINITY) {
            if (highestHeld >= ceiling) {
                return OptionalDouble.empty();
            }
            candidate = Math.min(Math.floor(highestHeld * growth), ceiling);
        } else {
            if (lowestBroken - highestHeld <= precision * lowestBroken) {
                return OptionalDouble.empty();
            }
            candidate = Math.floor((highestHeld + lowestBroken) / 2);
        }
        if (candidate < 1 || candidate <= highestHeld || candidate >= lowestBroken) {
            return OptionalDouble.empty(); // the gap is narrower than one registration per second
        }
        return OptionalDouble.of(candidate);
    }

    void record(double rate, Outcome outcome) {
        boolean secondRun = again.isPresent() && again.getAsDouble() == rate;
        again = OptionalDouble.empty();
        steps.add(new Step(rate, outcome == Outcome.HELD));
        if (outcome == Outcome.HELD) {
            highestHeld = Math.max(highestHeld, rate);
        } else if (outcome == Outcome.MISSED && !secondRun) {
            again = OptionalDouble.of(rate);
        } else {
            lowestBroken = Math.min(lowestBroken, rate);
        }
    }

    /** The highest rate that held, if any did. */
    OptionalDouble highestHeld() {
        return highestHeld > 0 ? OptionalDouble.of(highestHeld) : OptionalDouble.empty();
    }

    List<Step> steps() {
        return List.copyOf(steps);
    }
}
