-- Counts per population, org unit (and 'totaal'), dimension and group, including the
-- intersections configured under analysis.intersections (e.g. gender × origin). The component
-- groups of an intersection are kept as margin_a and margin_b so that the privacy filter can
-- protect the margins too. The 'totaal' dimension holds the population total.
-- Intersections are split by org unit only when analysis.intersections_by_unit is set: per
-- unit nearly every intersection cell is below the minimum cell size anyway.
-- Cells are first summed per dimension and group (one dimension keeps a handful of the
-- hundreds of attribute combinations), and only then copied into their populations and units.
create or replace table marts.counts_by_group as

with cells as (
    select
        *,
        row_number() over () as cell_id
    from marts.cells
),

single_dimensions as (
    select
        cell_id,
        dimension_group.dimension,
        dimension_group."group"
    from cells,
        unnest([
            {'dimension': 'totaal', 'group': 'totaal'},
            {'dimension': 'gender', 'group': gender},
            {'dimension': 'origin', 'group': origin},
            {'dimension': 'disability', 'group': disability},
            {'dimension': 'age_band', 'group': age_band}
        ]) as t(dimension_group)
    where dimension_group."group" is not null
),

intersections as (
    select
        a.cell_id,
        a.dimension || '×' || b.dimension as dimension,
        a."group" || '×' || b."group" as "group",
        a."group" as margin_a,
        b."group" as margin_b
    from single_dimensions as a
    join single_dimensions as b using (cell_id)
    join marts.ref_intersections as pairs
        on pairs.dimension_a = a.dimension and pairs.dimension_b = b.dimension
),

dimensions as (
    select cell_id, dimension, "group", null as margin_a, null as margin_b
    from single_dimensions
    union all
    select * from intersections
),

-- everything a population, unit or group is derived from, summed per dimension and group
by_group as (
    select
        cells.process,
        cells.stage,
        cells.window_type,
        cells.window_start,
        cells.window_end,
        cells.staff_category,
        cells.ladder_level,
        cells.leadership_layer,
        cells.candidate_type,
        cells.org_unit,
        dimensions.dimension,
        dimensions."group",
        dimensions.margin_a,
        dimensions.margin_b,
        sum(cells.pool) as pool,
        sum(cells.selected) as selected,
        sum(cells.withdrawn) as withdrawn,
        sum(cells.fte) as fte
    from cells
    join dimensions using (cell_id)
    group by all
),

expanded as (
    select
        by_group.* exclude (org_unit),
        populations.population,
        units.org_unit
    from by_group,
        unnest(
            case
                when process = 'hiring' then ['candidates:all', 'candidates:' || candidate_type]
                else marts.populations(staff_category, ladder_level, leadership_layer)
            end
        ) as populations(population),
        unnest([by_group.org_unit, 'totaal']) as units(org_unit)
),

final as (
    select
        process,
        stage,
        window_type,
        window_start,
        window_end,
        population,
        org_unit,
        dimension,
        "group",
        margin_a,
        margin_b,
        sum(pool)::bigint as pool,
        sum(selected)::bigint as selected,
        sum(withdrawn)::bigint as withdrawn,
        sum(fte) as fte
    from expanded
    where margin_a is null or org_unit = 'totaal' or $intersections_by_unit
    group by all
)

select * from final;
