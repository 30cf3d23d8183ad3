-- The pay file as delivered (per person and year), the category trimmed.
-- depends on: raw.pay
create or replace table staging.pay as

with source as (
    select * from raw.pay
),

final as (
    select
        person_id,
        year,
        -- amounts in euro, gross, over the calendar year
        basic_annual_pay,
        variable_pay,
        paid_hours,
        fte,
        trim(category) as category,
        source_file,
        source_row
    from source
)

select * from final;
