-- Every group of every dimension appears in every comparison, with zeros where nobody is,
-- so that empty cells are shown as empty rather than missing (they are then suppressed like
-- any small count). Groups come from the data contract (marts.ref_groups).
create or replace table marts.group_counts as

with counts as (
    select * from marts.counts_by_group
),

comparisons as (
    select distinct
        process,
        stage,
        window_type,
        window_start,
        window_end,
        population,
        org_unit,
        dimension
    from counts
),

groups as (
    select * from marts.ref_groups
),

final as (
    select
        comparisons.*,
        groups."group",
        groups.margin_a,
        groups.margin_b,
        coalesce(counts.pool, 0) as pool,
        case when comparisons.process <> 'representation' then coalesce(counts.selected, 0) end
            as selected,
        case when comparisons.process = 'hiring' then coalesce(counts.withdrawn, 0) end
            as withdrawn,
        case when comparisons.process = 'representation' then round(coalesce(counts.fte, 0), 6) end
            as fte
    from comparisons
    join groups on groups.dimension = comparisons.dimension
    left join counts
        on counts.process = comparisons.process
        and counts.stage = comparisons.stage
        and counts.window_type = comparisons.window_type
        and counts.window_start = comparisons.window_start
        and counts.population = comparisons.population
        and counts.org_unit = comparisons.org_unit
        and counts.dimension = comparisons.dimension
        and counts."group" = groups."group"
)

select * from final
order by process, stage, window_type, window_start, population, org_unit, dimension, "group";
