"""`auth` logs in through a real callback server; `browse` serves the tracker with Datasette."""

from __future__ import annotations

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _spawn(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "song_automations.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("service", ["spotify", "soundcloud"])
def test_auth_without_browser_prints_the_url_and_stores_tokens(cli_env, service):
    port = _free_port()
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


def test_browse_serves_the_tracker_views(cli_env, run_cli):
    assert run_cli("sync", "spotify").code == 0
    port = _free_port()
    process = _spawn({**os.environ, **cli_env}, "browse", "--port", str(port))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/tracker.json", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "datasette did not start"
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.3)
        assert page.status_code == 200
        listing = page.json()
        names = {t["name"] for t in listing["tables"]} | {v["name"] for v in listing["views"]}
        assert {"matched_tracks", "flagged_for_review", "missing_report", "match_history"} <= names
        rows = httpx.get(f"http://127.0.0.1:{port}/tracker/matched_tracks.json?_shape=array").json()
        assert rows and all(r["destination"] == "spotify" for r in rows)
    finally:
        process.terminate()
        process.wait(timeout=20)
