-- Every accepted delivery of staging.positions, tagged with its extraction period. A corrected
-- re-delivery for the same period replaces that period's rows and leaves earlier periods
-- untouched.
-- depends on: staging.positions
-- parameters: period
create table if not exists core.delivered_positions as
    select *, cast(null as varchar) as extraction_period from staging.positions limit 0;

delete from core.delivered_positions where extraction_period = $period;

insert into core.delivered_positions select *, $period from staging.positions;
