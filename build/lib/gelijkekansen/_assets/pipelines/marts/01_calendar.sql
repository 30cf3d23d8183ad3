-- Quarter ends and analysis windows covered by the delivered history.
-- The history starts in the quarter of the earliest observed change (an exit or an
-- application); spells that began earlier are left-censored and only count as stock.
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

-- quarter:   each of the most recent quarters (analysis.recent_quarters)
-- rolling4q: the four quarters ending at each of those quarter ends
-- year:      each calendar year the history covers in full
-- (all_years, the pooled person-years of the year windows, is added in marts.cells)
-- Older quarters are summarised by year: single quarters are too small to tell much, and
-- every extra window multiplies the comparisons to correct for.
create or replace table marts.windows as

with quarters as (
    select
        *,
        row_number() over (order by quarter_start) as quarter_number,
        row_number() over (order by quarter_start desc) as quarters_ago
    from marts.quarters
),

quarter_windows as (
    select 'quarter' as window_type, quarter_start as window_start, quarter_end as window_end
    from quarters
    where quarters_ago <= $recent_quarters
),

rolling_windows as (
    select
        'rolling4q' as window_type,
        cast(quarter_end - interval 1 year + interval 1 day as date) as window_start,
        quarter_end as window_end
    from quarters
    where quarter_number >= 4 and quarters_ago <= $recent_quarters
),

year_windows as (
    select
        'year' as window_type,
        make_date(year(quarter_start), 1, 1) as window_start,
        make_date(year(quarter_start), 12, 31) as window_end
    from quarters
    group by year(quarter_start)
    having count(*) = 4
),

final as (
    select * from quarter_windows
    union all
    select * from rolling_windows
    union all
    select * from year_windows
)

select * from final order by window_type, window_start;
