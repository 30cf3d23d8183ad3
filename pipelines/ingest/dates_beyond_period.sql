-- Per event date column with dates after the end of the period ($period_end): the range of
-- its dates, the file and how many rows lie beyond the end, in the order of the list below.
-- Event dates record something that happened, so cannot lie after the extraction was made;
-- a spell's valid_to may be planned ahead, so it is not listed.
-- depends on: raw.positions, raw.vacancies, raw.applications
-- parameters: period_end
with event_dates as (
    select 1 as column_order, 'valid_from' as column_name, valid_from as event_date, source_file
    from raw.positions
    union all
    select 2, 'opened_on', opened_on, source_file from raw.vacancies
    union all
    select 3, 'closed_on', closed_on, source_file from raw.vacancies
    union all
    select 4, 'applied_on', applied_on, source_file from raw.applications
    union all
    select 5, 'screened_on', screened_on, source_file from raw.applications
    union all
    select 6, 'interviewed_on', interviewed_on, source_file from raw.applications
    union all
    select 7, 'offered_on', offered_on, source_file from raw.applications
    union all
    select 8, 'hired_on', hired_on, source_file from raw.applications
),

per_column as (
    select
        column_order,
        column_name,
        min(event_date) as first_date,
        max(event_date) as last_date,
        any_value(source_file) as source_file,
        count(*) filter (where event_date > $period_end) as rows_after
    from event_dates
    group by column_order, column_name
)

select
    column_name,
    first_date,
    last_date,
    source_file,
    rows_after
from per_column
where rows_after > 0
order by column_order
