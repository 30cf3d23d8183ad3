"""The presentation API: what a report template may call, and all it can reach.

Templates (``reports/*.qmd``) hold no statistics, no SQL and no raw data. They open a report
with ``open`` on a subclass of `Report` (``equity.EquityReport``, ``monitor.MonitorReport``)
and show the sections it returns. Every section reads the privacy-filtered ``published``
tables and the run log (``meta``) read-only through `Warehouse`, formats its figures in the
report's language and returns pandoc markdown: headings, prose, tables, and charts drawn to
SVG files with their caption, alt text and the table of numbers behind them.

Count columns of every table carry one of the `COUNT_HEADERS` labels, and counts in prose are
written ``n = …``, so a test can check that no rendered count is below the minimum cell size.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Self

import altair as alt
import polars as pl

from gelijkekansen import __version__
from gelijkekansen.config import Config
from gelijkekansen.contract import CODES, MERGED, TOTAL
from gelijkekansen.messages import Labels
from gelijkekansen.periods import parse_period
from gelijkekansen.report.charts import Axis, lines, to_svg
from gelijkekansen.report.formatting import Numbers, markdown_table, plain
from gelijkekansen.report.published import Warehouse
from gelijkekansen.warehouse.settings import resolve_config

COUNT_HEADERS = (
    "col.pool",
    "col.selected",
    "col.headcount",
    "col.population",
    "ser.men",
    "ser.women",
    "ser.other",
    "ser.unknown",
    "ser.total",
)
"""Label keys of table columns that hold counts of persons (checked against the minimum cell)."""
ICONS = {
    "clear_large_difference": "▼",
    "clear_small_difference": "▽",
    "large_difference_not_certain": "!",
    "clear_negligible_difference": "≈",
    "clear_advantage": "▲",
    "no_evidence": "○",
    "too_few_to_tell": "?",
    "reference": "◆",
    "follow_up_signal": "⚑",
    "suppressed": "–",
    "on_track": "✓",
    "at_risk": "⚠",
    "off_track": "✗",
}
"""A verdict's or status's icon, shown with its word so that nothing rests on colour alone;
codes added later get a plain bullet until they get an icon here."""


class Markdown(str):
    """Pandoc markdown that Jupyter (and so Quarto and the built-in chain) shows as markdown."""

    def _repr_markdown_(self) -> str:
        return str(self)


@dataclass
class Report:
    """One report being written: where its data and figures live, its language and period."""

    warehouse: Warehouse
    config: Config
    labels: Labels
    numbers: Numbers
    period_end: date
    org_unit: str
    figures: Path

    @classmethod
    def open(
        cls,
        out: str | Path,
        *,
        lang: str,
        period: str | None = None,
        org_unit: str = TOTAL,
        config: str | Path | None = None,
        figures: str | Path | None = None,
    ) -> Self:
        """Open the output folder ``out`` for a report on ``period`` (``2026Q3``; default: the
        latest published quarter) and ``org_unit``; charts are written to ``figures``. Without
        ``config``, the settings stored in the warehouse at ingest are used."""
        warehouse = Warehouse(Path(out) / "warehouse.duckdb")
        settings = resolve_config(warehouse.path, Path(config) if config else None)
        labels = Labels(lang, settings.labels)
        folder = Path(figures) if figures else Path(tempfile.mkdtemp(prefix="gk-figures-"))
        folder.mkdir(parents=True, exist_ok=True)
        return cls(
            warehouse=warehouse,
            config=settings,
            labels=labels,
            numbers=Numbers(labels),
            period_end=_period_end(warehouse, period),
            org_unit=org_unit,
            figures=folder,
        )

    def t(self, key: str, **values: object) -> str:
        """A catalogue text in the report's language, with ``{name}`` fields filled in."""
        text = self.labels(key)
        return text.format(**values) if values else text

    def title(self, kind: str) -> Markdown:
        """The document's title block: a YAML block, which pandoc lets override the front
        matter's defaults, so one template serves both languages."""
        lines = [
            "---",
            f"title: {_yaml(self.t(f'r.{kind}.title'))}",
            f"subtitle: {_yaml(self.subtitle())}",
            f"lang: {self.labels.language}",
            "---",
        ]
        return Markdown("\n".join(lines) + "\n")

    def subtitle(self) -> str:
        """Organisation, unit and quarter the report is about."""
        return self.t(
            "r.subtitle",
            organisation=plain(self.config.organisation),
            period=self.numbers.quarter(self.period_end),
            unit=plain(self.unit_label(self.org_unit)),
        )

    def axis(self, key: str, *, percent: bool = True, rule: float | None = None) -> Axis:
        """A value axis titled from the catalogue, saying where a share axis ends."""
        return Axis(self.t(key), percent=percent, rule=rule, scale_note=self.t("r.axis.scale"))

    def mark(self, code: str | None, *, reason: str | None = None, short: bool = False) -> str:
        """A verdict or target status as icon and word: ``▼ significante achterstand``; no
        code is a hidden row, named with why it is hidden (``reason``, see `hidden`).
        ``short`` words a verdict for a narrow column (``r.short.<code>``), where it has one."""
        if code is None:
            return f"{ICONS['suppressed']} {self.hidden(reason)}"
        key = f"r.short.{code}"
        word = self.labels(key if short and self.labels.has(key) else code)
        return f"{ICONS.get(code, '•')} {word}"

    def hidden(self, reason: str | None) -> str:
        """Why a row is hidden, from its ``suppression_reason``: ``onderdrukt (< 10)`` for a
        count (or complement) below the minimum cell, ``onderdrukt (ter bescherming)`` for a row
        hidden so that a small one cannot be computed back; without a reason, the plain word."""
        if reason in ("primary", "secondary"):
            return self.t(f"r.hidden.{reason}", min_cell=self.config.min_cell)
        return self.numbers.suppressed

    def who(self, group: str, dimension: str, population: str) -> str:
        """``kandidaten van buiten Europa``; intersections read ``vrouwelijke kandidaten van
        buiten Europa``; a code without its own phrase falls back to its label."""
        noun = self.noun(population)
        if "×" in dimension and "×" in group:
            for part, part_group in reversed(list(zip(dimension.split("×"), group.split("×"),
                                                      strict=True))):
                noun = self._phrase(part_group, part, noun)
            return noun
        return self._phrase(group, dimension, noun)

    def _phrase(self, group: str, dimension: str, noun: str) -> str:
        for key in (f"r.who.{dimension}.{group}", f"r.who.{dimension}", "r.who"):
            if self.labels.has(key):
                return self.t(key, noun=noun, group=self.labels(group),
                              dimension=self.labels(dimension))
        return noun

    def noun(self, population: str) -> str:
        """``kandidaten``, ``docenten``, ``medewerkers op niveau hoofddocent``."""
        family, _, member = population.partition(":")
        for key in (f"r.noun.{population}", f"r.noun.{family}:" if member else ""):
            if self.labels.has(key):
                return self.t(key, member=member) if member else self.t(key)
        return self.t("r.noun")

    def target_name(self, row: Mapping[str, Any]) -> str:
        """``Aandeel vrouwelijke leidinggevenden``: what a target is about, in words."""
        return self.t("r.target_name", who=self.who(row["group"], row["dimension"],
                                                     row["population"]))

    def unit_label(self, unit: str) -> str:
        return self.t("r.organisation_wide") if unit == TOTAL else unit

    def figure(
        self, label: str, chart: alt.TopLevelMixin, *, caption: str, alt_text: str, table: str
    ) -> str:
        """A chart as an SVG file, its caption and alt text, followed by its numbers."""
        path = self.figures / f"{label}.svg"
        path.write_text(to_svg(chart), encoding="utf-8")
        escaped = alt_text.replace("\\", "\\\\").replace('"', '\\"')
        attributes = f'#fig-{label} fig-alt="{escaped}" width="100%"'
        image = f"![{caption}](<{path.as_posix()}>){{{attributes}}}"
        return f"{image}\n\n{table}"

    def table(
        self,
        label: str,
        header: list[str],
        rows: list[list[str]],
        *,
        caption: str,
        align: list[str] | None = None,
        widths: list[int] | None = None,
    ) -> str:
        return markdown_table(header, rows, caption=caption, label=label, align=align,
                              widths=widths)

    def groups(self, dimension: str) -> list[str]:
        """The groups of a dimension in the contract's order (intersections included)."""
        if "×" in dimension:
            first, second = dimension.split("×")
            return [f"{a}×{b}" for a in CODES[first] for b in CODES[second]]
        return list(CODES[dimension])

    def trend(
        self, label: str, *, populations: list[str], dimension: str, caption: str
    ) -> str:
        """Share of each group over the full history (year ends and the latest quarter), per
        population: a line chart and the table behind it, suppressed cells named as such."""
        frame = self.warehouse.published(
            "representation",
            columns=["period_end", "population", "group", "headcount", "share", "share_ci_low",
                     "share_ci_high", "suppression_reason"],
            where={"population": populations, "org_unit": self.org_unit,
                   "dimension": dimension},
        ).filter(
            (pl.col("period_end") <= self.period_end)
            & ((pl.col("period_end").dt.month() == 12) | (pl.col("period_end") == self.period_end))
        )
        groups = [g for g in self.groups(dimension) if g in set(frame.get_column("group"))]
        names = {g: self.labels(g) for g in groups}
        facets = {p: self.labels(p) for p in populations}
        frame = frame.sort("period_end")
        rows = [
            {"period": r["period_end"].isoformat(), "series": names[r["group"]],
             "facet": facets[r["population"]], "value": r["share"], "low": r["share_ci_low"],
             "high": r["share_ci_high"]}
            for r in frame.iter_rows(named=True) if r["group"] in names
        ]
        axis = self.axis("r.axis.share")
        multiple = len(populations) > 1
        chart = lines(rows, axis=axis, series_title=self.labels(dimension),
                      series=list(names.values()), time_title=self.t("r.axis.period"),
                      facet_title=self.t("r.axis.population") if multiple else None)
        n = self.numbers
        cells = {(r["period_end"], r["population"], r["group"]): r
                 for r in frame.iter_rows(named=True)}
        periods = sorted({r["period_end"] for r in frame.iter_rows(named=True)})
        table_rows = []
        for population in populations:
            for period in periods:
                row = [facets[population]] if multiple else []
                row.append(n.quarter(period))
                for group in groups:
                    cell = cells.get((period, population, group))
                    row.append(self.share_cell(cell))
                table_rows.append(row)
        header = [self.t("r.axis.population")] if multiple else []
        header += [self.t("r.axis.period"), *names.values()]
        latest = [r for r in rows if r["period"] == self.period_end.isoformat()]
        summary = "; ".join(
            f"{r['facet']} {r['series']} {n.percent(r['value'])}" for r in latest
        )
        alt_text = self.t("r.alt.trend", what=caption, start=n.quarter(periods[0]),
                          end=n.quarter(periods[-1]), latest=summary) if periods else caption
        align = ["l"] * (len(header) - len(groups)) + ["r"] * len(groups)
        table = self.table(label, header, table_rows, caption=caption, align=align)
        return self.figure(label, chart, caption=caption, alt_text=alt_text, table=table)

    def share_cell(self, row: Mapping[str, Any] | None) -> str:
        """``45,2% (n = 123)``: a share with the group's headcount, or why it is hidden.

        No row at all is not a hidden figure but one the release does not hold (a population
        without members in the unit, or one not published per unit), and says so."""
        if row is None:
            return self.t("r.not_published")
        if row["headcount"] is None:
            return self.hidden(row.get("suppression_reason"))
        return f"{self.numbers.percent(row['share'])} ({self.numbers.n(row['headcount'])})"

    # --- sections shared by both reports ---------------------------------------------------

    def data_quality(self) -> Markdown:
        """Outcome of the validation gate of the latest load: what was checked, what failed."""
        results = self.warehouse.meta("validation_results")
        runs = self.warehouse.meta("runs").filter(pl.col("command") == "ingest")
        parts = [f"## {self.t('r.quality.heading')}", "", self.t("r.quality.intro"), ""]
        if results.is_empty() or runs.is_empty():
            parts.append(self.t("r.quality.none"))
            return Markdown("\n".join(parts))
        run_id = runs.sort("finished_at").get_column("run_id")[-1]
        latest = results.filter(pl.col("run_id") == run_id)
        summary = (
            latest.group_by("table_name")
            .agg(
                pl.len().alias("checks"),
                pl.col("passed").sum().alias("passed"),
                (~pl.col("passed") & (pl.col("severity") == "warning")).sum().alias("warnings"),
                (~pl.col("passed") & (pl.col("severity") == "blocking")).sum().alias("blocking"),
            )
            .sort("table_name")
        )
        n = self.numbers
        rows = [
            [r["table_name"], n.count(r["checks"]), n.count(r["passed"]),
             n.count(r["warnings"]), n.count(r["blocking"])]
            for r in summary.iter_rows(named=True)
        ]
        header = [self.t(f"r.quality.{c}") for c in ("table", "checks", "passed", "warnings",
                                                         "blocking")]
        parts.append(self.table("quality", header, rows,
                                caption=self.t("r.quality.caption", run=run_id)))
        failed = latest.filter(~pl.col("passed")).sort("table_name", "check_name")
        parts.append("")
        if failed.is_empty():
            parts.append(self.t("r.quality.all_passed"))
        else:
            parts.append(self.t("r.quality.failed"))
            parts.append("")
            for r in failed.iter_rows(named=True):
                parts.append(
                    f"- {r['table_name']}, {r['check_name']} ({r['severity']}): "
                    + self.t("r.quality.rows", rows=n.count(r["failing_rows"]))
                )
        return Markdown("\n".join(parts))

    def methodology(self) -> Markdown:
        """How every figure was made and protected, in plain words."""
        analysis = self.config.analysis
        values = {
            "min_cell": self.config.min_cell,
            "alpha": self.numbers.decimal(analysis.alpha),
            "reference": self.t(f"r.method.reference.{analysis.reference}"),
        }
        keys = ("windows", "rates", "reference", "fisher", "bh", "four_fifths", "too_few",
                "exits", "min_cell", "complementary", "unknown")
        parts = [f"## {self.t('r.method.heading')}", ""]
        parts += [f"- {self.t(f'r.method.{key}', **values)}" for key in keys]
        merges = self.config.privacy.merge
        if merges:
            named = "; ".join(
                f"{self.labels(dimension)}: "
                + ", ".join(self.labels(MERGED.join(members)) for members in groups)
                for dimension, groups in merges.items()
            )
            parts.append(f"- {self.t('r.method.merged', merges=named)}")
        return Markdown("\n".join(parts))

    def manifest(self) -> Markdown:
        """Which files, configuration, version and runs every figure comes from."""
        runs = self.warehouse.meta("runs").sort("finished_at", "run_id")
        files = self.warehouse.meta("files").sort("run_id", "table_name")
        source = f"`{self.config.source}`" if self.config.source else self.t(
            "r.manifest.defaults")
        if self.config.stored_run is not None:
            source = self.t("r.manifest.stored", run=self.config.stored_run, source=source)
        parts = [
            f"## {self.t('r.manifest.heading')}",
            "",
            self.t("r.manifest.intro"),
            "",
            f"- {self.t('r.manifest.config')}: {source}",
            f"- {self.t('r.manifest.version')}: {__version__}",
            f"- {self.t('r.manifest.warehouse')}: `{self.warehouse.path}`",
            "",
        ]
        run_rows = [
            [r["run_id"], r["command"], r["extraction_period"] or "–", r["status"],
             r["finished_at"].strftime("%Y-%m-%d %H:%M"), r["package_version"]]
            for r in runs.iter_rows(named=True)
        ]
        header = [self.t(f"r.manifest.{c}") for c in ("run", "command", "period", "status",
                                                        "finished", "version")]
        parts.append(self.table("runs", header, run_rows, caption=self.t("r.manifest.runs"),
                                align=["l"] * 6))
        parts.append("")
        file_rows = [
            [r["run_id"], r["file_name"], self.numbers.count(r["row_count"]),
             _wrappable(r["sha256"])]
            for r in files.iter_rows(named=True)
        ]
        header = [self.t(f"r.manifest.{c}") for c in ("run", "file", "rows", "sha256")]
        parts.append(self.table("files", header, file_rows, caption=self.t("r.manifest.files"),
                                align=["l", "l", "r", "l"]))
        return Markdown("\n".join(parts))


def _period_end(warehouse: Warehouse, period: str | None) -> date:
    if period:
        return parse_period(period)[1]
    ends = warehouse.published(
        "representation", columns=["period_end"], where={"population": "all_staff",
                                                         "org_unit": TOTAL, "dimension": TOTAL}
    )
    if ends.is_empty():
        raise ValueError("published.representation is empty: run 'gelijkekansen analyse'.")
    latest: date = ends.get_column("period_end").max()  # type: ignore[assignment]
    return latest


def _wrappable(digest: str) -> str:
    """A SHA-256 in groups of 16 hex digits, so a narrow column or screen wraps it whole."""
    return " ".join(f"`{digest[i:i + 16]}`" for i in range(0, len(digest), 16))


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
