"""One run of the product: settings, the optional demo emulator, and what hangs off them.

The CLI and the notebooks both start here, so ``--demo`` means the same everywhere:
the emulator runs in-process on 127.0.0.1 with the demo catalog, its playlists and
tokens persist under ``DATA_DIR/demo/``, and every client is pointed at it through
ordinary settings, the same way a user would point the app at the real services.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .settings import Settings, load_settings

log = logging.getLogger(__name__)

# The demo talks to a local emulator, so it need not make a new user wait on Discogs'
# 60 requests a minute: 20x lets a first demo sync finish in well under a minute while
# the clients still pace themselves exactly as they would against the real limits.
DEMO_RATE_SCALE = 20.0
DEMO_DIR_NAME = "demo"
EMULATOR_STATE_FILE = "emulator-state.json"


@dataclass
class Runtime:
    """Settings of this run, plus the demo emulator when there is one.

    ``settings`` already point at the emulator in demo mode; ``emulator_url`` is its
    base URL (``None`` against the real services).
    """

    settings: Settings
    demo: bool = False
    emulator_url: str | None = None
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    @contextmanager
    def session(self, destinations: tuple[str, ...], progress=None) -> Iterator:
        """A ready :class:`~song_automations.sync.SyncEngine` for ``destinations``."""
        from .sync.session import sync_session

        with sync_session(self.settings, tuple(destinations), progress=progress) as engine:
            yield engine

    def tracker(self):
        """The tracker database of this run (closed with the runtime)."""
        from .tracker import Tracker

        return self._stack.enter_context(Tracker(self.settings.tracker_path))

    def playlist_client(self, platform: str):
        """A playlist client for ``platform`` (closed with the runtime)."""
        from .auth import TokenStore
        from .platforms import client_class

        client = client_class(platform)(self.settings, TokenStore(self.settings.token_dir))
        self._stack.callback(client.close)
        return client

    def close(self) -> None:
        self._stack.close()


def demo_data_dir(base: Settings) -> Path:
    """Where ``--demo`` keeps its tracker, tokens and emulator state: ``DATA_DIR/demo``."""
    return base.data_dir / DEMO_DIR_NAME


def demo_settings(base: Settings, url: str, environ: Mapping[str, str] | None = None) -> Settings:
    """``base`` re-read with the emulator's URLs and credentials and ``DATA_DIR/demo``."""
    from .emulator.context import DemoCredentials
    from .emulator.server import env_settings

    merged = dict(os.environ if environ is None else environ)
    # The demo emulator runs at DEMO_RATE_SCALE: the clients pace to its scaled budget.
    merged.update(env_settings(url, DemoCredentials(), DEMO_RATE_SCALE))
    merged["DATA_DIR"] = str(demo_data_dir(base))
    # The user's own refresh tokens must never be sent to the emulator.
    return load_settings(environ=merged)


def _start_demo_emulator(demo_dir: Path):
    from .emulator.context import EmulatorConfig
    from .emulator.server import EmulatorServer

    state = demo_dir / EMULATOR_STATE_FILE
    if not state.exists():
        # A fresh emulator knows none of the tokens a previous demo rotated, so stale
        # demo tokens would only turn into a confusing "log in again" error.
        shutil.rmtree(demo_dir / "tokens", ignore_errors=True)
    demo_dir.mkdir(parents=True, exist_ok=True)
    config = EmulatorConfig(state_path=state, rate_scale=DEMO_RATE_SCALE)
    return EmulatorServer(config).start()


@contextmanager
def open_runtime(demo: bool = False, environ: Mapping[str, str] | None = None) -> Iterator[Runtime]:
    """Load settings (raising :class:`~song_automations.errors.ConfigError` on bad ones)
    and, with ``demo``, start the emulator; everything is stopped on exit."""
    settings = load_settings(environ=environ)
    runtime = Runtime(settings=settings, demo=demo)
    with runtime._stack:
        if demo:
            server = _start_demo_emulator(demo_data_dir(settings))
            runtime._stack.callback(server.stop)
            runtime.emulator_url = server.url
            runtime.settings = demo_settings(settings, server.url, environ)
            log.info("demo emulator at %s", server.url)
        yield runtime
