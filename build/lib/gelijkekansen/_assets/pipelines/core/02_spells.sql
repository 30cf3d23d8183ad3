-- Employment spells: the latest delivered version of each (person, start date), enriched with
-- the ladder and leadership ranks from the configuration.
create or replace table core.spells as

with delivered as (
    select * from core.delivered_positions
),

ladder as (
    select * from staging.ref_ladder
),

layers as (
    select * from staging.ref_layers
),

latest as (
    select *
    from delivered
    qualify row_number() over (
        partition by person_id, valid_from order by extraction_period desc
    ) = 1
),

final as (
    select
        latest.person_id,
        latest.valid_from,
        latest.valid_to,
        latest.org_unit,
        latest.job_code,
        latest.ladder_level,
        ladder.staff_category,          -- op (teaching) or obp (support)
        ladder.ladder_rank,             -- 1 = bottom of its own ladder
        latest.leadership_layer,
        coalesce(layers.layer_rank, 0) as layer_rank,   -- 0 = no leadership role
        latest.cao_scale,
        latest.fte,
        latest.contract_type
    from latest
    left join ladder on latest.ladder_level = ladder.ladder_level
    left join layers on latest.leadership_layer = layers.leadership_layer
)

select * from final order by person_id, valid_from;
