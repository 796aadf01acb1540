"""Fixtures: a synced data directory (built once) and live emulator runtimes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from song_automations.runtime import Runtime
from song_automations.tracker import Tracker

from .world import FLAG_EVERYTHING, emulator_settings, synced_data_dir


@pytest.fixture(scope="session")
def synced_root(tmp_path_factory) -> Path:
    """Read-only: the data directory after one sync of the mini catalog."""
    return synced_data_dir(tmp_path_factory.mktemp("synced"))


@pytest.fixture
def data_root(synced_root, tmp_path) -> Path:
    """A private copy of :func:`synced_root` a test may change (tokens dropped, since they
    belong to the emulator that issued them)."""
    root = tmp_path / "root"
    shutil.copytree(synced_root, root)
    shutil.rmtree(root / "demo" / "tokens", ignore_errors=True)
    return root


@pytest.fixture
def tracker(data_root):
    with Tracker(data_root / "demo" / "tracker.db") as t:
        yield t


@pytest.fixture
def live(emulator_factory, data_root):
    """``(runtime, server)``: a runtime whose clients talk to a fresh mini-catalog emulator
    and whose tracker is the synced copy."""
    server = emulator_factory(rate_scale=1000.0)
    runtime = Runtime(settings=emulator_settings(server, data_root / "demo", **FLAG_EVERYTHING))
    yield runtime, server
    runtime.close()
