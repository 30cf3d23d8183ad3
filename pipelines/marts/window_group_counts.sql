-- Every group of every dimension appears in every comparison, with zeros where nobody is,
-- so that empty cells are shown as empty rather than missing (they are then suppressed like
-- any small count). Groups come from the data contract (marts.group_keys); the densifying
-- joins run on the integer keys of marts.counts_by_group and the text is attached last.
-- Kept across runs like marts.cells: the rows of windows that are stale or no longer analysed
-- are deleted, those of the stale windows counted in this run inserted (marts.group_counts
-- puts them in order).
-- depends on: marts.counts_by_group, marts.group_keys, marts.comparison_keys
-- depends on: marts.window_fingerprints
-- kept across runs
create or replace temp table stale_group_counts as

with counts as (
    select * from marts.counts_by_group
),

group_keys as (
    select * from marts.group_keys
),

comparisons as (
    select distinct
        counts.comparison_id,
        group_keys.dimension
    from counts
    join group_keys using (group_id)
),

dense as (
    select
        comparisons.comparison_id,
        group_keys.group_id,
        counts.pool,
        counts.selected,
        counts.withdrawn,
        counts.fte
    from comparisons
    join group_keys using (dimension)
    left join counts
        on counts.comparison_id = comparisons.comparison_id
        and counts.group_id = group_keys.group_id
),

final as (
    select
        dense.comparison_id,
        dense.group_id,
        comparison_keys.process,
        comparison_keys.stage,
        comparison_keys.window_type,
        comparison_keys.window_start,
        comparison_keys.window_end,
        comparison_keys.population,
        comparison_keys.org_unit,
        group_keys.dimension,
        group_keys."group",
        group_keys.margin_a,
        group_keys.margin_b,
        coalesce(dense.pool, 0) as pool,
        case when comparison_keys.process <> 'representation' then coalesce(dense.selected, 0) end
            as selected,
        case when comparison_keys.process = 'hiring' then coalesce(dense.withdrawn, 0) end
            as withdrawn,
        case when comparison_keys.process = 'representation' then round(coalesce(dense.fte, 0), 6) end
            as fte
    from dense
    join marts.comparison_keys as comparison_keys on comparison_keys.comparison_id = dense.comparison_id
    join group_keys on group_keys.group_id = dense.group_id
)

select * exclude (comparison_id, group_id) from final;

create table if not exists marts.window_group_counts as
select * from stale_group_counts limit 0;

delete from marts.window_group_counts
where not exists (
    select 1
    from marts.window_fingerprints as windows
    where windows.window_type = window_group_counts.window_type
        and windows.window_start = window_group_counts.window_start
        and windows.window_end = window_group_counts.window_end
        and not windows.stale
);

insert into marts.window_group_counts by name
select * from stale_group_counts;

drop table stale_group_counts;
