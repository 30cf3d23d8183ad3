-- The windows counted in this run, each with a fingerprint of everything its counts are made
-- of, and whether it is stale: new, or its fingerprint differs from the previous run's. Only
-- stale windows are counted again (marts.window_cells, marts.window_group_counts); the rows of
-- the others are kept from the previous run (marts.cells, marts.group_counts). So a new quarter
-- counts its own windows, and a corrected old row the windows it reaches.
--   quarter_end  the staff snapshot of that day (marts.staff_snapshots rows, every column)
--   quarter, rolling4q, year
--                the snapshot at the eve of the window (the pool), the events and the
--                applications (with their vacancy's unit) dated in the window
--   all_years    the fingerprints of the year windows it pools
--   population_flows
--                a quarter of marts.quarter_flows: the snapshots at its eve and its end
-- Every window also carries the groups counted (marts.group_keys) and
-- analysis.intersections_by_unit. The fingerprint hashes the rows themselves, not their keys,
-- so a spell closed in a new quarter leaves the old snapshots (which do not show its end) as
-- they were, and a corrected birth year reaches exactly the snapshots the person is in.
-- depends on: marts.quarters, marts.windows, marts.staff_snapshots, marts.group_keys
-- depends on: core.events, core.applications, core.vacancies
-- parameters: intersections_by_unit
-- kept across runs
create table if not exists marts.window_fingerprints (
    window_type varchar,
    window_start date,
    window_end date,
    fingerprint varchar,
    stale boolean
);

create or replace table marts.window_fingerprints as

with windows as (
    select * from marts.windows
),

snapshot_hashes as (
    select
        snapshot_date,
        count(*) as rows,
        sum(hash(snapshots)) as rows_hash
    from marts.staff_snapshots as snapshots
    group by snapshot_date
),

event_hashes as (
    select
        windows.window_type,
        windows.window_start,
        count(*) as rows,
        sum(hash(events)) as rows_hash
    from windows
    join core.events as events
        on events.event_date between windows.window_start and windows.window_end
    group by all
),

application_hashes as (
    select
        windows.window_type,
        windows.window_start,
        count(*) as rows,
        sum(hash(applications, vacancies.org_unit)) as rows_hash
    from windows
    join core.applications as applications
        on applications.applied_on between windows.window_start and windows.window_end
    join core.vacancies as vacancies using (vacancy_id)
    group by all
),

settings as (
    select
        md5(string_agg(hash(group_keys)::varchar, ',' order by group_id))
            || cast($intersections_by_unit as varchar) as settings_hash
    from marts.group_keys as group_keys
),

quarter_end_windows as (
    select
        'quarter_end' as window_type,
        quarter_end as window_start,
        quarter_end as window_end,
        md5(struct_pack(settings_hash, snapshots.rows, snapshots.rows_hash)::varchar)
            as fingerprint
    from marts.quarters
    cross join settings
    left join snapshot_hashes as snapshots on snapshots.snapshot_date = quarters.quarter_end
),

flow_windows as (
    select
        windows.window_type,
        windows.window_start,
        windows.window_end,
        md5(struct_pack(
            settings_hash,
            pool_rows := snapshots.rows,
            pool_hash := snapshots.rows_hash,
            event_rows := events.rows,
            event_hash := events.rows_hash,
            application_rows := applications.rows,
            application_hash := applications.rows_hash
        )::varchar) as fingerprint
    from windows
    cross join settings
    left join snapshot_hashes as snapshots
        on snapshots.snapshot_date = windows.window_start - interval 1 day
    left join event_hashes as events using (window_type, window_start)
    left join application_hashes as applications using (window_type, window_start)
),

flow_quarters as (
    select
        'population_flows' as window_type,
        quarters.quarter_start as window_start,
        quarters.quarter_end as window_end,
        md5(struct_pack(
            settings_hash,
            start_rows := starts.rows,
            start_hash := starts.rows_hash,
            end_rows := ends.rows,
            end_hash := ends.rows_hash
        )::varchar) as fingerprint
    from marts.quarters
    cross join settings
    left join snapshot_hashes as starts
        on starts.snapshot_date = quarters.quarter_start - interval 1 day
    left join snapshot_hashes as ends on ends.snapshot_date = quarters.quarter_end
),

all_years_window as (
    select
        'all_years' as window_type,
        min(window_start) as window_start,
        max(window_end) as window_end,
        md5(string_agg(window_start::varchar || fingerprint, ',' order by window_start))
            as fingerprint
    from flow_windows
    where window_type = 'year'
    having count(*) > 0
),

current_windows as (
    select * from quarter_end_windows
    union all
    select * from flow_windows
    union all
    select * from all_years_window
    union all
    select * from flow_quarters
),

final as (
    select
        current_windows.*,
        previous.fingerprint is distinct from current_windows.fingerprint as stale
    from current_windows
    left join marts.window_fingerprints as previous
        using (window_type, window_start, window_end)
)

select * from final order by window_type, window_start;
