"""One :class:`~song_automations.runtime.Runtime` per process, shared by notebook re-runs.

marimo re-runs a cell whenever an input changes; opening a runtime there would start a
new demo emulator (and tracker connection) each time. :func:`shared_runtime` opens it
once per data directory and mode, and closes every one when the process exits. Several
app sessions of one ``marimo run`` server share it: they share the data directory too,
and two emulators on one state file would overwrite each other's playlists.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path

from ..logging import remove_handlers, setup_logging
from ..runtime import DEMO_DIR_NAME, Runtime, open_runtime
from ..settings import Settings, load_settings
from ..tracker import Tracker

log = logging.getLogger(__name__)

_lock = threading.Lock()
_runtimes: dict[tuple, Runtime] = {}
_trackers: dict[int, object] = {}
_clients: dict[tuple[int, str], object] = {}
_stack = ExitStack()


def wants_demo(settings: Settings) -> bool:
    """True when no Discogs token is configured: the app then runs on the demo emulator."""
    return not settings.discogs_user_token


def tracker_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the app's tracker DB is for these settings (``DATA_DIR/demo/`` in demo mode),
    without starting anything: for notebooks that only read history."""
    settings = load_settings(environ=environ)
    base = settings.data_dir / DEMO_DIR_NAME if wants_demo(settings) else settings.data_dir
    return base / settings.tracker_path.name


def open_history(environ: Mapping[str, str] | None = None):
    """The app's tracker for reading, or ``None`` when no sync has created it yet."""
    path = tracker_path(environ)
    return Tracker(path) if path.exists() else None


def shared_runtime(environ: Mapping[str, str] | None = None, demo: bool | None = None) -> Runtime:
    """The process's runtime for these settings, opened on first use.

    ``demo=None`` decides by :func:`wants_demo`. Raises
    :class:`~song_automations.errors.ConfigError` for invalid settings.
    """
    settings = load_settings(environ=environ)
    use_demo = wants_demo(settings) if demo is None else demo
    key = (use_demo, str(settings.data_dir))
    with _lock:
        runtime = _runtimes.get(key)
        if runtime is None:
            runtime = _stack.enter_context(open_runtime(demo=use_demo, environ=environ))
            _runtimes[key] = runtime
            # As the CLI does: details to the JSON log, only warnings to the terminal
            # (spotipy's report of the expected development-mode 403 is not one).
            setup_logging(runtime.settings)
            log.info("workbench runtime opened (demo=%s, data dir %s)", use_demo, settings.data_dir)
        return runtime


def shared_tracker(runtime: Runtime):
    """The runtime's one tracker connection (``runtime.tracker()`` opens a new one per call)."""
    with _lock:
        tracker = _trackers.get(id(runtime))
        if tracker is None:
            tracker = _trackers[id(runtime)] = runtime.tracker()
        return tracker


def shared_client(runtime: Runtime, platform: str):
    """The runtime's one playlist client for ``platform`` (``runtime.playlist_client`` makes
    a new one per call, each kept open until the runtime closes)."""
    with _lock:
        client = _clients.get((id(runtime), platform))
        if client is None:
            client = _clients[(id(runtime), platform)] = runtime.playlist_client(platform)
        return client


def close_shared_runtimes() -> None:
    """Stop every shared runtime (demo emulators, tracker connections, clients)."""
    with _lock:
        _runtimes.clear()
        _trackers.clear()
        _clients.clear()
        _stack.close()
        remove_handlers()


atexit.register(close_shared_runtimes)
