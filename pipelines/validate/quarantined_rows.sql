-- The rows of staging.<$table_name> failing a row-level warning, as delivered, with the checks
-- they fail and why. Reads gk_validation_failures (the failing rows of every check) and
-- gk_validation_reasons (the reason of each quarantining check), temporary tables of the gate.
-- parameters: table_name
with failing as (
    select
        failures.source_file,
        failures.source_row,
        string_agg(failures.check_name, ', ' order by failures.check_name) as check_name,
        string_agg(reasons.reason, '; ' order by failures.check_name) as reason
    from gk_validation_failures as failures
    inner join gk_validation_reasons as reasons
        using (table_name, check_name)
    where failures.table_name = $table_name
    group by failures.source_file, failures.source_row
)

select
    staged.*,
    failing.check_name,
    failing.reason
from query_table('staging.' || $table_name) as staged
inner join failing
    on staged.source_file = failing.source_file
    and staged.source_row = failing.source_row
order by staged.source_file, staged.source_row
