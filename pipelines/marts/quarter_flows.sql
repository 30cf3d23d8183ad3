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
-- Kept across runs: only the quarters whose two snapshots changed (stale 'population_flows'
-- rows of marts.window_fingerprints) are counted again; marts.population_flows orders them.
-- depends on: marts.window_fingerprints, marts.staff_snapshots, marts.macros
-- kept across runs
create or replace temp table stale_quarter_flows as

-- Positions, person attribute combinations, (population, org unit) memberships and groups are
-- numbered first, so that the joins and sums over person-quarters run on integers, not text.
with quarters as (
    select
        window_start as quarter_start,
        window_end as quarter_end
    from marts.window_fingerprints
    where window_type = 'population_flows' and stale
),

snapshots as (
    select *
    from marts.staff_snapshots
    where snapshot_date in (
        select quarter_end from quarters
        union all
        select cast(quarter_start - interval 1 day as date) from quarters
    )
),

positions as (
    select
        row_number() over () as position_id,
        *
    from (
        select distinct org_unit, staff_category, ladder_level, leadership_layer from snapshots
    )
),

combinations as (
    select
        row_number() over () as combination_id,
        *
    from (select distinct gender, origin, disability from snapshots)
),

-- the (population, org unit) pairs a position counts in
memberships as (
    select
        dense_rank() over (order by populations.population, units.org_unit) as membership_id,
        positions.position_id,
        populations.population,
        units.org_unit
    from positions,
        unnest(marts.populations(staff_category, ladder_level, leadership_layer))
            as populations(population),
        unnest([positions.org_unit, 'totaal']) as units(org_unit)
),

-- the group of each dimension a combination of person attributes is in
combination_groups as (
    select
        dense_rank() over (order by dimension_group.dimension, dimension_group."group")
            as group_id,
        combinations.combination_id,
        dimension_group.dimension,
        dimension_group."group"
    from combinations,
        unnest([
            {'dimension': 'totaal', 'group': 'totaal'},
            {'dimension': 'gender', 'group': gender},
            {'dimension': 'origin', 'group': origin},
            {'dimension': 'disability', 'group': disability}
        ]) as t(dimension_group)
),

keyed_snapshots as (
    select
        snapshots.snapshot_date,
        snapshots.person_id,
        positions.position_id,
        combinations.combination_id
    from snapshots
    join positions
        on snapshots.org_unit is not distinct from positions.org_unit
        and snapshots.staff_category is not distinct from positions.staff_category
        and snapshots.ladder_level is not distinct from positions.ladder_level
        and snapshots.leadership_layer is not distinct from positions.leadership_layer
    join combinations
        on snapshots.gender is not distinct from combinations.gender
        and snapshots.origin is not distinct from combinations.origin
        and snapshots.disability is not distinct from combinations.disability
),

start_positions as (
    select
        quarters.quarter_start,
        quarters.quarter_end,
        keyed_snapshots.*
    from quarters
    join keyed_snapshots
        on keyed_snapshots.snapshot_date = cast(quarters.quarter_start - interval 1 day as date)
),

end_positions as (
    select
        quarters.quarter_start,
        quarters.quarter_end,
        keyed_snapshots.*
    from quarters
    join keyed_snapshots on keyed_snapshots.snapshot_date = quarters.quarter_end
),

-- persons per quarter, start position, end position (null where absent) and attributes: work
-- grows with distinct moves, not persons. Attributes do not change, so either side has them.
transitions as (
    select
        row_number() over () as transition_id,
        *
    from (
        select
            coalesce(start_positions.quarter_start, end_positions.quarter_start)
                as quarter_start,
            coalesce(start_positions.quarter_end, end_positions.quarter_end) as quarter_end,
            start_positions.position_id as start_position_id,
            end_positions.position_id as end_position_id,
            coalesce(start_positions.combination_id, end_positions.combination_id)
                as combination_id,
            count(*) as persons
        from start_positions
        full join end_positions
            on start_positions.quarter_end = end_positions.quarter_end
            and start_positions.person_id = end_positions.person_id
        group by all
    )
),

sides as (
    select transition_id, start_position_id as position_id, true as at_start, false as at_end
    from transitions
    where start_position_id is not null
    union all
    select transition_id, end_position_id as position_id, false as at_start, true as at_end
    from transitions
    where end_position_id is not null
),

presence as (
    select
        sides.transition_id,
        memberships.membership_id,
        bool_or(sides.at_start) as at_start,
        bool_or(sides.at_end) as at_end
    from sides
    join memberships using (position_id)
    group by sides.transition_id, memberships.membership_id
),

flows as (
    select
        transitions.quarter_end,
        presence.membership_id,
        combination_groups.group_id,
        sum(case when at_start then persons else 0 end)::bigint as stock_start,
        sum(case when at_end then persons else 0 end)::bigint as stock_end,
        sum(case when at_end and not at_start then persons else 0 end)::bigint as inflow,
        sum(case when at_start and not at_end then persons else 0 end)::bigint as outflow
    from presence
    join transitions using (transition_id)
    join combination_groups using (combination_id)
    group by transitions.quarter_end, presence.membership_id, combination_groups.group_id
),

membership_labels as (
    select distinct membership_id, population, org_unit from memberships
),

group_labels as (
    select distinct group_id, dimension, "group" from combination_groups
),

final as (
    select
        flows.membership_id,
        flows.group_id,
        quarters.quarter_start,
        flows.quarter_end,
        membership_labels.population,
        membership_labels.org_unit,
        group_labels.dimension,
        group_labels."group",
        flows.stock_start,
        flows.stock_end,
        flows.inflow,
        flows.outflow
    from flows
    join quarters using (quarter_end)
    join membership_labels using (membership_id)
    join group_labels using (group_id)
)

select * exclude (membership_id, group_id) from final;

create table if not exists marts.quarter_flows as
select * from stale_quarter_flows limit 0;

delete from marts.quarter_flows
where not exists (
    select 1
    from marts.window_fingerprints as windows
    where windows.window_type = 'population_flows'
        and windows.window_end = quarter_flows.quarter_end
        and not windows.stale
);

insert into marts.quarter_flows by name
select * from stale_quarter_flows;

drop table stale_quarter_flows;
