-- Stocks and flows per quarter, population, org unit ('totaal' and each unit), dimension and
-- group, the input of the target projections (docs/targets.md). Dimensions are the person
-- attributes that do not change over time (gender, origin, disability), so that a group's
-- flows and the rest's add up to the population's:
--   stock_start  in the population at the start of the quarter (the previous quarter end)
--   stock_end    in the population at the end of the quarter
--   inflow       in at the end, not at the start: hires, promotions and moves into it
--   outflow      in at the start, not at the end: exits, promotions and moves out of it
-- so stock_end = stock_start + inflow - outflow. Flows compare the two snapshots only: someone
-- who left and came back within the quarter is in neither flow. Rows exist where someone is in
-- at the start or the end; an absent row means zero.
create or replace table marts.population_flows as

with quarters as (
    select * from marts.quarters
),

snapshots as (
    select * from marts.staff_snapshots
),

start_positions as (
    select
        quarters.quarter_start,
        quarters.quarter_end,
        snapshots.*
    from quarters
    join snapshots
        on snapshots.snapshot_date = cast(quarters.quarter_start - interval 1 day as date)
),

end_positions as (
    select
        quarters.quarter_start,
        quarters.quarter_end,
        snapshots.*
    from quarters
    join snapshots on snapshots.snapshot_date = quarters.quarter_end
),

-- one row per person and quarter; the side where the person is absent is null
positions as (
    select
        coalesce(start_positions.quarter_start, end_positions.quarter_start) as quarter_start,
        coalesce(start_positions.quarter_end, end_positions.quarter_end) as quarter_end,
        start_positions.org_unit as start_org_unit,
        start_positions.staff_category as start_staff_category,
        start_positions.ladder_level as start_ladder_level,
        start_positions.leadership_layer as start_leadership_layer,
        start_positions.gender as start_gender,
        start_positions.origin as start_origin,
        start_positions.disability as start_disability,
        end_positions.org_unit as end_org_unit,
        end_positions.staff_category as end_staff_category,
        end_positions.ladder_level as end_ladder_level,
        end_positions.leadership_layer as end_leadership_layer,
        end_positions.gender as end_gender,
        end_positions.origin as end_origin,
        end_positions.disability as end_disability
    from start_positions
    full join end_positions
        on start_positions.quarter_end = end_positions.quarter_end
        and start_positions.person_id = end_positions.person_id
),

-- persons per (start position, end position): work grows with distinct moves, not persons
transitions as (
    select
        *,
        row_number() over () as transition_id
    from (
        select
            *,
            count(*) as persons
        from positions
        group by all
    )
),

sides as (
    select
        transition_id,
        'start' as side,
        start_org_unit as org_unit,
        start_staff_category as staff_category,
        start_ladder_level as ladder_level,
        start_leadership_layer as leadership_layer,
        start_gender as gender,
        start_origin as origin,
        start_disability as disability
    from transitions
    where start_org_unit is not null
    union all
    select
        transition_id,
        'end' as side,
        end_org_unit as org_unit,
        end_staff_category as staff_category,
        end_ladder_level as ladder_level,
        end_leadership_layer as leadership_layer,
        end_gender as gender,
        end_origin as origin,
        end_disability as disability
    from transitions
    where end_org_unit is not null
),

memberships as (
    select
        sides.transition_id,
        sides.side,
        populations.population,
        units.org_unit,
        dimension_group.dimension,
        dimension_group."group"
    from sides,
        unnest(marts.populations(staff_category, ladder_level, leadership_layer))
            as populations(population),
        unnest([sides.org_unit, 'totaal']) as units(org_unit),
        unnest([
            {'dimension': 'totaal', 'group': 'totaal'},
            {'dimension': 'gender', 'group': gender},
            {'dimension': 'origin', 'group': origin},
            {'dimension': 'disability', 'group': disability}
        ]) as t(dimension_group)
),

presence as (
    select
        transition_id,
        population,
        org_unit,
        dimension,
        "group",
        bool_or(side = 'start') as at_start,
        bool_or(side = 'end') as at_end
    from memberships
    group by all
),

final as (
    select
        transitions.quarter_start,
        transitions.quarter_end,
        presence.population,
        presence.org_unit,
        presence.dimension,
        presence."group",
        sum(case when at_start then persons else 0 end)::bigint as stock_start,
        sum(case when at_end then persons else 0 end)::bigint as stock_end,
        sum(case when at_end and not at_start then persons else 0 end)::bigint as inflow,
        sum(case when at_start and not at_end then persons else 0 end)::bigint as outflow
    from presence
    join transitions using (transition_id)
    group by all
)

select * from final
order by quarter_end, population, org_unit, dimension, "group";
