-- Cells hidden in an earlier release: a cell hidden once stays hidden whenever the same figure
-- is published again (the next quarter's release repeats the representation history; a
-- re-delivery recomputes a window), so comparing two releases reveals nothing the first hid.
create table if not exists meta.suppression_ledger (
    figure varchar not null,           -- representation | selection_rates
    cell varchar not null,             -- the row's key columns joined by '|'
    first_run varchar not null,        -- the analyse run that first hid it
    primary key (figure, cell)
);
