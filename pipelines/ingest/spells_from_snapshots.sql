-- Employment spells (the contract's positions columns) from periodic peildatum snapshots; see
-- gelijkekansen.ingest.snapshots for the rules. Reads typed_snapshots, the typed snapshot rows
-- (a temporary table of snapshots_to_spells). The position attributes are listed three times
-- below (positions, runs, final); tests/ingest/test_snapshots.py checks them against the
-- contract.
--   start        'observed': a spell starts on its first peildatum; 'after_previous': on the
--                day after the series' previous peildatum
--   end_on_exit  'last_observed': an exit ends the spell on the last peildatum;
--                'before_next': on the day before the next peildatum
-- parameters: start, end_on_exit
with snapshots as (
    select * from typed_snapshots
),

-- The series' peildata: a person absent from one of them has left in between.
peildata as (
    select
        peildatum,
        lag(peildatum) over (order by peildatum) as previous_peildatum,
        lead(peildatum) over (order by peildatum) as next_peildatum
    from (select distinct peildatum from snapshots)
),

positions as (
    select
        *,
        {
            'org_unit': org_unit,
            'job_code': job_code,
            'ladder_level': ladder_level,
            'leadership_layer': leadership_layer,
            'cao_scale': cao_scale,
            'fte': fte,
            'contract_type': contract_type
        } as attributes
    from snapshots
),

sequenced as (
    select
        positions.*,
        peildata.previous_peildatum,
        peildata.next_peildatum,
        lag(positions.peildatum) over person_history as person_previous_peildatum,
        lag(positions.attributes) over person_history as previous_attributes
    from positions
    join peildata using (peildatum)
    window person_history as (partition by person_id order by positions.peildatum)
),

-- A spell starts where the person was not at the previous peildatum, or held another position.
numbered as (
    select
        *,
        sum(
            case
                when person_previous_peildatum is null then 1
                when person_previous_peildatum <> previous_peildatum then 1
                when attributes <> previous_attributes then 1
                else 0
            end
        ) over (
            partition by person_id order by peildatum rows unbounded preceding
        ) as spell_number
    from sequenced
),

runs as (
    select
        person_id,
        spell_number,
        min(peildatum) as first_seen,
        max(peildatum) as last_seen,
        arg_min_null(previous_peildatum, peildatum) as before_first,
        arg_max_null(next_peildatum, peildatum) as after_last,
        any_value(org_unit) as org_unit,
        any_value(job_code) as job_code,
        any_value(ladder_level) as ladder_level,
        any_value(leadership_layer) as leadership_layer,
        any_value(cao_scale) as cao_scale,
        any_value(fte) as fte,
        any_value(contract_type) as contract_type
    from numbered
    group by person_id, spell_number
),

started as (
    select
        *,
        case
            when $start = 'observed' then first_seen
            else coalesce(cast(before_first + interval 1 day as date), first_seen)
        end as valid_from,
        lead(first_seen) over person_spells as next_first_seen
    from runs
    window person_spells as (partition by person_id order by first_seen)
),

-- A change ends the spell the day before the next one starts; an exit per end_on_exit.
final as (
    select
        person_id,
        valid_from,
        case
            when after_last is null then null
            when next_first_seen = after_last then cast(
                lead(valid_from) over (partition by person_id order by valid_from)
                - interval 1 day as date
            )
            when $end_on_exit = 'last_observed' then last_seen
            else cast(after_last - interval 1 day as date)
        end as valid_to,
        org_unit,
        job_code,
        ladder_level,
        leadership_layer,
        cao_scale,
        fte,
        contract_type
    from started
)

select * from final
order by person_id, valid_from
