"""Running the emulator: in a background thread (:class:`EmulatorServer`) or in the foreground (:func:`serve`).

Both bind the socket themselves before uvicorn starts, so ``port=0`` gets a free port
whose number is known at once, and both keep uvicorn quiet (warnings and up, no access
log).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import uvicorn

from .app import create_app
from ..errors import ConfigError
from .context import DEMO_CATALOG, PREFIXES, Catalog, DemoCredentials, EmulatorConfig, EmulatorContext
from . import spotify as emulated_spotify
from .faults import ResetLogFilter
from .ratelimit import scaled_limit

log = logging.getLogger(__name__)

START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0
# Seconds uvicorn waits for in-flight requests on shutdown before cancelling them.
GRACEFUL_SHUTDOWN_S = 2


def env_settings(url: str, credentials: DemoCredentials, rate_scale: float = 1.0) -> dict[str, str]:
    """The settings (INTERFACE.md names) that point the app at an emulator at ``url``.

    ``rate_scale`` is the emulator's ``--rate-scale``: Spotify publishes no rate header,
    so the budget the client paces itself to (``SPOTIFY_RATE_LIMIT``) is written here,
    scaled like the emulator's own window.
    """
    url = url.rstrip("/")
    spotify_limit, _ = emulated_spotify.RATE_LIMIT
    return {
        "DISCOGS_API_URL": url + PREFIXES["discogs"],
        "SPOTIFY_API_URL": url + PREFIXES["spotify"],
        "SPOTIFY_ACCOUNTS_URL": url + PREFIXES["spotify-accounts"],
        "SOUNDCLOUD_API_URL": url + PREFIXES["soundcloud"],
        "SOUNDCLOUD_AUTH_URL": url + PREFIXES["soundcloud-auth"],
        "EMULATOR_URL": url,
        "DISCOGS_USER_TOKEN": credentials.discogs_token,
        "SPOTIFY_CLIENT_ID": credentials.spotify_client_id,
        "SPOTIFY_CLIENT_SECRET": credentials.spotify_client_secret,
        "SPOTIFY_REFRESH_TOKEN": credentials.spotify_refresh_token,
        "SOUNDCLOUD_CLIENT_ID": credentials.soundcloud_client_id,
        "SOUNDCLOUD_CLIENT_SECRET": credentials.soundcloud_client_secret,
        "SOUNDCLOUD_REFRESH_TOKEN": credentials.soundcloud_refresh_token,
        "SPOTIFY_RATE_LIMIT": str(scaled_limit(spotify_limit, rate_scale)),
    }


def write_env_file(path: Path, settings: dict[str, str]) -> None:
    """Write ``KEY=VALUE`` lines readable by the owner only (0600: it holds credentials)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.writelines(f"{key}={value}\n" for key, value in settings.items())
    os.chmod(path, 0o600)  # O_CREAT's mode does not apply to a file that already existed


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on ``host:port`` (0 = any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must be IPPROTO_TCP, not the default 0: asyncio only turns Nagle off
    # (TCP_NODELAY) on accepted sockets that say so, and with Nagle on every response
    # waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def socket_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class _Uvicorn(uvicorn.Server):
    """uvicorn that reports when it is listening, and treats SIGINT/SIGTERM as a normal stop.

    (Plain uvicorn re-raises the signal after its graceful shutdown, which would turn
    every Ctrl-C into "Aborted." and exit status 1.)
    """

    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_started = on_started

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets)
        if self.started:
            self._on_started()

    def handle_exit(self, sig: int, frame) -> None:
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True  # a second Ctrl-C stops waiting for open requests
        self.should_exit = True


_RESET_FILTER = ResetLogFilter()


def _uvicorn_config(ctx: EmulatorContext) -> uvicorn.Config:
    logging.getLogger("uvicorn.error").addFilter(_RESET_FILTER)
    return uvicorn.Config(
        create_app(ctx), log_config=None, log_level="warning", access_log=False,
        lifespan="off", timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )


class EmulatorServer:
    """An emulator on a background thread, for tests, ``--demo`` and benchmarks.

    ``with EmulatorServer(config) as server: httpx.get(server.url + "/discogs/...")``.
    ``catalog`` overrides ``config.catalog_path`` with an already loaded catalog.
    """

    def __init__(self, config: EmulatorConfig, host: str = "127.0.0.1", port: int = 0,
                 catalog: Catalog | None = None) -> None:
        self.ctx = EmulatorContext(config, catalog)
        self.host = host
        self.port = port
        self.url = ""
        self._server: _Uvicorn | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> EmulatorServer:
        """Start serving; returns once the port accepts connections.

        Raises ``OSError`` if the port cannot be bound and ``RuntimeError`` if uvicorn
        does not come up within ``START_TIMEOUT_S`` seconds.
        """
        if self._thread is not None:
            raise RuntimeError("this emulator is already running")
        sock = bind_socket(self.host, self.port)
        self.port = sock.getsockname()[1]
        self.url = socket_url(sock)
        self._server = _Uvicorn(_uvicorn_config(self.ctx), on_started=self._ready.set)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"emulator-{self.port}", daemon=True)
        self._thread.start()
        if not self._wait_ready():
            self.stop()
            raise RuntimeError(f"the emulator did not start on {self.url} within {START_TIMEOUT_S:g} s "
                               "(see the log for uvicorn's reason)")
        log.info("emulator listening on %s", self.url)
        return self

    def _wait_ready(self) -> bool:
        """Wait for uvicorn's startup; give up early if its thread has already died."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._ready.wait(0.05):
                return True
            if self._thread is None or not self._thread.is_alive():
                return False
        return False

    def stop(self) -> None:
        """Stop serving and wait for the thread; safe to call twice."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(STOP_TIMEOUT_S)
        if self._thread.is_alive():
            log.warning("emulator on %s did not stop within %g s", self.url, STOP_TIMEOUT_S)
        self._server = None
        self._thread = None
        self._ready.clear()

    def settings_env(self) -> dict[str, str]:
        """:func:`env_settings` for this running emulator (its URL, credentials and rate scale)."""
        config = self.ctx.config
        return env_settings(self.url, config.credentials, config.rate_scale)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def load_context(config: EmulatorConfig) -> EmulatorContext:
    """The emulator's context for ``config``, with unreadable files reported as ``ConfigError``."""
    catalog_path = config.catalog_path or DEMO_CATALOG
    try:
        catalog = Catalog.load(catalog_path)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"cannot read the emulator catalog {catalog_path}: {exc}") from exc
    try:
        return EmulatorContext(config, catalog)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the emulator state file {config.state_path}: {exc}") from exc


def serve(config: EmulatorConfig, host: str = "127.0.0.1", port: int = 0, env_file: Path | None = None,
          announce: Callable[[str], None] = log.info) -> None:
    """Serve in the foreground until interrupted (the ``song-automations emulator`` command).

    Once listening: writes ``env_file`` (if given, mode 0600) and then calls
    ``announce("READY <base-url>")``, so whoever waits for that line can read the file.
    SIGINT or SIGTERM shuts down gracefully and returns normally. Raises
    ``ConfigError`` when the catalog or state file cannot be read or the address
    cannot be bound.
    """
    ctx = load_context(config)
    try:
        sock = bind_socket(host, port)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from exc
    url = socket_url(sock)

    def started() -> None:
        if env_file is not None:
            write_env_file(env_file, env_settings(url, config.credentials, config.rate_scale))
        announce(f"READY {url}")

    _Uvicorn(_uvicorn_config(ctx), on_started=started).run(sockets=[sock])
