"""The database schema, as an ordered list of migrations.

A migration is never edited once released: a change is a new entry.  The
store applies, in one transaction each, every migration past the version
recorded in ``PRAGMA user_version``.  Column names avoid SQL keywords so the
same schema ports to PostgreSQL.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: raw inputs, articles, full-text search, analysis, failures, runs.
    """
    CREATE TABLE raw_inputs (
        sha256       TEXT PRIMARY KEY,
        size         INTEGER NOT NULL,
        compression  TEXT NOT NULL,
        data         BLOB NOT NULL,
        kind         TEXT,
        encoding     TEXT,
        url          TEXT,
        first_seen   TEXT NOT NULL
    );
    CREATE TABLE inputs (
        id       INTEGER PRIMARY KEY,
        source   TEXT NOT NULL,
        sha256   TEXT NOT NULL REFERENCES raw_inputs(sha256) ON DELETE CASCADE,
        url      TEXT,
        seen_at  TEXT NOT NULL,
        UNIQUE (source, sha256)
    );
    CREATE INDEX inputs_sha256 ON inputs(sha256);
    CREATE TABLE articles (
        id                   INTEGER PRIMARY KEY,
        sha256               TEXT NOT NULL UNIQUE REFERENCES raw_inputs(sha256) ON DELETE CASCADE,
        title                TEXT,
        byline               TEXT,
        publisher            TEXT,
        original_publisher   TEXT,
        published            TEXT,
        published_raw        TEXT,
        published_order      TEXT,
        published_ambiguous  INTEGER NOT NULL DEFAULT 0,
        url                  TEXT,
        canonical_url        TEXT,
        original_url         TEXT,
        language             TEXT,
        kind                 TEXT NOT NULL,
        text                 TEXT NOT NULL,
        paragraphs           TEXT NOT NULL,
        subheadings          TEXT NOT NULL,
        captions             TEXT NOT NULL,
        notes                TEXT NOT NULL,
        extract_version      TEXT NOT NULL,
        analyze_version      TEXT,
        analysis_skipped     TEXT,
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_original_url ON articles(original_url);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TABLE speakers (
        id               INTEGER PRIMARY KEY,
        article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        name             TEXT NOT NULL,
        kind             TEXT NOT NULL,
        title            TEXT,
        descriptions     TEXT NOT NULL,
        mentions         TEXT NOT NULL,
        analyze_version  TEXT NOT NULL,
        UNIQUE (article_id, name)
    );
    CREATE INDEX speakers_name ON speakers(name);
    CREATE TABLE attributions (
        id                   INTEGER PRIMARY KEY,
        article_id           INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq                  INTEGER NOT NULL,
        kind                 TEXT NOT NULL,
        speaker              TEXT,
        speaker_id           INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
        speaker_mention      TEXT,
        speaker_description  TEXT,
        channel              TEXT,
        relayed_by           TEXT,
        hedge                TEXT NOT NULL,
        hedge_cues           TEXT NOT NULL,
        part                 TEXT NOT NULL,
        paragraph            INTEGER,
        source_start INTEGER, source_end INTEGER, source_text TEXT,
        cue_start INTEGER, cue_end INTEGER, cue_text TEXT,
        content_start INTEGER NOT NULL, content_end INTEGER NOT NULL, content_text TEXT NOT NULL,
        analyze_version      TEXT NOT NULL,
        UNIQUE (article_id, seq)
    );
    CREATE INDEX attributions_speaker ON attributions(speaker);
    CREATE TABLE figures (
        id               INTEGER PRIMARY KEY,
        article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq              INTEGER NOT NULL,
        text             TEXT NOT NULL,
        value            REAL,
        value_high       REAL,
        approximate      INTEGER NOT NULL,
        bound            TEXT NOT NULL,
        counted          TEXT,
        location         TEXT,
        state            TEXT,
        according_to     TEXT,
        as_of            TEXT,
        part             TEXT NOT NULL,
        span_start INTEGER, span_end INTEGER,
        analyze_version  TEXT NOT NULL,
        UNIQUE (article_id, seq)
    );
    CREATE INDEX figures_counted ON figures(counted);
    CREATE TABLE statements (
        id               INTEGER PRIMARY KEY,
        article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq              INTEGER NOT NULL,
        hedge            TEXT NOT NULL,
        hedge_cues       TEXT NOT NULL,
        span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, span_text TEXT NOT NULL,
        analyze_version  TEXT NOT NULL,
        UNIQUE (article_id, seq)
    );
    CREATE TABLE failures (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        sha256      TEXT,
        stage       TEXT NOT NULL,
        reason      TEXT NOT NULL,
        detail      TEXT NOT NULL,
        first_seen  TEXT NOT NULL,
        last_seen   TEXT NOT NULL,
        count       INTEGER NOT NULL DEFAULT 1
    );
    CREATE UNIQUE INDEX failures_key ON failures(source, stage, ifnull(sha256, ''));
    CREATE TABLE runs (
        id           INTEGER PRIMARY KEY,
        command      TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        finished_at  TEXT,
        stats        TEXT
    );
    """,
    # 2: the full-text index names its content table in double quotes
    # (content="articles"), the spelling sqlite-utils and datasette look for
    # to find it; same columns, tokenizer and triggers, rebuilt from articles.
    """
    DROP TRIGGER IF EXISTS articles_ai;
    DROP TRIGGER IF EXISTS articles_ad;
    DROP TRIGGER IF EXISTS articles_au;
    DROP TABLE IF EXISTS articles_fts;
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content="articles", content_rowid="id", tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    """,
    # 3: ``published`` in one shape (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SSZ in
    # UTC; newsledger/dates.py), with its precision and the zone the
    # page wrote beside it.  Rows stored before are converted here where
    # SQLite's date functions can read them (ISO with Z or +HH:MM); the rest
    # keep their value and get a null precision until ``reprocess --all``.
    """
    ALTER TABLE articles ADD COLUMN published_precision TEXT;
    ALTER TABLE articles ADD COLUMN published_zone TEXT;
    UPDATE articles SET published_precision = 'day'
        WHERE published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
    UPDATE articles SET
        published_precision = CASE WHEN published GLOB '????-??-??[T ]??:??:??*' THEN 'second' ELSE 'minute' END,
        published = strftime('%Y-%m-%dT%H:%M:%SZ', published)
        WHERE published_precision IS NULL AND published GLOB '????-??-??[T ]??:??*'
        AND strftime('%Y-%m-%dT%H:%M:%SZ', published) IS NOT NULL;
    """,
    # 4: exact bytes of file names that are not valid UTF-8 (NULL otherwise);
    # ``source`` holds the name with those bytes written \xNN.
    """
    ALTER TABLE inputs ADD COLUMN source_raw BLOB;
    ALTER TABLE failures ADD COLUMN source_raw BLOB;
    """,
    # 5 (#18 link): copy signatures and pairs, copy groups, stories.  Every row
    # records the link version that made it; rows go with their article.
    """
    CREATE TABLE link_signatures (
        article_id    INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        text_sha256   TEXT NOT NULL,
        publisher_key INTEGER,
        size          INTEGER NOT NULL,
        signature     BLOB,
        paragraphs    BLOB NOT NULL,
        link_version  TEXT NOT NULL
    );
    CREATE TABLE link_pairs (
        a            INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b            INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        containment  REAL NOT NULL,
        link_version TEXT NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX link_pairs_b ON link_pairs(b);
    CREATE TABLE copies (
        article_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        original_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        containment  REAL,
        evidence     TEXT NOT NULL,
        link_version TEXT NOT NULL
    );
    CREATE INDEX copies_original ON copies(original_id);
    CREATE TABLE stories (
        id           INTEGER PRIMARY KEY,
        label        TEXT NOT NULL,
        first_date   TEXT,
        last_date    TEXT,
        size         INTEGER NOT NULL,
        link_version TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        story_id     INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id   INTEGER NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (story_id, article_id)
    );
    """,
    # 6: which extractor produced each article's body (issue #15).
    """
    ALTER TABLE articles ADD COLUMN extraction_method TEXT;
    """,
    # 7: which rule or model produced each attribution (newsledger.analyze.rules.RULES).
    """
    ALTER TABLE attributions ADD COLUMN origin TEXT;
    """,
    # 8: speakers as entities (issue #16): one row per person or body across all
    # articles, every name it goes by, and each article's speaker pointing at
    # its entity.  Rebuilt from ``speakers`` after every ingest and reprocess
    # (``Store.refresh_entities``); ids are stable across rebuilds since migration 12.
    """
    CREATE TABLE entities (
        id     INTEGER PRIMARY KEY,
        name   TEXT NOT NULL UNIQUE,
        kind   TEXT NOT NULL
    );
    CREATE TABLE entity_aliases (
        entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        alias      TEXT NOT NULL,
        alias_key  TEXT NOT NULL,
        PRIMARY KEY (entity_id, alias)
    );
    CREATE INDEX entity_aliases_key ON entity_aliases(alias_key);
    ALTER TABLE speakers ADD COLUMN entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL;
    CREATE INDEX speakers_entity ON speakers(entity_id);
    """,
    # 9 (scale, #17/#16): provenance of each input (the WARC record, feed entry or JSONL line it came
    # from), a new URL for the same bytes is a new inputs row, and per-file progress for resuming.
    """
    CREATE TABLE inputs_v2 (
        id             INTEGER PRIMARY KEY,
        source         TEXT NOT NULL,
        sha256         TEXT NOT NULL REFERENCES raw_inputs(sha256) ON DELETE CASCADE,
        url            TEXT,
        seen_at        TEXT NOT NULL,
        source_raw     BLOB,
        container      TEXT,
        position       TEXT,
        record_id      TEXT,
        fetched_at     TEXT,
        content_type   TEXT,
        charset        TEXT,
        last_modified  TEXT,
        http_status    INTEGER,
        meta           TEXT
    );
    INSERT INTO inputs_v2 (id, source, sha256, url, seen_at, source_raw)
        SELECT id, source, sha256, url, seen_at, source_raw FROM inputs;
    DROP TABLE inputs;
    ALTER TABLE inputs_v2 RENAME TO inputs;
    CREATE INDEX inputs_sha256 ON inputs(sha256);
    CREATE UNIQUE INDEX inputs_key ON inputs(source, sha256, ifnull(url, ''));
    ALTER TABLE runs ADD COLUMN args TEXT;
    CREATE TABLE progress (
        container    TEXT PRIMARY KEY,
        head_sha256  TEXT NOT NULL,
        size         INTEGER NOT NULL,
        records      INTEGER NOT NULL,
        finished     INTEGER NOT NULL DEFAULT 0,
        updated_at   TEXT NOT NULL
    );
    """,
    # 10 (#18 embeddings): which method made each story: "lexical", or "embeddings:" and the
    # embedder's backend and model (``newsledger link --stories embeddings``).
    """
    ALTER TABLE stories ADD COLUMN method TEXT NOT NULL DEFAULT 'lexical';
    """,
    # 11 (#17 throughput): every save clears the failures of its bytes by sha256 (``_clear_failures``),
    # which scanned the whole table: an ingest slowed with every failure stored before it.
    """
    CREATE INDEX IF NOT EXISTS failures_sha256 ON failures(sha256);
    """,
    # 12 (stable speaker ids): ``Store.refresh_entities`` keeps each entity's id across rebuilds and gives
    # new entities ids above this high-water mark, never one an earlier entity had (SQLite's INTEGER
    # PRIMARY KEY would reuse the largest id after its row is deleted).  Seeded with the ids in use.
    """
    CREATE TABLE id_marks (
        name     TEXT PRIMARY KEY,
        last_id  INTEGER NOT NULL
    );
    INSERT INTO id_marks (name, last_id) SELECT 'entities', ifnull(max(id), 0) FROM entities;
    """,
    # 13 (PostgreSQL's NULL order): both backends list undated articles first by ``published``, as
    # SQLite always has; PostgreSQL needs its index built in that order to serve such a listing
    # (``quotes`` went from an index scan to a sort of every attribution: 44.5 ms against 0.9 ms on
    # 50,000 articles).  SQLite's index already is: nothing to do here.
    """
    SELECT 1;  -- PostgreSQL only: schema_pg.POSTGRESQL[13]
    """,
    # 14 (#20 content in pieces): an attribution's content as a list of spans ('"A," he said. "B."':
    # A and B), JSON ``[{"start", "end", "text"}, ...]``; NULL where the content is the one span
    # ``content_start``..``content_end`` (every row before this migration, and most after it).
    """
    ALTER TABLE attributions ADD COLUMN content_spans TEXT;
    """,
    # 15 (#17 throughput): the full-text index is filled in bulk, not by a trigger per article.  A new
    # article's id goes into ``articles_unindexed`` (with its row, in its transaction); the store indexes
    # those ids with one statement per chunk (``Store.complete_index``: at the end of an ingest, before
    # any search, or ``newsledger index``).  Measured on 600 to 6,000 stored articles: the FTS5 trigger
    # cost 0.25-0.30 ms of CPU an article inside the writer's transaction, the id 0.03 ms and the bulk
    # indexing 0.09-0.10 ms after (docs/scale.md).  An article still unindexed is never deleted from
    # (or updated in) the index: FTS5 would corrupt it with the terms of a row it never held.
    """
    DROP TRIGGER IF EXISTS articles_ai;
    DROP TRIGGER IF EXISTS articles_ad;
    DROP TRIGGER IF EXISTS articles_au;
    CREATE TABLE IF NOT EXISTS articles_unindexed (id INTEGER PRIMARY KEY);
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT OR IGNORE INTO articles_unindexed (id) VALUES (new.id);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) SELECT 'delete', old.id, old.title, old.text
            WHERE NOT EXISTS (SELECT 1 FROM articles_unindexed WHERE id = old.id);
        DELETE FROM articles_unindexed WHERE id = old.id;
    END;
    CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles
        WHEN NOT EXISTS (SELECT 1 FROM articles_unindexed WHERE id = old.id) BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    """,
    # 16 (co-speakers): every further person or body a coordinated source names ("Ana Ruru and Tomas
    # Keel said": Tomas Keel; ``Attribution.co_speakers``), in text order from position 1 (the
    # attribution's own speaker, ``attributions.speaker_id``, is the first).  Written with the
    # attribution, in its transaction; ``reprocess`` fills it for older rows (the analysis version
    # went up with it).
    """
    CREATE TABLE IF NOT EXISTS attribution_speakers (
        attribution_id  INTEGER NOT NULL REFERENCES attributions(id) ON DELETE CASCADE,
        speaker_id      INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        PRIMARY KEY (attribution_id, position)
    );
    CREATE INDEX IF NOT EXISTS attribution_speakers_speaker ON attribution_speakers(speaker_id);
    """,
]
