-- Counts per (sex, name): the ONS baseline (set by the importer) plus what was registered.
CREATE TABLE name_counts (
    sex        text   NOT NULL CHECK (sex IN ('male', 'female')),
    name       text   COLLATE "C" NOT NULL,
    baseline   bigint NOT NULL DEFAULT 0,
    registered bigint NOT NULL DEFAULT 0,
    count      bigint GENERATED ALWAYS AS (baseline + registered) STORED,
    PRIMARY KEY (sex, name)
);
-- The ranking order (count descending, then name by code point, as in Java) as an index:
-- the top 10 and a rank are index scans.
CREATE INDEX name_counts_ranking ON name_counts (sex, count DESC, name);

-- Every event id counted, so a redelivered or retried event is counted once.
CREATE TABLE seen_events (
    event_id uuid        PRIMARY KEY,
    seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seen_events_seen_at ON seen_events (seen_at);

-- The current top 10 of each sex; version rises by one per change.
CREATE TABLE top10_snapshots (
    sex        text        PRIMARY KEY CHECK (sex IN ('male', 'female')),
    version    bigint      NOT NULL,
    names      text        NOT NULL,
    changed_at timestamptz NOT NULL
);
INSERT INTO top10_snapshots (sex, version, names, changed_at)
VALUES ('male', 0, '[]', now()), ('female', 0, '[]', now());

-- Records to publish, written in the same transaction as the change they announce.
CREATE TABLE outbox (
    id             bigserial   PRIMARY KEY,
    topic          text        NOT NULL,
    record_key     text        NOT NULL,
    payload        text        NOT NULL,
    event_type     text        NOT NULL,
    correlation_id text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
