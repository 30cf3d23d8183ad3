-- The quarters (start and end date) covered by the delivered history.
-- The history starts in the quarter of the earliest observed change (an exit or an
-- application); spells that began earlier are left-censored and only count as stock.
-- depends on: core.spells, core.applications, core.delivered_positions, marts.macros
create or replace table marts.quarters as

with bounds as (
    select
        date_trunc('quarter', least(
            (select min(valid_to) + interval 1 day from core.spells),
            (select min(applied_on) from core.applications)
        )) as history_start,
        (select max(marts.period_end(extraction_period)) from core.delivered_positions)
            as history_end
),

final as (
    select
        cast(quarter_start as date) as quarter_start,
        cast(quarter_start + interval 3 month - interval 1 day as date) as quarter_end
    from bounds,
        range(bounds.history_start, bounds.history_end, interval 3 month) as r(quarter_start)
)

select * from final order by quarter_start;
