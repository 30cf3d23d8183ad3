-- Counts per smallest cell (all group attributes kept), before they are split by dimension,
-- for the stale windows of marts.window_fingerprints only (marts.cells adds the kept ones).
-- Counting cells first and expanding populations and dimensions afterwards keeps the work
-- proportional to the number of distinct cells, not persons x populations x dimensions.
--   representation  headcount and FTE at each quarter end
--   promotion, internal_move (mobility), exit: pool = staff at the eve of the window,
--                   selected = persons with at least one such event in the window
--   leadership_entry: pool = staff without a leadership role at the eve of the window
--   hiring          per funnel step; pool = candidates who reached the previous stage and did
--                   not withdraw there; withdrawn candidates are reported, never rejected
-- depends on: marts.staff_snapshots, marts.window_fingerprints, core.events
-- depends on: core.applications, core.vacancies
create or replace table marts.window_cells as

with snapshots as (
    select * from marts.staff_snapshots
),

stale_windows as (
    select * from marts.window_fingerprints where stale
),

windows as (
    select window_type, window_start, window_end
    from stale_windows
    where window_type in ('quarter', 'rolling4q', 'year')
),

events as (
    select * from core.events
),

representation as (
    select
        'representation' as process,
        'stock' as stage,
        'quarter_end' as window_type,
        snapshot_date as window_start,
        snapshot_date as window_end,
        staff_category,
        ladder_level,
        leadership_layer,
        org_unit,
        null as candidate_type,
        gender,
        origin,
        disability,
        age_band,
        count(*) as pool,
        null::bigint as selected,
        null::bigint as withdrawn,
        round(sum(fte), 6) as fte       -- rounded: float sums must not vary with thread order
    from snapshots
    where snapshot_date in (
        select window_end from stale_windows where window_type = 'quarter_end'
    )
    group by all
),

-- Which events each person had in each window (a person counts once per kind of event).
window_events as (
    select
        windows.window_type,
        windows.window_start,
        events.person_id,
        bool_or(events.event_type = 'promotion') as promoted,
        bool_or(events.event_type = 'internal_move') as moved,
        bool_or(events.event_type = 'leadership_entry') as entered_leadership,
        bool_or(events.event_type = 'exit') as exited
    from windows
    join events on events.event_date between windows.window_start and windows.window_end
    group by all
),

window_outcomes as (
    select
        windows.window_type,
        windows.window_start,
        windows.window_end,
        snapshots.*,
        coalesce(window_events.promoted, false) as promoted,
        coalesce(window_events.moved, false) as moved,
        coalesce(window_events.entered_leadership, false) as entered_leadership,
        coalesce(window_events.exited, false) as exited
    from windows
    join snapshots on snapshots.snapshot_date = windows.window_start - interval 1 day
    left join window_events
        on window_events.window_type = windows.window_type
        and window_events.window_start = windows.window_start
        and window_events.person_id = snapshots.person_id
),

internal_flows as (
    select
        window_type,
        window_start,
        window_end,
        staff_category,
        ladder_level,
        leadership_layer,
        org_unit,
        gender,
        origin,
        disability,
        age_band,
        count(*) as pool,
        count_if(leadership_layer = 'geen') as pool_without_leadership,
        count_if(promoted) as promoted,
        count_if(moved) as moved,
        count_if(entered_leadership and leadership_layer = 'geen') as entered_leadership,
        count_if(exited) as exited
    from window_outcomes
    group by all
),

flows as (
    select
        flow.process,
        flow.process as stage,
        window_type,
        window_start,
        window_end,
        staff_category,
        ladder_level,
        leadership_layer,
        org_unit,
        null as candidate_type,
        gender,
        origin,
        disability,
        age_band,
        flow.pool,
        flow.selected,
        null::bigint as withdrawn,
        null::double as fte
    from internal_flows,
        unnest([
            {'process': 'promotion', 'pool': pool, 'selected': promoted},
            {'process': 'mobility', 'pool': pool, 'selected': moved},
            {'process': 'leadership_entry', 'pool': pool_without_leadership,
             'selected': entered_leadership},
            {'process': 'exit', 'pool': pool, 'selected': exited}
        ]) as t(flow)
    where flow.pool > 0
),

applications as (
    select
        applications.*,
        vacancies.org_unit,
        -- 0 applied, 1 screened, 2 interviewed, 3 offered, 4 hired
        list_position(['applied', 'screened', 'interviewed', 'offered', 'hired'],
                      applications.furthest_stage) - 1 as stage_reached
    from core.applications as applications
    join core.vacancies as vacancies using (vacancy_id)
),

hiring_cells as (
    select
        windows.window_type,
        windows.window_start,
        windows.window_end,
        applications.org_unit,
        case when applications.internal = 'ja' then 'internal' else 'external' end
            as candidate_type,
        applications.gender,
        applications.origin,
        applications.age_band,
        count(*) as applied,
        count_if(stage_reached >= 1) as reached_1,
        count_if(stage_reached >= 2) as reached_2,
        count_if(stage_reached >= 3) as reached_3,
        count_if(stage_reached >= 4) as reached_4,
        count_if(withdrawn = 'ja' and stage_reached = 0) as withdrew_0,
        count_if(withdrawn = 'ja' and stage_reached = 1) as withdrew_1,
        count_if(withdrawn = 'ja' and stage_reached = 2) as withdrew_2,
        count_if(withdrawn = 'ja' and stage_reached = 3) as withdrew_3,
        count_if(withdrawn = 'ja' and stage_reached < 4) as withdrew_any
    from windows
    join applications
        on applications.applied_on between windows.window_start and windows.window_end
    group by all
),

hiring as (
    select
        'hiring' as process,
        step.stage,
        window_type,
        window_start,
        window_end,
        null as staff_category,
        null as ladder_level,
        null as leadership_layer,
        org_unit,
        candidate_type,
        gender,
        origin,
        null as disability,             -- not asked of candidates
        age_band,
        step.pool,
        step.selected,
        step.withdrawn,
        null::double as fte
    from hiring_cells,
        unnest([
            {'stage': 'applied>screened', 'pool': applied - withdrew_0,
             'selected': reached_1, 'withdrawn': withdrew_0},
            {'stage': 'screened>interviewed', 'pool': reached_1 - withdrew_1,
             'selected': reached_2, 'withdrawn': withdrew_1},
            {'stage': 'interviewed>offered', 'pool': reached_2 - withdrew_2,
             'selected': reached_3, 'withdrawn': withdrew_2},
            {'stage': 'offered>hired', 'pool': reached_3 - withdrew_3,
             'selected': reached_4, 'withdrawn': withdrew_3},
            {'stage': 'applied>hired', 'pool': applied - withdrew_any,
             'selected': reached_4, 'withdrawn': withdrew_any}
        ]) as t(step)
    where step.pool > 0
),

windowed as (
    select * from flows
    union all by name
    select * from hiring
),

final as (
    select * from representation
    union all by name
    select * from windowed
)

select * from final;
