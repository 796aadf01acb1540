"""Crash safety: a sync killed with SIGKILL at random moments, then run again, ends in
the same playlists as an uninterrupted sync, with no duplicate, no lost review and a
sound database."""

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest


from .conftest import SyncWorld, duplicates

CHILD = Path(__file__).with_name("sync_child.py")
KILLS_PER_PHASE = 5


def child_env(world: SyncWorld) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPOTIFY", "SOUNDCLOUD", "DISCOGS"))}
    env.update(world.server.settings_env())
    env["DATA_DIR"] = str(world.settings.data_dir)
    env["LOG_LEVEL"] = "ERROR"
    return env


def run_child(world: SyncWorld, kill_after: int | None) -> bool:
    """Run a sync in a child; SIGKILL it after ``kill_after`` progress lines.
    Returns True when it was killed before finishing."""
    proc = subprocess.Popen([sys.executable, str(CHILD)], env=child_env(world), cwd=world.settings.data_dir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen = 0
    for line in proc.stderr:
        seen += line.startswith("progress ")
        if kill_after is not None and seen >= kill_after:
            proc.send_signal(signal.SIGKILL)
            break
    proc.stderr.close()
    code = proc.wait(timeout=60)
    if code == -signal.SIGKILL:
        return True
    assert code == 0, f"sync child failed with exit code {code}"
    return False


def crash_then_finish(world: SyncWorld, rng: random.Random, events: int) -> int:
    killed = sum(run_child(world, rng.randint(1, events)) for _ in range(KILLS_PER_PHASE))
    run_child(world, None)
    return killed


@pytest.mark.slow
def test_killed_syncs_end_like_a_clean_one(emulator_factory, tmp_path):
    reference = SyncWorld(emulator_factory(rate_scale=1000.0), tmp_path / "ref")
    crashed = SyncWorld(emulator_factory(rate_scale=1000.0), tmp_path / "crash")
    (tmp_path / "crash").mkdir(parents=True)
    rng = random.Random(20261127)

    events: list = []
    from song_automations.sync.session import sync_session
    with sync_session(reference.settings, progress=events.append) as engine:
        engine.run("all")
    killed = crash_then_finish(crashed, rng, len(events))
    assert crashed.playlists() == reference.playlists()

    # A review decision and a collection change, then more crashes.
    change = {"add": [{"folder": "Disco", "release_id": 4242}], "remove": [{"folder": "House", "release_id": 1}]}
    for world in (reference, crashed):
        with world.tracker() as tracker:
            tracker.override(tracker.get_match(71989, "A1", "spotify").id, "spotify:track:6afAcidEiffel000000000")
        world.edit_collection(change)
    reference.sync()
    killed += crash_then_finish(crashed, rng, len(events) // 2)

    final = crashed.playlists()
    assert final == reference.playlists()
    assert "6afAcidEiffel000000000" in final["spotify"]["Discogs - House"]
    assert not duplicates(final)
    with crashed.tracker() as tracker:
        assert tracker.integrity_check() == "ok"
        assert tracker.get_match(71989, "A1", "spotify").source == "override"
    assert killed >= KILLS_PER_PHASE  # most runs really were killed mid-way
