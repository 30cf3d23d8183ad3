-- The latest delivered version of each aggregate headcount (period end, unit, population,
-- dimension, group).
-- depends on: core.delivered_aggregates
create or replace table core.aggregates as
select * exclude (source_file, source_row, extraction_period)
from core.delivered_aggregates
qualify row_number() over (
    partition by period_end, org_unit, population, dimension, "group"
    order by extraction_period desc
) = 1
order by all;
