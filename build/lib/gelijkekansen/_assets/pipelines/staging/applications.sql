create or replace table staging.applications as

with source as (
    select * from raw.applications
),

final as (
    select
        vacancy_id,
        candidate_id,
        applied_on,
        staging.recode('boolean', internal) as internal,
        staging.recode('stage', furthest_stage) as furthest_stage,
        staging.recode('boolean', withdrawn) as withdrawn,
        staging.recode('gender', gender) as gender,
        staging.recode('age_band', age_band) as age_band,
        staging.recode('origin', origin) as origin,
        screened_on,
        interviewed_on,
        offered_on,
        hired_on,
        source_file,
        source_row
    from source
)

select * from final;
