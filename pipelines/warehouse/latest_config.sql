-- The settings (gelijkekansen.toml, word for word, and where it was read) of the latest run
-- that stored them.
-- depends on: meta.config, meta.runs
select
    config.run_id,
    config.source,
    config.toml
from meta.config as config
join meta.runs as runs using (run_id)
order by runs.finished_at desc
limit 1
