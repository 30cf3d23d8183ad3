-- Relational and temporal checks, run in DuckDB on the staging tables.
--
-- These look across rows or tables, so they cannot run on a slice of a table the way the GX
-- suites do. Each check starts with a `-- check:` header; its query returns the failing rows as
-- (source_file, source_row, detail). `detail` is for findings that are not a row, such as a
-- quarter end, and never holds a value from the input. Parameters ($name) come from
-- gelijkekansen.toml [validation] and the data contract. Key uniqueness is generated from the
-- contract's keys (gelijkekansen.validate.relational), so it is not repeated here for each
-- table.


-- check: person_known
-- table: positions
-- needs: positions, persons
-- columns: person_id
-- severity: blocking
-- scope: row
-- problem: refers to a person who is not in the persons file
-- hint: Add the person to the persons file or remove the spell.
select
    positions.source_file,
    positions.source_row,
    null as detail
from staging.positions as positions
where positions.person_id is not null
    and not exists (
        select 1 from staging.persons as persons where persons.person_id = positions.person_id
    )


-- check: vacancy_known
-- table: applications
-- needs: applications, vacancies
-- columns: vacancy_id
-- severity: blocking
-- scope: row
-- problem: refers to a vacancy that is not in the vacancies file
-- hint: Add the vacancy or remove the application.
select
    applications.source_file,
    applications.source_row,
    null as detail
from staging.applications as applications
where applications.vacancy_id is not null
    and not exists (
        select 1
        from staging.vacancies as vacancies
        where vacancies.vacancy_id = applications.vacancy_id
    )


-- check: spell_dates_in_order
-- table: positions
-- needs: positions
-- columns: valid_from, valid_to
-- severity: warning
-- scope: row
-- problem: the spell ends before it starts
-- hint: Correct valid_from or valid_to in the export.
select
    source_file,
    source_row,
    null as detail
from staging.positions
where valid_to < valid_from


-- check: fte_overlap
-- table: positions
-- needs: positions
-- columns: person_id, valid_from, valid_to, fte
-- severity: warning
-- scope: group
-- problem: overlapping spells of one person add up to more than $max_total_fte FTE
-- hint: Close the earlier spell when the next one starts, or correct the FTE.
with spells as (
    select
        person_id,
        valid_from,
        -- an open spell lasts beyond any date in the extraction
        coalesce(valid_to, date '9999-12-30') as valid_to,
        fte,
        source_file,
        source_row
    from staging.positions
    where person_id is not null
        and valid_from is not null
        and fte is not null
        and (valid_to is null or valid_to >= valid_from)
),

changes as (
    -- a spell adds its FTE on its first day and removes it the day after its last
    select person_id, valid_from as on_day, fte as fte_change, 1 as spell_change from spells
    union all
    select person_id, valid_to + 1, -fte, -1 from spells
),

per_day as (
    select
        person_id,
        on_day,
        sum(fte_change) as fte_change,
        sum(spell_change) as spell_change
    from changes
    group by person_id, on_day
),

running as (
    select
        person_id,
        on_day,
        sum(fte_change) over person_days as total_fte,
        sum(spell_change) over person_days as open_spells
    from per_day
    window person_days as (partition by person_id order by on_day rows unbounded preceding)
),

too_much as (
    select person_id, on_day
    from running
    -- tolerance for sums of fractions such as 0.4 + 0.8
    where open_spells > 1 and total_fte > $max_total_fte + 1e-6
)

select distinct
    spells.source_file,
    spells.source_row,
    null as detail
from spells
inner join too_much
    on spells.person_id = too_much.person_id
    and too_much.on_day between spells.valid_from and spells.valid_to


-- check: period_complete
-- table: positions
-- needs: positions
-- columns: valid_from, valid_to
-- severity: warning
-- scope: table
-- problem: headcount is zero or drops by more than $max_headcount_drop at these quarter ends
-- hint: Check that the extraction covers every quarter and every unit.
with spells as (
    select person_id, valid_from, valid_to
    from staging.positions
    where valid_from is not null
),

bounds as (
    select
        min(valid_from) as first_day,
        max(greatest(valid_from, valid_to)) as last_day
    from spells
),

quarter_ends as (
    -- step over quarter starts: adding months to a month end drifts (30 June + 3 months)
    select cast(quarter_start + interval 3 month - interval 1 day as date) as quarter_end
    from bounds,
        unnest(generate_series(date_trunc('quarter', first_day), last_day, interval 3 month))
            as starts(quarter_start)
    where quarter_start + interval 3 month - interval 1 day <= last_day
),

headcount as (
    select
        quarter_ends.quarter_end,
        count(distinct spells.person_id) as headcount
    from quarter_ends
    left join spells
        on spells.valid_from <= quarter_ends.quarter_end
        and (spells.valid_to is null or spells.valid_to >= quarter_ends.quarter_end)
    group by quarter_ends.quarter_end
),

changes as (
    select
        quarter_end,
        headcount,
        lag(headcount) over (order by quarter_end) as previous
    from headcount
)

select
    null as source_file,
    null as source_row,
    strftime(quarter_end, '%Y-%m-%d')
    || case
        when headcount = 0 then ': no staff'
        else ': -' || cast(round(100 * (previous - headcount) / previous) as integer) || '%'
    end as detail
from changes
where headcount = 0
    or (previous > 0 and (previous - headcount) / previous > $max_headcount_drop)


-- check: stage_dates_in_order
-- table: applications
-- needs: applications
-- columns: applied_on, screened_on, interviewed_on, offered_on, hired_on
-- severity: blocking
-- scope: row
-- problem: a stage date lies before the date of an earlier stage
-- hint: Correct the stage dates in the export; each stage follows the one before it.
select
    source_file,
    source_row,
    null as detail
from staging.applications
-- greatest() skips missing dates, so only recorded stages are compared
where screened_on < applied_on
    or interviewed_on < greatest(applied_on, screened_on)
    or offered_on < greatest(applied_on, screened_on, interviewed_on)
    or hired_on < greatest(applied_on, screened_on, interviewed_on, offered_on)


-- check: impossible_funnel
-- table: applications
-- needs: applications
-- columns: furthest_stage, screened_on, interviewed_on, offered_on, hired_on
-- severity: blocking
-- scope: row
-- problem: has a date for a stage beyond the furthest stage reached
-- hint: Set furthest_stage to the last stage the candidate reached, or remove the later dates.
with ranked as (
    select
        *,
        -- 1 = applied ... 5 = hired, in contract order; unknown codes fail allowed_furthest_stage
        list_position($stages, furthest_stage) as furthest_rank
    from staging.applications
)

select
    source_file,
    source_row,
    null as detail
from ranked
where (screened_on is not null and furthest_rank < 2)
    or (interviewed_on is not null and furthest_rank < 3)
    or (offered_on is not null and furthest_rank < 4)
    or (hired_on is not null and furthest_rank < 5)


-- check: withdrawn_not_hired
-- table: applications
-- needs: applications
-- columns: withdrawn, furthest_stage
-- severity: blocking
-- scope: row
-- problem: a candidate who withdrew cannot have been hired
-- hint: Set withdrawn to nee for hired candidates, or correct furthest_stage.
select
    source_file,
    source_row,
    null as detail
from staging.applications
where withdrawn = 'ja'
    and furthest_stage = 'hired'


-- check: funnel_monotone
-- table: applications
-- needs: applications
-- columns: vacancy_id, furthest_stage
-- severity: warning
-- scope: group
-- problem: in one vacancy and group, more candidates reach a stage than the stage before it
-- hint: Check furthest_stage and the stage dates of these candidates.
-- not materialized, as reading staging twice is cheaper than writing 20 million rows aside
with reached as not materialized (
    -- a stage counts as reached when furthest_stage is at or beyond it or its date is recorded
    select
        vacancy_id,
        gender,
        age_band,
        origin,
        source_file,
        source_row,
        furthest_rank >= 2 or screened_on is not null as screened,
        furthest_rank >= 3 or interviewed_on is not null as interviewed,
        furthest_rank >= 4 or offered_on is not null as offered,
        furthest_rank >= 5 or hired_on is not null as hired
    from (
        select
            *,
            list_position($stages, furthest_stage) as furthest_rank
        from staging.applications
    )
),

cells as (
    -- one grouping set per dimension counts all three in one pass, without unpivoting every
    -- row into three; the dimensions a set does not group by are null in its cells
    select
        vacancy_id,
        gender,
        age_band,
        origin,
        count(*) as applied,
        count_if(screened) as screened,
        count_if(interviewed) as interviewed,
        count_if(offered) as offered,
        count_if(hired) as hired
    from reached
    group by grouping sets ((vacancy_id, gender), (vacancy_id, age_band), (vacancy_id, origin))
),

broken as (
    select vacancy_id, gender, age_band, origin
    from cells
    where screened > applied
        or interviewed > screened
        or offered > interviewed
        or hired > offered
)

select distinct
    reached.source_file,
    reached.source_row,
    null as detail
from reached
inner join broken
    on reached.vacancy_id = broken.vacancy_id
    -- equality never holds with a null: a cell matches in its own dimension only, and a
    -- candidate without a code in a dimension is in none of its cells
    and (reached.gender = broken.gender
        or reached.age_band = broken.age_band
        or reached.origin = broken.origin)


-- check: spell_dates_plausible
-- table: positions
-- needs: positions, delivery
-- columns: valid_from, valid_to
-- severity: blocking
-- scope: row
-- problem: a date lies before validation.earliest_date or more than validation.max_years_after_period year(s) after the period's end (a placeholder such as 1800-01-01 or 9999-12-31?)
-- hint: Correct the date; leave valid_to empty for a spell that has not ended.
select
    positions.source_file,
    positions.source_row,
    null as detail
from staging.positions as positions
cross join staging.delivery as delivery
where positions.valid_from not between delivery.earliest_date and delivery.latest_date
    or positions.valid_to not between delivery.earliest_date and delivery.latest_date


-- check: vacancy_dates_plausible
-- table: vacancies
-- needs: vacancies, delivery
-- columns: opened_on, closed_on
-- severity: blocking
-- scope: row
-- problem: a date lies before validation.earliest_date or more than validation.max_years_after_period year(s) after the period's end
-- hint: Correct the date in the export; leave closed_on empty for an open vacancy.
select
    vacancies.source_file,
    vacancies.source_row,
    null as detail
from staging.vacancies as vacancies
cross join staging.delivery as delivery
where vacancies.opened_on not between delivery.earliest_date and delivery.latest_date
    or vacancies.closed_on not between delivery.earliest_date and delivery.latest_date


-- check: application_dates_plausible
-- table: applications
-- needs: applications, delivery
-- columns: applied_on
-- severity: blocking
-- scope: row
-- problem: a date lies before validation.earliest_date or more than validation.max_years_after_period year(s) after the period's end
-- hint: Correct the date in the export.
select
    applications.source_file,
    applications.source_row,
    null as detail
from staging.applications as applications
cross join staging.delivery as delivery
where applications.applied_on not between delivery.earliest_date and delivery.latest_date
    or applications.hired_on not between delivery.earliest_date and delivery.latest_date


-- check: vacancy_closed_before_opened
-- table: vacancies
-- needs: vacancies
-- columns: opened_on, closed_on
-- severity: warning
-- scope: row
-- problem: the vacancy closes before it opens
-- hint: Correct opened_on or closed_on in the export.
select
    source_file,
    source_row,
    null as detail
from staging.vacancies
where closed_on < opened_on


-- check: pay_person_known
-- table: pay
-- needs: pay, persons
-- columns: person_id
-- severity: blocking
-- scope: row
-- problem: pay of a person who is not in the persons file
-- hint: Add the person to the persons file or remove the pay row.
select
    pay.source_file,
    pay.source_row,
    null as detail
from staging.pay as pay
where pay.person_id is not null
    and not exists (
        select 1 from staging.persons as persons where persons.person_id = pay.person_id
    )


-- check: pay_hours_or_fte
-- table: pay
-- needs: pay
-- columns: paid_hours, fte
-- severity: warning
-- scope: row
-- problem: neither paid hours nor FTE, so no hourly pay
-- hint: Export paid_hours, or fte for the CAO's annual hours.
select
    pay.source_file,
    pay.source_row,
    null as detail
from staging.pay as pay
where pay.paid_hours is null
    and pay.fte is null


-- check: justification_category_known
-- table: pay_justifications
-- needs: pay_justifications, pay
-- columns: category
-- severity: warning
-- scope: row
-- problem: justification for a category that has no pay rows in that year
-- hint: Use the category exactly as in pay.csv, and the year of the pay report.
select
    justifications.source_file,
    justifications.source_row,
    null as detail
from staging.pay_justifications as justifications
where not exists (
    select 1
    from staging.pay as pay
    where pay.year = justifications.year
        and pay.category = justifications.category
)
