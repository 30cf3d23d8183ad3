"""Static charts for the reports: Altair specifications rendered to SVG by vl-convert.

No JavaScript and no CDN: the SVG is drawn here and embedded in the page. Colours are the
Okabe–Ito palette (distinguishable with every common colour-vision deficiency) and series also
differ in point shape, so no chart relies on colour alone. A suppressed value is never drawn as
a zero: bars show the word for suppressed instead of a bar, lines break.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import vl_convert

OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "wedge")
MUTED = "#57606a"
WIDTH = 520
FONT = "DejaVu Sans, Verdana, sans-serif"

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Axis:
    """What a value axis shows: its title, whether values are shares, and a reference line."""

    title: str
    percent: bool = True
    rule: float | None = None


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as a standalone SVG document."""
    spec = (
        chart.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=12)
        .configure_legend(labelFontSize=11, titleFontSize=12)
        .configure_header(labelFontSize=12, titleFontSize=12)
        .to_json()
    )
    return str(vl_convert.vegalite_to_svg(spec))


def bars(
    rows: Sequence[Row],
    *,
    axis: Axis,
    category_title: str,
    series_title: str,
    categories: Sequence[str],
    series: Sequence[str],
    suppressed_label: str,
) -> alt.TopLevelMixin:
    """Grouped horizontal bars with 95% intervals, one group of bars per category.

    Rows carry ``category``, ``series``, ``value``, ``low`` and ``high``; a row whose value is
    ``None`` is labelled as suppressed instead of drawn.
    """
    data = [
        {**row, "hidden": suppressed_label if row["value"] is None else ""} for row in rows
    ]
    fmt = ".0%" if axis.percent else ".2f"
    y = alt.Y("category:N", title=category_title, sort=list(categories))
    offset = alt.YOffset("series:N", sort=list(series))
    colour = _colour(series, series_title)
    x_scale = alt.Scale(domain=[0, 1]) if axis.percent else alt.Scale(zero=True)
    base = alt.Chart().encode(y=y, yOffset=offset)
    layers = [
        base.mark_bar(height={"band": 0.9}).encode(
            x=alt.X("value:Q", title=axis.title, axis=alt.Axis(format=fmt), scale=x_scale),
            color=colour,
            tooltip=alt.value(None),
        ),
        base.mark_rule(color="#1f2328").encode(x="low:Q", x2="high:Q"),
        base.transform_filter("datum.value == null").mark_text(
            align="left", dx=3, fontSize=10, color=MUTED, fontStyle="italic"
        ).encode(x=alt.datum(0), text="hidden:N"),
    ]
    if axis.rule is not None:
        layers.append(
            alt.Chart().mark_rule(color="#000000", strokeDash=[4, 3]).encode(
                x=alt.datum(axis.rule)
            )
        )
    return alt.layer(*layers).properties(
        data=_data(data), width=WIDTH - 180, height=alt.Step(max(8, 42 // max(1, len(series))))
    )


def lines(
    rows: Sequence[Row],
    *,
    axis: Axis,
    series_title: str,
    series: Sequence[str],
    time_title: str,
    band: bool = True,
    facet_title: str | None = None,
    columns: int = 2,
) -> alt.TopLevelMixin:
    """Shares over time per series with an optional 95% band; suppressed points break the line.

    Rows carry ``period`` (ISO date), ``series``, ``value``, ``low``, ``high`` (and ``facet``).
    """
    fmt = ".0%" if axis.percent else ".2f"
    x = alt.X("period:T", title=time_title, axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("value:Q", title=axis.title, axis=alt.Axis(format=fmt),
              scale=alt.Scale(zero=True, domain=[0, 1]) if axis.percent else alt.Scale())
    colour = _colour(series, series_title)
    shape = alt.Shape("series:N", sort=list(series), title=series_title,
                      scale=alt.Scale(domain=list(series), range=list(SHAPES[: len(series)])))
    layers = []
    if band:
        layers.append(
            alt.Chart().mark_area(opacity=0.15, invalid="break-paths-show-domains").encode(
                x=x, y="low:Q", y2="high:Q", color=colour
            )
        )
    layers.append(
        alt.Chart().mark_line(invalid="break-paths-show-domains").encode(x=x, y=y, color=colour)
    )
    layers.append(
        alt.Chart().mark_point(filled=True, size=28).encode(x=x, y=y, color=colour, shape=shape)
    )
    if axis.rule is not None:
        layers.append(
            alt.Chart().mark_rule(color="#000000", strokeDash=[4, 3]).encode(
                y=alt.datum(axis.rule)
            )
        )
    size = {"width": WIDTH - 140, "height": 180}
    if facet_title is not None:
        size = {"width": (WIDTH - 120) // columns, "height": 120}
    layer = alt.layer(*layers).properties(**size)
    if facet_title is None:
        return layer.properties(data=_data(rows))
    return layer.facet(
        data=_data(rows),
        facet=alt.Facet("facet:N", title=facet_title, sort=None),
        columns=columns,
    )


def _colour(series: Sequence[str], title: str) -> alt.Color:
    palette = [OKABE_ITO[i % len(OKABE_ITO)] for i in range(len(series))]
    return alt.Color(
        "series:N",
        title=title,
        sort=list(series),
        scale=alt.Scale(domain=list(series), range=palette),
        legend=alt.Legend(orient="bottom", direction="horizontal", columns=4),
    )


def target_paths(
    rows: Sequence[Row], *, axis: Axis, time_title: str, facet_title: str, columns: int = 2
) -> alt.TopLevelMixin:
    """Per target: the observed share with its band, the target as a dashed line, and the
    projection at the target date as a point with its 95% band.

    Rows carry ``facet``, ``kind`` (``observed`` or ``projected``), ``period``, ``value``,
    ``low``, ``high`` and ``target``.
    """
    x = alt.X("period:T", title=time_title, axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("value:Q", title=axis.title, axis=alt.Axis(format=".0%"),
              scale=alt.Scale(domain=[0, 1]))
    observed = alt.Chart().transform_filter("datum.kind == 'observed'")
    projected = alt.Chart().transform_filter("datum.kind == 'projected'")
    layers = [
        observed.mark_area(opacity=0.18, color=OKABE_ITO[0],
                           invalid="break-paths-show-domains").encode(x=x, y="low:Q", y2="high:Q"),
        observed.mark_line(color=OKABE_ITO[0], invalid="break-paths-show-domains").encode(x=x, y=y),
        alt.Chart().mark_rule(color="#000000", strokeDash=[4, 3]).encode(y="target:Q"),
        projected.mark_rule(color=OKABE_ITO[5], strokeWidth=2).encode(x=x, y="low:Q", y2="high:Q"),
        projected.mark_point(color=OKABE_ITO[5], shape="diamond", filled=True, size=70).encode(
            x=x, y=y
        ),
    ]
    return alt.layer(*layers).properties(width=(WIDTH - 120) // columns, height=140).facet(
        data=_data(rows),
        facet=alt.Facet("facet:N", title=facet_title, sort=None),
        columns=columns,
    )


def _data(rows: Sequence[Row]) -> alt.Data:
    """Inline data: the chart carries its numbers, so rendering needs no file or network."""
    return alt.Data(values=[dict(row) for row in rows])  # type: ignore[no-untyped-call]
