package babynames.ranking.outbox;

/** Tells the outbox relay that a transaction which wrote outbox rows has committed. */
@FunctionalInterface
public interface OutboxSignal {
    void wake();
}
