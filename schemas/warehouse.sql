-- The dti warehouse: one schema for the embedded DuckDB file and for PostgreSQL.
-- Only types and statements both engines read the same way. Identifiers are ASCII;
-- Vietnamese labels are data. Documents are keyed on the file's sha256, so a re-load
-- replaces a document's rows and never duplicates them.

CREATE TABLE IF NOT EXISTS schema_info (
    name              TEXT PRIMARY KEY,
    value             TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS frameworks (
    framework_id      TEXT PRIMARY KEY,
    title             TEXT NOT NULL,
    level             TEXT NOT NULL,
    decision          TEXT,
    first_year        INTEGER,
    last_year         INTEGER,
    complete          BOOLEAN NOT NULL
);
-- Where each framework came from: its index (DTI, PAR), province, version and file's folder.
ALTER TABLE frameworks ADD COLUMN IF NOT EXISTS framework_index TEXT;
ALTER TABLE frameworks ADD COLUMN IF NOT EXISTS province TEXT;
ALTER TABLE frameworks ADD COLUMN IF NOT EXISTS version INTEGER;
ALTER TABLE frameworks ADD COLUMN IF NOT EXISTS origin TEXT;

CREATE TABLE IF NOT EXISTS indicators (
    framework_id      TEXT NOT NULL,
    code              TEXT NOT NULL,
    name              TEXT,
    level             TEXT NOT NULL,
    parent_code       TEXT,
    max_points        DOUBLE PRECISION,
    position          INTEGER NOT NULL,
    PRIMARY KEY (framework_id, code)
);

CREATE TABLE IF NOT EXISTS documents (
    document_sha256   TEXT PRIMARY KEY,
    source_path       TEXT NOT NULL,
    format            TEXT,
    province          TEXT,
    agency            TEXT,
    issuer            TEXT,
    number            TEXT,
    issued_on         DATE,
    kind              TEXT,
    year              INTEGER,
    framework         TEXT,
    framework_reason  TEXT,
    status            TEXT NOT NULL,
    page_count        INTEGER,
    decisions         TEXT,
    lost              TEXT,
    warnings          TEXT,
    pipeline_version  TEXT NOT NULL,
    run_id            TEXT,
    loaded_at         TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS indicator_records (
    document_sha256     TEXT NOT NULL,
    position            INTEGER NOT NULL,
    framework           TEXT,
    indicator_code      TEXT,
    indicator_name      TEXT,
    printed_code        TEXT,
    printed_name        TEXT NOT NULL,
    printed_parent_code TEXT,
    match_score         DOUBLE PRECISION NOT NULL,
    match_status        TEXT NOT NULL,
    page                INTEGER,
    pages               TEXT,
    table_index         INTEGER,
    row_index           INTEGER NOT NULL,
    origin              TEXT NOT NULL,
    fields              TEXT,
    status              TEXT,
    checks              TEXT,
    ocr_confidence      DOUBLE PRECISION,
    source_path         TEXT NOT NULL,
    subject_name        TEXT,              -- as printed: "H. Krông Nô"
    subject             TEXT,              -- canonical: "huyện Krông Nô"
    subject_kind        TEXT,              -- province, agency, district, commune
    subject_province    TEXT,
    period              INTEGER,           -- the year the record's result describes
    period_source       TEXT,              -- column, caption, heading, sentence, batch, document
    check_details       TEXT,              -- the checks as data: [{code, params, page, severity, text}]
    PRIMARY KEY (document_sha256, position)
);
-- Schema 5 → 6: the checks as data beside their sentences.
ALTER TABLE indicator_records ADD COLUMN IF NOT EXISTS check_details TEXT;

CREATE TABLE IF NOT EXISTS figures (
    document_sha256   TEXT NOT NULL,
    record_position   INTEGER NOT NULL,
    figure_number     INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    value             DOUBLE PRECISION,
    numerator         DOUBLE PRECISION,
    denominator       DOUBLE PRECISION,
    low               DOUBLE PRECISION,
    high              DOUBLE PRECISION,
    unit              TEXT,
    text              TEXT NOT NULL,
    field             TEXT,
    period            INTEGER,
    PRIMARY KEY (document_sha256, record_position, figure_number)
);

-- The units records are about: the gazetteer (corpora/gazetteer.yaml), plus any unit a
-- document named that the gazetteer lacks (in_gazetteer false). `successor` maps a former
-- unit to the one that took it over in 2025; `successor_checked` says whether that
-- mapping was verified.
CREATE TABLE IF NOT EXISTS subjects (
    subject           TEXT NOT NULL,
    kind              TEXT NOT NULL,
    province          TEXT,
    valid_to          DATE,
    successor         TEXT,
    successor_checked BOOLEAN,
    in_gazetteer      BOOLEAN NOT NULL,
    PRIMARY KEY (subject, kind)
);

CREATE TABLE IF NOT EXISTS runs (
    run_id            TEXT PRIMARY KEY,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            TEXT NOT NULL,
    inputs            TEXT,
    province          TEXT,
    year              INTEGER,
    workers           INTEGER,
    pipeline_version  TEXT NOT NULL,
    host              TEXT,                -- where the run's process ran, and its id: a run whose
    pid               INTEGER              -- process is gone is shown interrupted, not running
);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS host TEXT;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS pid INTEGER;

CREATE TABLE IF NOT EXISTS outcomes (
    run_id            TEXT NOT NULL,
    source_path       TEXT NOT NULL,
    document_sha256   TEXT,
    status            TEXT NOT NULL,
    reason            TEXT,
    records           INTEGER NOT NULL,
    seconds           DOUBLE PRECISION,
    finished_at       TIMESTAMP NOT NULL,
    detail            TEXT,                -- the full traceback of an unexpected failure
    PRIMARY KEY (run_id, source_path)
);
ALTER TABLE outcomes ADD COLUMN IF NOT EXISTS detail TEXT;

-- Every indicator of each document's framework, for each unit whose plan rows the document
-- holds (one for a plan, several for a compiled PDF): present (a matched row), uncertain
-- (only review-level rows) or omitted. Documents without indicator rows (reports in prose,
-- rankings, documents that are not about DTI) invent no omission.
CREATE OR REPLACE VIEW coverage AS
WITH plan_subjects AS (
    SELECT DISTINCT r.document_sha256, r.subject, r.subject_kind, r.subject_province
    FROM indicator_records r
    JOIN indicators i ON i.framework_id = r.framework AND i.code = r.indicator_code
    WHERE r.origin = 'table' AND i.level = 'indicator'
)
SELECT d.document_sha256, d.source_path, coalesce(s.subject_province, d.province) AS province, d.agency,
       d.year, d.framework, s.subject, s.subject_kind,
       i.code AS indicator_code, i.name AS indicator_name,
       CASE WHEN r.matched THEN 'present' WHEN r.reviewed THEN 'uncertain' ELSE 'omitted' END AS state,
       r.printed_code
FROM documents d
JOIN plan_subjects s ON s.document_sha256 = d.document_sha256
JOIN indicators i ON i.framework_id = d.framework AND i.level = 'indicator'
LEFT JOIN (
    SELECT document_sha256, subject, indicator_code,
           bool_or(match_status = 'matched') AS matched,
           bool_or(match_status = 'review') AS reviewed,
           min(printed_code) AS printed_code
    FROM indicator_records
    WHERE origin = 'table' AND indicator_code IS NOT NULL
    GROUP BY document_sha256, subject, indicator_code
) r ON r.document_sha256 = d.document_sha256 AND r.indicator_code = i.code
   AND r.subject IS NOT DISTINCT FROM s.subject;

-- What each unit's plan of a year leaves out: "which agencies' 2024 plans leave out 6.5?"
CREATE OR REPLACE VIEW omissions AS
SELECT subject, subject_kind, province, year AS period, framework, indicator_code, indicator_name,
       source_path, document_sha256
FROM coverage
WHERE state = 'omitted';

-- Every figure at its unit and year, with where it was read.
CREATE OR REPLACE VIEW subject_figures AS
SELECT r.subject, r.subject_kind, coalesce(r.subject_province, d.province) AS province,
       coalesce(f.period, r.period) AS period, r.framework, r.indicator_code, r.indicator_name,
       f.kind, f.value, f.numerator, f.denominator, f.unit, f.text, f.field,
       r.source_path, r.page, r.match_status, r.period_source
FROM figures f
JOIN indicator_records r ON r.document_sha256 = f.document_sha256 AND r.position = f.record_position
JOIN documents d ON d.document_sha256 = r.document_sha256
WHERE r.subject IS NOT NULL;

-- One unit's pillar points and total across the years: "what did huyện Krông Nô score on
-- each pillar from 2021 to 2024?" The newest document wins where several state a year.
CREATE OR REPLACE VIEW series AS
SELECT subject, subject_kind, province, period, framework, code, name, level, points, max_points,
       source_path, page
FROM (
    SELECT r.subject, r.subject_kind, coalesce(r.subject_province, d.province) AS province,
           coalesce(f.period, r.period) AS period, r.framework, r.indicator_code AS code,
           r.indicator_name AS name, i.level, f.value AS points, i.max_points, r.source_path, r.page,
           row_number() OVER (
               PARTITION BY r.subject, coalesce(f.period, r.period), r.framework, r.indicator_code
               ORDER BY d.issued_on DESC NULLS LAST, d.year DESC NULLS LAST, d.source_path, r.position
           ) AS newest
    FROM figures f
    JOIN indicator_records r ON r.document_sha256 = f.document_sha256 AND r.position = f.record_position
    JOIN documents d ON d.document_sha256 = r.document_sha256
    JOIN indicators i ON i.framework_id = r.framework AND i.code = r.indicator_code
    WHERE f.kind = 'points' AND r.match_status = 'matched' AND i.level IN ('pillar', 'total', 'group')
      AND r.subject IS NOT NULL
) ranked
WHERE newest = 1;

-- The figures of the newest document per agency, indicator and year.
CREATE OR REPLACE VIEW latest_figures AS
SELECT province, agency, year, indicator_code, indicator_name, kind, value, numerator, denominator,
       low, high, unit, text, field, source_path, page, issued_on
FROM (
    SELECT d.province, d.agency, d.year, r.indicator_code, r.indicator_name, f.kind, f.value, f.numerator,
           f.denominator, f.low, f.high, f.unit, f.text, f.field, r.source_path, r.page, d.issued_on,
           dense_rank() OVER (
               PARTITION BY d.agency, d.year, r.indicator_code
               ORDER BY d.issued_on DESC NULLS LAST, d.year DESC NULLS LAST, d.source_path, d.document_sha256
           ) AS newest
    FROM figures f
    JOIN indicator_records r
      ON r.document_sha256 = f.document_sha256 AND r.position = f.record_position
    JOIN documents d ON d.document_sha256 = r.document_sha256
    WHERE r.match_status = 'matched'
) ranked
WHERE newest = 1;

-- The scores feed (pipeline/scores/feed.py), rewritten after every ingestion run: one row
-- per unit × year × framework × indicator, pillar, group or total, with the points the
-- documents state, the points the figures allow by the framework's rule, and whether they
-- agree. Fields are described in schemas/score_item.schema.json.
CREATE TABLE IF NOT EXISTS score_items (
    subject           TEXT NOT NULL,
    subject_kind      TEXT,
    province          TEXT,
    period            INTEGER NOT NULL,
    framework         TEXT NOT NULL,
    level             TEXT NOT NULL,
    code              TEXT NOT NULL,
    name              TEXT,
    stated_points     DOUBLE PRECISION,
    computed_points   DOUBLE PRECISION,
    max_points        DOUBLE PRECISION,
    rank              INTEGER,
    rank_of           INTEGER,
    consistent        BOOLEAN,
    source_path       TEXT,
    page              INTEGER,
    ocr_confidence    DOUBLE PRECISION,
    checks            TEXT,
    figure_text       TEXT,
    rule              TEXT,
    position          INTEGER NOT NULL,
    check_details     TEXT,
    PRIMARY KEY (subject, period, framework, code)
);
ALTER TABLE score_items ADD COLUMN IF NOT EXISTS check_details TEXT;

CREATE OR REPLACE VIEW scores AS
SELECT subject, subject_kind, province, period, framework, level, code, name, stated_points,
       computed_points, max_points, rank, rank_of, consistent, source_path, page, ocr_confidence,
       checks, figure_text, rule, check_details
FROM score_items;
