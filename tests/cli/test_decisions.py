"""Decisions that travel: `review export`, a wiped data directory, `review import`, a sync.

The round trip runs on the demo catalog: every track of one folder decided by hand, the
decisions exported, everything wiped (the tracker, the logins, and the platforms'
playlists: a new emulator), imported, synced. The playlist comes back identical and the
emulator counts not one search.
"""

from __future__ import annotations

import json
import shutil

import httpx
import pytest

from song_automations.emulator.context import DemoCredentials
from song_automations.emulator.server import env_settings
from song_automations.tracker import Tracker

from .conftest import emulator_playlists, emulator_stats

SCOPE = ("sync", "spotify", "--folders", "Uncategorized", "--exclude-wantlist")
PLAYLIST = "Discogs - Uncategorized"


def _point_at(monkeypatch, emulator, data_dir) -> None:
    for key, value in env_settings(emulator.url, DemoCredentials()).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DATA_DIR", str(data_dir))


def _decide_every_track(data_dir, truth: dict[str, str | None], fallback: str) -> int:
    """Approve each match of the folder's tracks; pin the ones without to the right track
    (or any track, where Spotify has none): every track decided by hand."""
    with Tracker(data_dir / "tracker.db") as tracker:
        rows = [tracker.get_match(t.release_id, t.position, "spotify")
                for rid in dict.fromkeys(tracker.folder_release_ids(1)) for t in tracker.source_tracks(rid)]
        for match in rows:
            if match.uri:
                tracker.approve(match.id)
            else:
                target = truth.get(f"{match.release_id}:{match.position}") or fallback
                tracker.override(match.id, f"spotify:track:{target}", "Pinned by hand", ("Someone",))
        return len(rows)


def _searches(emulator) -> int:
    return emulator_stats(emulator)["spotify"]["by_route"].get("GET /search", 0)


def _items(emulator) -> list[str]:
    return next(p["items"] for p in emulator_playlists(emulator)["spotify"] if p["name"] == PLAYLIST)


def test_export_wipe_import_sync_gives_the_same_playlist_without_one_search(
        emulator_factory, run_cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    first = emulator_factory(catalog="demo", rate_scale=20)
    data_dir = tmp_path / "data"
    _point_at(monkeypatch, first, data_dir)
    assert run_cli(*SCOPE).code in (0, 3)
    truth = httpx.get(f"{first.url}/_emulator/truth").json()["spotify"]
    decided = _decide_every_track(data_dir, truth, first.ctx.catalog.spotify["tracks"][0]["id"])
    assert run_cli(*SCOPE).code == 0
    before = _items(first)
    assert len(before) >= decided - 2  # a track on two releases is in the playlist once
    export = tmp_path / "decisions.json"
    assert run_cli("review", "export", "--output", str(export)).code == 0
    document = json.loads(export.read_text())
    assert document["format"] == "song-automations decisions" and len(document["decisions"]) == decided

    shutil.rmtree(data_dir)  # the tracker, the logins, the logs
    second = emulator_factory(catalog="demo", rate_scale=20)  # and the platforms' playlists
    _point_at(monkeypatch, second, data_dir)
    imported = run_cli("review", "import", str(export))
    assert imported.code == 0 and imported.out == f"Imported {decided} decisions; 0 were already here.\n"
    assert run_cli(*SCOPE).code == 0
    assert _searches(second) == 0  # every track was decided: nothing to search for
    # The same tracks. (The first playlist got its pinned tracks appended by a later sync;
    # the new one is built in Discogs order at once, so only the order may differ.)
    assert sorted(_items(second)) == sorted(before) and len(set(before)) == len(before)

    again = run_cli("review", "import", str(export))  # importing twice changes nothing
    assert again.out == f"Imported 0 decisions; {decided} were already here.\n"
    rebuilt = _items(second)
    assert run_cli(*SCOPE).code == 0 and _items(second) == rebuilt and _searches(second) == 0


def test_csv_import_conflicts_are_reported_and_never_overwrite(cli_env, run_cli, tmp_path):
    assert run_cli("sync", "all").code == 0
    with Tracker(f"{cli_env['DATA_DIR']}/tracker.db") as tracker:
        kept = tracker.get_match(33986376, "A1", "spotify")
        other = tracker.get_match(33986376, "A3", "spotify")
        tracker.approve(kept.id)
        tracker.reject(other.id)
    csv_file = tmp_path / "decisions.csv"
    assert run_cli("review", "export", "--output", str(csv_file)).code == 0
    lines = csv_file.read_text().splitlines()
    assert lines[0] == ("release_id,position,destination,action,uri,decided_at,artist,title,match_title,"
                        "match_artists,match_uploader,confidence")
    assert any(line.startswith("33986376,A1,spotify,approve,") for line in lines)
    assert any(line.startswith("33986376,A3,spotify,reject,") for line in lines)

    # Another machine pinned A1 to something else: importing this file must not undo that.
    with Tracker(f"{cli_env['DATA_DIR']}/tracker.db") as tracker:
        tracker.override(kept.id, "spotify:track:6afAcidEiffel000000000", "Acid Eiffel", ("Choice",))
    result = run_cli("review", "import", str(csv_file))
    assert result.code == 3  # a person should look
    assert ("Conflict, kept this tracker's decision: 33986376:A1 on spotify: this tracker keeps "
            "spotify:track:6afAcidEiffel000000000 (override), the file " + kept.uri + ".") in result.out
    assert result.out.rstrip().endswith("1 conflicted with this tracker's and were skipped (listed above).")
    with Tracker(f"{cli_env['DATA_DIR']}/tracker.db") as tracker:
        assert tracker.get_match(33986376, "A1", "spotify").uri == "spotify:track:6afAcidEiffel000000000"


def test_an_imported_rejection_is_searched_again_without_the_rejected_track(
        cli_env, run_cli, tmp_path, emulator):
    assert run_cli("sync", "spotify").code == 0
    with Tracker(f"{cli_env['DATA_DIR']}/tracker.db") as tracker:
        match = tracker.get_match(33986376, "A1", "spotify")
        tracker.reject(match.id)
    export = tmp_path / "d.json"
    run_cli("review", "export", "--output", str(export))
    shutil.rmtree(cli_env["DATA_DIR"])
    assert run_cli("review", "import", str(export)).out.startswith("Imported 1 decision;")
    assert run_cli("sync", "spotify").code == 0
    with Tracker(f"{cli_env['DATA_DIR']}/tracker.db") as tracker:
        again = tracker.get_match(33986376, "A1", "spotify")
        assert again.search_count == 1 and again.uri != match.uri  # searched, and never the rejected one
    assert match.uri not in {i for p in emulator_playlists(emulator)["spotify"] for i in p["items"]}


@pytest.mark.parametrize(("text", "says"), [
    ("not json at all", "is neither a JSON export nor a CSV export"),
    ('{"format": "something else"}', "is not a song-automations decisions export"),
    ('{"format": "song-automations decisions", "version": 1, "decisions": {"1:A1:spotify": '
     '[{"release_id": 1, "position": "A1", "destination": "spotify", "action": "approve", '
     '"uri": "soundcloud:tracks:1"}]}}', "'soundcloud:tracks:1' is not a spotify track URI"),
])
def test_an_unusable_file_imports_nothing_and_says_why(cli_env, run_cli, tmp_path, text, says):
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    result = run_cli("review", "import", str(bad))
    assert result.code == 1 and says in result.err
    with Tracker(f"{cli_env['DATA_DIR']}/tracker.db") as tracker:
        assert tracker.decisions() == []
