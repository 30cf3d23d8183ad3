-- Counts per comparison and group of every window (marts.window_group_counts), in the order of
-- the comparison and group numbers: process, stage, window, population, unit; dimension, group
-- (marts.context_comparisons, marts.group_keys). A view: the rows of the windows a new quarter
-- cannot change are kept, not copied again on every run (docs/performance.md).
-- depends on: marts.window_group_counts
create or replace view marts.group_counts as

select *
from marts.window_group_counts
order by process, stage, window_type, window_start, population, org_unit, dimension, "group";
