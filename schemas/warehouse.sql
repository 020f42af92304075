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
    PRIMARY KEY (document_sha256, position)
);

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
    PRIMARY KEY (document_sha256, record_position, figure_number)
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
    pipeline_version  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS outcomes (
    run_id            TEXT NOT NULL,
    source_path       TEXT NOT NULL,
    document_sha256   TEXT,
    status            TEXT NOT NULL,
    reason            TEXT,
    records           INTEGER NOT NULL,
    seconds           DOUBLE PRECISION,
    finished_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (run_id, source_path)
);

-- Every indicator of each document's framework: present (a matched row), uncertain
-- (only review-level rows) or omitted.
CREATE OR REPLACE VIEW coverage AS
SELECT d.document_sha256, d.source_path, d.province, d.agency, d.year, d.framework,
       i.code AS indicator_code, i.name AS indicator_name,
       CASE WHEN r.matched THEN 'present' WHEN r.reviewed THEN 'uncertain' ELSE 'omitted' END AS state,
       r.printed_code
FROM documents d
JOIN indicators i ON i.framework_id = d.framework AND i.level = 'indicator'
LEFT JOIN (
    SELECT document_sha256, indicator_code,
           bool_or(match_status = 'matched') AS matched,
           bool_or(match_status = 'review') AS reviewed,
           min(printed_code) AS printed_code
    FROM indicator_records
    WHERE origin = 'table' AND indicator_code IS NOT NULL
    GROUP BY document_sha256, indicator_code
) r ON r.document_sha256 = d.document_sha256 AND r.indicator_code = i.code;

-- The figures of the newest document per agency, indicator and year.
CREATE OR REPLACE VIEW latest_figures AS
SELECT province, agency, year, indicator_code, indicator_name, kind, value, numerator, denominator,
       low, high, unit, text, field, source_path, page, issued_on
FROM (
    SELECT d.province, d.agency, d.year, r.indicator_code, r.indicator_name, f.kind, f.value, f.numerator,
           f.denominator, f.low, f.high, f.unit, f.text, f.field, r.source_path, r.page, d.issued_on,
           dense_rank() OVER (
               PARTITION BY d.agency, d.year, r.indicator_code
               ORDER BY d.issued_on DESC NULLS LAST, d.loaded_at DESC, d.document_sha256
           ) AS newest
    FROM figures f
    JOIN indicator_records r
      ON r.document_sha256 = f.document_sha256 AND r.position = f.record_position
    JOIN documents d ON d.document_sha256 = r.document_sha256
    WHERE r.match_status = 'matched'
) ranked
WHERE newest = 1;
