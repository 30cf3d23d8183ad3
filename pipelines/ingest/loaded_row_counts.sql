-- The rows per table of the latest load of the extraction period $period (none if it was
-- never loaded).
-- depends on: meta.files, meta.runs
-- parameters: period
with latest_load as (
    select run_id
    from meta.runs
    where extraction_period = $period
        and status in ('loaded', 'replaced')
    order by finished_at desc
    limit 1
)

select
    files.table_name,
    files.row_count
from meta.files as files
join latest_load using (run_id)
