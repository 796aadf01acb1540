"""One runtime per process: the demo without credentials, the real services with them."""

from __future__ import annotations

import httpx
import pytest

from song_automations.workbench import session


@pytest.fixture(autouse=True)
def _closed():
    yield
    session.close_shared_runtimes()


def test_without_a_discogs_token_the_demo_emulator_starts_once_and_stops_at_close(tmp_path):
    env = {"DATA_DIR": str(tmp_path)}
    runtime = session.shared_runtime(env)
    assert runtime.demo and session.shared_runtime(env) is runtime
    assert runtime.settings.data_dir == tmp_path / "demo"
    assert session.shared_tracker(runtime) is session.shared_tracker(runtime)
    assert session.shared_client(runtime, "spotify") is session.shared_client(runtime, "spotify")
    assert httpx.get(f"{runtime.emulator_url}/_emulator/stats").status_code == 200
    assert session.tracker_path(env) == tmp_path / "demo" / "tracker.db"
    session.close_shared_runtimes()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{runtime.emulator_url}/_emulator/stats")
    assert session.shared_runtime(env) is not runtime


def test_with_a_discogs_token_it_talks_to_the_configured_services(tmp_path):
    env = {"DATA_DIR": str(tmp_path), "DISCOGS_USER_TOKEN": "abc"}
    runtime = session.shared_runtime(env)
    assert not runtime.demo and runtime.emulator_url is None
    assert runtime.settings.discogs_api_url == "https://api.discogs.com"
    assert session.tracker_path(env) == tmp_path / "tracker.db"
    assert session.open_history(env) is None  # nothing synced yet, and nothing created by asking
    assert not (tmp_path / "tracker.db").exists()
