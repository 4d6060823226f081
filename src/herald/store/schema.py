"""The store's schema as an ordered list of named migrations.

A migration is never edited once released: schema changes are appended as a new version, so
every existing store can be brought up to date step by step.
"""

from __future__ import annotations

from typing import NamedTuple


class Migration(NamedTuple):
    """One schema step: applied once, in version order, inside its own transaction."""

    version: int
    name: str
    sql: str


_INITIAL = """
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    key VARCHAR NOT NULL,
    source VARCHAR,
    url VARCHAR,
    title VARCHAR,
    author VARCHAR,
    published DATE,
    published_inferred BOOLEAN NOT NULL,
    language VARCHAR NOT NULL,
    encoding VARCHAR,
    raw VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    caption_start INTEGER,
    caption_end INTEGER,
    related_titles VARCHAR[] NOT NULL,
    tags VARCHAR[] NOT NULL,
    removed JSON NOT NULL,
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE actors (
    article_id VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    role VARCHAR,
    aliases VARCHAR[] NOT NULL,
    mentions JSON NOT NULL,
    mention_count INTEGER NOT NULL,
    confidence DOUBLE NOT NULL,
    PRIMARY KEY (article_id, actor_id)
);

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    actor_id VARCHAR NOT NULL,
    how VARCHAR NOT NULL
);

CREATE TABLE toponyms (
    article_id VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    name VARCHAR,
    geonameid BIGINT,
    country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    feature VARCHAR,
    role VARCHAR NOT NULL
);

CREATE TABLE times (
    article_id VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    value VARCHAR,
    start_date DATE,
    end_date DATE,
    precision VARCHAR
);

CREATE TABLE events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    event VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR,
    cameo VARCHAR NOT NULL,
    quad_class INTEGER,
    goldstein DOUBLE,
    "date" DATE,
    date_start DATE,
    date_end DATE,
    date_precision VARCHAR,
    date_source VARCHAR,
    actor JSON NOT NULL,
    recipient JSON NOT NULL,
    location JSON,
    location_feature VARCHAR,
    evidence JSON NOT NULL,
    modality JSON NOT NULL,
    confidence DOUBLE NOT NULL,
    flags VARCHAR[] NOT NULL,
    -- Actor and recipient countries, so the actor filter needs no JSON parsing.
    countries VARCHAR[] NOT NULL
);

CREATE TABLE quotes (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    speaker VARCHAR,
    speaker_actor VARCHAR,
    speaker_actor_id VARCHAR,
    cue VARCHAR,
    content VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    direct BOOLEAN NOT NULL,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue_start INTEGER,
    cue_end INTEGER
);

CREATE TABLE rejections (
    key VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    message VARCHAR NOT NULL,
    article_id VARCHAR,
    "at" TIMESTAMP NOT NULL,
    PRIMARY KEY (key, code)
);
"""

# Dedup links and event clusters live in tables of their own: ``articles`` and ``events`` are
# written with positional INSERTs by released code, so their column lists stay as they are.
_DEDUP_AND_CLUSTERS = """
CREATE TABLE article_dedup (
    article_id VARCHAR PRIMARY KEY,
    -- The first stored article this one is a near-duplicate of (NULL for an original).
    duplicate_of VARCHAR,
    similarity DOUBLE,
    -- MinHash signature of the article's word shingles (NULL when the text is too short).
    signature UBIGINT[]
);

CREATE TABLE event_clusters (
    cluster_id INTEGER PRIMARY KEY,
    event VARCHAR NOT NULL,
    -- Countries on each side (dyad queries), and the matching key: codes (country + sector)
    -- on each side and how the text asserts the event.
    actor_countries VARCHAR[] NOT NULL,
    recipient_countries VARCHAR[] NOT NULL,
    actor_codes VARCHAR[] NOT NULL,
    recipient_codes VARCHAR[] NOT NULL,
    assertion VARCHAR NOT NULL,
    -- The narrowest day range all members agree on.
    date_start DATE,
    date_end DATE,
    geonameid BIGINT,
    place VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    -- Values of the first member, so a cluster reads like one event.
    first_event_id VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR,
    cameo VARCHAR NOT NULL,
    quad_class INTEGER,
    goldstein DOUBLE,
    -- GDELT-style counts over members from original articles; copies count apart.
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    sources INTEGER NOT NULL,
    duplicate_mentions INTEGER NOT NULL
);

CREATE TABLE event_cluster_members (
    event_id VARCHAR PRIMARY KEY,
    cluster_id INTEGER NOT NULL
);

CREATE INDEX event_cluster_members_cluster ON event_cluster_members (cluster_id);

-- Countries per side, so dyad filters need no JSON parsing. ``events`` is written with a named
-- column list, so new columns are safe there; rows of older stores are filled from their JSON.
ALTER TABLE events ADD COLUMN actor_countries VARCHAR[];
ALTER TABLE events ADD COLUMN recipient_countries VARCHAR[];
UPDATE events SET
    actor_countries = list_sort(list_distinct(list_filter(list_transform(
        from_json(actor, '[{"country": "VARCHAR"}]'), lambda p: p.country),
        lambda c: c IS NOT NULL))),
    recipient_countries = list_sort(list_distinct(list_filter(list_transform(
        from_json(recipient, '[{"country": "VARCHAR"}]'), lambda p: p.country),
        lambda c: c IS NOT NULL)));
"""

# Analysts' corrections live apart from the machine output: ``events`` rows are never changed,
# so a correction is auditable (who, when, what it replaced) and survives re-ingest (event ids
# are content hashes plus a sequence number). See herald.store.corrections.
# IF NOT EXISTS: a store taken back to an older version by hand may still hold them.
_CORRECTIONS = """
CREATE SEQUENCE IF NOT EXISTS correction_ids START 1;
CREATE TABLE IF NOT EXISTS corrections (
    id BIGINT PRIMARY KEY DEFAULT nextval('correction_ids'),
    event_id VARCHAR NOT NULL,
    -- verdict (wrong | confirmed), type, actor, recipient or date.
    field VARCHAR NOT NULL,
    -- The new value as JSON; NULL takes the correction of this field back.
    value JSON,
    analyst VARCHAR NOT NULL,
    note VARCHAR,
    "at" TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_event ON corrections (event_id);
"""

# State of `herald watch` (herald.store.watching): what each source last answered, which items
# were seen, which articles a watch stored, saved alert queries and the events they alerted on.
_WATCHING = """
CREATE TABLE IF NOT EXISTS watch_sources (
    url VARCHAR PRIMARY KEY,
    -- The validators of the last full answer, sent back as If-None-Match / If-Modified-Since.
    etag VARCHAR,
    last_modified VARCHAR,
    -- sha256 of the last body read, for servers that send no validators.
    body_hash VARCHAR,
    polls INTEGER NOT NULL,
    last_polled TIMESTAMP,
    -- 'read', 'not modified', 'unchanged' or the error code of the last poll.
    last_status VARCHAR
);

CREATE TABLE IF NOT EXISTS watch_items (
    source VARCHAR NOT NULL,
    -- The entry's identity: its id (guid), else its link, else a hash of its text.
    item VARCHAR NOT NULL,
    link VARCHAR,
    -- stored, duplicate, rejected (given up), or failed (tried again next poll).
    outcome VARCHAR NOT NULL,
    code VARCHAR,
    attempts INTEGER NOT NULL,
    seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, item)
);

-- Articles a watch stored first: the only events alerts look at.
CREATE TABLE IF NOT EXISTS watch_articles (
    article_id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    item VARCHAR NOT NULL,
    stored_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS alert_queries (
    name VARCHAR PRIMARY KEY,
    filters JSON NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- Articles stored up to this moment have been matched against the query.
    checked_until TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS alert_matches (
    alert VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    matched_at TIMESTAMP NOT NULL,
    PRIMARY KEY (alert, event_id)
);
"""

#: Every schema step, oldest first. Append only.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL),
    Migration(2, "near-duplicate articles and event clusters", _DEDUP_AND_CLUSTERS),
    Migration(3, "analyst corrections", _CORRECTIONS),
    Migration(4, "watched sources and alerts", _WATCHING),
)

#: The newest schema this code knows.
SCHEMA_VERSION = MIGRATIONS[-1].version

#: The bookkeeping table itself is created outside the numbered migrations.
MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
)
"""
