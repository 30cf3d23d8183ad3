-- The analysis windows over the quarters of the delivered history.
-- quarter:   each of the most recent quarters (analysis.recent_quarters)
-- rolling4q: the four quarters ending at each of those quarter ends
-- year:      each calendar year the history covers in full
-- (all_years, the pooled person-years of the year windows, is added in marts.cells)
-- Older quarters are summarised by year: single quarters are too small to tell much, and
-- every extra window multiplies the comparisons to correct for.
-- depends on: marts.quarters
-- parameters: recent_quarters
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
