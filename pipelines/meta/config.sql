-- Settings: the gelijkekansen.toml each load used, word for word, so that analyse and report
-- read the organisation's settings from the warehouse instead of falling back to defaults.
create table if not exists meta.config (
    run_id varchar primary key,
    source varchar,                    -- the file it was read from; null for built-in defaults
    toml varchar not null              -- its text; empty for built-in defaults
);
