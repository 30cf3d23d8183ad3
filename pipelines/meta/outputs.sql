-- What the last run of a step was made from, so that an unchanged run reuses its outputs.
create table if not exists meta.outputs (
    step varchar primary key,          -- analyse
    fingerprint varchar not null,      -- inputs_fingerprint at the time
    run_id varchar not null,           -- the run that produced the outputs
    files varchar[] not null           -- exported file names, relative to the output folder
);
