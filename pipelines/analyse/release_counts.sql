-- The rows of marts.group_counts that the published release holds (docs/metrics.md, Release).
-- The reports read the multi-year pool and the rolling year (windows); quarters and calendar
-- years stay in the restricted view, because a rolling year is their sum and publishing both
-- lets one be worked out from the others. Per org unit the release holds whole populations
-- (unit_populations: the staff, its ladder levels, all leaders, all candidates) by single
-- dimensions; leadership layers, internal/external candidates and intersections are published
-- for the whole organisation only (intersections per unit only with
-- analysis.intersections_by_unit), where their cells are large enough to show.
-- depends on: marts.group_counts
-- parameters: windows, unit_populations, intersections_by_unit
select *
from marts.group_counts
where (process = 'representation' or list_contains($windows, window_type))
    and (
        org_unit = 'totaal'
        or (
            list_contains($unit_populations, population)
            and (dimension not like '%×%' or $intersections_by_unit)
        )
    )
