-- Per failed check: the failing rows, the file of the first of them, a sample of their row
-- numbers in that file (at most $sample_size) and the details (e.g. a missing column). Reads
-- gk_validation_failures, the failing rows every check of the gate wrote (a temporary table).
-- parameters: sample_size
with failures as (
    select distinct * from gk_validation_failures
),

numbered as (
    select
        *,
        row_number() over per_check as n,
        min(source_file) over per_check as first_file
    from failures
    window per_check as (
        partition by table_name, check_name
        order by source_file, source_row
    )
)

select
    table_name,
    check_name,
    count(source_row) as failing_rows,
    min(first_file) as first_file,
    list(source_row order by source_row)
        filter (where n <= $sample_size and source_file = first_file) as sample_rows,
    list(detail order by detail) filter (where detail is not null) as details
from numbered
group by table_name, check_name
