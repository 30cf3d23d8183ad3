-- Every accepted delivery of staging.pay, tagged with its extraction period. A corrected
-- re-delivery for the same period replaces that period's rows and leaves earlier periods
-- untouched.
-- depends on: staging.pay
-- parameters: period
create table if not exists core.delivered_pay as
    select *, cast(null as varchar) as extraction_period from staging.pay limit 0;

delete from core.delivered_pay where extraction_period = $period;

insert into core.delivered_pay select *, $period from staging.pay;
