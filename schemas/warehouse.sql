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
-- Schema 7 → 8: where the row lies on its page ([left, top, right, bottom] as fractions), for the
-- reviewer's crop.
ALTER TABLE indicator_records ADD COLUMN IF NOT EXISTS box TEXT;

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

-- Corrections (pipeline/load/corrections.py): what a person decided about a record's field,
-- stored beside the record, never over it. The record keeps what was read; the views below
-- apply the newest correction of each field. `position` is the record the correction applies
-- to now: a re-extraction of the same file places it again by page, table and row (`anchor`);
-- one that no record takes is 'orphaned' (position NULL) and kept.
CREATE TABLE IF NOT EXISTS corrections (
    correction_id     TEXT PRIMARY KEY,
    document_sha256   TEXT NOT NULL,
    position          INTEGER,
    anchor            TEXT NOT NULL,     -- the record as read: page, table, row, name, unit (JSON)
    field             TEXT NOT NULL,     -- printed_code, indicator_code, period, figures.0.value, fields.score
    figure_number     INTEGER,           -- figures.N.part: N
    figure_part       TEXT,              -- figures.N.part: value, numerator or denominator
    figure_field      TEXT,              -- fields.X: X, the cell whose figures are read again
    value_as_read     TEXT,
    value             TEXT,              -- the new value as text: "5.1", "633.56", "2024"
    reviewer          TEXT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    note              TEXT,
    state             TEXT NOT NULL,     -- placed, orphaned
    based_on          TEXT               -- the correction the reviewer saw as current, if any
);

-- The figures the pipeline's own parser reads from a corrected cell (a `fields.X` correction).
CREATE TABLE IF NOT EXISTS correction_figures (
    correction_id     TEXT NOT NULL,
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
    PRIMARY KEY (correction_id, figure_number)
);

-- The newest placed correction of each field of each record.
CREATE OR REPLACE VIEW current_corrections AS
SELECT correction_id, document_sha256, position, field, figure_number, figure_part, figure_field,
       value_as_read, value, reviewer, created_at, note
FROM (
    SELECT c.*, row_number() OVER (
        PARTITION BY document_sha256, position, field ORDER BY created_at DESC, correction_id DESC
    ) AS newest
    FROM corrections c
    WHERE state = 'placed'
) ranked
WHERE newest = 1;

CREATE OR REPLACE VIEW record_corrections AS
SELECT document_sha256, position,
       bool_or(field = 'printed_code') AS has_printed_code,
       max(CASE WHEN field = 'printed_code' THEN value END) AS printed_code,
       bool_or(field = 'printed_name') AS has_printed_name,
       max(CASE WHEN field = 'printed_name' THEN value END) AS printed_name,
       bool_or(field = 'indicator_code') AS has_indicator_code,
       max(CASE WHEN field = 'indicator_code' THEN value END) AS indicator_code,
       bool_or(field = 'period') AS has_period,
       max(CASE WHEN field = 'period' THEN value END) AS period,
       bool_or(field = 'status') AS has_status,
       max(CASE WHEN field = 'status' THEN value END) AS status,
       bool_or(field = 'subject') AS has_subject,
       max(CASE WHEN field = 'subject' THEN value END) AS subject,
       bool_or(field = 'ocr_confidence') AS has_ocr_confidence,
       max(CASE WHEN field = 'ocr_confidence' THEN value END) AS ocr_confidence,
       string_agg(field, ',' ORDER BY field) AS corrected
FROM current_corrections
GROUP BY document_sha256, position;

-- The records as reviewed: each corrected field replaced, `corrected` naming the fields
-- ("figures.0.value,printed_code"); the record as read stays in indicator_records.
CREATE OR REPLACE VIEW reviewed_records AS
SELECT r.document_sha256, r.position, r.framework,
       CASE WHEN c.has_indicator_code THEN c.indicator_code ELSE r.indicator_code END AS indicator_code,
       CASE WHEN c.has_indicator_code THEN i.name ELSE r.indicator_name END AS indicator_name,
       CASE WHEN c.has_printed_code THEN c.printed_code ELSE r.printed_code END AS printed_code,
       CASE WHEN c.has_printed_name THEN c.printed_name ELSE r.printed_name END AS printed_name,
       r.printed_parent_code, r.match_score,
       CASE WHEN c.has_indicator_code AND c.indicator_code IS NULL THEN 'unmatched'
            WHEN c.has_indicator_code THEN 'matched' ELSE r.match_status END AS match_status,
       r.page, r.pages, r.table_index, r.row_index, r.origin, r.fields,
       CASE WHEN c.has_status THEN c.status ELSE r.status END AS status,
       r.checks,
       CASE WHEN c.has_ocr_confidence THEN CAST(c.ocr_confidence AS DOUBLE PRECISION)
            ELSE r.ocr_confidence END AS ocr_confidence,
       r.source_path, r.subject_name,
       CASE WHEN c.has_subject THEN c.subject ELSE r.subject END AS subject,
       r.subject_kind, r.subject_province,
       CASE WHEN c.has_period THEN CAST(c.period AS INTEGER) ELSE r.period END AS period,
       r.period_source, r.check_details, r.box, c.corrected
FROM indicator_records r
LEFT JOIN record_corrections c ON c.document_sha256 = r.document_sha256 AND c.position = r.position
LEFT JOIN indicators i ON i.framework_id = r.framework AND i.code = c.indicator_code;

CREATE OR REPLACE VIEW figure_corrections AS
SELECT document_sha256, position, figure_number,
       bool_or(figure_part = 'value') AS has_value,
       max(CASE WHEN figure_part = 'value' THEN value END) AS value,
       bool_or(figure_part = 'numerator') AS has_numerator,
       max(CASE WHEN figure_part = 'numerator' THEN value END) AS numerator,
       bool_or(figure_part = 'denominator') AS has_denominator,
       max(CASE WHEN figure_part = 'denominator' THEN value END) AS denominator
FROM current_corrections
WHERE figure_number IS NOT NULL
GROUP BY document_sha256, position, figure_number;

-- The figures as reviewed: a corrected number replaced (`value_as_read` keeps the one read);
-- a corrected cell's figures read again from the person's text (numbered from 100), in place
-- of those read from the cell.
CREATE OR REPLACE VIEW reviewed_figures AS
SELECT f.document_sha256, f.record_position, f.figure_number, f.kind,
       CASE WHEN c.has_value THEN CAST(c.value AS DOUBLE PRECISION) ELSE f.value END AS value,
       CASE WHEN c.has_numerator THEN CAST(c.numerator AS DOUBLE PRECISION) ELSE f.numerator END AS numerator,
       CASE WHEN c.has_denominator THEN CAST(c.denominator AS DOUBLE PRECISION)
            ELSE f.denominator END AS denominator,
       f.low, f.high, f.unit, f.text, f.field, f.period,
       f.value AS value_as_read, f.text AS text_as_read, c.document_sha256 IS NOT NULL AS corrected
FROM figures f
LEFT JOIN figure_corrections c
  ON c.document_sha256 = f.document_sha256 AND c.position = f.record_position
 AND c.figure_number = f.figure_number
WHERE NOT EXISTS (
    SELECT 1 FROM current_corrections t
    WHERE t.document_sha256 = f.document_sha256 AND t.position = f.record_position
      AND t.figure_field = f.field
)
UNION ALL
SELECT t.document_sha256, t.position, 100 + d.figure_number, d.kind, d.value, d.numerator, d.denominator,
       d.low, d.high, d.unit, d.text, d.field, d.period, NULL, t.value_as_read, TRUE
FROM current_corrections t
JOIN correction_figures d ON d.correction_id = t.correction_id;

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
    FROM reviewed_records r
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
    FROM reviewed_records
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

-- Every figure at its unit and year, with where it was read; `corrected` when a person's
-- correction gave it or its record's unit, year or indicator, `value_as_read` beside it.
CREATE OR REPLACE VIEW subject_figures AS
SELECT r.subject, r.subject_kind, coalesce(r.subject_province, d.province) AS province,
       coalesce(f.period, r.period) AS period, r.framework, r.indicator_code, r.indicator_name,
       f.kind, f.value, f.numerator, f.denominator, f.unit, f.text, f.field,
       r.source_path, r.page, r.match_status, r.period_source,
       f.corrected OR r.corrected IS NOT NULL AS corrected, f.value_as_read, f.text_as_read
FROM reviewed_figures f
JOIN reviewed_records r ON r.document_sha256 = f.document_sha256 AND r.position = f.record_position
JOIN documents d ON d.document_sha256 = r.document_sha256
WHERE r.subject IS NOT NULL;

-- One unit's pillar points and total across the years: "what did huyện Krông Nô score on
-- each pillar from 2021 to 2024?" The newest document wins where several state a year.
CREATE OR REPLACE VIEW series AS
SELECT subject, subject_kind, province, period, framework, code, name, level, points, max_points,
       source_path, page, corrected
FROM (
    SELECT r.subject, r.subject_kind, coalesce(r.subject_province, d.province) AS province,
           coalesce(f.period, r.period) AS period, r.framework, r.indicator_code AS code,
           r.indicator_name AS name, i.level, f.value AS points, i.max_points, r.source_path, r.page,
           f.corrected OR r.corrected IS NOT NULL AS corrected,
           row_number() OVER (
               PARTITION BY r.subject, coalesce(f.period, r.period), r.framework, r.indicator_code
               ORDER BY d.issued_on DESC NULLS LAST, d.year DESC NULLS LAST, d.source_path, r.position
           ) AS newest
    FROM reviewed_figures f
    JOIN reviewed_records r ON r.document_sha256 = f.document_sha256 AND r.position = f.record_position
    JOIN documents d ON d.document_sha256 = r.document_sha256
    JOIN indicators i ON i.framework_id = r.framework AND i.code = r.indicator_code
    WHERE f.kind = 'points' AND r.match_status = 'matched' AND i.level IN ('pillar', 'total', 'group')
      AND r.subject IS NOT NULL
) ranked
WHERE newest = 1;

-- The figures of the newest document per agency, indicator and year.
CREATE OR REPLACE VIEW latest_figures AS
SELECT province, agency, year, indicator_code, indicator_name, kind, value, numerator, denominator,
       low, high, unit, text, field, source_path, page, issued_on, corrected
FROM (
    SELECT d.province, d.agency, d.year, r.indicator_code, r.indicator_name, f.kind, f.value, f.numerator,
           f.denominator, f.low, f.high, f.unit, f.text, f.field, r.source_path, r.page, d.issued_on,
           f.corrected OR r.corrected IS NOT NULL AS corrected,
           dense_rank() OVER (
               PARTITION BY d.agency, d.year, r.indicator_code
               ORDER BY d.issued_on DESC NULLS LAST, d.year DESC NULLS LAST, d.source_path, d.document_sha256
           ) AS newest
    FROM reviewed_figures f
    JOIN reviewed_records r
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
