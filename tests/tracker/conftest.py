from datetime import UTC, datetime, timedelta

import pytest

from song_automations.models import Candidate, Decision, Folder, FolderItem, MatchResult, ScoredCandidate, SourceTrack
from song_automations.tracker import Tracker


class Clock:
    """A clock tests move by hand (no real sleeping)."""

    def __init__(self):
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, days):
        self.now += timedelta(days=days)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def tracker(tmp_path, clock):
    with Tracker(tmp_path / "tracker.db", clock=clock) as t:
        yield t


def track(release_id=1, position="A1", title="Song"):
    return SourceTrack(release_id=release_id, position=position, title=title, artists=("Artist",))


def result(decision, uri="spotify:track:x", score=0.9, track_=None, considered=None):
    cand = Candidate(platform="spotify", id=uri.rsplit(":", 1)[-1], uri=uri, title="Song", artists=("Artist",))
    scored = ScoredCandidate(cand, score, {"artist": 1.0, "title": 0.8, "popularity": None}, query="Artist Song")
    chosen = scored if decision != Decision.NONE else None
    return MatchResult(
        track=track_ or track(), platform="spotify", decision=decision, chosen=chosen,
        considered=considered if considered is not None else ((scored,) if chosen else ()),
    )


def in_folder(tracker, release_id=1, folder=Folder(5, "House")):
    """Put ``release_id`` in a folder Discogs lists (only such tracks can be missing)."""
    tracker.record_folders([folder], complete=False)
    tracker.update_folder_releases(folder.id, [FolderItem(folder.id, release_id)])
