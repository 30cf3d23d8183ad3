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
