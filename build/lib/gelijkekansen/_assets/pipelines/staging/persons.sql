create or replace table staging.persons as

with source as (
    select * from raw.persons
),

final as (
    select
        person_id,
        birth_year,
        staging.recode('gender', gender) as gender,
        staging.recode('origin', origin) as origin,
        staging.recode('disability', disability) as disability,
        source_file,
        source_row
    from source
)

select * from final;
