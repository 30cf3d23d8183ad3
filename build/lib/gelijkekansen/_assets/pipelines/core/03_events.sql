-- Career events derived from consecutive spells of one person.
--   hire              first day of a spell not continuing an earlier one
--   exit              day after the last day of a spell that no later spell continues
--   promotion         continuing spell higher on the same ladder, or a higher CAO scale on the
--                     same ladder level
--   leadership_entry  continuing spell in a higher leadership layer (none counts as 0)
--   internal_move     continuing spell in another org unit or function, neither up nor down
-- Two spells are continuous when the next one starts at most 1 + $gap_days days after the
-- previous one ended (gap_days from analysis.continuity_gap_days).
create or replace table core.events as

with spells as (
    select * from core.spells
),

sequenced as (
    select
        *,
        lag(valid_to) over person_history as previous_valid_to,
        lag(org_unit) over person_history as previous_org_unit,
        lag(job_code) over person_history as previous_job_code,
        lag(ladder_level) over person_history as previous_ladder_level,
        lag(staff_category) over person_history as previous_staff_category,
        lag(ladder_rank) over person_history as previous_ladder_rank,
        lag(layer_rank) over person_history as previous_layer_rank,
        lag(leadership_layer) over person_history as previous_leadership_layer,
        lag(cao_scale) over person_history as previous_cao_scale,
        lead(valid_from) over person_history as next_valid_from
    from spells
    window person_history as (partition by person_id order by valid_from)
),

classified as (
    select
        *,
        previous_valid_to is not null
            and valid_from <= previous_valid_to + to_days(1 + $gap_days) as continues_previous,
        next_valid_from is not null
            and next_valid_from <= valid_to + to_days(1 + $gap_days) as continued_by_next
    from sequenced
),

transitions as (
    select
        person_id,
        valid_from as event_date,
        case
            when layer_rank > previous_layer_rank then 'leadership_entry'
            when staff_category = previous_staff_category
                and (
                    ladder_rank > previous_ladder_rank
                    or (ladder_level = previous_ladder_level and cao_scale > previous_cao_scale)
                )
                then 'promotion'
            when staff_category = previous_staff_category
                and ladder_rank = previous_ladder_rank
                and layer_rank = previous_layer_rank
                and cao_scale = previous_cao_scale
                and (org_unit <> previous_org_unit or job_code <> previous_job_code)
                then 'internal_move'
        end as event_type,
        previous_org_unit as from_org_unit,
        org_unit as to_org_unit,
        previous_ladder_level as from_ladder_level,
        ladder_level as to_ladder_level,
        previous_leadership_layer as from_leadership_layer,
        leadership_layer as to_leadership_layer
    from classified
    where continues_previous
),

hires as (
    select
        person_id,
        valid_from as event_date,
        'hire' as event_type,
        null as from_org_unit,
        org_unit as to_org_unit,
        null as from_ladder_level,
        ladder_level as to_ladder_level,
        null as from_leadership_layer,
        leadership_layer as to_leadership_layer
    from classified
    where not continues_previous
),

exits as (
    select
        person_id,
        valid_to + interval 1 day as event_date,
        'exit' as event_type,
        org_unit as from_org_unit,
        null as to_org_unit,
        ladder_level as from_ladder_level,
        null as to_ladder_level,
        leadership_layer as from_leadership_layer,
        null as to_leadership_layer
    from classified
    where valid_to is not null and not continued_by_next
),

final as (
    select * from transitions where event_type is not null
    union all
    select * from hires
    union all
    select * from exits
)

select
    person_id,
    cast(event_date as date) as event_date,
    event_type,
    from_org_unit,
    to_org_unit,
    from_ladder_level,
    to_ladder_level,
    from_leadership_layer,
    to_leadership_layer
from final
order by person_id, event_date, event_type;
