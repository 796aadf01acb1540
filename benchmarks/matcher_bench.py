"""Matcher throughput: single scorings per second, and re-scoring 100,000 stored candidates.

    python benchmarks/matcher_bench.py     # prints {"scorings_per_s": ..., "rescore_100k_s": ...}

Scoring uses realistic, distinct candidates (each source track against ten candidates
of mixed versions, so the per-title parse cache only helps as much as it would in a
sync, where one track's candidates repeat across its queries). Re-scoring times one
:func:`rescore.decide_frame` call over a 100,000-row component table, best of 5.
Both measure CPU time of this process (one core), so other load on the machine does
not distort them.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from song_automations.adapters import spotify  # noqa: E402
from song_automations.matching.rescore import COLUMNS, decide_frame  # noqa: E402
from song_automations.matching.score import parse_source, score  # noqa: E402
from song_automations.models import SourceTrack  # noqa: E402
from song_automations.settings import MatchWeights, Thresholds  # noqa: E402

VERSIONS = ("", " - Radio Edit", " - Extended Mix", " - {r} Remix", " - {r} Dub", " - Live at Fabric",
            " - 2012 Remaster", " (feat. Someone Else)", " - Instrumental", " - {r} Club Mix")
REMIXERS = ("Hardfloor", "Mood II Swing", "Todd Terry", "Three 'N One", "Armand Van Helden")


def _workload(tracks: int) -> list[tuple[SourceTrack, list]]:
    work = []
    for i in range(tracks):
        remixer = REMIXERS[i % len(REMIXERS)]
        title = f"Song Number {i} ({remixer} Remix)" if i % 3 == 0 else f"Song Number {i}"
        source = SourceTrack(release_id=i, position="A1", title=title, artists=(f"Artist {i % 97}",),
                             duration_s=300 + i % 120, remixers=(remixer,) if i % 3 == 0 else (),
                             labels=("Eye Q Records",), catnos=(f"EYEQ {i % 50:03d}",))
        candidates = [
            spotify.candidate({"id": f"{i}-{j}", "name": f"Song Number {i}" + v.format(r=REMIXERS[j % 5]),
                               "artists": [{"name": f"Artist {i % 97}"}], "duration_ms": 200_000 + 11_000 * j,
                               "external_ids": {"isrc": f"GB{i:05d}{j:05d}"}})
            for j, v in enumerate(VERSIONS)
        ]
        work.append((source, candidates))
    return work


def scorings_per_second(tracks: int = 3000) -> float:
    """Candidates scored per second, source parsing included (once per track)."""
    work = _workload(tracks)
    weights = MatchWeights()
    start = time.process_time()
    count = 0
    for source, candidates in work:
        parsed = parse_source(source)
        for candidate in candidates:
            score(parsed, candidate, weights)
            count += 1
    return count / (time.process_time() - start)


def rescore_seconds(rows: int = 100_000, repeats: int = 5) -> float:
    """Best wall time of re-weighting and deciding a ``rows``-row component table."""
    rng = np.random.default_rng(7)
    data = {name: rng.random(rows) for name in COLUMNS}
    for name in ("duration", "label", "isrc", "verified", "popularity", "bonus"):
        data[name][rng.random(rows) < 0.5] = np.nan
    frame = pd.DataFrame({"track": np.repeat(np.arange(rows // 10), 10).astype(str),
                          "candidate": np.arange(rows).astype(str), **data})
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        decide_frame(frame, MatchWeights(), Thresholds())
        best = min(best, time.process_time() - start)
    return best


def run() -> dict[str, float]:
    """``{"scorings_per_s": float, "rescore_100k_s": float}``."""
    return {"scorings_per_s": round(scorings_per_second(), 1), "rescore_100k_s": round(rescore_seconds(), 4)}


if __name__ == "__main__":
    print(json.dumps(run()))
