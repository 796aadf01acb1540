"""Benchmark results (INTERFACE.md, "Benchmarks") as tidy frames for the benchmark notebook.

:func:`run_benchmarks` runs ``benchmarks/run.py`` in a child process (it starts its own
emulators and takes minutes even at the small scale); :func:`load_results` reads a
result file it wrote.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import DataFormatError
from ..platforms import SERVICES

REPO_ROOT = Path(__file__).resolve().parents[2]
RUN_SCRIPT = REPO_ROOT / "benchmarks" / "run.py"
SCENARIOS = ("baseline", "first_sync", "resync_nochange", "resync_small_change")
REQUIRED = ("first_sync", "resync_nochange", "resync_small_change", "baseline", "matcher")


def parse_results(text: str) -> dict:
    """The result object from a file's or a run's output (its last non-empty line).

    Raises :class:`DataFormatError` when that line is not a result object.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    try:
        results = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError as exc:
        raise DataFormatError(f"The benchmark output does not end with a JSON object: {exc}.") from None
    if not isinstance(results, dict) or any(k not in results for k in REQUIRED):
        raise DataFormatError("The benchmark results lack one of " + ", ".join(REQUIRED) + ".")
    return results


def load_results(path: str | Path) -> dict:
    """Read a results file written by ``benchmarks/run.py --out``. Raises :class:`DataFormatError`."""
    try:
        return parse_results(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFormatError(f"Cannot read benchmark results from {path}: {exc}.") from None


def run_benchmarks(scale: str = "small", timeout_s: float = 1800) -> dict:
    """Run every scenario at ``scale`` in a child process and return its result object.

    Raises :class:`DataFormatError` when the run fails (its stderr tail in the message).
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        proc = subprocess.run([sys.executable, str(RUN_SCRIPT), "--scale", scale, "--out", str(out)],
                              capture_output=True, text=True, timeout=timeout_s, cwd=REPO_ROOT, check=False)
        if proc.returncode != 0 or not out.exists():
            tail = proc.stderr.strip().splitlines()[-3:]
            raise DataFormatError(f"benchmarks/run.py exited with {proc.returncode}: {' / '.join(tail)}")
        return load_results(out)


def timings(results: dict) -> pd.DataFrame:
    """``scenario, measure, seconds``: wall time of each scenario, and the first sync's floor."""
    rows = [{"scenario": s, "measure": "wall time", "seconds": results[s]["wall_s"]} for s in SCENARIOS]
    floor = results["first_sync"].get("floor_s")
    if floor is not None:
        rows.insert(2, {"scenario": "first_sync", "measure": "rate-limit floor", "seconds": floor})
    return pd.DataFrame(rows)


def requests(results: dict) -> pd.DataFrame:
    """``scenario, service, requests`` for every scenario."""
    return pd.DataFrame([{"scenario": s, "service": svc, "requests": results[s]["requests"].get(svc, 0)}
                         for s in SCENARIOS for svc in SERVICES])


def scenarios(results: dict) -> pd.DataFrame:
    """One row per scenario: wall time, total requests, searches and release fetches.

    Baseline (one worker, no batching, no cache) against first_sync shows workers and
    batching; first_sync against the two re-syncs shows the cache.
    """
    rows = []
    for s in SCENARIOS:
        r = results[s]
        rows.append({"scenario": s, "wall_s": r["wall_s"], "requests": sum(r["requests"].values()),
                     "searches": sum(r.get("searches", {}).values()),
                     "release_fetches": r.get("release_fetches")})
    return pd.DataFrame(rows)


def matcher(results: dict) -> pd.DataFrame:
    """Matcher throughput: scorings per second and seconds to re-score 100,000 candidates."""
    m = results["matcher"]
    return pd.DataFrame([{"measure": "scorings per second", "value": m["scorings_per_s"]},
                         {"measure": "re-score 100k candidates (s)", "value": m["rescore_100k_s"]}])
