-- The organisation-wide stocks and flows (org unit 'totaal'), oldest quarter first: the input
-- of the target projections.
-- depends on: marts.population_flows
select *
from marts.population_flows
where org_unit = 'totaal'
order by quarter_end
