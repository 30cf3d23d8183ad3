-- The latest delivered version of each vacancy and application.
create or replace table core.vacancies as
select * exclude (source_file, source_row, extraction_period)
from core.delivered_vacancies
qualify row_number() over (partition by vacancy_id order by extraction_period desc) = 1
order by vacancy_id;

create or replace table core.applications as
select * exclude (source_file, source_row, extraction_period)
from core.delivered_applications
qualify row_number() over (
    partition by vacancy_id, candidate_id order by extraction_period desc
) = 1
order by vacancy_id, candidate_id;

create or replace table core.aggregates as
select * exclude (source_file, source_row, extraction_period)
from core.delivered_aggregates
qualify row_number() over (
    partition by period_end, org_unit, population, dimension, "group"
    order by extraction_period desc
) = 1
order by all;
