-- Lineage: every file a run read, with its fingerprint and size.
create table if not exists meta.files (
    run_id varchar not null,
    table_name varchar not null,
    file_name varchar not null,
    sha256 varchar not null,
    row_count bigint not null,
    primary key (run_id, table_name)
);
