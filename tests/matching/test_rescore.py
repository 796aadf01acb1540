"""Re-scoring stored component tables gives the same totals and decisions as scoring."""

from dataclasses import replace

import numpy as np
import pytest

from song_automations.matching.decide import decide
from song_automations.matching.rescore import decide_frame, to_frame, totals
from song_automations.matching.score import parse_source, score
from song_automations.settings import MatchWeights, Thresholds

from .helpers import sc, source, sp


SOURCES = {
    "remix": source(remixers=("Three 'N One",), labels=("Eye Q Records",)),
    "radio": source(title="Show Me Love (Radio Edit)", artists=("Robin S.",), duration_s=210),
    "editions": source(title="Dance", artists=("The Band",), duration_s=238),
}
CANDIDATES = {
    "remix": [sp("a", "Café Del Mar - Hardfloor Remix", popularity=50),
              sc(1, "Energy 52 - Cafe Del Mar (Three N One Remix) [Eye Q]"),
              sc(9, "Energy 52 - Cafe Del Mar (Three N One Remix)", access="blocked"),
              sp("b", "Café Del Mar", duration_s=None)],
    "radio": [sp("c", "Show Me Love - Radio Edit", artist="Robin S", duration_s=212),
              sp("d", "Show Me Love - Extended Mix", artist="Robin S", duration_s=455)],
    # A clean and an explicit edition, the clean one first and a hair closer in length.
    "editions": [sp("clean", "Dance", artist="The Band", duration_s=238.1, explicit=False,
                    album={"name": "Dance Floor (Clean)"}),
                 sp("explicit", "Dance", artist="The Band", duration_s=238.6, explicit=True,
                    album={"name": "Dance Floor"})],
}


def _rows(weights=MatchWeights()):
    return [(key, score(parse_source(SOURCES[key]), c, weights)) for key, cands in CANDIDATES.items() for c in cands]


@pytest.mark.parametrize("weights", [MatchWeights(), replace(MatchWeights(), title=0.2, popularity=0.5, label=0.0)])
def test_vectorised_totals_equal_single_scoring(weights):
    stored = to_frame(_rows())  # components stored once, with the default weights
    assert np.allclose(totals(stored, weights), [s.score for _, s in _rows(weights)])


def test_decisions_per_track_match_decide_and_skip_unplayable():
    rows, thresholds = _rows(), Thresholds()
    frame = decide_frame(to_frame(rows), MatchWeights(), thresholds)
    for track in frame.itertuples():
        decision, best, ambiguous = decide([s for key, s in rows if key == track.track], thresholds)
        assert (track.decision, track.candidate, bool(track.ambiguous)) == (decision.value, best.candidate.id, ambiguous)
    assert "soundcloud:tracks:9" not in set(frame["candidate"])
    assert frame.set_index("track").loc["editions", "candidate"] == "explicit"
