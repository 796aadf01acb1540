"""Learn the score weights and the pick threshold, with k-fold cross-validation.

    python benchmarks/tune.py [FILE ...] [--k 5] [--trials 300] [--seed 7] [--out data/fit.json]

FILEs default to the project's labelled development cases and iTunes-Amazon train and
valid. Test splits and the labelled holdout are refused: they are only ever reported.
Prints (and with ``--out`` writes) one JSON object: the weights and thresholds fitted
on everything, and per slice the training F1 next to the cross-validated F1. The
defaults in ``song_automations/settings.py`` are this fit; a test checks they agree
with ``data/fit.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from song_automations.matching.fit import cross_validate, load_slices  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILES = (ROOT / "data" / "labelled" / "cases.jsonl", ROOT / "data" / "itunes_amazon" / "train.jsonl",
                 ROOT / "data" / "itunes_amazon" / "valid.jsonl")
NEVER_TUNED = ("test", "holdout")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="also write the JSON result to this file")
    args = parser.parse_args(argv)
    if any(word in path.stem for path in args.files for word in NEVER_TUNED):
        parser.error("refusing to tune on a test split or the holdout: they are only reported")
    result = cross_validate(load_slices(args.files), k=args.k, trials=args.trials, seed=args.seed).as_dict()
    result["files"] = [str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in args.files]
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
