-- Run log: one row per command that changed (or deliberately did not change) the warehouse.
create table if not exists meta.runs (
    run_id varchar primary key,
    command varchar not null,          -- ingest, analyse
    extraction_period varchar,         -- e.g. 2026Q3
    status varchar not null,           -- loaded, replaced, no-op, analysed
    started_at timestamp not null,
    finished_at timestamp not null,
    package_version varchar not null,
    detail varchar                     -- e.g. which run a no-op repeated
);

-- Lineage: every file a run read, with its fingerprint and size.
create table if not exists meta.files (
    run_id varchar not null,
    table_name varchar not null,
    file_name varchar not null,
    sha256 varchar not null,
    row_count bigint not null,
    primary key (run_id, table_name)
);
