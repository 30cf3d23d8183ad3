-- What the last analysis was made from and wrote, so an unchanged run can reuse it: one row per
-- step (analyse), with the fingerprint of its inputs, the run and the exported files.
create table if not exists meta.outputs (
    step varchar primary key,          -- analyse
    fingerprint varchar not null,      -- inputs_fingerprint at the time
    run_id varchar not null,           -- the run that produced the outputs
    files varchar[] not null           -- exported file names, relative to the output folder
);
