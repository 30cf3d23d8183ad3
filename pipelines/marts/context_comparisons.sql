-- Each comparison a context's counts go into: its populations, its unit and the organisation.
-- depends on: marts.cell_contexts, marts.macros
create or replace table marts.context_comparisons as

with memberships as (
    select
        cell_contexts.context_id,
        cell_contexts.process,
        cell_contexts.stage,
        cell_contexts.window_type,
        cell_contexts.window_start,
        cell_contexts.window_end,
        populations.population,
        units.org_unit
    from marts.cell_contexts as cell_contexts,
        unnest(
            case
                when process = 'hiring' then ['candidates:all', 'candidates:' || candidate_type]
                else marts.populations(staff_category, ladder_level, leadership_layer)
            end
        ) as populations(population),
        unnest([cell_contexts.org_unit, 'totaal']) as units(org_unit)
)

select
    memberships.context_id,
    dense_rank() over (
        order by process, stage, window_type, window_start, population, org_unit
    ) as comparison_id,
    memberships.* exclude (context_id)
from memberships;
