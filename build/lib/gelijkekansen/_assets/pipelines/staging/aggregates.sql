create or replace table staging.aggregates as

with source as (
    select * from raw.aggregates
),

final as (
    select
        period_end,
        org_unit,
        population,
        lower(dimension) as dimension,
        lower("group") as "group",
        headcount,
        source_file,
        source_row
    from source
)

select * from final;
