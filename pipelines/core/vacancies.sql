-- The latest delivered version of each vacancy. Not sorted: nothing reads it in order.
-- depends on: core.delivered_vacancies
create or replace table core.vacancies as
select * exclude (source_file, source_row, extraction_period)
from core.delivered_vacancies
qualify row_number() over (partition by vacancy_id order by extraction_period desc) = 1;
