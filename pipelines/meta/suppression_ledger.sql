-- Cells hidden in an earlier release: a cell hidden once stays hidden whenever the same figure
-- is published again from changed inputs (the next quarter's release repeats the representation
-- history and the rolling years; a re-delivery recomputes a window), so comparing two releases
-- reveals nothing the first hid. Re-analysing the same inputs starts only from cells that
-- other inputs hid, so it gives the same release again.
create table if not exists meta.suppression_ledger (
    figure varchar not null,           -- representation | selection_rates
    cell varchar not null,             -- the row's key columns joined by '|'
    inputs varchar not null,           -- inputs_fingerprint of the analysis that first hid it
    first_run varchar not null,        -- that analysis's run id
    primary key (figure, cell)
);
