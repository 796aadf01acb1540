"""Applying a plan: what it sends, what it records, and what the platform refused."""

from __future__ import annotations

from song_automations.sync.apply import apply_plan
from song_automations.sync.plan import ActualPlaylist, SyncPlan, plan_folder
from song_automations.tracker import Tracker


class RefusingClient:
    """A playlist platform that refuses one track (as SoundCloud's 422 does)."""

    platform = "soundcloud"

    def __init__(self, refuse: str) -> None:
        self.refuse = refuse
        self.items: dict[str, list[str]] = {"p1": ["old", "mine"]}
        self.sent: list[tuple[str, list[str]]] = []

    def add_items(self, playlist_id: str, uris: list[str], present=None) -> list[str]:
        self.sent.append(("add", uris))
        self.items[playlist_id] += [u for u in uris if u != self.refuse]
        return [u for u in uris if u == self.refuse]

    def remove_items(self, playlist_id: str, uris: list[str]) -> None:
        self.sent.append(("remove", uris))
        self.items[playlist_id] = [u for u in self.items[playlist_id] if u not in uris]


def test_the_plan_carries_what_apply_needs_and_refused_tracks_are_not_ours(tmp_path):
    actual = ActualPlaylist("p1", 1, "Discogs - House", ("old", "mine"), frozenset({"old", "mine"}))
    [change] = plan_folder("soundcloud", 5, "House", "Discogs - House", ["mine", "new", "bad"], [actual])
    assert change.before == ("old", "mine") and change.add == ("new", "bad") and change.remove == ("old",)
    client = RefusingClient("bad")
    with Tracker(tmp_path / "t.db") as tracker:
        tracker.save_playlist("soundcloud", "p1", 5, 1, "Discogs - House", items=actual.items)
        tracker.add_managed("soundcloud", "p1", ["old", "mine"])
        run = tracker.start_run(["soundcloud"], {})
        [done] = apply_plan(SyncPlan(changes=(change,)), {"soundcloud": client}, tracker, run_id=run)
        assert done.refused == ("bad",) and done.items == ("mine", "new")
        assert tracker.managed_items("soundcloud", "p1") == {"mine", "new"}
        [event] = tracker.events(run)
        assert '"refused":["bad"]' in event["detail"]
    assert client.sent == [("remove", ["old"]), ("add", ["new", "bad"])]
    assert client.items["p1"] == ["mine", "new"]
