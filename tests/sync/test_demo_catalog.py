"""The done-when figures of issue 5 on the demo catalog (data/demo_catalog.json.gz)."""

from collections import Counter

import pytest

from .conftest import SyncWorld, duplicates, routes
from sqlcheck import sql_rows


def held_out(catalog, count: int) -> list[dict]:
    """Releases owned once, in one folder, not wanted: removable and re-addable."""
    folders = {f["id"]: f["name"] for f in catalog.discogs["folders"]}
    owned = Counter(i["release_id"] for i in catalog.discogs["collection"])
    wanted = {w["release_id"] for w in catalog.discogs["wants"]}
    picks = [i for i in catalog.discogs["collection"] if owned[i["release_id"]] == 1 and i["release_id"] not in wanted]
    return [{"folder": folders[i["folder_id"]], "release_id": i["release_id"]} for i in picks[:count]]


def _f1(world: SyncWorld, platform: str) -> float:
    truth = world.truth()[platform]
    held = world.playlists()[platform]
    tp = fp = fn = 0
    with world.tracker() as tracker:
        for folder in sql_rows(tracker, "SELECT id, name FROM folders WHERE present = 1"):
            keys = [t.key for rid in tracker.folder_release_ids(folder["id"]) for t in tracker.source_tracks(rid)]
            want = {truth[k] for k in keys if truth.get(k)}
            got = set(held.get(world.settings.playlist_name(folder["name"]), []))
            tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall)


@pytest.mark.slow
def test_demo_catalog_sync_rerun_and_small_change(emulator_factory, tmp_path):
    server = emulator_factory(catalog="demo", rate_scale=1000.0)
    world = SyncWorld(server, tmp_path / "data")
    added, removed = (lambda picks: (picks[:2], picks[2:]))(held_out(server.ctx.catalog, 3))
    world.edit_collection({"remove": added})  # added back later: new to the tracker then
    first = world.sync()
    playlists = world.playlists()
    assert not duplicates(playlists)
    assert len(playlists["spotify"]) == len(playlists["soundcloud"]) == len(first.playlists) // 2
    assert _f1(world, "spotify") >= 0.95
    assert _f1(world, "soundcloud") >= 0.95

    world.reset_stats()
    again = world.sync()
    stats = world.stats()
    assert again.tracks_searched == again.releases_fetched == 0
    assert routes(stats, "discogs", "GET /releases") == 0
    assert routes(stats, "spotify", "GET /search") == routes(stats, "soundcloud", "GET /tracks") == 0
    folders = len(first.playlists) // 2
    # Discogs: identity, folder list, one page per folder; one playlist listing per platform.
    assert stats["discogs"]["requests"] <= 2 + folders
    assert stats["spotify"]["requests"] <= 2 and stats["soundcloud"]["requests"] <= 2
    assert world.playlists() == playlists

    world.reset_stats()
    world.edit_collection({"add": added, "remove": removed})
    changed = world.sync(yes=True)
    assert routes(world.stats(), "discogs", "GET /releases") == changed.releases_fetched == 2
    with world.tracker() as tracker:
        searched = {r["release_id"] for r in sql_rows(tracker, 
            "SELECT DISTINCT release_id FROM matched_tracks WHERE run_id = ?", [changed.run_id])}
    assert searched == {a["release_id"] for a in added}
    touched = {p.folder for p in changed.playlists if p.added or p.removed}
    assert touched and touched <= {m["folder"] for m in added + removed}
    assert not duplicates(world.playlists())
