-- Files of this delivery identical (by SHA-256) to a file loaded for another period, per
-- table: the file name and the earliest such period. Reads delivered_fingerprints, the
-- (table_name, sha256) of this delivery (a frame registered by ingest.deliveries).
-- depends on: meta.files, meta.runs
-- parameters: period
select
    files.table_name,
    any_value(files.file_name) as file_name,
    min(runs.extraction_period) as loaded_for
from meta.files as files
join meta.runs as runs using (run_id)
join delivered_fingerprints as delivered using (table_name, sha256)
where runs.status in ('loaded', 'replaced')
    and runs.extraction_period <> $period
group by files.table_name
order by files.table_name
