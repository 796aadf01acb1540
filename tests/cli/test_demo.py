"""The demo flow a new user tries first, run as subprocesses, checked against the truth."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from song_automations.emulator.context import DEMO_CATALOG, EmulatorConfig
from song_automations.emulator.server import EmulatorServer
from song_automations.runtime import DEMO_DIR_NAME, EMULATOR_STATE_FILE

pytestmark = pytest.mark.skipif(not DEMO_CATALOG.exists(), reason="the demo catalog is not built")


def _cli(data_dir: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCOGS_", "SPOTIFY_", "SOUNDCLOUD_"))}
    env.update(DATA_DIR=str(data_dir), COLUMNS="160", LOG_LEVEL="WARNING")
    result = subprocess.run([sys.executable, "-m", "song_automations.cli", "--demo", *args], env=env,
                            cwd=data_dir, capture_output=True, text=True, timeout=300)
    assert result.returncode == code, result.stderr
    return result


def _f1(playlists: dict, truth: dict) -> float:
    chosen = {item for p in playlists for item in p["items"]}
    right = {v for v in truth.values() if v}
    tp = len(chosen & right)
    precision, recall = tp / max(len(chosen), 1), tp / max(len(right), 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def test_demo_flow_from_a_fresh_set_up(tmp_path):
    # The first look flags new matches for review: exit 3 says a person is wanted.
    plan = _cli(tmp_path, "sync", "all", "--dry-run", code=3)
    assert "Dry run: the plan (nothing was changed)" in plan.stdout and "Discogs - Wantlist" in plan.stdout
    assert "newly flagged for review" in plan.stdout
    synced = _cli(tmp_path, "sync", "all")  # the same flags are no news the second time
    assert "Sync summary" in synced.stdout
    status = _cli(tmp_path, "status")
    assert "Wantlist" in status.stdout and "Last run #2 (spotify, soundcloud): ok" in status.stdout
    missing = json.loads(_cli(tmp_path, "report", "missing", "--format", "json").stdout)
    review = _cli(tmp_path, "review", "list")
    assert "Nothing to review." in review.stdout or "matches to review" in review.stdout

    # The demo emulator persisted its playlists; serve that state again to read them.
    state = tmp_path / DEMO_DIR_NAME / EMULATOR_STATE_FILE
    with EmulatorServer(EmulatorConfig(state_path=state)) as server:
        playlists = httpx.get(f"{server.url}/_emulator/playlists").json()
        truth = httpx.get(f"{server.url}/_emulator/truth").json()
    for platform in ("spotify", "soundcloud"):
        assert len(playlists[platform]) >= 7
        for playlist in playlists[platform]:
            assert len(playlist["items"]) == len(set(playlist["items"]))
        assert _f1(playlists[platform], truth[platform]) >= 0.90, platform
    # The report names real collection tracks, each with its reason.
    assert missing and all(f"{r['release_id']}:{r['position']}" in truth[r["destination"]] for r in missing)
    assert all(r["reason"] in ("below_threshold", "no_candidates", "rejected") for r in missing)
