-- Every accepted delivery of staging.pay_justifications, tagged with its extraction period. A corrected
-- re-delivery for the same period replaces that period's rows and leaves earlier periods
-- untouched.
-- depends on: staging.pay_justifications
-- parameters: period
create table if not exists core.delivered_pay_justifications as
    select *, cast(null as varchar) as extraction_period from staging.pay_justifications limit 0;

delete from core.delivered_pay_justifications where extraction_period = $period;

insert into core.delivered_pay_justifications select *, $period from staging.pay_justifications;
