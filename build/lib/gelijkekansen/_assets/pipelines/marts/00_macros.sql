-- Shared definitions for the marts.

-- Age band at a reference date from the birth year (the exact birth date is never stored).
create or replace macro marts.age_band(birth_year, on_date) as
    case
        when birth_year is null then 'onbekend'
        when year(on_date) - birth_year < 25 then '<25'
        when year(on_date) - birth_year < 35 then '25-34'
        when year(on_date) - birth_year < 45 then '35-44'
        when year(on_date) - birth_year < 55 then '45-54'
        else '55+'
    end;

-- The populations a position belongs to (see docs/metrics.md): everyone, the staff category,
-- the ladder level, and for leaders all leaders plus their own layer.
create or replace macro marts.populations(staff_category, ladder_level, leadership_layer) as
    list_concat(
        ['all_staff', case when staff_category = 'op' then 'teachers' else 'support' end],
        ['ladder:' || ladder_level],
        case
            when leadership_layer <> 'geen' then ['leaders', 'leaders:' || leadership_layer]
            else []
        end
    );

-- Last day of a quarter written as YYYYQn.
create or replace macro marts.period_end(period) as
    cast(
        make_date(cast(left(period, 4) as integer), 3 * cast(right(period, 1) as integer), 1)
        + interval 1 month - interval 1 day
        as date
    );

-- The group a cell's attributes put it in for one single dimension ('totaal' for the total).
create or replace macro marts.group_of(dimension, gender, origin, disability, age_band) as
    case dimension
        when 'totaal' then 'totaal'
        when 'gender' then gender
        when 'origin' then origin
        when 'disability' then disability
        when 'age_band' then age_band
    end;
