create or replace table staging.vacancies as

with source as (
    select * from raw.vacancies
),

final as (
    select
        vacancy_id,
        org_unit,
        job_code,
        lower(ladder_level) as ladder_level,
        opened_on,
        closed_on,
        source_file,
        source_row
    from source
)

select * from final;
