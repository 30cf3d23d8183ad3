-- One row per worker and calendar year with a known hourly pay level, for the pay indicators.
-- Workers without paid hours or FTE have no hourly pay and are left out (validation warns).
-- depends on: core.pay, marts.macros
create or replace table marts.pay_workers as

with pay as (
    select * from core.pay
),

final as (
    select
        year,
        category,
        gender,
        origin,
        marts.age_band(birth_year, make_date(year, 12, 31)) as age_band,
        hourly_pay,
        basic_hourly_pay,
        variable_pay
    from pay
    where hourly_pay is not null
)

select * from final order by year, category, gender, hourly_pay;
