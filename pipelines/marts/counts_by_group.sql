-- Counts per comparison (process, stage, window, population, org unit) and group of every
-- dimension, including the intersections configured under analysis.intersections (e.g.
-- gender × origin). The component groups of an intersection are kept as margin_a and
-- margin_b so that the privacy filter can protect the margins too. The 'totaal' dimension
-- holds the population total. Intersections are split by org unit only when
-- analysis.intersections_by_unit is set: per unit nearly every intersection cell is below the
-- minimum cell size anyway.
--
-- Why integer keys: grouping hundreds of thousands of rows on a dozen text columns twice
-- cost seconds even at hogeschool size. So the text is numbered once, in three small tables
-- (marts.comparison_keys for the comparison, marts.group_keys for dimension and group, and
-- the attribute combinations below), the sums group on two integers, and marts.group_counts
-- puts the text back. Each cell is summed per context and group first and only then copied
-- into its populations and units, so work grows with contexts, not cells x populations.
-- Only the windows counted in this run (marts.stale_cells, see marts.window_fingerprints).
-- depends on: marts.stale_cells, marts.cell_contexts, marts.context_comparisons, marts.group_keys,
-- depends on: marts.macros
-- parameters: intersections_by_unit
create or replace table marts.counts_by_group as

with cells as (
    select * from marts.stale_cells
),

cell_contexts as (
    select * from marts.cell_contexts
),

context_comparisons as (
    select * from marts.context_comparisons
),

combinations as (
    select
        row_number() over () as combination_id,
        *
    from (select distinct gender, origin, disability, age_band from cells)
),

-- the groups each attribute combination falls in: one per dimension it has a value for
combination_groups as (
    select
        combinations.combination_id,
        group_keys.group_id,
        group_keys.dimension_a is not null as is_intersection
    from combinations
    join marts.group_keys as group_keys
        on case
            when group_keys.dimension_a is null
                then group_keys."group" = marts.group_of(
                    group_keys.dimension, gender, origin, disability, age_band
                )
            else group_keys.margin_a = marts.group_of(
                    group_keys.dimension_a, gender, origin, disability, age_band
                )
                and group_keys.margin_b = marts.group_of(
                    group_keys.dimension_b, gender, origin, disability, age_band
                )
        end
),

keyed_cells as (
    select
        cell_contexts.context_id,
        combinations.combination_id,
        cells.pool,
        cells.selected,
        cells.withdrawn,
        cells.fte
    from cells
    join cell_contexts
        on cells.process is not distinct from cell_contexts.process
        and cells.stage is not distinct from cell_contexts.stage
        and cells.window_type is not distinct from cell_contexts.window_type
        and cells.window_start is not distinct from cell_contexts.window_start
        and cells.window_end is not distinct from cell_contexts.window_end
        and cells.staff_category is not distinct from cell_contexts.staff_category
        and cells.ladder_level is not distinct from cell_contexts.ladder_level
        and cells.leadership_layer is not distinct from cell_contexts.leadership_layer
        and cells.candidate_type is not distinct from cell_contexts.candidate_type
        and cells.org_unit is not distinct from cell_contexts.org_unit
    join combinations
        on cells.gender is not distinct from combinations.gender
        and cells.origin is not distinct from combinations.origin
        and cells.disability is not distinct from combinations.disability
        and cells.age_band is not distinct from combinations.age_band
),

by_context as (
    select
        keyed_cells.context_id,
        combination_groups.group_id,
        any_value(combination_groups.is_intersection) as is_intersection,
        sum(keyed_cells.pool) as pool,
        sum(keyed_cells.selected) as selected,
        sum(keyed_cells.withdrawn) as withdrawn,
        sum(keyed_cells.fte) as fte
    from keyed_cells
    join combination_groups using (combination_id)
    group by keyed_cells.context_id, combination_groups.group_id
),

final as (
    select
        context_comparisons.comparison_id,
        by_context.group_id,
        sum(by_context.pool)::bigint as pool,
        sum(by_context.selected)::bigint as selected,
        sum(by_context.withdrawn)::bigint as withdrawn,
        sum(by_context.fte) as fte
    from by_context
    join context_comparisons using (context_id)
    where not by_context.is_intersection
        or context_comparisons.org_unit = 'totaal'
        or $intersections_by_unit
    group by context_comparisons.comparison_id, by_context.group_id
)

select * from final;
