-- The files (table and SHA-256) of the current load of every extraction period: the latest
-- run that loaded or replaced it.
-- depends on: meta.runs, meta.files
with current_loads as (
    select
        run_id,
        extraction_period
    from meta.runs
    where status in ('loaded', 'replaced')
    qualify row_number() over (
        partition by extraction_period order by finished_at desc
    ) = 1
)

select
    current_loads.extraction_period,
    files.table_name,
    files.sha256
from meta.files as files
inner join current_loads using (run_id)
order by all
