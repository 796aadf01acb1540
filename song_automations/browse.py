"""Where a running ``song-automations browse`` (Datasette) can be reached, and links into it.

``browse`` records its URL and process id in ``DATA_DIR/browse.json`` while it runs; the
CLI's review list and the app link a track to its history page there only when that
process is alive, so a stale file never produces a dead link.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlencode

STATE_FILE = "browse.json"
# Datasette names a database after its file: tracker.db is served as /tracker.
DATABASE = "tracker"
# The canned query that shows one track's whole match history.
TRACK_HISTORY_QUERY = "track_history"
DISCOGS_RELEASE_PAGE = "https://www.discogs.com/release/"


def record_server(data_dir: Path, url: str, pid: int) -> Path:
    """Remember that Datasette serves this data directory at ``url`` (process ``pid``)."""
    path = Path(data_dir) / STATE_FILE
    path.write_text(json.dumps({"url": url.rstrip("/"), "pid": pid}), encoding="utf-8")
    return path


def forget_server(data_dir: Path) -> None:
    """Drop the record when the server stops (a missing file is fine)."""
    (Path(data_dir) / STATE_FILE).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


def running_url(data_dir: Path) -> str | None:
    """The base URL of the Datasette serving this data directory, or ``None`` when none runs."""
    path = Path(data_dir) / STATE_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not isinstance(state.get("pid"), int) or not _alive(state["pid"]):
        return None
    return str(state.get("url") or "") or None


def discogs_release_url(release_id: int | str) -> str:
    """The Discogs web page of a release."""
    return f"{DISCOGS_RELEASE_PAGE}{release_id}"


def track_history_url(base_url: str, release_id: int, position: str, destination: str | None = None) -> str:
    """The page of the ``track_history`` canned query for one Discogs track."""
    params = {"release_id": release_id, "position": position}
    if destination:
        params["destination"] = destination
    return f"{base_url.rstrip('/')}/{DATABASE}/{TRACK_HISTORY_QUERY}?{urlencode(params)}"
