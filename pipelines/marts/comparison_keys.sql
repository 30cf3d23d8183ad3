-- The comparisons (process, stage, window, population, org unit) by number.
-- depends on: marts.context_comparisons
create or replace table marts.comparison_keys as

select distinct
    comparison_id,
    process,
    stage,
    window_type,
    window_start,
    window_end,
    population,
    org_unit
from marts.context_comparisons;
