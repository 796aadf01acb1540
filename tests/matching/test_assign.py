"""Aligning a tracklist with an album's: the best one-to-one assignment."""

from itertools import permutations

import numpy as np

from song_automations.matching.assign import best_assignment


def _gain(scores: np.ndarray, pairs, floor: float) -> float:
    return sum(scores[r, c] - floor for r, c in pairs)


def _brute_force(scores: np.ndarray, floor: float) -> float:
    rows, cols = scores.shape
    best = 0.0
    for perm in permutations(range(max(rows, cols)), rows):
        pairs = [(r, c) for r, c in enumerate(perm) if c < cols and scores[r, c] >= floor]
        best = max(best, _gain(scores, pairs, floor))
    return best


def test_the_assignment_gains_as_much_as_any_other_one_to_one_pairing():
    rng = np.random.default_rng(3)
    for shape in [(3, 3), (2, 4), (4, 2), (5, 5), (1, 3)]:
        for _ in range(20):
            scores = rng.random(shape)
            pairs = best_assignment(scores, floor=0.4)
            assert len({c for _, c in pairs}) == len(pairs)  # one album track per Discogs track
            assert all(scores[r, c] >= 0.4 for r, c in pairs)
            assert abs(_gain(scores, pairs, 0.4) - _brute_force(scores, 0.4)) < 1e-9


def test_one_sure_pair_beats_two_doubtful_ones():
    # Rows: "Your Mind", "Your Mind (Instrumental)"; columns: the album's Radio Edit, Original Mix.
    scores = np.array([[0.51, 0.99], [0.10, 0.76]])
    assert best_assignment(scores, floor=0.7) == [(0, 1)]  # the instrumental is not on the album


def test_nothing_below_the_floor_is_paired():
    assert best_assignment(np.array([[0.6, 0.2]]), floor=0.7) == []
    assert best_assignment(np.zeros((0, 3)), floor=0.7) == []
