-- Counts per population, org unit (and 'totaal'), dimension and group, including the
-- intersections configured under analysis.intersections (e.g. gender × origin). The component
-- groups of an intersection are kept as margin_a and margin_b so that the privacy filter can
-- protect the margins too. The 'totaal' dimension holds the population total.
-- Intersections are split by org unit only when analysis.intersections_by_unit is set: per
-- unit nearly every intersection cell is below the minimum cell size anyway.
create or replace table marts.counts_by_group as

with cells as (
    select
        *,
        row_number() over () as cell_id
    from marts.cells
),

expanded as (
    select
        cells.* exclude (org_unit),
        populations.population,
        units.org_unit
    from cells,
        unnest(
            case
                when process = 'hiring' then ['candidates:all', 'candidates:' || candidate_type]
                else marts.populations(staff_category, ladder_level, leadership_layer)
            end
        ) as populations(population),
        unnest([cells.org_unit, 'totaal']) as units(org_unit)
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

final as (
    select
        expanded.process,
        expanded.stage,
        expanded.window_type,
        expanded.window_start,
        expanded.window_end,
        expanded.population,
        expanded.org_unit,
        dimensions.dimension,
        dimensions."group",
        dimensions.margin_a,
        dimensions.margin_b,
        sum(expanded.pool)::bigint as pool,
        sum(expanded.selected)::bigint as selected,
        sum(expanded.withdrawn)::bigint as withdrawn,
        sum(expanded.fte) as fte
    from expanded
    join dimensions using (cell_id)
    where dimensions.margin_a is null or expanded.org_unit = 'totaal' or $intersections_by_unit
    group by all
)

select * from final;
