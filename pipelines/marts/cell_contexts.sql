-- What a count is about, except the group: a cell's attributes minus the person attributes.
-- Numbered once here, so that marts.counts_by_group sums on integers (see its header).
-- Only the cells of the windows counted in this run (marts.stale_cells).
-- depends on: marts.stale_cells
create or replace table marts.cell_contexts as

select
    row_number() over () as context_id,
    *
from (
    select distinct
        process,
        stage,
        window_type,
        window_start,
        window_end,
        staff_category,
        ladder_level,
        leadership_layer,
        candidate_type,
        org_unit
    from marts.stale_cells
);
