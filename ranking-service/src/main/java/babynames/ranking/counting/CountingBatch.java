package babynames.ranking.counting;

import babynames.ranking.outbox.OutboxRecord;
import java.util.List;

/**
 * What one poll brought, ready for one transaction: the registrations to count, the records to
 * dead-letter, and how far the batch moves the position of each partition it came from.
 */
public record CountingBatch(
        List<IncomingRegistration> registrations, List<OutboxRecord> deadLetters, List<PartitionAdvance> advances) {}
