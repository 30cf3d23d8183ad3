-- Counts per smallest cell of every window, kept across runs: the rows of windows that are
-- stale (marts.window_fingerprints) or no longer analysed are deleted, those of the stale
-- windows counted in this run (marts.window_cells) inserted, the rest stay as the previous
-- run left them. A kept row is only ever one of a window whose fingerprint did not change, so
-- it equals the row a count from scratch would give.
--   all_years  person-years (and applications) summed over the full calendar years: small
--              effects that no single year can show become visible, at the price of counting a
--              person once per year. The sums of the year windows' cells, counted again when
--              any year window is (its fingerprint is theirs).
-- depends on: marts.window_cells, marts.window_fingerprints, marts.windows
-- kept across runs
create table if not exists marts.cells as
select * from marts.window_cells limit 0;

delete from marts.cells
where not exists (
    select 1
    from marts.window_fingerprints as windows
    where windows.window_type = cells.window_type
        and windows.window_start = cells.window_start
        and windows.window_end = cells.window_end
        and not windows.stale
);

insert into marts.cells by name
select * from marts.window_cells;

insert into marts.cells by name

with year_range as (
    select
        min(window_start) as first_day,
        max(window_end) as last_day
    from marts.windows
    where window_type = 'year'
),

pooled_years as (
    select
        cells.process,
        cells.stage,
        'all_years' as window_type,
        year_range.first_day as window_start,
        year_range.last_day as window_end,
        cells.staff_category,
        cells.ladder_level,
        cells.leadership_layer,
        cells.org_unit,
        cells.candidate_type,
        cells.gender,
        cells.origin,
        cells.disability,
        cells.age_band,
        sum(cells.pool) as pool,
        sum(cells.selected) as selected,
        sum(cells.withdrawn) as withdrawn,
        null::double as fte
    from marts.cells as cells
    cross join year_range
    where cells.window_type = 'year'
    group by all
)

select *
from pooled_years
where exists (
    select 1 from marts.window_fingerprints where window_type = 'all_years' and stale
);
