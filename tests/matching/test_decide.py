"""Decisions: thresholds, the review band, ambiguity and rejected candidates."""

from dataclasses import replace

import pytest

from song_automations.matching.decide import decide
from song_automations.models import Candidate, Decision, ScoredCandidate
from song_automations.settings import Thresholds

T = Thresholds(minimum=0.5, medium=0.7, high=0.85)


def _scored(cid, value):
    cand = Candidate(platform="spotify", id=cid, uri=f"spotify:track:{cid}", title="t", artists=("a",))
    return ScoredCandidate(candidate=cand, score=value, components={})


@pytest.mark.parametrize(("value", "decision", "adds"), [
    (0.9, Decision.ACCEPTED, True), (0.85, Decision.ACCEPTED, True), (0.75, Decision.REVIEW, True),
    (0.6, Decision.LOW, False), (0.3, Decision.NONE, False),
])
def test_threshold_bands(value, decision, adds):
    got, chosen, ambiguous = decide([_scored("a", value)], T)
    assert (got, got.adds, ambiguous) == (decision, adds, False)
    assert (chosen is None) == (decision is Decision.NONE)


def test_close_runner_up_is_ambiguous_and_goes_to_review():
    decision, chosen, ambiguous = decide([_scored("b", 0.90), _scored("a", 0.91)], T)
    assert (decision, chosen.candidate.id, ambiguous) == (Decision.REVIEW, "a", True)
    decision, _, ambiguous = decide([_scored("b", 0.80), _scored("a", 0.91)], T)
    assert (decision, ambiguous) == (Decision.ACCEPTED, False)


def test_rejected_candidate_is_never_picked():
    decision, chosen, _ = decide([_scored("bad", 0.99), _scored("ok", 0.8)], T, exclude={"bad"})
    assert (decision, chosen.candidate.id) == (Decision.REVIEW, "ok")
    assert decide([_scored("bad", 0.99)], T, exclude={"bad"}) == (Decision.NONE, None, False)


def test_no_candidates_is_none():
    assert decide([], T) == (Decision.NONE, None, False)


def test_unplayable_candidate_is_never_picked():
    blocked = _scored("blocked", 0.99)
    blocked = type(blocked)(candidate=replace(blocked.candidate, playable=False), score=0.99, components={})
    decision, chosen, _ = decide([blocked, _scored("ok", 0.9)], T)
    assert (decision, chosen.candidate.id) == (Decision.ACCEPTED, "ok")


def _edition(cid, value, explicit, album="The Album"):
    cand = Candidate(platform="spotify", id=cid, uri=f"spotify:track:{cid}", title="t", raw_title="t",
                     artists=("a",), album=album, duration_s=238.6, explicit=explicit)
    return ScoredCandidate(candidate=cand, score=value, components={})


def test_of_a_clean_and_an_explicit_edition_scored_alike_the_explicit_one_is_taken_without_doubt():
    clean, explicit = _edition("clean", 0.998, False), _edition("explicit", 0.997, True)
    assert decide([clean, explicit], T) == (Decision.ACCEPTED, explicit, False)
    # The clean issue's album may say so in its name.
    noted = _edition("noted", 0.998, False, album="The Album (Clean)")
    assert decide([noted, explicit], T) == (Decision.ACCEPTED, explicit, False)
    # Not twins (another album): the close runner-up still makes the pick doubtful.
    other = _edition("other", 0.997, True, album="Greatest Hits")
    assert decide([clean, other], T) == (Decision.REVIEW, clean, True)
