-- Pay per person and calendar year, with the hourly pay level the directive compares (art. 3).
-- Every delivery is kept like the other tables; the latest delivery of a (person, year) counts.
-- depends on: core.delivered_pay, core.persons
-- parameters: annual_hours
create or replace table core.pay as

with delivered as (
    select * from core.delivered_pay
),

persons as (
    select * from core.persons
),

latest as (
    select *
    from delivered
    qualify row_number() over (
        partition by person_id, year order by extraction_period desc
    ) = 1
),

hours as (
    select
        *,
        -- a full-time year under the CAO ([pay] annual_hours, 1,659 in the CAO hbo);
        -- used only where paid hours are not exported
        coalesce(paid_hours, fte * $annual_hours) as hours
    from latest
),

final as (
    select
        hours.person_id,
        hours.year,
        hours.category,
        coalesce(persons.gender, 'onbekend') as gender,
        coalesce(persons.origin, 'onbekend') as origin,
        persons.birth_year,
        hours.basic_annual_pay,
        hours.variable_pay,
        hours.hours,
        -- pay = basic + complementary/variable (art. 3(1)(a)), per paid hour
        (hours.basic_annual_pay + hours.variable_pay) / nullif(hours.hours, 0) as hourly_pay,
        hours.basic_annual_pay / nullif(hours.hours, 0) as basic_hourly_pay
    from hours
    left join persons on persons.person_id = hours.person_id
)

select * from final order by year, person_id;
