-- The article 10 justifications as delivered (per year and category), the category trimmed.
-- depends on: raw.pay_justifications
create or replace table staging.pay_justifications as

with source as (
    select * from raw.pay_justifications
),

final as (
    select
        year,
        trim(category) as category,
        justification,
        source_file,
        source_row
    from source
)

select * from final;
