-- Every accepted delivery of staging.aggregates, tagged with its extraction period. A corrected
-- re-delivery for the same period replaces that period's rows and leaves earlier periods
-- untouched.
-- depends on: staging.aggregates
-- parameters: period
create table if not exists core.delivered_aggregates as
    select *, cast(null as varchar) as extraction_period from staging.aggregates limit 0;

delete from core.delivered_aggregates where extraction_period = $period;

insert into core.delivered_aggregates select *, $period from staging.aggregates;
