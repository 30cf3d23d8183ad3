-- The rows of staging.<$table_name> whose key (the contract's key columns, $key) is also the
-- key of another row: the key_unique check of the gate, as (source_file, source_row, detail).
-- Equality never matches an empty key part, so rows missing one are left to not_null. The
-- keys that occur more than once, then the rows holding one: no sort, unlike a count over a
-- window, which measured no faster (2-5 s either way at 20M rows).
-- parameters: table_name, key

-- staged is read twice and not copied (not materialized): a copy of 20M rows costs more.
with staged as not materialized (
    select * from query_table('staging.' || $table_name)
),

duplicated as (
    select columns($key)
    from staged
    where columns($key) is not null
    group by all
    having count(*) > 1
)

select
    source_file,
    source_row,
    null as detail
from staged
where struct_pack(*columns($key)) in (select struct_pack(*columns(*)) from duplicated)
