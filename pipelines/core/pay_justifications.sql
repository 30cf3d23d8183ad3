-- Article 10 justifications, kept with every delivery; the latest one per year and category
-- counts, so the assessment of a published year can be reproduced from the warehouse.
-- depends on: core.delivered_pay_justifications
create or replace table core.pay_justifications as

with delivered as (
    select * from core.delivered_pay_justifications
),

final as (
    select
        year,
        category,
        justification,
        extraction_period
    from delivered
    qualify row_number() over (
        partition by year, category order by extraction_period desc
    ) = 1
)

select * from final order by year, category;
