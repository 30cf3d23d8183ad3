-- The latest delivered version of each vacancy and application. Not sorted: nothing reads
-- them in order, and sorting 20 million applications cost about 10 s at a large employer.
create or replace table core.vacancies as
select * exclude (source_file, source_row, extraction_period)
from core.delivered_vacancies
qualify row_number() over (partition by vacancy_id order by extraction_period desc) = 1;

create or replace table core.applications as
select * exclude (source_file, source_row, extraction_period)
from core.delivered_applications
qualify row_number() over (
    partition by vacancy_id, candidate_id order by extraction_period desc
) = 1;

create or replace table core.aggregates as
select * exclude (source_file, source_row, extraction_period)
from core.delivered_aggregates
qualify row_number() over (
    partition by period_end, org_unit, population, dimension, "group"
    order by extraction_period desc
) = 1
order by all;
