-- Every accepted delivery of staging.applications, tagged with its extraction period. A corrected
-- re-delivery for the same period replaces that period's rows and leaves earlier periods
-- untouched.
-- depends on: staging.applications
-- parameters: period
create table if not exists core.delivered_applications as
    select *, cast(null as varchar) as extraction_period from staging.applications limit 0;

delete from core.delivered_applications where extraction_period = $period;

insert into core.delivered_applications select *, $period from staging.applications;
