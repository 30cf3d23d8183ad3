-- The rows of a delivered table that a later delivery, up to and including $newest_pruning,
-- repeats by key ($key, the contract's key columns; an empty key part equals an empty one):
-- what warehouse.retention deletes. Reads gk_delivered, core.delivered_<table> with each
-- row's rowid as row_id (a temporary view of warehouse.retention).
-- parameters: key, newest_pruning
with delivered as (
    select
        row_id,
        extraction_period,
        struct_pack(*columns($key)) as key_value
    from gk_delivered
),

-- a row is superseded when a later delivery that may supersede for good has its key
latest as (
    select
        row_id,
        extraction_period,
        max(extraction_period) filter (where extraction_period <= $newest_pruning) over (
            partition by key_value
        ) as latest_pruning_period
    from delivered
)

select row_id
from latest
where extraction_period < latest_pruning_period
