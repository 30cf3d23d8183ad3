-- Every accepted delivery is kept, tagged with its extraction period; a corrected re-delivery
-- for the same period replaces that period's rows and leaves earlier periods untouched.
create table if not exists core.delivered_persons as
    select *, cast(null as varchar) as extraction_period from staging.persons limit 0;
create table if not exists core.delivered_positions as
    select *, cast(null as varchar) as extraction_period from staging.positions limit 0;
create table if not exists core.delivered_vacancies as
    select *, cast(null as varchar) as extraction_period from staging.vacancies limit 0;
create table if not exists core.delivered_applications as
    select *, cast(null as varchar) as extraction_period from staging.applications limit 0;
create table if not exists core.delivered_aggregates as
    select *, cast(null as varchar) as extraction_period from staging.aggregates limit 0;

delete from core.delivered_persons where extraction_period = $period;
delete from core.delivered_positions where extraction_period = $period;
delete from core.delivered_vacancies where extraction_period = $period;
delete from core.delivered_applications where extraction_period = $period;
delete from core.delivered_aggregates where extraction_period = $period;

insert into core.delivered_persons select *, $period from staging.persons;
insert into core.delivered_positions select *, $period from staging.positions;
insert into core.delivered_vacancies select *, $period from staging.vacancies;
insert into core.delivered_applications select *, $period from staging.applications;
insert into core.delivered_aggregates select *, $period from staging.aggregates;
