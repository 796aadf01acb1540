"""Vectorised re-scoring of stored component tables (numpy/pandas).

A table has one row per (track, candidate), a ``track`` column, a ``candidate``
column, an optional ``playable`` column and one column per component of :data:`score.WEIGHTED` plus ``bonus``
and ``veto`` (NaN = absent). Re-weighting it is arithmetic, not another search: the tuning notebook and
``benchmarks/tune.py`` call :func:`totals` and :func:`decide_frame` with new weights.
The arithmetic is the same as :func:`score.total`'s.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..models import Decision, ScoredCandidate
from ..settings import MatchWeights, Thresholds
from .decide import AMBIGUITY_GAP
from .score import BONUS, STORED, VETO, WEIGHTED

COLUMNS = STORED


def to_frame(rows: Iterable[tuple[str, ScoredCandidate]]) -> pd.DataFrame:
    """A component table from ``(track key, scored candidate)`` pairs."""
    records = [{"track": key, "candidate": s.candidate.id, "playable": s.candidate.playable,
                **{name: s.components.get(name) for name in COLUMNS}} for key, s in rows]
    frame = pd.DataFrame.from_records(records, columns=["track", "candidate", "playable", *COLUMNS])
    frame[list(COLUMNS)] = frame[list(COLUMNS)].astype(float)
    return frame


def playable_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a decision may choose: all, or those whose ``playable`` column is True."""
    if "playable" not in frame.columns:
        return frame
    return frame[frame["playable"].to_numpy(dtype=bool)].reset_index(drop=True)


def totals(frame: pd.DataFrame, weights: MatchWeights) -> np.ndarray:
    """Total score per row in [0, 1], as :func:`score.total` computes it."""
    values = frame[list(WEIGHTED)].to_numpy(dtype=float)
    w = np.array([getattr(weights, name) for name in WEIGHTED], dtype=float)
    present = ~np.isnan(values) & (w > 0)
    den = present @ w
    num = np.where(present, values, 0.0) @ w
    mean = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    bonus = np.where(frame[BONUS].to_numpy(dtype=float) == 1.0, weights.version_match_bonus, 0.0)
    veto = np.nan_to_num(frame[VETO].to_numpy(dtype=float), nan=1.0)
    result = np.clip(mean + bonus, 0.0, 1.0) * veto
    return np.where(frame["isrc"].to_numpy(dtype=float) == 1.0, 1.0, result)


def decide_frame(frame: pd.DataFrame, weights: MatchWeights, thresholds: Thresholds) -> pd.DataFrame:
    """Best candidate per track: columns ``track, candidate, score, runner_up, ambiguous, decision``.

    Ties keep table order and rows with ``playable`` False are never chosen, like
    :func:`decide.rank`.
    """
    frame = playable_rows(frame)
    scores = totals(frame, weights)
    codes, keys = pd.factorize(frame["track"], sort=False)
    order = np.lexsort((np.arange(len(scores)), -scores, codes))
    sorted_codes = codes[order]
    first = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    best = order[first]
    has_second = np.r_[first[1:], len(order)] - first > 1
    runner = np.where(has_second, scores[order[np.minimum(first + 1, len(order) - 1)]], np.nan)
    best_scores = scores[best]
    ambiguous = has_second & (best_scores - np.nan_to_num(runner, nan=-1.0) < AMBIGUITY_GAP)
    decision = np.select(
        [(best_scores >= thresholds.high) & ~ambiguous, best_scores >= thresholds.medium,
         best_scores >= thresholds.minimum],
        [Decision.ACCEPTED.value, Decision.REVIEW.value, Decision.LOW.value],
        default=Decision.NONE.value,
    )
    return pd.DataFrame({
        "track": np.asarray(keys)[sorted_codes[first]],
        "candidate": frame["candidate"].to_numpy()[best],
        "score": best_scores,
        "runner_up": runner,
        "ambiguous": ambiguous,
        "decision": decision,
    })
