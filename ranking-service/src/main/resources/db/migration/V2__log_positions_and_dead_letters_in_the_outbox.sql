-- Where the ranker stands in baby-registrations: the next offset to count of every partition,
-- written in the same transaction as the counts. Keyed by topic and partition, not by consumer
-- group: on assignment the ranker starts each partition here, so a new group id, a reset group or
-- expired group offsets can never make it count a record twice (docs/decisions/0001-log-position-in-postgresql.md).
CREATE TABLE registration_offsets (
    topic       text   NOT NULL,
    partition   int    NOT NULL CHECK (partition >= 0),
    next_offset bigint NOT NULL CHECK (next_offset >= 0),
    PRIMARY KEY (topic, partition)
);

-- Dead letters leave through the outbox too, written in the counting transaction, so a batch that
-- is retried dead-letters its poison records once. They are copied as received: the value as bytes
-- (it may not be text at all) and every header ([{"name", "value": base64 or null}]).
ALTER TABLE outbox ALTER COLUMN payload TYPE bytea USING convert_to(payload, 'UTF8');
ALTER TABLE outbox ALTER COLUMN record_key DROP NOT NULL;
ALTER TABLE outbox ALTER COLUMN event_type DROP NOT NULL;
ALTER TABLE outbox ALTER COLUMN correlation_id DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN headers jsonb NOT NULL DEFAULT '[]';

-- Published rows are deleted after OUTBOX_RETENTION (OutboxPruner).
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
