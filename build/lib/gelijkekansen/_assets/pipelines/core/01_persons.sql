-- The latest delivered version of each person.
create or replace table core.persons as

with delivered as (
    select * from core.delivered_persons
),

latest as (
    select *
    from delivered
    qualify row_number() over (partition by person_id order by extraction_period desc) = 1
),

final as (
    select
        person_id,
        birth_year,
        gender,
        origin,
        disability
    from latest
)

select * from final order by person_id;
