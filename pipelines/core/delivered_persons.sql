-- Every accepted delivery of staging.persons, tagged with its extraction period. A corrected
-- re-delivery for the same period replaces that period's rows and leaves earlier periods
-- untouched.
-- depends on: staging.persons
-- parameters: period
create table if not exists core.delivered_persons as
    select *, cast(null as varchar) as extraction_period from staging.persons limit 0;

delete from core.delivered_persons where extraction_period = $period;

insert into core.delivered_persons select *, $period from staging.persons;
