"""The release stage's look for an album does not depend on which of the release's
tracks are still wanted: a track retried on its own (after a fault, or when its search
is due again) is decided on the evidence the whole release's first look had."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from song_automations.evaluate_release import load_release_cases
from song_automations.matching.release import ReleaseMatcher
from song_automations.settings import Settings

CASES = Path(__file__).resolve().parents[2] / "data" / "labelled" / "releases.jsonl"


def _matcher(case, reads: list[str]) -> ReleaseMatcher:
    """A matcher whose glimpse shows each album's first half only, as a track search
    shows an album's tracks, so whether to read an album whole is a real question."""
    albums = {a.id: a for a in case.albums}

    def read(album_id: str):
        reads.append(album_id)
        return albums[album_id]

    def glimpse(query):
        return [replace(a, tracks=a.tracks[: len(a.tracks) // 2]) for a in case.albums if a.tracks]

    return ReleaseMatcher(lambda query: list(case.albums), read, Settings(), platform=case.platform,
                          glimpse=glimpse)


def _decisions(outcome) -> dict[str, tuple]:
    return {p: (r.decision, r.chosen.candidate.id if r.chosen else None, round(r.chosen.score, 9) if r.chosen else None)
            for p, r in outcome.results.items()}


def test_each_track_wanted_alone_is_decided_as_with_the_whole_release():
    checked = 0
    for case in load_release_cases(CASES):
        tracks = case.release.tracks
        whole_reads: list[str] = []
        whole = _decisions(_matcher(case, whole_reads).match(case.release, tracks))
        for track in tracks:
            reads: list[str] = []
            alone = _decisions(_matcher(case, reads).match(case.release, [track]))
            assert alone == {p: d for p, d in whole.items() if p == track.position}, (case.id, track.position)
            assert reads == whole_reads, (case.id, track.position)
            checked += 1
    assert checked > 600
