"""The notebooks' altair charts, built from the frames of the other workbench modules.

Each function takes a tidy frame and returns an ``alt.Chart`` (or layered chart) the
notebook wraps in ``mo.ui.altair_chart``; none of them reads the database itself.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..settings import Thresholds
from ..tracker import TrackStatus

_STATUS_ORDER = [s.value for s in TrackStatus]
STATUS_COLORS = alt.Scale(domain=_STATUS_ORDER, range=["#4c9f70", "#f2a541", "#d1495b"])
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
        status_order=f"indexof({_STATUS_ORDER!r}, datum.status)"
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
    ).properties(width=max(36, min(90, 660 // max(1, frame[group].nunique()))), height=160)


def pr_curve_chart(frame: pd.DataFrame, current: float) -> alt.HConcatChart:
    """Precision against recall as the pick threshold moves, per platform (the point at
    ``current``, the MEDIUM threshold in use, is marked), next to both metrics against
    the threshold. ``frame`` from :func:`tuning.pr_curve`. Axes are zoomed to the data:
    on a good matcher everything happens near 1."""
    nearest = frame.loc[(frame["threshold"] - current).abs() == (frame["threshold"] - current).abs().min()]
    zoom = alt.Scale(zero=False, nice=False, padding=8)
    tips = ["platform", "threshold", alt.Tooltip("precision:Q", format=".3f"), alt.Tooltip("recall:Q", format=".3f")]
    curve = alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("recall:Q", scale=zoom), y=alt.Y("precision:Q", scale=zoom), color="platform:N",
        order="threshold:Q", tooltip=tips,
    )
    marks = alt.Chart(nearest).mark_point(size=160, shape="diamond", filled=True, color="black").encode(
        x="recall:Q", y="precision:Q", tooltip=tips)
    long = frame.melt(id_vars=["platform", "threshold"], value_vars=["precision", "recall"], var_name="metric")
    lines = alt.Chart(long).mark_line().encode(
        x=alt.X("threshold:Q", scale=zoom), y=alt.Y("value:Q", scale=zoom), color="platform:N",
        strokeDash="metric:N", tooltip=["platform", "metric", "threshold", alt.Tooltip("value:Q", format=".3f")],
    )
    rule = alt.Chart(pd.DataFrame({"threshold": [current]})).mark_rule(color="black").encode(x="threshold:Q")
    return alt.hconcat(
        (curve + marks).properties(title="Precision-recall over the threshold", width=WIDTH, height=WIDTH),
        (lines + rule).properties(title="Precision and recall by threshold", width=WIDTH, height=WIDTH),
    )


# Benchmarks span three orders of magnitude (a naive first sync vs a cached re-sync):
# a symlog axis keeps the small bars visible and still starts at zero.
SYMLOG = alt.Scale(type="symlog")


def wall_vs_floor_chart(frame: pd.DataFrame) -> alt.Chart:
    """Wall time per scenario, with the first sync's rate-limit floor beside it
    (``benchresults.timings``)."""
    return alt.Chart(frame, title="Wall time vs the rate-limit floor").mark_bar().encode(
        x=alt.X("seconds:Q", title="seconds (symlog)", scale=SYMLOG),
        y=alt.Y("scenario:N", title=None, sort=None),
        yOffset=alt.YOffset("measure:N"),
        color=alt.Color("measure:N", scale=alt.Scale(domain=["wall time", "rate-limit floor"])),
        tooltip=["scenario", "measure", "seconds"],
    ).properties(width=WIDTH, height=200)


def requests_chart(frame: pd.DataFrame) -> alt.Chart:
    """Requests per service, grouped by scenario (``benchresults.requests``)."""
    return alt.Chart(frame, title="Requests per service").mark_bar().encode(
        x=alt.X("scenario:N", title=None, sort=None),
        y=alt.Y("requests:Q", title="requests (symlog)", scale=SYMLOG),
        color="scenario:N",
        column=alt.Column("service:N", title=None),
        tooltip=["scenario", "service", "requests"],
    ).properties(width=160, height=200)


def scenario_chart(frame: pd.DataFrame, measure: str, title: str) -> alt.Chart:
    """One bar per scenario for ``measure`` (a column of ``frame``)."""
    return alt.Chart(frame, title=title).mark_bar().encode(
        x=alt.X(f"{measure}:Q", title=f"{measure} (symlog)", scale=SYMLOG),
        y=alt.Y("scenario:N", sort=None, title=None), color=alt.Color("scenario:N", legend=None),
        tooltip=["scenario", measure],
    ).properties(width=240, height=120)


def fit_chart(frame: pd.DataFrame) -> alt.Chart:
    """F1 per slice, training beside cross-validated (``frame`` from :func:`tuning.fit_report`):
    the gap between the two bars is what the fit learnt by heart."""
    return alt.Chart(frame, title="F1 of the default weights: fitted on vs held out").mark_bar().encode(
        x=alt.X("kind:N", title=None, sort=["training", "cross_validated"]),
        y=alt.Y("f1:Q", title="F1", scale=alt.Scale(domain=[0.8, 1.0]), axis=alt.Axis(format=".2f")),
        color=alt.Color("kind:N", title=None),
        column=alt.Column("slice:N", title=None),
        tooltip=["slice", "kind", "tp", "fp", "fn", alt.Tooltip("f1:Q", format=".3f")],
    ).properties(width=70)
