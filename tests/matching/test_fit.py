"""The weight search: it keeps the defaults unless a setting is clearly better."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from song_automations.evaluate import load_cases
from song_automations.matching.fit import WORTH_CHANGING, build_slice, evaluate, search
from song_automations.settings import MatchWeights

CASES = Path(__file__).resolve().parents[2] / "data" / "labelled" / "cases.jsonl"


def _slices():
    cases = load_cases(CASES)[-300:]  # wave 4: the harder cases
    return [build_slice(f"cases:{p}", [c for c in cases if c.platform == p]) for p in ("spotify", "soundcloud")]


def test_the_search_moves_only_for_a_clear_gain():
    slices = _slices()
    start = MatchWeights()
    found = search(slices, trials=40, seed=3, start=start)
    assert found.weights is start or evaluate(slices, found.weights)[0] > evaluate(slices, start)[0] + WORTH_CHANGING
    poor = replace(start, title=1.0, version=0.0, duration=0.0, album=0.0)  # blind to versions and lengths
    better = search(slices, trials=40, seed=3, start=poor)
    assert better.weights is not poor
    assert evaluate(slices, better.weights)[0] > evaluate(slices, poor)[0] + WORTH_CHANGING
