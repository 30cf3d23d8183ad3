create or replace table staging.positions as

with source as (
    select * from raw.positions
),

final as (
    select
        person_id,
        valid_from,
        valid_to,                      -- null while the spell lasts
        org_unit,
        job_code,
        lower(ladder_level) as ladder_level,
        lower(leadership_layer) as leadership_layer,
        cao_scale,
        fte,
        staging.recode('contract_type', contract_type) as contract_type,
        source_file,
        source_row
    from source
)

select * from final;
