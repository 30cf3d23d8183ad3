"""Sections of the leaders & teachers monitor (monitor leidinggevenden en docenten).

Representation per leadership layer and teaching level over the full history, per institute,
against the targets with their projections, the glass ceiling index and the SER summary; all
read from the published tables, where every figure already passed the privacy filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from gelijkekansen.contract import TOTAL
from gelijkekansen.report.charts import bars, target_paths
from gelijkekansen.report.formatting import capital, strong
from gelijkekansen.report.presentation import Markdown, Report

SER_COUNTS = ("men", "women", "other", "unknown", "total")

Row = Mapping[str, Any]


class MonitorReport(Report):
    """Leadership's view: who leads and who teaches, and where that is heading."""

    @property
    def layers(self) -> list[str]:
        return [f"leaders:{layer}" for layer in self.config.leadership_layers] + ["leaders"]

    @property
    def levels(self) -> list[str]:
        return [f"ladder:{level}" for level in self.config.ladder.teaching] + ["teachers"]

    def summary(self) -> Markdown:
        """Where leaders and teachers stand now, and the status of every target."""
        n = self.numbers
        now = self.warehouse.published(
            "representation",
            columns=["population", "group", "headcount", "share", "suppression_reason"],
            where={"period_end": self.period_end, "org_unit": self.org_unit,
                   "dimension": "gender", "group": "vrouw",
                   "population": [*self.layers, *self.levels]},
        )
        by_population = {r["population"]: r for r in now.iter_rows(named=True)}
        parts = [f"## {self.t('r.mon.summary')}", "",
                 self.t("r.mon.summary_intro", period=n.quarter(self.period_end)), ""]
        for population in ["leaders", "teachers", *self.levels[:-1]]:
            row = by_population.get(population)
            noun = self.noun(population)
            parts.append(f"- {noun[:1].upper() + noun[1:]}: "
                         + self.t("r.mon.women_share", share=self.share_cell(row)))
        parts += ["", self._target_table(), ""]
        return Markdown("\n".join(parts))

    def leaders(self) -> Markdown:
        """Each layer's composition over time; per unit only what the release holds there."""
        held = set(self.warehouse.published(
            "representation", columns=["population"],
            where={"org_unit": self.org_unit, "population": self.layers, "dimension": TOTAL},
        ).get_column("population"))
        layers = [layer for layer in self.layers if layer in held]
        parts = [f"## {self.t('r.mon.leaders')}", "", self.t("r.mon.leaders_intro"), ""]
        if len(layers) < len(self.layers):
            parts += [self.t("r.mon.layers_organisation_only"), ""]
        for dimension in ("gender", "origin"):
            parts += [self.trend(
                f"leaders-{dimension}", populations=layers, dimension=dimension,
                caption=self.t("r.mon.leaders_caption", dimension=self.labels(dimension)),
            ), ""]
        return Markdown("\n".join(parts))

    def teachers(self) -> Markdown:
        parts = [f"## {self.t('r.mon.teachers')}", "", self.t("r.mon.teachers_intro"), ""]
        for dimension in ("gender", "origin"):
            parts += [self.trend(
                f"teachers-{dimension}", populations=self.levels, dimension=dimension,
                caption=self.t("r.mon.teachers_caption", dimension=self.labels(dimension)),
            ), ""]
        return Markdown("\n".join(parts))

    def institutes(self) -> Markdown:
        """Share of women among teachers and leaders per org unit in the latest quarter."""
        populations = ["teachers", "leaders"]
        frame = self.warehouse.published(
            "representation",
            columns=["population", "org_unit", "headcount", "share", "share_ci_low",
                     "share_ci_high", "suppressed", "suppression_reason"],
            where={"period_end": self.period_end, "dimension": "gender", "group": "vrouw",
                   "population": populations},
        )
        units = [*sorted(set(frame.get_column("org_unit")) - {TOTAL}), TOTAL]
        cells = {(r["org_unit"], r["population"]): r for r in frame.iter_rows(named=True)}
        rows, table_rows = [], []
        for unit in units:
            table_row = [self.unit_label(unit)]
            for population in populations:
                cell = cells.get((unit, population))
                table_row.append(self.share_cell(cell))
                if cell is not None:
                    rows.append({"category": self.unit_label(unit),
                                 "series": self.labels(population), "value": cell["share"],
                                 "low": cell["share_ci_low"], "high": cell["share_ci_high"]})
            table_rows.append(table_row)
        caption = self.t("r.mon.units_caption", period=self.numbers.quarter(self.period_end))
        chart = bars(rows, axis=self.axis("r.mon.women_axis", rule=0.5), category_title="",
                     series_title=self.t("r.axis.population"),
                     categories=[self.unit_label(u) for u in units],
                     series=[self.labels(p) for p in populations],
                     suppressed_label=self.numbers.suppressed, side_by_side=True)
        hidden = sum(1 for r in rows if r["value"] is None)
        alt_text = self.t("r.alt.units", what=caption, units=len(units), hidden=hidden)
        table = self.table("units", [self.t("r.mon.unit"), *(self.labels(p) for p in populations)],
                           table_rows, caption=caption)
        parts = [f"## {self.t('r.mon.units')}", "", self.t("r.mon.units_intro"), "",
                 self.figure("units", chart, caption=caption, alt_text=alt_text, table=table)]
        return Markdown("\n".join(parts))

    def targets(self) -> Markdown:
        """Each target's history, its projection with band, and its status."""
        targets = self.warehouse.published("targets")
        history = self.warehouse.published("target_history").filter(
            (pl.col("period_end") <= self.period_end)
            & ((pl.col("period_end").dt.month() == 12) | (pl.col("period_end") == self.period_end))
        ).sort("period_end")
        parts = [f"## {self.t('r.mon.targets')}", "", self.t("r.mon.targets_intro"), ""]
        if targets.is_empty():
            parts.append(self.t("r.mon.no_targets"))
            return Markdown("\n".join(parts))
        names = {r["target_id"]: self.target_name(r) for r in targets.iter_rows(named=True)}
        rows: list[dict[str, Any]] = [
            {"facet": names[r["target_id"]], "kind": "observed",
             "period": r["period_end"].isoformat(), "value": r["current_share"],
             "low": r["current_ci_low"], "high": r["current_ci_high"],
             "target": r["target_share"]}
            for r in history.iter_rows(named=True) if r["target_id"] in names
        ]
        rows += [
            {"facet": names[r["target_id"]], "kind": "projected",
             "period": r["target_date"].isoformat(), "value": r["projected_share"],
             "low": r["projected_low"], "high": r["projected_high"], "target": r["target_share"]}
            for r in targets.iter_rows(named=True)
        ]
        caption = self.t("r.mon.targets_caption")
        chart = target_paths(rows, axis=self.axis("r.axis.share"),
                             time_title=self.t("r.axis.period"),
                             facet_title=self.t("r.mon.target"))
        n = self.numbers
        history_rows = [
            [names[r["target_id"]], n.quarter(r["period_end"]),
             n.percent(r["current_share"]), n.interval(r["current_ci_low"], r["current_ci_high"])]
            for r in history.iter_rows(named=True) if r["target_id"] in names
        ]
        table = self.table("target-history",
                           [self.t("r.mon.target"), self.t("r.axis.period"),
                            self.t("r.axis.share"), self.t("r.col.ci")],
                           history_rows, caption=caption)
        alt_text = self.t("r.alt.targets", what=caption) + " " + "; ".join(
            f"{names[r['target_id']]}: {self.labels(r['status'] or 'suppressed')}"
            for r in targets.iter_rows(named=True))
        parts.append(self.figure("targets", chart, caption=caption, alt_text=alt_text,
                                 table=table))
        return Markdown("\n".join(parts))

    def _target_table(self) -> str:
        targets = self.warehouse.published("targets")
        n = self.numbers
        rows = []
        for r in targets.iter_rows(named=True):
            if r["suppressed"]:
                hidden = n.suppressed
                rows.append([capital(self.target_name(r)), f"{n.percent(r['target_share'], 0)} "
                             f"({r['target_date'].year})", hidden, hidden, hidden, hidden,
                             hidden, self.mark(None)])
                continue
            required = r["required_inflow_share"]
            rows.append([
                capital(self.target_name(r)),
                f"{n.percent(r['target_share'], 0)} ({r['target_date'].year})",
                f"{n.percent(r['current_share'])} "
                f"({n.interval(r['current_ci_low'], r['current_ci_high'])})",
                str(r["gap_persons"]),
                f"{n.percent(r['projected_share'])} "
                f"({n.interval(r['projected_low'], r['projected_high'])})",
                n.percent(r["p_reach"], 0),
                "–" if required is None else n.percent(required, 0),
                strong(self.mark(r["status"])),
            ])
        header = [self.t(f"r.mon.tcol.{c}") for c in ("target", "goal", "now", "gap",
                                                        "projected", "p_reach", "inflow",
                                                        "status")]
        return self.table("targets", header, rows, caption=self.t("r.mon.targets_table"),
                          align=["l", "r", "r", "r", "r", "r", "r", "l"])

    def glass_ceiling(self) -> Markdown:
        """Glass ceiling index for women per step in the latest quarter."""
        frame = self.warehouse.published(
            "glass_ceiling",
            where={"period_end": self.period_end, "dimension": "gender", "group": "vrouw"},
        ).sort("step")
        parts = [f"## {self.t('r.mon.glass')}", "", self.t("r.mon.glass_intro"), ""]
        steps = list(frame.get_column("step"))
        rows = [{"category": self._step(r), "series": self.labels("vrouw"),
                 "value": r["glass_ceiling_index"], "low": None, "high": None}
                for r in frame.iter_rows(named=True)]
        n = self.numbers
        table_rows = [
            [self._step(r), n.percent(r["share_lower"]), n.percent(r["share_upper"]),
             n.decimal(r["glass_ceiling_index"])]
            for r in frame.iter_rows(named=True)
        ]
        caption = self.t("r.mon.glass_caption", period=n.quarter(self.period_end))
        chart = bars(rows, axis=self.axis("r.mon.gci", percent=False, rule=1.0),
                     category_title="", series_title=self.labels("gender"),
                     categories=[self._step(r) for r in frame.iter_rows(named=True)],
                     series=[self.labels("vrouw")], suppressed_label=n.suppressed)
        table = self.table("glass", [self.t("r.mon.step"), self.t("r.mon.share_lower"),
                                     self.t("r.mon.share_upper"), self.t("r.mon.gci")],
                           table_rows, caption=caption)
        alt_text = self.t("r.alt.glass", what=caption, steps=len(steps)) + " " + "; ".join(
            f"{row[0]}: {row[3]}" for row in table_rows)
        parts.append(self.figure("glass", chart, caption=caption, alt_text=alt_text,
                                 table=table))
        return Markdown("\n".join(parts))

    def _step(self, row: Row) -> str:
        return f"{self.labels(row['lower_population'])} → {self.labels(row['upper_population'])}"

    def ser(self) -> Markdown:
        """The yearly SER Diversiteitsportaal figures: men and women per layer at year end."""
        frame = self.warehouse.published("ser_summary").sort("year", "layer")
        order = {layer: i for i, layer in enumerate([*self.config.leadership_layers, TOTAL])}
        n = self.numbers
        rows = []
        for r in sorted(frame.iter_rows(named=True),
                        key=lambda r: (r["year"], order.get(r["layer"], 99))):
            layer = self.labels("leaders") if r["layer"] == TOTAL else self.labels(
                f"leaders:{r['layer']}")
            target = ("–" if r["target_share"] is None
                      else f"{n.percent(r['target_share'], 0)} ({r['target_year']})")
            rows.append([str(r["year"]), layer, *(n.count(r[c]) for c in SER_COUNTS), target])
        header = [self.t("r.mon.year"), self.t("r.mon.layer"),
                  *(self.t(f"ser.{c}") for c in SER_COUNTS), self.t("r.mon.women_target")]
        parts = [f"## {self.t('r.mon.ser')}", "", self.t("r.mon.ser_intro"), "",
                 self.table("ser", header, rows, caption=self.t("r.mon.ser_caption"),
                            align=["l", "l", "r", "r", "r", "r", "r", "r"])]
        return Markdown("\n".join(parts))
