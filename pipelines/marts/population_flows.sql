-- Stocks and flows per quarter, population, org unit, dimension and group (marts.quarter_flows
-- says what each column means), in the order of the membership and group numbers there:
-- quarter, population, org unit; dimension, group. A view: the quarters a new delivery cannot
-- change are kept, not copied again on every run (docs/performance.md).
-- depends on: marts.quarter_flows
create or replace view marts.population_flows as

select *
from marts.quarter_flows
order by quarter_end, population, org_unit, dimension, "group";
