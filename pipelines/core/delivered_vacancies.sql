-- Every accepted delivery of staging.vacancies, tagged with its extraction period. A corrected
-- re-delivery for the same period replaces that period's rows and leaves earlier periods
-- untouched.
-- depends on: staging.vacancies
-- parameters: period
create table if not exists core.delivered_vacancies as
    select *, cast(null as varchar) as extraction_period from staging.vacancies limit 0;

delete from core.delivered_vacancies where extraction_period = $period;

insert into core.delivered_vacancies select *, $period from staging.vacancies;
