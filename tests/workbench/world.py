"""A user's data directory after one sync of the mini catalog, for workbench and notebook tests.

The layout is the demo's: ``<root>/demo/tracker.db``, so notebooks started with
``DATA_DIR=<root>`` and no Discogs token read it as the app would.
"""

from __future__ import annotations

from pathlib import Path

from song_automations.emulator.context import Catalog, EmulatorConfig
from song_automations.emulator.server import EmulatorServer
from song_automations.settings import Settings, load_settings
from song_automations.sync.session import sync_session

MINI_CATALOG = Path(__file__).resolve().parents[1] / "emulator" / "fixtures" / "mini_catalog.json"


# Every match below a perfect score awaits review, so the mini catalog yields flagged rows.
FLAG_EVERYTHING = {"HIGH_CONFIDENCE": "1.0"}


def emulator_settings(server: EmulatorServer, data_dir: Path, **extra: str) -> Settings:
    """Settings pointing at ``server`` with the tracker and tokens under ``data_dir``."""
    env = server.settings_env()
    return load_settings(environ={**env, "DATA_DIR": str(data_dir), **extra}, env_file=data_dir / "absent.env")


def start_emulator() -> EmulatorServer:
    """The mini catalog on 127.0.0.1 with rate limits high enough never to wait."""
    return EmulatorServer(EmulatorConfig(rate_scale=1000.0), catalog=Catalog.load(MINI_CATALOG)).start()


def synced_data_dir(root: Path) -> Path:
    """Sync every folder to both platforms once, flagging every match below 1.0; returns
    ``root`` (tracker in ``root/demo``)."""
    server = start_emulator()
    try:
        with sync_session(emulator_settings(server, root / "demo", **FLAG_EVERYTHING)) as engine:
            engine.run("all")
    finally:
        server.stop()
    return root
