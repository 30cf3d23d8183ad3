-- The cells of the windows to count again (stale in marts.window_fingerprints), all_years
-- included: the input of the counts per comparison and group.
-- depends on: marts.cells, marts.window_fingerprints
create or replace table marts.stale_cells as

select cells.*
from marts.cells as cells
semi join marts.window_fingerprints as windows
    on windows.window_type = cells.window_type
    and windows.window_start = cells.window_start
    and windows.window_end = cells.window_end
    and windows.stale;
