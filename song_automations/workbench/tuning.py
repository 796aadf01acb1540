"""Score tuning: re-score labelled cases and stored match history with new weights.

Components are computed once (:func:`load_labelled`, :func:`load_history`); every slider
move is then arithmetic over those tables (:func:`retune`, built on
``matching.rescore.decide_frame``), fast enough to feel live on the labelled sets plus
100,000 stored candidates (``benchmarks/tuning_bench.py`` measures it).

A pick is what a sync adds without a human: an ``accepted`` or ``review`` decision, as
in :mod:`song_automations.evaluate`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ConfigError
from ..evaluate import load_cases
from ..matching.parse import parse_title
from ..matching.rescore import COLUMNS, decide_frame, to_frame
from ..matching.score import parse_source, score_all
from ..models import Decision
from ..settings import THRESHOLD_ENV, WEIGHT_ENV, MatchWeights, Thresholds

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# The test split of iTunes-Amazon is left out on purpose: tuning by eye on it would make
# its figures in docs/ meaningless.
DEFAULT_SETS = (DATA_DIR / "labelled" / "cases.jsonl", DATA_DIR / "itunes_amazon" / "train.jsonl",
                DATA_DIR / "itunes_amazon" / "valid.jsonl")
PICKS = (Decision.ACCEPTED.value, Decision.REVIEW.value)
PR_THRESHOLDS = np.round(np.arange(0.40, 1.0001, 0.02), 2)


@dataclass(frozen=True)
class Labelled:
    """Component table of labelled cases (``frame``) and one row per case (``cases``:
    ``track, set, case_id, platform, version, source, expected``)."""

    frame: pd.DataFrame
    cases: pd.DataFrame


@dataclass(frozen=True)
class Retuned:
    """Everything the tuning notebook shows for one setting of the sliders."""

    by_platform: pd.DataFrame
    by_version: pd.DataFrame
    pr: pd.DataFrame
    changed: pd.DataFrame
    history_decisions: pd.DataFrame
    history_changed: int


def load_labelled(paths: Iterable[str | Path] = DEFAULT_SETS) -> Labelled:
    """Score every candidate of every case once (components do not depend on weights).

    Raises :class:`~song_automations.errors.DataFormatError` for a malformed case file.
    """
    pairs, cases = [], []
    for path in map(Path, paths):
        for case in load_cases(path):
            key = f"{path.stem}:{case.id}"
            source = parse_source(case.source)
            pairs += [(key, scored) for scored in score_all(source, case.candidates, MatchWeights())]
            cases.append({"track": key, "set": path.stem, "case_id": case.id, "platform": case.platform,
                          "version": parse_title(case.source.title).version.value,
                          "source": f"{case.source.artist_credit or ', '.join(case.source.artists)} - "
                                    f"{case.source.title}", "expected": case.expected})
    return Labelled(to_frame(pairs), pd.DataFrame(cases))


def load_history(tracker) -> pd.DataFrame:
    """Each tracked track's latest search from ``match_candidates`` as a component table
    (``track`` = ``destination:release_id:position``; ``destination`` column added).
    ``tracker`` may be ``None`` (no sync yet): an empty table."""
    rows = tracker.latest_searches() if tracker is not None else []
    parsed = [json.loads(r["components"]) if r["components"] else {} for r in rows]
    keys = [f"{r['destination']}:{r['release_id']}:{r['position']}" for r in rows]
    frame = pd.DataFrame({"track": pd.Series(keys, dtype=object),
                          "candidate": pd.Series([r["candidate_uri"] for r in rows], dtype=object)})
    for name in COLUMNS:
        frame[name] = np.array([p.get(name) for p in parsed], dtype=float)
    frame["destination"] = frame["track"].str.split(":", n=1).str[0]
    return frame


def _picks(decided: pd.DataFrame) -> pd.Series:
    return decided["candidate"].where(decided["decision"].isin(PICKS))


def judge_labelled(labelled: Labelled, weights: MatchWeights, thresholds: Thresholds) -> pd.DataFrame:
    """One row per case: the case columns plus ``picked, score, decision, correct, tp, fp, fn``."""
    decided = decide_frame(labelled.frame, weights, thresholds).set_index("track")
    out = labelled.cases.copy()
    out["score"] = decided["score"].reindex(out["track"]).to_numpy()
    out["decision"] = decided["decision"].reindex(out["track"]).fillna(Decision.NONE.value).to_numpy()
    out["picked"] = _picks(decided).reindex(out["track"]).to_numpy()
    has_pick, has_truth = out["picked"].notna(), out["expected"].notna()
    out["correct"] = (out["picked"] == out["expected"]) | (~has_pick & ~has_truth)
    out["tp"] = has_pick & (out["picked"] == out["expected"])
    out["fp"] = has_pick & ~out["tp"]
    out["fn"] = has_truth & ~out["tp"]
    return out


def metrics_table(judged: pd.DataFrame, group: str) -> pd.DataFrame:
    """Precision, recall and F1 per value of ``group`` plus an ``all`` row (0 when undefined)."""
    sums = judged.groupby(group)[["tp", "fp", "fn"]].sum()
    sums.loc["all"] = judged[["tp", "fp", "fn"]].sum()
    sums["cases"] = judged.groupby(group).size().reindex(sums.index).fillna(len(judged)).astype(int)
    tp, fp, fn = (sums[c].astype(float) for c in ("tp", "fp", "fn"))
    sums["precision"] = np.where(tp + fp > 0, tp / (tp + fp).where(tp + fp > 0, 1), 0.0)
    sums["recall"] = np.where(tp + fn > 0, tp / (tp + fn).where(tp + fn > 0, 1), 0.0)
    p, r = sums["precision"], sums["recall"]
    sums["f1"] = np.where(p + r > 0, 2 * p * r / (p + r).where(p + r > 0, 1), 0.0)
    return sums.reset_index(names=group).round(4)


def pr_curve(labelled: Labelled, weights: MatchWeights, thresholds_grid=PR_THRESHOLDS) -> pd.DataFrame:
    """Precision and recall per platform if every best candidate at or above each pick
    threshold were added (ambiguity ignored): ``platform, threshold, precision, recall``."""
    decided = decide_frame(labelled.frame, weights, Thresholds(0.0, 0.0, 0.0)).set_index("track")
    cases = labelled.cases
    best = decided["candidate"].reindex(cases["track"]).to_numpy()
    scores = decided["score"].reindex(cases["track"]).fillna(-1.0).to_numpy()
    right = (best == cases["expected"].to_numpy()) & cases["expected"].notna().to_numpy()
    rows = []
    for platform in sorted(cases["platform"].unique()):
        mask = (cases["platform"] == platform).to_numpy()
        picked = scores[mask][None, :] >= np.asarray(thresholds_grid)[:, None]
        tp = (picked & right[mask][None, :]).sum(axis=1)
        n_picked, positives = picked.sum(axis=1), int(cases.loc[mask, "expected"].notna().sum())
        precision = np.divide(tp, n_picked, out=np.ones(len(tp)), where=n_picked > 0)
        recall = tp / positives if positives else np.zeros(len(tp))
        rows += [{"platform": platform, "threshold": float(t), "precision": float(p), "recall": float(r)}
                 for t, p, r in zip(thresholds_grid, precision, recall)]
    return pd.DataFrame(rows, columns=["platform", "threshold", "precision", "recall"])


def changed_cases(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Cases whose pick or decision differs between two :func:`judge_labelled` results."""
    merged = before.merge(after[["track", "picked", "decision", "score", "correct"]], on="track",
                          suffixes=("_before", "_after"))
    diff = (merged["decision_before"] != merged["decision_after"]) | (
        merged["picked_before"].fillna("") != merged["picked_after"].fillna(""))
    columns = ["set", "case_id", "platform", "version", "source", "expected", "picked_before", "picked_after",
               "decision_before", "decision_after", "score_before", "score_after", "correct_before",
               "correct_after"]
    return merged.loc[diff, columns].reset_index(drop=True)


def history_decisions(history: pd.DataFrame, weights: MatchWeights, thresholds: Thresholds) -> pd.DataFrame:
    """Re-decided stored tracks: ``track, destination, candidate, score, decision``."""
    if history.empty:
        return pd.DataFrame(columns=["track", "destination", "candidate", "score", "decision"])
    decided = decide_frame(history, weights, thresholds)
    decided["destination"] = decided["track"].str.split(":", n=1).str[0]
    return decided[["track", "destination", "candidate", "score", "decision"]]


def retune(labelled: Labelled, history: pd.DataFrame, weights: MatchWeights, thresholds: Thresholds,
           baseline: tuple[pd.DataFrame, pd.DataFrame]) -> Retuned:
    """Metrics for one slider setting; ``baseline`` = ``(judge_labelled(...),
    history_decisions(...))`` with the settings in use, to list what the sliders changed."""
    judged = judge_labelled(labelled, weights, thresholds)
    decided = history_decisions(history, weights, thresholds)
    old = baseline[1].set_index("track")
    now = decided.set_index("track")
    moved = int(((old["decision"] != now["decision"]) | (_picks(old).fillna("") != _picks(now).fillna(""))).sum())
    counts = decided.groupby(["destination", "decision"]).size().rename("tracks").reset_index()
    return Retuned(metrics_table(judged, "platform"), metrics_table(judged, "version"),
                   pr_curve(labelled, weights), changed_cases(baseline[0], judged), counts, moved)


# The committed fit of the defaults (benchmarks/tune.py's output; settings.py agrees).
FIT_FILE = DATA_DIR / "fit.json"


def fit_report(path: Path = FIT_FILE) -> pd.DataFrame:
    """The defaults' fit, slice by slice: F1 on the cases it was fitted on (``training``)
    beside the k-fold cross-validated F1 (each fold scored by weights fitted without it,
    the honest estimate for unseen catalogues). One row per slice and kind. Raises
    ``FileNotFoundError`` without the file."""
    fit = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = [{"slice": name, "kind": kind, **counts}
            for kind in ("training", "cross_validated") for name, counts in fit[kind].items()]
    return pd.DataFrame(rows, columns=["slice", "kind", "tp", "fp", "fn", "f1"])


def check_thresholds(thresholds: Thresholds) -> None:
    """Raise :class:`ConfigError` unless minimum <= medium <= high (as settings require)."""
    if not thresholds.minimum <= thresholds.medium <= thresholds.high:
        raise ConfigError("Thresholds must satisfy minimum <= medium <= high; move the sliders so they do.")


def env_lines(weights: MatchWeights, thresholds: Thresholds) -> str:
    """The chosen weights and thresholds as ``.env`` lines that :func:`load_settings` reads back."""
    check_thresholds(thresholds)
    lines = [f"{WEIGHT_ENV[f.name]}={getattr(weights, f.name):g}" for f in fields(MatchWeights)]
    lines += [f"{THRESHOLD_ENV[f.name]}={getattr(thresholds, f.name):g}" for f in fields(Thresholds)]
    return "\n".join(lines) + "\n"
