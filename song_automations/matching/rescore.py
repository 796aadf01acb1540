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
from .decide import AMBIGUITY_GAP, clean_twins
from .score import BONUS, STORED, VETO, WEIGHTED

COLUMNS = STORED


def to_frame(rows: Iterable[tuple[str, ScoredCandidate]]) -> pd.DataFrame:
    """A component table from ``(track key, scored candidate)`` pairs, with each row's
    clean or explicit ``twin`` among its track's candidates (``decide.clean_twins``; ""
    for none) and whether it is the ``explicit`` one, for :func:`decide.rank`'s tie-break."""
    rows = list(rows)
    by_track: dict[str, list[ScoredCandidate]] = {}
    for key, s in rows:
        by_track.setdefault(key, []).append(s)
    records = [{"track": key, "candidate": s.candidate.id, "playable": s.candidate.playable,
                "twin": next((o.candidate.id for o in by_track[key] if o is not s and clean_twins(s, o)), ""),
                "explicit": s.candidate.explicit is True,
                **{name: s.components.get(name) for name in COLUMNS}} for key, s in rows]
    frame = pd.DataFrame.from_records(records, columns=["track", "candidate", "playable", "twin", "explicit",
                                                        *COLUMNS])
    frame[list(COLUMNS)] = frame[list(COLUMNS)].astype(float)
    return frame


def best_rows(frame: pd.DataFrame, scores: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                                       np.ndarray, np.ndarray]:
    """Per track (``codes``: each row's track number): ``(track numbers, best row, its
    rival's score or NaN, whether it has a rival)``, as :func:`decide.decide` ranks: the
    highest score first, ties in table order, of a clean and an explicit twin scored
    within :data:`AMBIGUITY_GAP` the explicit one, and the twin no rival."""
    order = np.lexsort((np.arange(len(scores)), -scores, codes))
    sorted_codes = codes[order]
    first = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    size = np.r_[first[1:], len(order)] - first
    best = order[first]
    second = order[np.minimum(first + 1, len(order) - 1)]
    third = order[np.minimum(first + 2, len(order) - 1)]
    has_second, has_third = size > 1, size > 2
    twins = np.zeros(len(first), dtype=bool)
    if "twin" in frame.columns and len(order):
        candidates = frame["candidate"].to_numpy()
        twins = has_second & (frame["twin"].to_numpy()[best] == candidates[second])
        swap = twins & (scores[best] - scores[second] < AMBIGUITY_GAP) & frame["explicit"].to_numpy(dtype=bool)[second]
        best = np.where(swap, second, best)
    rival_row = np.where(twins, third, second)
    has_rival = np.where(twins, has_third, has_second)
    return sorted_codes[first], best, np.where(has_rival, scores[rival_row], np.nan), has_rival


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
    tracks, best, runner, has_rival = best_rows(frame, scores, codes)
    best_scores = scores[best]
    ambiguous = has_rival & (best_scores - np.nan_to_num(runner, nan=-1.0) < AMBIGUITY_GAP)
    decision = np.select(
        [(best_scores >= thresholds.high) & ~ambiguous, best_scores >= thresholds.medium,
         best_scores >= thresholds.minimum],
        [Decision.ACCEPTED.value, Decision.REVIEW.value, Decision.LOW.value],
        default=Decision.NONE.value,
    )
    return pd.DataFrame({
        "track": np.asarray(keys)[tracks],
        "candidate": frame["candidate"].to_numpy()[best],
        "score": best_scores,
        "runner_up": runner,
        "ambiguous": ambiguous,
        "decision": decision,
    })
