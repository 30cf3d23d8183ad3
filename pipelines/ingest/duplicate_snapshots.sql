-- The first source row that is a second row for the same person and peildatum, and how many
-- such rows there are. Reads typed_snapshots (a temporary table of snapshots_to_spells).
with second_rows as (
    select source_row
    from typed_snapshots
    qualify row_number() over (partition by person_id, peildatum order by source_row) = 2
)

select
    min(source_row) as first_row,
    count(*) as rows
from second_rows
