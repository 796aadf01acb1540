"""Tune score weights and the pick threshold on training case files only.

Components are computed once per (case, candidate) and stored in a table; every
weight setting is then pure arithmetic over that table (``matching.rescore``). The
objective is the mean F1 over the given files (each platform of a mixed file counts
as its own file), so a large file cannot drown a small one, and SoundCloud counts as
much as Spotify. The pick threshold is ``MEDIUM_CONFIDENCE`` (a sync adds at or above
it); it is placed in the middle of the best plateau, not at its edge, to leave margin.

    python benchmarks/tune.py data/itunes_amazon/train.jsonl data/itunes_amazon/valid.jsonl \
        --half data/labelled/cases.jsonl [--trials 400] [--seed 7]

``--half FILE`` tunes on a fixed half of FILE's cases (CRC32 of the case id even) and
reports the F1 of the other, held-out half with the chosen weights: for labelled sets
that have no split of their own. Never pass a test split. Prints one JSON object: the
weights, thresholds, and F1 per tuning and held-out slice.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from song_automations.evaluate import Case, load_cases  # noqa: E402
from song_automations.matching.rescore import playable_rows, to_frame, totals  # noqa: E402
from song_automations.matching.score import parse_source, score  # noqa: E402
from song_automations.settings import MatchWeights, Thresholds  # noqa: E402

log = logging.getLogger(__name__)

# Ranges searched, per weight (the artist weight is the fixed unit the others scale to).
SEARCH_SPACE = {
    "title": (0.2, 1.0), "version": (0.2, 1.2), "duration": (0.0, 0.5), "label": (0.0, 0.2),
    "verified": (0.0, 0.1), "popularity": (0.0, 0.1), "version_match_bonus": (0.0, 0.1),
}
THRESHOLDS = np.round(np.arange(0.50, 0.951, 0.01), 2)


@dataclass
class Slice:
    """One file's (or one platform's) component table and expected answers."""

    name: str
    frame: pd.DataFrame
    expected: dict[str, str | None]


def build_slice(name: str, cases: list[Case]) -> Slice:
    """Score every candidate once (components do not depend on weights)."""
    rows = []
    for case in cases:
        source = parse_source(case.source)
        rows.extend((case.id, score(source, cand, MatchWeights())) for cand in case.candidates)
    return Slice(name, to_frame(rows), {case.id: case.expected for case in cases})


def f1_by_threshold(part: Slice, weights: MatchWeights) -> np.ndarray:
    """F1 for every threshold in :data:`THRESHOLDS` (best playable candidate per case, first on ties)."""
    playable = playable_rows(part.frame)
    frame = playable.assign(total=totals(playable, weights))
    best = frame.sort_values(["track", "total"], ascending=[True, False], kind="stable").drop_duplicates("track")
    expected = pd.Series(part.expected)
    right = (best["candidate"].to_numpy() == expected.reindex(best["track"]).to_numpy())
    scores = best["total"].to_numpy()
    positives = int(expected.notna().sum())
    f1s = []
    for t in THRESHOLDS:
        picked = scores >= t
        tp = int((picked & right).sum())
        fp = int(picked.sum()) - tp
        f1s.append(2 * tp / (2 * tp + fp + (positives - tp)) if positives + fp else 1.0)
    return np.array(f1s)


def evaluate_weights(slices: list[Slice], weights: MatchWeights) -> tuple[float, float, list[float]]:
    """``(objective, threshold, per-slice F1)`` for the best threshold plateau's midpoint."""
    table = np.vstack([f1_by_threshold(s, weights) for s in slices])
    mean = table.mean(axis=0)
    best = mean.max()
    plateau = np.flatnonzero(mean >= best - 1e-9)
    index = int(plateau[len(plateau) // 2])
    return float(best), float(THRESHOLDS[index]), [float(v) for v in table[:, index]]


def random_weights(rng: random.Random) -> MatchWeights:
    return replace(MatchWeights(), artist=0.45, isrc=0.0,
                   **{k: round(rng.uniform(*bounds), 3) for k, bounds in SEARCH_SPACE.items()})


def tune(slices: list[Slice], trials: int, seed: int) -> dict:
    """Random search (the defaults are trial 0), returning the best setting found."""
    rng = random.Random(seed)
    best = None
    for trial in range(trials):
        weights = MatchWeights() if trial == 0 else random_weights(rng)
        objective, threshold, per_slice = evaluate_weights(slices, weights)
        if best is None or objective > best[0] + 1e-9:
            best = (objective, threshold, per_slice, weights)
            log.info("trial %d: mean F1 %.4f at %.2f", trial, objective, threshold)
    objective, threshold, per_slice, weights = best
    thresholds = Thresholds(minimum=round(threshold - 0.15, 2), medium=threshold, high=round(min(1.0, threshold + 0.1), 2))
    return {"objective": round(objective, 4), "weights": weights.as_dict(),
            "thresholds": {"minimum": thresholds.minimum, "medium": thresholds.medium, "high": thresholds.high},
            "f1": {s.name: round(v, 4) for s, v in zip(slices, per_slice)}}


def in_tuning_half(case: Case) -> bool:
    """A fixed, content-independent half of a case file: CRC32 of the id is even."""
    return zlib.crc32(case.id.encode("utf-8")) % 2 == 0


def load_slices(paths: list[str], keep=lambda case: True, label: str = "") -> list[Slice]:
    slices = []
    for path in paths:
        cases = [c for c in load_cases(path) if keep(c)]
        for platform in sorted({c.platform for c in cases}):
            name = f"{Path(path).stem}{label}:{platform}"
            slices.append(build_slice(name, [c for c in cases if c.platform == platform]))
    return slices


def holdout_f1(slices: list[Slice], weights: dict, medium: float) -> dict[str, float]:
    """F1 of each held-out slice with the tuned weights and pick threshold."""
    index = int(np.argmin(np.abs(THRESHOLDS - medium)))
    return {s.name: round(float(f1_by_threshold(s, MatchWeights(**weights))[index]), 4) for s in slices}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--half", action="append", default=[], help="tune on half of this file, report the rest")
    parser.add_argument("--trials", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if any("test" in Path(f).stem for f in args.files + args.half):
        parser.error("refusing to tune on a test split")
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    slices = load_slices(args.files) + load_slices(args.half, in_tuning_half, "[tune]")
    result = tune(slices, args.trials, args.seed)
    held_out = load_slices(args.half, lambda c: not in_tuning_half(c), "[holdout]")
    result["holdout_f1"] = holdout_f1(held_out, result["weights"], result["thresholds"]["medium"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
