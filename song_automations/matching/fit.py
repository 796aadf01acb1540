"""Weights and the pick threshold learned from labelled cases, checked by k-fold
cross-validation.

Components do not depend on the weights, so each (case, candidate) is scored once into
a table (:mod:`.rescore`) and every weight setting after that is arithmetic. The fit
maximises the mean, over the slices (each platform of each case file), of an F1 that
counts a wrong pick four times: a wrong version in a playlist is worse than a miss. The pick
threshold (``MEDIUM_CONFIDENCE``) is placed in the middle of the best plateau, not on its
edge. Cross-validation fits on k-1 folds of every slice and scores the fold left out, so
the reported CV F1 never saw the cases it is measured on; the training F1 is the same
fit on everything, for comparison.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np

from ..evaluate import Case, load_cases
from ..settings import MatchWeights, Thresholds
from .rescore import best_rows, playable_rows, to_frame, totals
from .score import parse_source, score_all

# Ranges searched per weight; the artist weight is the fixed unit the others scale to,
# ISRC is left out (no labelled source carries one).
SEARCH_SPACE = {
    "title": (0.2, 1.0), "version": (0.2, 1.2), "duration": (0.0, 0.8), "label": (0.0, 0.3),
    "album": (0.0, 0.4), "verified": (0.0, 0.1), "popularity": (0.0, 0.1), "version_match_bonus": (0.0, 0.1),
}
THRESHOLDS = np.round(np.arange(0.60, 0.951, 0.01), 2)
# How much better (in the objective, a mean weighted F1) a setting must do than the
# defaults to replace them: about two cases in a thousand.
WORTH_CHANGING = 0.002
# A wrong pick costs this many misses in the objective: a wrong version in a playlist
# is worse than a miss.
WRONG_PICK_COST = 4.0
# iTunes-Amazon labels pairs "same song" more loosely than FORMAT.md's policy (a clean
# edit counts as the album track there): its slices count half as much as ours.
LOOSE_SLICES = ("train:", "valid:")
LOOSE_WEIGHT = 0.5
# Below the pick threshold, MIN_CONFIDENCE reports the closest misses; above it,
# HIGH_CONFIDENCE accepts without review.
MINIMUM_BELOW = 0.15
HIGH_ABOVE = 0.10


@dataclass
class Slice:
    """One platform of one case file, scored once: per candidate row its case index,
    whether it is the expected one, and its components."""

    name: str
    case_ids: list[str]
    frame: object  # pandas.DataFrame from rescore.to_frame
    track_index: np.ndarray  # per row: index into case_ids
    right: np.ndarray  # per row: the expected candidate
    positives: np.ndarray  # per case: it has an expected answer

    def subset(self, keep: np.ndarray) -> Slice:
        """The slice restricted to the cases where ``keep`` (per case) is True."""
        rows = keep[self.track_index]
        new_index = np.cumsum(keep) - 1
        return Slice(self.name, [c for c, k in zip(self.case_ids, keep) if k],
                     self.frame[rows].reset_index(drop=True), new_index[self.track_index[rows]],
                     self.right[rows], self.positives[keep])


def build_slice(name: str, cases: list[Case]) -> Slice:
    """Score every candidate of ``cases`` once."""
    pairs, track_index, right = [], [], []
    for i, case in enumerate(cases):
        source = parse_source(case.source)
        for cand, scored in zip(case.candidates, score_all(source, case.candidates, MatchWeights())):
            pairs.append((case.id, scored))
            track_index.append(i)
            right.append(cand.id == case.expected)
    frame = to_frame(pairs)
    playable = frame["playable"].to_numpy(dtype=bool)
    return Slice(name, [c.id for c in cases], frame[playable].reset_index(drop=True),
                 np.asarray(track_index, dtype=int)[playable], np.asarray(right, dtype=bool)[playable],
                 np.array([c.expected is not None for c in cases]))


def load_slices(paths: Iterable[str | Path]) -> list[Slice]:
    """One slice per platform of each case file. Raises ``DataFormatError`` for a bad file."""
    slices = []
    for path in map(Path, paths):
        cases = load_cases(path)
        for platform in sorted({c.platform for c in cases}):
            slices.append(build_slice(f"{path.stem}:{platform}", [c for c in cases if c.platform == platform]))
    return slices


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0

    def weighted_f1(self) -> float:
        denominator = 2 * self.tp + WRONG_PICK_COST * self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 1.0


def _best_rows(part: Slice, weights: MatchWeights) -> tuple[np.ndarray, np.ndarray]:
    """Per case: the best row's score and whether it is the right candidate, picked as
    the decision picks (``rescore.best_rows``); cases without rows score -1."""
    cases = len(part.case_ids)
    best_score = np.full(cases, -1.0)
    best_right = np.zeros(cases, dtype=bool)
    if len(part.right):
        scores = totals(part.frame, weights)
        tracks, rows, _, _ = best_rows(part.frame, scores, part.track_index)
        best_score[tracks] = scores[rows]
        best_right[tracks] = part.right[rows]
    return best_score, best_right


def counts_by_threshold(part: Slice, weights: MatchWeights, thresholds: np.ndarray = THRESHOLDS) -> list[Counts]:
    """Confusion counts at every pick threshold."""
    best_score, best_right = _best_rows(part, weights)
    picked = best_score[None, :] >= thresholds[:, None]
    tp = (picked & best_right[None, :]).sum(axis=1)
    fp = picked.sum(axis=1) - tp
    fn = part.positives.sum() - tp
    return [Counts(int(a), int(b), int(c)) for a, b, c in zip(tp, fp, fn)]


def evaluate(slices: list[Slice], weights: MatchWeights) -> tuple[float, float]:
    """``(objective, threshold)``: the mean weighted F1 over slices at the middle of the
    best threshold plateau."""
    table = np.array([[c.weighted_f1() for c in counts_by_threshold(s, weights)] for s in slices])
    trust = np.array([LOOSE_WEIGHT if s.name.startswith(LOOSE_SLICES) else 1.0 for s in slices])
    mean = trust @ table / trust.sum()
    plateau = np.flatnonzero(mean >= mean.max() - 1e-9)
    index = int(plateau[len(plateau) // 2])
    return float(mean[index]), float(THRESHOLDS[index])


def _random_weights(rng: random.Random) -> MatchWeights:
    return replace(MatchWeights(), artist=0.45, isrc=0.0,
                   **{k: round(rng.uniform(*bounds), 3) for k, bounds in SEARCH_SPACE.items()})


@dataclass(frozen=True)
class Fit:
    weights: MatchWeights
    thresholds: Thresholds
    objective: float


def search(slices: list[Slice], trials: int, seed: int, start: MatchWeights | None = None) -> Fit:
    """Random search over :data:`SEARCH_SPACE` (``start``, default the current defaults,
    is trial 0); the best setting found. A setting replaces ``start`` only when it beats
    it by :data:`WORTH_CHANGING`: the random search finds many settings a case or two
    apart, and the defaults should not move with that noise."""
    rng = random.Random(seed)
    first = start or MatchWeights()
    best: tuple[float, float, MatchWeights] | None = None
    for trial in range(trials):
        weights = first if trial == 0 else _random_weights(rng)
        objective, threshold = evaluate(slices, weights)
        margin = WORTH_CHANGING if best is not None and best[2] is first else 1e-9
        if best is None or objective > best[0] + margin:
            best = (objective, threshold, weights)
    objective, threshold, weights = best
    thresholds = Thresholds(minimum=round(threshold - MINIMUM_BELOW, 2), medium=round(threshold, 2),
                            high=round(min(1.0, threshold + HIGH_ABOVE), 2))
    return Fit(weights, thresholds, objective)


def fold_of(case_id: str, k: int) -> int:
    """A fixed fold per case, independent of order and content: CRC32 of the id mod k."""
    return zlib.crc32(case_id.encode("utf-8")) % k


@dataclass
class CrossValidation:
    """The fit on everything (its weights become the defaults) and, per slice, the
    training F1 of that fit next to the k-fold cross-validated F1."""

    fit: Fit
    k: int
    training: dict[str, Counts] = field(default_factory=dict)
    cross_validated: dict[str, Counts] = field(default_factory=dict)

    def as_dict(self) -> dict:
        def table(counts: dict[str, Counts]) -> dict:
            return {name: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "f1": round(c.f1, 4)} for name, c in counts.items()}

        return {"k": self.k, "objective": round(self.fit.objective, 4),
                "weights": {f.name: getattr(self.fit.weights, f.name) for f in fields(MatchWeights)},
                "thresholds": {f.name: getattr(self.fit.thresholds, f.name) for f in fields(Thresholds)
                               if f.name != "early_exit"},
                "training": table(self.training), "cross_validated": table(self.cross_validated)}


def _at(part: Slice, fit: Fit) -> Counts:
    index = int(np.argmin(np.abs(THRESHOLDS - fit.thresholds.medium)))
    return counts_by_threshold(part, fit.weights)[index]


def cross_validate(slices: list[Slice], k: int = 5, trials: int = 300, seed: int = 7) -> CrossValidation:
    """Fit on all folds but one, score the one left out, for each of the ``k`` folds;
    then fit on everything."""
    folds = [np.array([fold_of(c, k) for c in s.case_ids]) for s in slices]
    result = CrossValidation(search(slices, trials, seed), k)
    for s in slices:
        result.training[s.name] = _at(s, result.fit)
        result.cross_validated[s.name] = Counts()
    for fold in range(k):
        train = [s.subset(f != fold) for s, f in zip(slices, folds)]
        fit = search(train, trials, seed + fold + 1)
        for s, f in zip(slices, folds):
            result.cross_validated[s.name] += _at(s.subset(f == fold), fit)
    return result
