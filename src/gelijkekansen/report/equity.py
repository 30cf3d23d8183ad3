"""Sections of the quarterly equity report (kwartaalrapportage gelijke kansen).

Every comparison shown comes from ``published.selection_rates``: rates, intervals, Fisher and
BH q-values and the verdict were computed by the analyse step; this module only chooses rows,
orders them and words them. A flag is never shown without its n, interval and test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import cached_property
from typing import Any

import polars as pl

from gelijkekansen.analyse.stats import FOLLOW_UP
from gelijkekansen.contract import TOTAL
from gelijkekansen.report import headline as hl
from gelijkekansen.report.charts import bars
from gelijkekansen.report.formatting import capital, plain
from gelijkekansen.report.presentation import Markdown, Report

ROLLING = "rolling4q"
FLAGS = FOLLOW_UP
HIRING_STAGES = (
    "applied>screened",
    "screened>interviewed",
    "interviewed>offered",
    "offered>hired",
    "applied>hired",
)
CAREER = ("promotion", "mobility", "leadership_entry", "exit")
STAFF = ("all_staff", "teachers", "support")
DIMENSIONS = ("gender", "origin", "disability", "age_band", "gender×origin")
COLUMNS = (
    "process", "stage", "population", "dimension", "group", "reference_group", "pool",
    "selected", "rate", "rate_ci_low", "rate_ci_high", "impact_ratio", "ir_ci_low",
    "ir_ci_high", "p_fisher", "q_value", "verdict", "suppressed", "suppression_reason",
)
FLAG_COLUMNS = (
    *hl.COLUMNS, "follow_up_signal", "below_four_fifths",
    "below_four_fifths_vs_highest", "highest_group", "impact_ratio_vs_highest",
)
COMPARISON = ("window_type", "window_end", "org_unit", "process", "stage", "population",
              "dimension")
"""The columns that name one comparison: its groups share them and one reference group."""
MAX_FINDINGS = 4
MAX_CHANGES = 3
MAX_HEADLINE = 5
MAX_SIGNALS = 3
"""The summary must fit one page: the rest is in the detail sections."""

Row = Mapping[str, Any]


class EquityReport(Report):
    """The diversity officers' quarterly report."""

    def comparisons(self, window_end: date) -> pl.DataFrame:
        """Every published comparison of the rolling four quarters ending ``window_end``, for
        hiring (all candidates) and the career processes of the staff populations."""
        frame = self.warehouse.published(
            "selection_rates",
            columns=list(COLUMNS),
            where={"window_type": ROLLING, "window_end": window_end, "org_unit": self.org_unit,
                   "dimension": list(DIMENSIONS)},
        )
        return frame.filter(
            ((pl.col("process") == "hiring") & (pl.col("population") == "candidates:all"))
            | (pl.col("process").is_in(CAREER) & pl.col("population").is_in(STAFF))
        )

    def changes(self) -> Markdown:
        """What changed since the previous quarter, and what is too small to tell."""
        now = self.comparisons(self.period_end)
        before = self.comparisons(_previous_quarter_end(self.period_end))
        n = self.numbers
        parts = [f"## {self.t('r.eq.changed')}", "", self.t("r.eq.summary_intro",
                 start=n.quarter(_window_start(self.period_end)),
                 end=n.quarter(self.period_end)), ""]
        parts += [self._headline(), "", *self._changes(now, before), ""]
        parts += [f"### {self.t('r.eq.too_small')}", "", self._too_small(now)]
        return Markdown("\n".join(parts))

    # --- page one: the headline --------------------------------------------------------------

    def headline(self) -> Markdown:
        """Page one: the findings that matter, the signals to follow up, the targets."""
        frame = self._windows(self.org_unit)
        parts = [f"## {self.t('r.eq.summary')}", "", self.t(
            "r.hl.intro", pooled=self._window_span(frame, hl.ALL_YEARS),
            rolling=self._window_span(frame, hl.ROLLING)), ""]
        findings, rest = hl.one_per_comparison(
            hl.choose(frame, verdicts=hl.CERTAIN, single=True), MAX_HEADLINE)
        parts += [f"### {self.t('r.hl.findings')}", ""]
        if not findings:
            parts.append(self.t("r.hl.none"))
        for number, finding in enumerate(findings, start=1):
            parts += [f"{number}. **{self.sentence(finding)}**\\",
                      f"   [{self.evidence(finding)}]{{.evidence}}", ""]
        kinds = [
            [("", f) for f in rest],
            self._unit_signals() if self.org_unit == TOTAL else [],
            [("", f) for f in hl.choose(frame, verdicts=hl.CERTAIN, single=False)
             if "×" in f.row["dimension"]],
            [("", f) for f in hl.choose(frame, verdicts=hl.NOT_CERTAIN, single=False)],
        ]
        # A few of each kind first, so that no kind of signal crowds out the others.
        signals = [s for kind in kinds for s in kind[:1]] + [s for kind in kinds for s in kind[1:]]
        parts += ["", f"### {self.t('r.hl.signals')}", ""]
        if not signals:
            parts.append(self.t("r.hl.no_signals"))
        for unit, finding in signals[:MAX_SIGNALS]:
            sentence = self.sentence(finding, capital=not unit)
            if unit:
                sentence = self.t("r.hl.unit", unit=unit, sentence=sentence)
            parts.append(f"- {self.mark(finding.row['verdict'])}: {sentence}\\\n"
                         f"  [{self.evidence(finding, mark=False)}]{{.evidence}}")
        parts += ["", self._promise(self.flagged)]
        parts += ["", f"### {self.t('r.hl.targets')}", ""]
        if self.org_unit != TOTAL:
            parts += [self.t("r.hl.targets_whole"), ""]
        parts += self._target_lines()
        return Markdown("\n".join(parts))

    def _windows(self, org_unit: str | list[str]) -> pl.DataFrame:
        frame = self.warehouse.published(
            "selection_rates", columns=list(hl.COLUMNS),
            where={"window_type": [hl.ALL_YEARS, hl.ROLLING], "org_unit": org_unit,
                   "dimension": list(DIMENSIONS)},
        )
        return hl.windows(frame, self.period_end)

    def _unit_signals(self) -> list[tuple[str, hl.Finding]]:
        """Clear differences within single org units, over all years together."""
        units = self.warehouse.published(
            "selection_rates", columns=["org_unit"],
            where={"window_type": hl.ALL_YEARS, "verdict": list(hl.CERTAIN)},
        ).get_column("org_unit").unique().sort().to_list()
        units = [u for u in units if u != TOTAL]
        if not units:
            return []
        frame = self._windows(units)
        found = [(unit, f) for unit in units
                 for f in hl.choose(frame.filter(pl.col("org_unit") == unit),
                                    verdicts=hl.CERTAIN, single=True)]
        return sorted(found, key=lambda pair: hl.certain_size(pair[1].row))

    def _window_span(self, frame: pl.DataFrame, window_type: str) -> str:
        rows = frame.filter(pl.col("window_type") == window_type)
        if rows.is_empty():
            return "–"
        row = rows.row(0, named=True)
        if window_type == hl.ALL_YEARS:
            return f"{row['window_start'].year}–{row['window_end'].year}"
        start, end = row["window_start"], row["window_end"]
        return f"{self.numbers.quarter(start)}–{self.numbers.quarter(end)}"

    def window_name(self, row: Row) -> str:
        """``2017–2025`` for the pooled years, ``laatste 4 kwartalen`` for the rolling year
        (the intro names its quarters)."""
        if row["window_type"] == hl.ALL_YEARS:
            start, end = str(row["window_start"].year), str(row["window_end"].year)
        else:
            start = self.numbers.quarter(row["window_start"])
            end = self.numbers.quarter(row["window_end"])
        return self.t(f"r.hl.window.{row['window_type']}", start=start, end=end)

    def sentence(self, finding: hl.Finding, *, capital: bool = True) -> str:
        """The finding as a sentence a diversity officer can repeat: what, who, how big."""
        row, ref = finding.row, finding.reference
        n = self.numbers
        key = (f"r.hl.hiring.{row['stage']}" if row["process"] == "hiring"
               else f"r.hl.{row['process']}")
        text = self.t(
            key if self.labels.has(key) else "r.hl",
            what=self.comparison_label(row),
            who=self.who(row["group"], row["dimension"], row["population"]),
            reference=self.who(row["reference_group"] or "", row["dimension"],
                               row["population"]),
            ratio=self.about(row["impact_ratio"]),
            rate=n.percent(row["rate"]),
            ref_rate=n.percent(ref["rate"]) if ref else "–",
        )
        return text[:1].upper() + text[1:] if capital else text

    def evidence(self, finding: hl.Finding, *, mark: bool = True) -> str:
        """The second line: window, n, interval and test, and the other window's verdict."""
        row, ref = finding.row, finding.reference
        n = self.numbers
        text = self.t(
            "r.hl.detail", window=self.window_name(row), n=n.n(row["pool"]),
            ref_n=n.n(ref["pool"]) if ref else "–", ir=n.decimal(row["impact_ratio"]),
            ir_ci=n.interval(row["ir_ci_low"], row["ir_ci_high"], percent=False),
            ir_kind=self.t("r.eq.ir_exit" if row["process"] == "exit" else "r.eq.ir"),
            p=n.p_relation(row["p_fisher"]), q=n.p_relation(row["q_value"]),
        )
        other = finding.other
        if other is not None:
            state = self.mark(other["verdict"], reason=other["suppression_reason"])
            if other["impact_ratio"] is not None and not other["suppressed"]:
                state = f"{n.decimal(other['impact_ratio'])}, {state}"
            text += "; " + self.t("r.hl.other", window=self.window_name(other), state=state)
        return f"{self.mark(row['verdict'])} · {text}" if mark else text

    def about(self, ratio: float | None) -> str:
        """An impact ratio in words: ``0,8`` for 0.80, ``0,75`` for 0.75."""
        if ratio is None:
            return self.numbers.suppressed
        text = self.numbers.decimal(ratio)
        return text.rstrip("0").rstrip(",.") if text[-1] == "0" else text

    def _target_lines(self) -> list[str]:
        targets = self.warehouse.published("targets")
        if targets.is_empty():
            return [self.t("r.hl.no_targets")]
        n = self.numbers
        lines = []
        for r in targets.iter_rows(named=True):
            name = self.who(r["group"], r["dimension"], r["population"])
            name = name[:1].upper() + name[1:]
            if r["suppressed"]:
                lines.append(f"- **{self.mark(None)}** · {name}")
                continue
            text = self.t(
                "r.hl.target", name=name, now=n.percent(r["current_share"]),
                goal=n.percent(r["target_share"], 0), year=r["target_date"].year,
                projected=n.percent(r["projected_share"]),
                band=n.interval(r["projected_low"], r["projected_high"]),
            )
            lines.append(f"- **{self.mark(r['status'])}** · {text}")
        return lines

    def comparison_label(self, row: Row) -> str:
        what = self.labels(row["stage"]) if row["process"] == "hiring" else self.labels(
            row["process"])
        return f"{what}, {self.labels(row['population'])}, {self.labels(row['dimension'])}"

    def _headline(self) -> str:
        """Staff numbers and the share of women, this quarter end against the previous one."""
        previous = _previous_quarter_end(self.period_end)
        frame = self.warehouse.published(
            "representation", columns=["period_end", "group", "headcount", "share"],
            where={"population": "all_staff", "org_unit": self.org_unit,
                   "period_end": [self.period_end, previous], "dimension": [TOTAL, "gender"],
                   "group": [TOTAL, "vrouw"]},
        )
        cells = {(r["period_end"], r["group"]): r for r in frame.iter_rows(named=True)}

        def value(day: date, group: str, column: str) -> Any:
            cell = cells.get((day, group))
            return None if cell is None else cell[column]

        n = self.numbers
        return self.t(
            "r.eq.headline",
            staff=n.n(value(self.period_end, TOTAL, "headcount")),
            staff_before=n.n(value(previous, TOTAL, "headcount")),
            women=n.percent(value(self.period_end, "vrouw", "share")),
            women_before=n.percent(value(previous, "vrouw", "share")),
        )

    def _changes(self, now: pl.DataFrame, before: pl.DataFrame) -> list[str]:
        keys = ["process", "stage", "population", "dimension", "group"]
        joined = now.join(
            before.select(*keys, pl.col("verdict").alias("before")), on=keys, how="left"
        ).with_columns(
            pl.col("verdict").is_in(FLAGS).fill_null(False).alias("_now"),
            pl.col("before").is_in(FLAGS).fill_null(False).alias("_before"),
        )
        new = joined.filter(pl.col("_now") & ~pl.col("_before")).sort("q_value")
        gone = joined.filter(~pl.col("_now") & pl.col("_before"))
        lines = [self.t(
            "r.eq.changed_counts",
            now=joined.get_column("_now").sum(),
            before=joined.get_column("_before").sum(),
            new=new.height,
            gone=gone.height,
            previous=self.numbers.quarter(_previous_quarter_end(self.period_end)),
        ), ""]
        for row in new.head(MAX_CHANGES).iter_rows(named=True):
            lines.append(f"- {self.t('r.eq.new_flag')}: {self.comparison_label(row)}, "
                         f"{self.labels(row['group'])} ({self.numbers.n(row['pool'])}): "
                         f"{self.labels(row['verdict'])}")
        for row in gone.head(MAX_CHANGES).iter_rows(named=True):
            verdict = (self.labels(row["verdict"]) if row["verdict"]
                       else self.hidden(row["suppression_reason"]))
            lines.append(f"- {self.t('r.eq.gone_flag')}: {self.comparison_label(row)}, "
                         f"{self.labels(row['group'])}: {verdict}")
        return lines

    def _too_small(self, frame: pl.DataFrame) -> str:
        tally = (
            frame.group_by("process")
            .agg(
                pl.len().alias("rows"),
                pl.col("verdict").is_in(FLAGS).sum().alias("flagged"),
                (pl.col("verdict") == "too_few_to_tell").sum().alias("too_few"),
                (pl.col("suppression_reason") == "primary").sum().alias("primary"),
                (pl.col("suppression_reason") == "secondary").sum().alias("secondary"),
            )
        )
        order = {p: i for i, p in enumerate(("hiring", *CAREER))}
        rows = sorted(tally.iter_rows(named=True), key=lambda r: order.get(r["process"], 99))
        table = self.table(
            "too-small",
            [self.t("r.eq.process"), self.t("r.eq.groups"), self.t("r.eq.flagged"),
             self.t("too_few_to_tell"), self.hidden("primary"), self.hidden("secondary")],
            [[self.labels(r["process"]), str(r["rows"]), str(r["flagged"]), str(r["too_few"]),
              str(r["primary"]), str(r["secondary"])] for r in rows],
            caption=self.t("r.eq.too_small_caption"),
        )
        return self.t("r.eq.too_small_intro", min_cell=self.config.min_cell) + "\n\n" + table

    # --- detail sections -------------------------------------------------------------------

    def hiring(self) -> Markdown:
        """Hiring by stage: the funnel for gender and origin, internal against external
        candidates, then every flagged comparison of every stage."""
        frame = self.comparisons(self.period_end).filter(pl.col("process") == "hiring")
        parts = self._figures_by_dimension("funnel", frame, list(HIRING_STAGES))
        parts += [self._internal_external(), "", self._flagged_section("hiring")]
        return Markdown("\n".join(parts))

    def processes(self) -> Markdown:
        """A section per career process with every flagged comparison in tables."""
        parts = []
        for process in CAREER:
            parts += [f"## {capital(self.labels(process))}", "", self._flagged_section(process),
                      ""]
        return Markdown("\n".join(parts))

    # --- flagged comparisons, per process --------------------------------------------------

    @cached_property
    def flagged(self) -> pl.DataFrame:
        """Every flagged comparison the process sections show, with its reference group's rate.

        Flagged: a follow-up verdict (``stats.FOLLOW_UP``: a clear disparity, or a large one not
        yet certain) or a unit's ``follow_up_signal``; in the two windows of the headline, on
        every dimension, in the headline's populations, for the report's unit and (for the
        whole organisation) within every unit. Rows in reading order: process and stage, unit
        (the report's own first), dimension and group, population, pooled window first; a
        population that holds the same people as a broader one is not repeated.
        """
        where: dict[str, object] = {
            "window_type": [hl.ALL_YEARS, hl.ROLLING], "dimension": list(DIMENSIONS),
            "population": list(hl.POPULATIONS),
        }
        if self.org_unit != TOTAL:
            where["org_unit"] = self.org_unit
        frame = hl.windows(
            self.warehouse.published("selection_rates", columns=list(FLAG_COLUMNS), where=where),
            self.period_end,
        )
        references = frame.select(
            *COMPARISON, pl.col("group").alias("reference_group"),
            pl.col("rate").alias("reference_rate"),
        )
        flagged = frame.filter(
            pl.col("verdict").is_in(FLAGS) | pl.col("follow_up_signal").fill_null(False)
        ).join(references, on=[*COMPARISON, "reference_group"], how="left")
        orders = {
            "process": ("hiring", *CAREER), "stage": (*HIRING_STAGES, *CAREER),
            "dimension": DIMENSIONS, "population": hl.POPULATIONS,
            "window_type": (hl.ALL_YEARS, hl.ROLLING),
        }
        groups = {d: {g: i for i, g in enumerate(self.groups(d))} for d in DIMENSIONS}

        def place(row: Row) -> tuple[Any, ...]:
            rank = {c: values.index(row[c]) for c, values in orders.items()}
            return (rank["process"], rank["stage"], row["org_unit"] != self.org_unit,
                    row["org_unit"], rank["dimension"], groups[row["dimension"]].get(
                        row["group"], 99), rank["population"], rank["window_type"])

        rows = sorted(flagged.iter_rows(named=True), key=place)
        # Teachers and support are parts of all staff: a part as large as the whole is the
        # same people (a service unit has no teachers), so it is shown once, under the broader
        # population, which sorts first.
        return pl.DataFrame(rows, schema=flagged.schema, orient="row").unique(
            [c for c in (*COMPARISON, "group", "pool") if c != "population"], keep="first",
            maintain_order=True,
        )

    def _promise(self, flagged: pl.DataFrame) -> str:
        """What the process sections hold, counted exactly as they show it."""
        own = flagged.filter(pl.col("org_unit") == self.org_unit).height
        if flagged.is_empty():
            return self.t("r.hl.in_tables_none")
        key = "r.hl.in_tables" if self.org_unit == TOTAL else "r.hl.in_tables_unit"
        return self.t(key, count=flagged.height, own=own, units=flagged.height - own)

    def _flagged_section(self, process: str) -> str:
        """The flagged comparisons of one process: the report's unit, then within units."""
        frame = self.flagged.filter(pl.col("process") == process)
        own = frame.filter(pl.col("org_unit") == self.org_unit)
        units = frame.filter(pl.col("org_unit") != self.org_unit)
        parts = [f"### {self.t('r.eq.flagged_heading')}", ""]
        if frame.is_empty():
            return "\n".join([*parts, self.t("r.eq.flagged_none")])
        parts += [self.t("r.eq.flagged_intro", count=frame.height), "",
                  self.t("r.eq.flagged_legend", **{
                      code: self.mark(code, short=True) for code in (
                          *FLAGS, "follow_up_signal")}), ""]
        for label, part, by_unit in ((process, own, False), (f"{process}-units", units, True)):
            if part.is_empty():
                continue
            caption = capital(self.t(
                "r.eq.flagged_units_caption" if by_unit else "r.eq.flagged_caption",
                process=self.labels(process), unit=plain(self.unit_label(self.org_unit)),
            ))
            parts += [self._flagged_table(f"flagged-{label}", part, by_unit=by_unit,
                                          caption=caption), ""]
        return "\n".join(parts)

    def _flagged_table(
        self, label: str, frame: pl.DataFrame, *, by_unit: bool, caption: str
    ) -> str:
        """One row per flagged comparison: where and when, the group against its reference,
        counts, rate, impact ratio, q and the verdict; all as published."""
        n = self.numbers
        header = [self.t("r.col.where"), self.t("r.col.group"), self.t("col.pool"),
                  self.t("r.col.rate"), self.t("r.col.reference"), self.t("r.col.ir"),
                  self.t("r.col.q"), self.t("r.col.verdict")]
        rows = []
        for row in frame.iter_rows(named=True):
            where = [self.labels(row["stage"]) if row["process"] == "hiring"
                     else self.labels(row["population"]), self.window_name(row)]
            if by_unit:
                where.insert(0, row["org_unit"])
            cells = self.rate_row(row, first=" · ".join(where))
            reference = "–"
            if row["reference_group"] not in (None, row["group"]):
                reference = (f"{self.labels(row['reference_group'])}: "
                             f"{n.percent(row['reference_rate'])}")
            group = f"{self.labels(row['dimension'])}: {self.labels(row['group'])}"
            rows.append([cells[0], group, cells[2], cells[4], reference, cells[5], cells[6],
                         self._flag(row)])
        # The comparison and the verdict need the room; units such as BESTUURSBUREAU do not
        # break.
        return self.table(label, header, rows, caption=caption,
                          align=["l", "l", "r", "r", "l", "r", "r", "l"],
                          widths=[22, 15, 9, 14, 13, 14, 10, 16])

    def _flag(self, row: Row) -> str:
        """The verdict, and for a unit's signal what it rests on: the comparison with the
        highest group when that is the one below four-fifths."""
        text = self.mark(row["verdict"], short=True)
        vs_highest = row["below_four_fifths_vs_highest"] and not row["below_four_fifths"]
        if not row["follow_up_signal"] or (row["verdict"] in FLAGS and not vs_highest):
            return text
        signal = self.mark("follow_up_signal", short=True)
        if vs_highest:
            signal += " (" + self.t(
                "r.eq.vs_highest", ratio=self.numbers.decimal(row["impact_ratio_vs_highest"]),
                group=self.labels(row["highest_group"] or ""),
            ) + ")"
        return f"{text}; {signal}"

    def _internal_external(self) -> str:
        frame = self.warehouse.published(
            "selection_rates", columns=list(COLUMNS),
            where={"window_type": ROLLING, "window_end": self.period_end,
                   "org_unit": self.org_unit, "process": "hiring", "stage": "applied>hired",
                   "dimension": "gender"},
        )
        populations = ["candidates:internal", "candidates:external", "candidates:all"]
        rows = [self.rate_row(r, first=self.labels(r["population"]))
                for p in populations for r in _ordered(frame.filter(pl.col("population") == p),
                                                       self.groups("gender"))]
        return self.table("internal-external", self.rate_header(self.t("r.axis.population")),
                          rows, caption=self.t("r.eq.internal_external_caption"))

    def careers(self) -> Markdown:
        """Promotion, internal mobility, entry into leadership and exits, all staff."""
        frame = self.comparisons(self.period_end).filter(
            pl.col("process").is_in(CAREER) & (pl.col("population") == "all_staff")
        ).with_columns(pl.col("process").alias("stage"))
        return Markdown("\n".join(self._figures_by_dimension("careers", frame, list(CAREER))))

    def _figures_by_dimension(
        self, section: str, frame: pl.DataFrame, categories: list[str]
    ) -> list[str]:
        """A section heading and intro, then one rates figure per dimension (gender, origin)
        with the ``stage`` column on the category axis."""
        parts = [f"## {self.t(f'r.eq.{section}')}", "", self.t(f"r.eq.{section}_intro"), ""]
        for dimension in ("gender", "origin"):
            parts.append(self._rates_figure(
                f"{section}-{dimension}", frame.filter(pl.col("dimension") == dimension),
                dimension=dimension, categories=categories, category_of="stage",
                caption=self.t(f"r.eq.{section}_caption", dimension=self.labels(dimension)),
            ))
            parts.append("")
        return parts

    def intersections(self) -> Markdown:
        """Gender × origin for hiring (end to end) and promotion: small cells shown as such."""
        dimension = "gender×origin"
        parts = [f"## {self.t('r.eq.intersections')}", "", self.t("r.eq.intersections_intro"),
                 ""]
        frame = self.comparisons(self.period_end).filter(
            (pl.col("dimension") == dimension)
            & (((pl.col("process") == "hiring") & (pl.col("stage") == "applied>hired"))
               | ((pl.col("process") == "promotion") & (pl.col("population") == "all_staff")))
        )
        if frame.is_empty():
            parts.append(self.t("r.eq.intersections_unit"))
            return Markdown("\n".join(parts))
        frame = frame.with_columns(pl.col("process").alias("stage"))
        parts.append(self._rates_figure(
            "intersections", frame, dimension=dimension, categories=["hiring", "promotion"],
            category_of="stage", caption=self.t("r.eq.intersections_caption"),
        ))
        return Markdown("\n".join(parts))

    def representation(self) -> Markdown:
        """Share of each group among all staff over the full history."""
        parts = [f"## {self.t('r.eq.representation')}", "", self.t("r.eq.representation_intro"),
                 ""]
        for dimension in ("gender", "origin"):
            parts.append(self.trend(
                f"representation-{dimension}", populations=["all_staff"], dimension=dimension,
                caption=self.t("r.eq.representation_caption", dimension=self.labels(dimension)),
            ))
            parts.append("")
        return Markdown("\n".join(parts))

    # --- building blocks -------------------------------------------------------------------

    def _rates_figure(
        self, label: str, frame: pl.DataFrame, *, dimension: str, categories: Sequence[str],
        category_of: str, caption: str,
    ) -> str:
        """Selection rates per category and group as bars with intervals, and their table."""
        present = [g for g in self.groups(dimension) if g in set(frame.get_column("group"))]
        # A group hidden everywhere gets no bars at all; the table and caption name it.
        shown = set(frame.filter(~pl.col("suppressed")).get_column("group"))
        drawn = [g for g in present if g in shown]
        rows, table_rows = [], []
        for category in categories:
            part = frame.filter(pl.col(category_of) == category)
            for row in _ordered(part, present):
                table_rows.append(self.rate_row(row, first=self.labels(category)))
                if row["group"] in shown:
                    rows.append({"category": self.labels(category), "series": self.labels(
                        row["group"]), "value": row["rate"], "low": row["rate_ci_low"],
                        "high": row["rate_ci_high"]})
        hidden = [self.labels(g) for g in present if g not in shown]
        if hidden:
            caption += ". " + self.t("r.eq.hidden_groups", groups=", ".join(hidden))
        chart = bars(
            rows, axis=self.axis("r.axis.rate"), category_title="",
            series_title=self.labels(dimension),
            categories=[self.labels(c) for c in categories],
            series=[self.labels(g) for g in drawn],
            suppressed_label=self.numbers.suppressed,
        )
        flagged = [r for r in frame.iter_rows(named=True) if r["verdict"] in FLAGS]
        alt_text = self.t("r.alt.rates", what=caption, count=len(flagged)) + " " + "; ".join(
            f"{self.labels(r[category_of])}, {self.labels(r['group'])}: "
            f"{self.numbers.percent(r['rate'])}" for r in flagged[:MAX_FINDINGS])
        table = self.table(label, self.rate_header(""), table_rows, caption=caption,
                           align=["l", "l", "r", "r", "r", "r", "r", "l"])
        return self.figure(label, chart, caption=caption, alt_text=alt_text, table=table)

    def rate_header(self, first: str) -> list[str]:
        return [first, self.t("r.col.group"), self.t("col.pool"), self.t("col.selected"),
                self.t("r.col.rate"), self.t("r.col.ir"), self.t("r.col.q"),
                self.t("r.col.verdict")]

    def rate_row(self, row: Row, *, first: str) -> list[str]:
        n = self.numbers
        if row["suppressed"]:
            hidden = n.suppressed
            return [first, self.labels(row["group"]), hidden, hidden, hidden, "–", "–",
                    self.mark(None, reason=row["suppression_reason"])]
        rate = f"{n.percent(row['rate'])} ({n.interval(row['rate_ci_low'], row['rate_ci_high'])})"
        ratio = "–" if row["impact_ratio"] is None else n.decimal(row["impact_ratio"])
        if row["ir_ci_low"] is not None:
            ratio += f" ({n.interval(row['ir_ci_low'], row['ir_ci_high'], percent=False)})"
        verdict = self.mark(row["verdict"]) if row["verdict"] else "–"
        return [first, self.labels(row["group"]), n.count(row["pool"]), n.count(row["selected"]),
                rate, ratio, n.p_value(row["q_value"]), verdict]


def _ordered(frame: pl.DataFrame, groups: Sequence[str]) -> list[Row]:
    """Rows of ``frame`` in the order of ``groups`` (the contract's order)."""
    by_group = {r["group"]: r for r in frame.iter_rows(named=True)}
    return [by_group[g] for g in groups if g in by_group]


def _previous_quarter_end(day: date) -> date:
    return date(day.year, day.month - (day.month - 1) % 3, 1) - timedelta(days=1)


def _window_start(end: date) -> date:
    """The last day of the first quarter of the four ending at ``end``."""
    day = end
    for _ in range(3):
        day = _previous_quarter_end(day)
    return day
