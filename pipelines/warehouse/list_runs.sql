-- The run log for 'gelijkekansen runs': every run, oldest first, with the files it read (name
-- and the first 12 characters of the SHA-256).
-- depends on: meta.runs, meta.files
select
    runs.run_id,
    runs.command,
    runs.extraction_period,
    runs.status,
    strftime(runs.finished_at, '%Y-%m-%d %H:%M:%S') as finished,
    string_agg(
        files.file_name || ' ' || left(files.sha256, 12), ', ' order by files.file_name
    ) as files,
    runs.detail
from meta.runs as runs
left join meta.files as files using (run_id)
group by all
order by max(runs.finished_at), runs.run_id
