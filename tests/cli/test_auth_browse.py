"""`auth` logs in through a real callback server; `browse` serves the tracker with Datasette."""

from __future__ import annotations

import json
import os
import re
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from ports import free_port

from song_automations import browse
from song_automations.exitcodes import ExitCode
from song_automations.tracker import Tracker


def _spawn(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "song_automations.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("service", ["spotify", "soundcloud"])
def test_auth_without_browser_prints_the_url_and_stores_tokens(cli_env, service):
    port = free_port()
    env = {**os.environ, **cli_env, f"{service.upper()}_REDIRECT_URI": f"http://127.0.0.1:{port}/callback"}
    process = _spawn(env, "auth", service, "--no-browser")
    try:
        line = process.stdout.readline()
        url = re.search(r"(http://\S+)", line).group(1)
        assert "state=" in url and ("code_challenge=" in url or service == "spotify")
        # The emulator approves at once and redirects to our callback, as a browser would follow.
        answer = httpx.get(url, follow_redirects=True, timeout=30)
        assert answer.status_code == 200
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err
    token_file = Path(cli_env["DATA_DIR"]) / "tokens" / f"{service}.json"
    assert f"Logged in to {service}" in out
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600


def _wait_for(url: str, process: subprocess.Popen) -> httpx.Response:
    deadline = time.monotonic() + 60
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            assert time.monotonic() < deadline, "datasette did not start"
            assert process.poll() is None, process.stderr.read()
            time.sleep(0.3)  # still starting: nothing to wait on but the port


def test_browse_serves_the_tracker_and_records_its_url_while_it_runs(cli_env, run_cli):
    assert run_cli("sync", "spotify").code == 0
    data_dir = Path(cli_env["DATA_DIR"])
    port = free_port()
    process = _spawn({**os.environ, **cli_env}, "browse", "--port", str(port))
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/tracker.json", process)
        assert page.status_code == 200
        listing = page.json()
        names = {t["name"] for t in listing["tables"]} | {v["name"] for v in listing["views"]}
        assert {"matched_tracks", "flagged_for_review", "missing_report", "match_history"} <= names
        assert browse.TRACK_HISTORY_QUERY in {q["name"] for q in listing["queries"]}
        rows = httpx.get(f"http://127.0.0.1:{port}/tracker/matched_tracks.json?_shape=array").json()
        assert rows and all(r["destination"] == "spotify" for r in rows)
        assert json.loads((data_dir / browse.STATE_FILE).read_text()) == {
            "url": f"http://127.0.0.1:{port}", "pid": process.pid}
        assert browse.running_url(data_dir) == f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert process.returncode == 0, process.stderr.read()
    assert not (data_dir / browse.STATE_FILE).exists()
    assert browse.running_url(data_dir) is None


def test_browse_binds_loopback_unless_told_otherwise():
    from song_automations.cli import browse as command

    [host] = [p for p in command.params if p.name == "host"]
    assert host.default == "127.0.0.1"


def test_browse_without_a_tracker_says_so_and_creates_nothing(cli_env, run_cli):
    result = run_cli("browse")
    path = Path(cli_env["DATA_DIR"]) / "tracker.db"
    assert result.code == ExitCode.USAGE  # a setting or option to put right
    assert result.err.strip() == (f"Error: There is no tracker database at {path} yet; run "
                                  "`song-automations sync all --dry-run` first.")
    assert not path.exists()


def test_browse_on_a_taken_port_says_so(cli_env, run_cli):
    Tracker(Path(cli_env["DATA_DIR"]) / "tracker.db").close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("browse", "--port", str(port))
    assert result.code == ExitCode.USAGE  # a setting or option to put right
    assert result.err.startswith(f"Error: Port {port} on 127.0.0.1 is not available")
    assert "--port" in result.err and len(result.err.strip().splitlines()) == 1
    assert not (Path(cli_env["DATA_DIR"]) / browse.STATE_FILE).exists()


def test_review_list_links_each_match_to_its_history_while_browse_runs(cli_env, run_cli, monkeypatch):
    monkeypatch.setenv("HIGH_CONFIDENCE", "1.0")  # every match below a perfect score awaits review
    # ATTENTION: matches await review (on Spotify the mini catalog's matches are all perfect)
    assert run_cli("sync", "soundcloud").code == ExitCode.ATTENTION
    data_dir = Path(cli_env["DATA_DIR"])
    with Tracker(data_dir / "tracker.db") as tracker:
        rows = tracker.review_rows()
    assert rows, "the mini catalog flags some matches"
    assert "History of" not in run_cli("review", "list").out
    browse.record_server(data_dir, "http://127.0.0.1:8001", os.getpid())
    try:
        out = run_cli("review", "list").out
    finally:
        browse.forget_server(data_dir)
    for row in rows:
        url = browse.track_history_url("http://127.0.0.1:8001", row["release_id"], row["position"], "soundcloud")
        assert f"History of {row['review_id']}: {url}" in out.splitlines()
