-- The latest run that loaded (or replaced) the extraction period $period; no row if none did.
-- depends on: meta.runs
-- parameters: period
select run_id
from meta.runs
where extraction_period = $period
    and status in ('loaded', 'replaced')
order by finished_at desc
limit 1
