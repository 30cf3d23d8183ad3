-- Who held which position at each quarter end (and at the eve of the first quarter, the
-- starting pool of the first window). One position per person per date: the largest FTE,
-- then the latest start.
create or replace table marts.staff_snapshots as

with snapshot_dates as (
    select quarter_end as snapshot_date from marts.quarters
    union
    select cast(min(quarter_start) - interval 1 day as date) from marts.quarters
),

spells as (
    select * from core.spells
),

persons as (
    select * from core.persons
),

-- Persons with two spells covering one day (concurrent part-time positions, allowed up to
-- validation.max_total_fte): only their person-dates need a choice of position. Ranking every
-- person-date instead sorted tens of millions of rows at the size of a large employer.
concurrent as (
    select distinct earlier.person_id
    from spells as earlier
    join spells as later
        on earlier.person_id = later.person_id
        and earlier.valid_from < later.valid_from
        and (earlier.valid_to is null or earlier.valid_to >= later.valid_from)
),

covered as (
    select
        snapshot_dates.snapshot_date,
        spells.*
    from snapshot_dates
    join spells
        on spells.valid_from <= snapshot_dates.snapshot_date
        and (spells.valid_to is null or spells.valid_to >= snapshot_dates.snapshot_date)
),

chosen as (
    select *
    from covered
    where person_id in (select person_id from concurrent)
    qualify row_number() over (
        partition by snapshot_date, person_id
        order by fte desc, valid_from desc
    ) = 1
),

covering as (
    select * from covered where person_id not in (select person_id from concurrent)
    union all
    select * from chosen
),

final as (
    select
        covering.snapshot_date,
        covering.person_id,
        covering.org_unit,
        covering.staff_category,
        covering.ladder_level,
        covering.leadership_layer,
        covering.fte,
        coalesce(persons.gender, 'onbekend') as gender,
        coalesce(persons.origin, 'onbekend') as origin,
        coalesce(persons.disability, 'onbekend') as disability,
        marts.age_band(persons.birth_year, covering.snapshot_date) as age_band
    from covering
    left join persons using (person_id)
)

select * from final;
