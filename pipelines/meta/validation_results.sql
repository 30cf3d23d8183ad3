-- Validation results: one row per check and run; a re-run with the same id replaces its rows.
create table if not exists meta.validation_results (
    run_id varchar,
    table_name varchar,
    check_name varchar,
    column_names varchar,              -- the checked columns, comma-separated
    severity varchar,                  -- blocking, warning
    passed boolean,                    -- null when the check was skipped
    failing_rows bigint,
    sample_rows bigint[]               -- row numbers in the file, a sample
);
