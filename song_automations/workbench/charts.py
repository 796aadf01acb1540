"""The notebooks' altair charts, built from the frames of the other workbench modules.

Each function takes a tidy frame and returns an ``alt.Chart`` (or layered chart) the
notebook wraps in ``mo.ui.altair_chart``; none of them reads the database itself.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..settings import Thresholds

STATUS_COLORS = alt.Scale(domain=["matched", "flagged", "missing"], range=["#4c9f70", "#f2a541", "#d1495b"])
WIDTH = 320


def folder_status_chart(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars per folder of matched / flagged / missing tracks, one panel per destination
    (``frame`` from :func:`results.folder_status`)."""
    return alt.Chart(frame, title="Tracks per folder").mark_bar().encode(
        x=alt.X("sum(tracks):Q", title="tracks"),
        y=alt.Y("folder:N", sort=None, title=None),
        color=alt.Color("status:N", scale=STATUS_COLORS, sort=list(STATUS_COLORS.domain)),
        order=alt.Order("status_order:Q"),
        column=alt.Column("destination:N", title=None),
        tooltip=["destination", "folder", "status", "tracks"],
    ).transform_calculate(
        status_order="indexof(['matched', 'flagged', 'missing'], datum.status)"
    ).properties(width=WIDTH)


def confidence_chart(frame: pd.DataFrame, thresholds: Thresholds) -> alt.LayerChart:
    """Histogram of match confidence per destination, with the three thresholds as rules
    (``frame`` from :func:`results.confidences`)."""
    bars = alt.Chart(frame).mark_bar(opacity=0.75).encode(
        x=alt.X("confidence:Q", bin=alt.Bin(extent=[0, 1], step=0.025), title="confidence"),
        # Most matches sit near 1.0; a symlog axis keeps the few doubtful ones visible.
        y=alt.Y("count():Q", stack=None, title="tracks (symlog)", scale=alt.Scale(type="symlog")),
        color=alt.Color("destination:N"),
        tooltip=["destination", alt.Tooltip("count():Q", title="tracks")],
    )
    rules = alt.Chart(pd.DataFrame({
        "threshold": ["minimum", "medium", "high"],
        "value": [thresholds.minimum, thresholds.medium, thresholds.high],
    })).mark_rule(strokeDash=[4, 3], color="#555").encode(x="value:Q", tooltip=["threshold", "value"])
    return (bars + rules).properties(title="Confidence of current matches", width=2 * WIDTH, height=200)


def metrics_chart(frame: pd.DataFrame, group: str) -> alt.Chart:
    """Grouped bars of precision / recall / F1 per value of ``group`` (a column of ``frame``,
    e.g. ``platform`` or ``version``); ``frame`` from :func:`tuning.metrics_table`."""
    long = frame.melt(id_vars=[group], value_vars=["precision", "recall", "f1"], var_name="metric")
    return alt.Chart(long, title=f"By {group}").mark_bar().encode(
        x=alt.X("metric:N", title=None, sort=["precision", "recall", "f1"]),
        y=alt.Y("value:Q", scale=alt.Scale(domain=[0, 1])),
        color="metric:N",
        column=alt.Column(f"{group}:N", title=None),
        tooltip=[group, "metric", alt.Tooltip("value:Q", format=".3f")],
    ).properties(width=90, height=160)


def pr_curve_chart(frame: pd.DataFrame, current: float) -> alt.LayerChart:
    """Precision against recall as the pick threshold moves, per platform; the point at
    ``current`` (the MEDIUM threshold in use) is marked. ``frame`` from :func:`tuning.pr_curve`."""
    line = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("recall:Q", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("precision:Q", scale=alt.Scale(domain=[0, 1])),
        color="platform:N", order="threshold:Q",
        tooltip=["platform", "threshold", alt.Tooltip("precision:Q", format=".3f"),
                 alt.Tooltip("recall:Q", format=".3f")],
    )
    nearest = frame.loc[(frame["threshold"] - current).abs() == (frame["threshold"] - current).abs().min()]
    marks = alt.Chart(nearest).mark_point(size=160, shape="diamond", filled=True, color="black").encode(
        x="recall:Q", y="precision:Q", tooltip=["platform", "threshold"])
    return (line + marks).properties(title="Precision-recall over the threshold", width=WIDTH, height=WIDTH)


def wall_vs_floor_chart(frame: pd.DataFrame) -> alt.Chart:
    """Wall time per scenario next to the rate-limit floor (``benchresults.timings``)."""
    return alt.Chart(frame, title="Wall time vs the rate-limit floor").mark_bar().encode(
        x=alt.X("seconds:Q", title="seconds"),
        y=alt.Y("measure:N", title=None),
        color="measure:N",
        row=alt.Row("scenario:N", title=None, sort=None),
        tooltip=["scenario", "measure", "seconds"],
    ).properties(width=WIDTH, height=40)


def requests_chart(frame: pd.DataFrame) -> alt.Chart:
    """Requests per service, grouped by scenario (``benchresults.requests``)."""
    return alt.Chart(frame, title="Requests per service").mark_bar().encode(
        x=alt.X("scenario:N", title=None, sort=None),
        y=alt.Y("requests:Q"),
        color="scenario:N",
        column=alt.Column("service:N", title=None),
        tooltip=["scenario", "service", "requests"],
    ).properties(width=160, height=200)


def scenario_chart(frame: pd.DataFrame, measure: str, title: str) -> alt.Chart:
    """One bar per scenario for ``measure`` (a column of ``frame``)."""
    return alt.Chart(frame, title=title).mark_bar().encode(
        x=alt.X(f"{measure}:Q"), y=alt.Y("scenario:N", sort=None, title=None), color="scenario:N",
        tooltip=["scenario", measure],
    ).properties(width=WIDTH, height=120)
