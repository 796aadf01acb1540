"""Two syncs on one data directory: the second (the CLI again, or the app's Sync button)
refuses at once, naming the running one; a lock left by a killed sync is taken over."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from song_automations.errors import AlreadyRunning
from song_automations.runlock import LOCK_FILE, RunLock
from song_automations.runtime import Runtime
from song_automations.workbench.syncing import SyncRequest, run_sync
from sync.conftest import SyncWorld

CLI = Path(sys.executable).with_name("song-automations")


def cli_env(world: SyncWorld) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPOTIFY", "SOUNDCLOUD", "DISCOGS", "LOG_"))}
    return {**env, **world.server.settings_env(), "DATA_DIR": str(world.settings.data_dir)}


def start_cli_sync(world: SyncWorld) -> subprocess.Popen:
    """``song-automations sync all`` in the background; returns once it holds the lock."""
    proc = subprocess.Popen([str(CLI), "sync", "all"], env=cli_env(world), cwd=world.settings.data_dir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lock = world.settings.data_dir / LOCK_FILE
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if lock.exists() and json.loads(lock.read_text() or "{}").get("pid") == proc.pid:
            return proc
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.05)
    raise AssertionError("the CLI sync never took the run lock")


def wait_for_saved_logins(world: SyncWorld, proc: subprocess.Popen, services=("soundcloud",)) -> None:
    """Return once ``proc`` has refreshed and saved the single-use logins (the stored
    refresh token is no longer the one the settings seeded), or has ended."""
    seeds = {service: world.server.settings_env().get(f"{service.upper()}_REFRESH_TOKEN") for service in services}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        stored = {service: world.settings.token_dir / f"{service}.json" for service in services}
        if all(path.exists() and json.loads(path.read_text() or "{}").get("refresh_token") not in (None, seeds[name])
               for name, path in stored.items()):
            return
        time.sleep(0.05)


@pytest.fixture
def slow_world(emulator_factory, tmp_path):
    # Every request takes 150 ms: the first sync runs for several seconds.
    world = SyncWorld(emulator_factory(rate_scale=1000.0, latency_ms=150), tmp_path / "data")
    world.settings.data_dir.mkdir(parents=True)
    yield world
    world.http.close()


@pytest.mark.slow
def test_a_second_sync_refuses_at_once_naming_the_first(slow_world, reliability, caplog):
    first = start_cli_sync(slow_world)
    try:
        started = time.monotonic()
        second = subprocess.run([str(CLI), "sync", "all"], env=cli_env(slow_world), cwd=slow_world.settings.data_dir,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 1
        assert f"Another sync is already running on {slow_world.settings.data_dir}: process {first.pid}" \
            in second.stderr
        assert "`song-automations sync all`" in second.stderr and "Traceback" not in second.stderr
        # The app's Sync button, in this process, while the CLI runs.
        runtime = Runtime(settings=slow_world.settings)
        with pytest.raises(AlreadyRunning, match=f"process {first.pid}"):
            run_sync(runtime, SyncRequest(("spotify",)), dry_run=False, on_event=lambda event: None)
        refused_in = time.monotonic() - started
        assert first.poll() is None  # the first sync was still running all along
    finally:
        # Not inside a login refresh: SoundCloud's refresh tokens work once, so a kill
        # between the service spending one and the sync saving the next loses the login
        # (the next run then asks for `auth`, as it should); that is not this test's point.
        wait_for_saved_logins(slow_world, first)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        first.stderr.close()
    # The killed sync's lock file still names it; the next sync takes it over and finishes.
    assert json.loads((slow_world.settings.data_dir / LOCK_FILE).read_text())["pid"] == first.pid
    caplog.set_level(logging.WARNING, logger="song_automations.runlock")
    report = slow_world.sync()
    assert not report.partial
    assert any(f"process {first.pid}" in r.getMessage() and "taking over" in r.getMessage() for r in caplog.records)
    assert json.loads((slow_world.settings.data_dir / LOCK_FILE).read_text()) == {}
    reliability.record("a second CLI sync and the app's Sync button while a CLI sync runs; then that sync "
                       "SIGKILLed and its lock taken over", runs=4, tried="2 refusals, 1 kill",
                       problems=f"none (refused within {refused_in:.1f} s)",
                       reproduce="pytest tests/reliability/test_two_at_once.py")


def test_the_lock_is_exclusive_within_one_process_too(tmp_path):
    with RunLock(tmp_path, command="song-automations sync all"):
        with pytest.raises(AlreadyRunning, match=f"process {os.getpid()}"):
            RunLock(tmp_path).acquire()
    with RunLock(tmp_path):  # released: free again
        pass


def test_a_dead_processes_lock_is_taken_over(tmp_path, caplog):
    # A process that took the lock and died without a word (the kernel dropped its flock).
    holder = subprocess.run([sys.executable, "-c", (
        "import os, sys; from song_automations.runlock import RunLock; "
        f"RunLock({str(tmp_path)!r}, command='song-automations sync soundcloud').acquire(); "
        "os._exit(0)")], check=True)
    assert holder.returncode == 0
    left = json.loads((tmp_path / LOCK_FILE).read_text())
    assert left["command"] == "song-automations sync soundcloud"
    caplog.set_level(logging.WARNING, logger="song_automations.runlock")
    with RunLock(tmp_path):
        assert json.loads((tmp_path / LOCK_FILE).read_text())["pid"] == os.getpid()
    assert any("taking over" in r.getMessage() and f"process {left['pid']}" in r.getMessage()
               for r in caplog.records)
