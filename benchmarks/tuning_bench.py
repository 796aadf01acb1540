"""How long one slider move takes in the tuning notebook.

    python benchmarks/tuning_bench.py [--candidates 100000] [--repeats 7]

Builds what the notebook holds in memory (the labelled sets' component table, and a
stored history of ``--candidates`` rows, 10 per track, whose component values are drawn
from the labelled candidates so their mix of missing and partial components is
realistic), then times :func:`song_automations.workbench.tuning.retune` with a moved
weight: decisions and metrics for every labelled case and every stored track, the
precision-recall curve and the changed cases, i.e. all the notebook recomputes.
Prints one JSON object: wall seconds per move (median and worst), rows re-scored.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from song_automations.matching.rescore import COLUMNS
from song_automations.settings import MatchWeights, Thresholds
from song_automations.workbench import tuning

PER_TRACK = 10


def synthetic_history(labelled: tuning.Labelled, rows: int, seed: int = 7) -> pd.DataFrame:
    """A stored-history table of ``rows`` candidates resampled from the labelled ones."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(labelled.frame), size=rows)
    frame = labelled.frame.iloc[picks][list(COLUMNS)].reset_index(drop=True)
    tracks = np.arange(rows) // PER_TRACK
    destination = np.where(tracks % 2 == 0, "spotify", "soundcloud")
    frame.insert(0, "track", [f"{d}:{t}:A1" for d, t in zip(destination, tracks)])
    frame.insert(1, "candidate", [f"cand-{i}" for i in range(rows)])
    frame["destination"] = destination
    return frame


def measure(candidates: int, repeats: int) -> dict:
    labelled = tuning.load_labelled()
    history = synthetic_history(labelled, candidates)
    weights, thresholds = MatchWeights(), Thresholds()
    baseline = (tuning.judge_labelled(labelled, weights, thresholds),
                tuning.history_decisions(history, weights, thresholds))
    seconds = []
    for step in range(repeats):
        moved = replace(weights, title=round(0.40 + 0.03 * step, 2))
        start = time.perf_counter()
        tuning.retune(labelled, history, moved, thresholds, baseline)
        seconds.append(time.perf_counter() - start)
    return {"labelled_cases": len(labelled.cases), "labelled_candidates": len(labelled.frame),
            "stored_candidates": len(history), "repeats": repeats,
            "median_s": round(statistics.median(seconds), 4), "max_s": round(max(seconds), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.candidates, args.repeats)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
