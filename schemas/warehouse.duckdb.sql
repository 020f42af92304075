-- Warehouse tables for the embedded DuckDB default. Identifiers are ASCII; Vietnamese
-- labels are data. Keyed on the document's sha256 so a re-load replaces, never duplicates.
CREATE TABLE IF NOT EXISTS documents (
    document_sha256   VARCHAR PRIMARY KEY,
    source_path       VARCHAR NOT NULL,
    framework         VARCHAR,
    framework_reason  VARCHAR,
    status            VARCHAR NOT NULL,
    warnings          JSON,
    pipeline_version  VARCHAR NOT NULL,
    loaded_at         TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS indicator_records (
    document_sha256   VARCHAR NOT NULL,
    position          INTEGER NOT NULL,
    framework         VARCHAR,
    indicator_code    VARCHAR,
    indicator_name    VARCHAR,
    printed_code      VARCHAR,
    printed_name      VARCHAR NOT NULL,
    match_score       DOUBLE NOT NULL,
    match_status      VARCHAR NOT NULL,
    page              INTEGER,
    table_index       INTEGER,
    row_index         INTEGER NOT NULL,
    origin            VARCHAR NOT NULL,
    fields            JSON,
    status            VARCHAR,
    checks            JSON,
    source_path       VARCHAR NOT NULL,
    PRIMARY KEY (document_sha256, position)
);
CREATE TABLE IF NOT EXISTS figures (
    document_sha256   VARCHAR NOT NULL,
    record_position   INTEGER NOT NULL,
    figure_number     INTEGER NOT NULL,
    kind              VARCHAR NOT NULL,
    value             DOUBLE,
    numerator         DOUBLE,
    denominator       DOUBLE,
    unit              VARCHAR,
    text              VARCHAR NOT NULL,
    field             VARCHAR,
    PRIMARY KEY (document_sha256, record_position, figure_number)
);
