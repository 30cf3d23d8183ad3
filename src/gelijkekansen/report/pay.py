"""Sections of the pay transparency report (EU Directive 2023/970, articles 9 and 10).

Everything shown comes from ``published.pay_indicators`` (and, marked as internal, from
``published.pay_indicators_internal``): the gaps, bands, assessments and which categories are
withheld were decided by the analyse step (``analyse.paygap``) and passed its privacy rule; this
module only picks the calendar year, orders the rows and words them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cached_property
from typing import Any

import polars as pl

from gelijkekansen.contract import TOTAL
from gelijkekansen.report.charts import bars
from gelijkekansen.report.formatting import plain, strong
from gelijkekansen.report.presentation import Markdown, Report

HEADLINE = ("a_mean_gap", "b_variable_mean_gap", "c_median_gap", "d_variable_median_gap")
CATEGORY_GAPS = (
    ("g_basic_mean_gap", "basic_mean"),
    ("g_basic_median_gap", "basic_median"),
    ("g_complementary_mean_gap", "compl_mean"),
    ("g_complementary_median_gap", "compl_median"),
)
EXPLAINED = ("a", "b", "c", "d", "e", "f", "g")
INTERNAL_DIMENSIONS = ("origin", "age_band")
PUBLISHED = "published"
TOO_FEW = "too_few"

Row = Mapping[str, Any]


class PayReport(Report):
    """What the directive asks an employer to report on pay, for one calendar year."""

    @cached_property
    def year(self) -> int:
        """The latest pay year up to the report's quarter (else the earliest delivered)."""
        frame = self.warehouse.published("pay_indicators", columns=["year"])
        years = sorted(set(frame.get_column("year").to_list()))
        earlier = [y for y in years if y <= self.period_end.year]
        return int(earlier[-1] if earlier else years[0])

    @cached_property
    def _indicators(self) -> pl.DataFrame:
        """The year's published indicators, read once (in the order analyse wrote them)."""
        return self.warehouse.published("pay_indicators", where={"year": self.year})

    def _rows(self, indicator: str | list[str]) -> pl.DataFrame:
        wanted = [indicator] if isinstance(indicator, str) else indicator
        return self._indicators.filter(pl.col("indicator").is_in(wanted))

    def _organisation(self, indicator: str) -> Row | None:
        frame = self._rows(indicator).filter(pl.col("category") == TOTAL)
        return frame.row(0, named=True) if frame.height else None

    def subtitle(self) -> str:
        """The calendar year the pay was earned in, not a quarter."""
        return self.t(
            "r.pay.subtitle", organisation=plain(self.config.organisation), year=self.year
        )

    # --- formatting ------------------------------------------------------------------------

    def gap(self, value: float | None) -> str:
        """A gap or share already in percent (6.72 → ``6,7%``); withheld as the marker."""
        if value is None:
            return self.numbers.suppressed
        return self.numbers.percent(round(value, 1) / 100 or 0.0)  # no "−0,0%"

    def amount(self, indicator: str, value: float | None) -> str:
        """An hourly wage to the cent, variable pay per year to the euro."""
        if value is None:
            return self.numbers.suppressed
        hourly = indicator in ("a_mean_gap", "c_median_gap")
        return f"€\u00a0{self.numbers.decimal(value, 2 if hourly else 0)}"

    def status_gap(self, row: Row | None) -> str:
        """A gap, or why there is none: withheld (too few), not computable, or no such row (a
        category where nobody receives complementary pay)."""
        if row is None:
            return "–"
        if row["status"] == TOO_FEW:
            return self.numbers.suppressed
        if row["status"] != PUBLISHED:
            return self.t(f"r.pay.code.{row['status']}")
        return self.gap(row["gap_pct"])

    def category_label(self, category: str) -> str:
        return self.t("r.organisation_wide") if category == TOTAL else category

    # --- sections --------------------------------------------------------------------------

    def summary(self) -> Markdown:
        """Who is counted and the headline figures: the mean and median gap, the flags."""
        n = self.numbers
        workers = self._organisation("workers")
        parts = [f"## {self.t('r.pay.summary')}", ""]
        if workers is None or workers["status"] != PUBLISHED:
            parts.append(self.t("r.pay.too_few_total", min_cell=self.config.min_cell))
            return Markdown("\n".join(parts))
        parts += [
            self.t(
                "r.pay.summary_intro",
                year=self.year,
                n_women=n.n(workers["n_women"]),
                n_men=n.n(workers["n_men"]),
            ),
            "",
        ]
        if workers["n_other"] is not None:
            parts += [self.t("r.pay.summary_others", n_other=n.n(workers["n_other"])), ""]
        flagged = self._assessments().filter(pl.col("assessment") == "joint_assessment")
        named = ", ".join(f"{strong(r['category'])} ({self.gap(r['gap_pct'])})"
                          for r in flagged.iter_rows(named=True))
        mean, median = (strong(self.status_gap(self._organisation(indicator)))
                        for indicator in ("a_mean_gap", "c_median_gap"))
        parts += [
            f"- {self.t('r.pay.key_mean', gap=mean)}",
            f"- {self.t('r.pay.key_median', gap=median)}",
            "- " + (self.t("r.pay.key_flagged", categories=named) if flagged.height
                    else self.t("r.pay.key_none_flagged")),
            f"- {self.t('r.pay.key_withheld', count=n.count(len(self._withheld())))}",
        ]
        return Markdown("\n".join(parts))

    def indicators(self) -> Markdown:
        """(a)–(e) organisation-wide, then what each of (a)–(g) means in plain words."""
        n = self.numbers
        rows = []
        for indicator in HEADLINE:
            row = self._organisation(indicator)
            label = self.t(f"r.pay.ind.{indicator}")
            if indicator.startswith(("b_", "d_")) and _shown(row, "n_women") is not None:
                label += f" ({n.n(_shown(row, 'n_women'))}; {n.n(_shown(row, 'n_men'))})"
            rows.append([label, self.amount(indicator, _shown(row, "women")),
                         self.amount(indicator, _shown(row, "men")), self.status_gap(row)])
        share = self._organisation("e_variable_pay_share")
        rows.append([self.t("r.pay.ind.e_variable_pay_share"), self.gap(_shown(share, "women")),
                     self.gap(_shown(share, "men")), "–"])
        header = [self.t(f"r.pay.col.{c}") for c in ("indicator", "women", "men", "gap")]
        parts = [
            *self._opening("indicators"),
            self.table("pay-indicators", header, rows,
                       caption=self.t("r.pay.indicators_caption", year=self.year)),
            "",
            f"### {self.t('r.pay.explain.heading')}",
            "",
            *(f"- **({letter})** {self.t(f'r.pay.explain.{letter}')}" for letter in EXPLAINED),
        ]
        return Markdown("\n".join(parts))

    def quartiles(self) -> Markdown:
        """(f): the share of women and men in each quartile pay band, as a chart and a table."""
        bands = self._rows("f_quartile_band").filter(pl.col("category") == TOTAL).sort("band")
        parts = self._opening("quartiles")
        if bands.is_empty() or set(bands.get_column("status")) != {PUBLISHED}:
            parts.append(self.t("r.pay.quartiles_withheld", min_cell=self.config.min_cell))
            return Markdown("\n".join(parts))
        names = {1: self.t("r.pay.quartile_lowest"), 4: self.t("r.pay.quartile_highest")}
        women, men = self.t("r.pay.col.women"), self.t("r.pay.col.men")
        chart_rows, table_rows = [], []
        for r in bands.iter_rows(named=True):
            name = names.get(r["band"], self.t("r.pay.quartile_name", band=r["band"]))
            for series, value in ((women, r["women"]), (men, r["men"])):
                chart_rows.append({"category": name, "series": series, "value": value / 100,
                                   "low": None, "high": None})
            table_rows.append([name, self.gap(r["women"]), self.gap(r["men"])])
        caption = self.t("r.pay.quartiles_caption", year=self.year)
        chart = bars(chart_rows, axis=self.axis("r.axis.share", rule=0.5), category_title="",
                     series_title=self.labels("gender"), categories=[row[0] for row in table_rows],
                     series=[women, men], suppressed_label=self.numbers.suppressed)
        table = self.table("pay-quartiles", [self.t("r.pay.quartile"), women, men], table_rows,
                           caption=caption)
        alt_text = self.t("r.pay.alt.quartiles", what=caption,
                          values="; ".join(f"{row[0]} {row[1]}" for row in table_rows))
        parts.append(self.figure("pay-quartiles", chart, caption=caption, alt_text=alt_text,
                                 table=table))
        return Markdown("\n".join(parts))

    def categories(self) -> Markdown:
        """(g): per published category the gaps in basic and complementary pay; then one line
        per category withheld under article 12(3)."""
        frame = self._rows([name for name, _ in CATEGORY_GAPS]).filter(
            pl.col("category") != TOTAL
        )
        cells = {(r["category"], r["indicator"]): r for r in frame.iter_rows(named=True)}
        counts = {r["category"]: r for r in self._published_workers().iter_rows(named=True)}
        n = self.numbers
        rows = [
            [category, n.count(counts[category]["n_women"]), n.count(counts[category]["n_men"]),
             *(self.status_gap(cells.get((category, name))) for name, _ in CATEGORY_GAPS)]
            for category in sorted(counts)
        ]
        header = [self.t("r.pay.col.category"), self.labels("ser.women"), self.labels("ser.men"),
                  *(self.t(f"r.pay.col.{column}") for _, column in CATEGORY_GAPS)]
        parts = [
            *self._opening("categories"),
            self.table("pay-categories", header, rows,
                       caption=self.t("r.pay.categories_caption", year=self.year),
                       align=["l", "r", "r", "r", "r", "r", "r"]),
            "",
            f"### {self.t('r.pay.withheld_heading')}",
            "",
        ]
        withheld = self._withheld()
        if not withheld:
            parts.append(self.t("r.pay.no_withheld"))
            return Markdown("\n".join(parts))
        parts += [self.t("r.pay.withheld_intro", min_cell=self.config.min_cell), ""]
        parts += [
            f"- {self.t('r.pay.withheld_line', category=strong(c))}" for c in withheld
        ]
        return Markdown("\n".join(parts))

    def assessment(self) -> Markdown:
        """Article 10: every published category's mean gap and outcome; the flagged ones with
        their remedy date, the justified ones with the justification on record."""
        n = self.numbers
        assessed = self._assessments()
        rows = [
            [r["category"], n.count(r["n_women"]), n.count(r["n_men"]), self.gap(r["gap_pct"]),
             self._outcome(r["assessment"]),
             n.day(r["remedy_by"]) if r["remedy_by"] is not None else "–"]
            for r in assessed.iter_rows(named=True)
        ]
        header = [self.t("r.pay.col.category"), self.labels("ser.women"), self.labels("ser.men"),
                  self.t("r.pay.col.mean_gap"), self.t("r.pay.col.assessment"),
                  self.t("r.pay.col.remedy_by")]
        parts = [
            *self._opening("assessment", next_year=self.year + 1),
            f"### {self.t('r.pay.flags_heading')}",
            "",
        ]
        lines = []
        for r in assessed.iter_rows(named=True):
            if r["assessment"] == "joint_assessment":
                lines.append("- ⚠ " + self.t(
                    "r.pay.flag_line", category=strong(r["category"]), gap=self.gap(r["gap_pct"]),
                    date=self._remedy(r["remedy_by"])))
            elif r["assessment"] == "justified":
                lines.append("- " + self.t(
                    "r.pay.justified_line", category=strong(r["category"]),
                    gap=self.gap(r["gap_pct"]), justification=plain(r["justification"] or "")))
        parts += lines or [self.t("r.pay.no_flags")]
        parts += ["", self.table("pay-assessment", header, rows,
                                 caption=self.t("r.pay.assessment_caption", year=self.year),
                                 align=["l", "r", "r", "r", "l", "l"])]
        return Markdown("\n".join(parts))

    def internal(self) -> Markdown:
        """Beyond the legal minimum, kept apart: the adjusted gap and the gaps within origin
        groups and age bands. Nothing when the analysis wrote no internal indicators."""
        frame = self.warehouse.published("pay_indicators_internal", where={"year": self.year})
        if frame.is_empty():
            return Markdown("")
        n = self.numbers
        parts = self._opening("internal")
        adjusted = frame.filter(pl.col("indicator") == "adjusted_mean_gap")
        crude = self._organisation("a_mean_gap")
        if adjusted.height and adjusted["status"][0] == PUBLISHED:
            parts += [self.t("r.pay.adjusted", gap=strong(self.gap(adjusted["gap_pct"][0])),
                             crude=self.status_gap(crude)), ""]
        for dimension in INTERNAL_DIMENSIONS:
            basic = frame.filter((pl.col("dimension") == dimension)
                                 & pl.col("indicator").is_in(["g_basic_mean_gap",
                                                              "g_basic_median_gap"]))
            cells = {(r["group"], r["indicator"]): r for r in basic.iter_rows(named=True)}
            present = set(basic.get_column("group"))
            groups = [g for g in self.groups(dimension) if g in present]
            rows = []
            for group in groups:
                mean = cells.get((group, "g_basic_mean_gap"))
                median = cells.get((group, "g_basic_median_gap"))
                rows.append([self.labels(group), n.count(_shown(mean, "n_women")),
                             n.count(_shown(mean, "n_men")), self.status_gap(mean),
                             self.status_gap(median)])
            header = [self.t("r.pay.col.group"), self.labels("ser.women"), self.labels("ser.men"),
                      self.t("r.pay.col.basic_mean"), self.t("r.pay.col.basic_median")]
            caption = self.t("r.pay.internal_caption", dimension=self.labels(dimension),
                             year=self.year)
            parts += [self.table(f"pay-internal-{dimension.replace('_', '-')}", header, rows,
                                 caption=caption), ""]
        return Markdown("\n".join(parts))

    def pay_method(self) -> Markdown:
        """How the pay figures were made and protected."""
        hours = self.numbers.count(round(self.config.pay.annual_hours))
        keys: tuple[tuple[str, dict[str, object]], ...] = (
            ("pay", {"hours": hours}), ("gap", {}), ("threshold", {}),
            ("privacy", {"min_cell": self.config.min_cell}),
        )
        parts = [f"## {self.t('r.pay.method')}", ""]
        parts += [f"- {self.t(f'r.pay.method.{key}', **values)}" for key, values in keys]
        return Markdown("\n".join(parts))

    def _opening(self, section: str, **values: object) -> list[str]:
        """A section's heading and its introduction (``r.pay.<section>`` and ``…_intro``)."""
        return [f"## {self.t(f'r.pay.{section}')}", "",
                self.t(f"r.pay.{section}_intro", **values), ""]

    # --- rows ------------------------------------------------------------------------------

    def _published_workers(self) -> pl.DataFrame:
        return self._rows("workers").filter(
            (pl.col("category") != TOTAL) & (pl.col("status") == PUBLISHED)
        )

    def _withheld(self) -> list[str]:
        """Categories withheld under article 12(3), in order."""
        frame = self._rows("workers").filter(
            (pl.col("category") != TOTAL) & (pl.col("status") == TOO_FEW)
        )
        return sorted(frame.get_column("category").to_list())

    def _assessments(self) -> pl.DataFrame:
        """Article 10 rows of the published categories: flagged first, then by gap."""
        order = {"joint_assessment": 0, "justified": 1, "below_threshold": 2}
        frame = self._rows("art10_assessment").filter(
            (pl.col("category") != TOTAL) & (pl.col("assessment") != TOO_FEW)
        )
        return frame.with_columns(
            pl.col("assessment").replace_strict(order, default=3).alias("_order")
        ).sort("_order", pl.col("gap_pct").abs(), "category", descending=[False, True, False],
               nulls_last=True).drop("_order")

    def _outcome(self, code: str | None) -> str:
        if code is None:
            return "–"
        word = self.t(f"r.pay.code.{code}")
        return f"⚠ {word}" if code == "joint_assessment" else word

    def _remedy(self, day: date | None) -> str:
        return "–" if day is None else self.numbers.day(day)


def _shown(row: Row | None, key: str) -> Any:
    """A row's value, or None where there is no row or it is withheld."""
    return None if row is None or row["status"] == TOO_FEW else row[key]
