"""What an uploader adds to a right upload's title changes nothing.

For every SoundCloud case of the development set that the matcher answers right, the
right upload is decorated the ways uploads are (a year, "[HQ]", "(vinyl rip)", the
release's label and catalogue number, "Premiere:", a track number, hashtags, a file
extension, another case) and rebuilt through the real adapter: the matcher must still
pick it. A rule that only held for the titles the set happens to hold fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from song_automations.adapters import soundcloud
from song_automations.evaluate import Case, judge, load_cases
from song_automations.models import Candidate
from song_automations.settings import Settings

CASES = Path(__file__).resolve().parents[2] / "data" / "labelled" / "cases.jsonl"
SETTINGS = Settings()


def _label(title: str, case: Case) -> str:
    # As uploaders write it: without Discogs' "(3)" that tells homonymous labels apart.
    label = " ".join((*(re.sub(r"\s*\(\d+\)$", "", n) for n in case.source.labels[:1]), *case.source.catnos[:1]))
    return f"{title} [{label}]" if label else title


DECORATIONS: dict[str, Callable[[str, Case], str]] = {
    "year": lambda t, _: f"{t} (1994)",
    "quality": lambda t, _: f"{t} [HQ]",
    "vinyl rip": lambda t, _: f"{t} (vinyl rip)",
    "free download": lambda t, _: f"{t} [FREE DOWNLOAD]",
    "official audio": lambda t, _: f"{t} (Official Audio)",
    "premiere": lambda t, _: f"Premiere: {t}",
    "label and number": _label,
    "track number": lambda t, _: f"01 {t}",
    "hashtags": lambda t, _: f"{t} #house #classic",
    "file extension": lambda t, _: f"{t}.mp3",
    "lower case": lambda t, _: t.lower(),
    "upper case": lambda t, _: t.upper(),
}


def _answered() -> list[Case]:
    cases = [c for c in load_cases(CASES, "soundcloud") if c.expected]
    return [c for c in cases if (r := judge(c, SETTINGS)).picked and r.picked.candidate.id == c.expected]


ANSWERED = _answered()


def _decorated(cand: Candidate, title: str) -> Candidate:
    """The upload with another title, as the adapter reads it from a public-API object."""
    metadata = cand.artists[0] if cand.artists and not cand.artist_from_title and cand.artists[0] != cand.uploader \
        else None
    return soundcloud.candidate({"urn": cand.id, "title": title, "user": {"username": cand.uploader or ""},
                                 "duration": round(cand.duration_s * 1000) if cand.duration_s else None,
                                 "metadata_artist": metadata, "label_name": cand.label})


def test_the_set_holds_enough_answered_uploads_to_mean_something():
    assert len(ANSWERED) >= 200


@pytest.mark.parametrize("decoration", DECORATIONS)
def test_a_decorated_right_upload_is_still_the_answer(decoration):
    decorate = DECORATIONS[decoration]
    lost = []
    for case in ANSWERED:
        candidates = tuple(_decorated(c, decorate(c.raw_title, case)) if c.id == case.expected else c
                           for c in case.candidates)
        result = judge(replace(case, candidates=candidates), SETTINGS)
        if not (result.picked and result.picked.candidate.id == case.expected):
            lost.append(case.id)
    assert lost == []
