-- The latest delivered version of each application. Not sorted: nothing reads them in order,
-- and sorting 20 million applications cost about 10 s at a large employer.
-- depends on: core.delivered_applications
create or replace table core.applications as
select * exclude (source_file, source_row, extraction_period)
from core.delivered_applications
qualify row_number() over (
    partition by vacancy_id, candidate_id order by extraction_period desc
) = 1;
