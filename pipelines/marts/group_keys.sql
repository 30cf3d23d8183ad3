-- Every group of every analysed dimension, with its number.
-- depends on: marts.ref_groups, marts.ref_intersections
create or replace table marts.group_keys as

select
    row_number() over (order by groups.dimension, groups."group") as group_id,
    groups.dimension,
    groups."group",
    groups.margin_a,
    groups.margin_b,
    intersections.dimension_a,
    intersections.dimension_b
from marts.ref_groups as groups
left join marts.ref_intersections as intersections
    on groups.dimension = intersections.dimension_a || '×' || intersections.dimension_b;
