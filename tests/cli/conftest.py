"""The CLI pointed at an emulator through ordinary settings, as a user would point it
at the real services (``--demo`` itself is exercised once, in test_demo.py)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from song_automations.cli import main
from song_automations.logging import remove_handlers


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def emulator(emulator_factory):
    """The mini catalog with limits scaled up: these tests are about the CLI, and the
    clients' pacing at real limits has tests of its own."""
    return emulator_factory(rate_scale=20)


@pytest.fixture
def cli_env(emulator, tmp_path, monkeypatch) -> dict[str, str]:
    """Settings pointing at ``emulator``; DATA_DIR in a temp dir; no stray .env read."""
    monkeypatch.chdir(tmp_path)
    env = emulator.settings_env()
    env["DATA_DIR"] = str(tmp_path / "data")
    for key in ("LOG_LEVEL", "SPOTIFY_REFRESH_TOKEN", "SOUNDCLOUD_REFRESH_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


@pytest.fixture
def run_cli(capsys):
    """Run ``song-automations ARGS`` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> CliResult:
        code = main(list(args))
        captured = capsys.readouterr()
        remove_handlers()  # the CLI installs handlers on the root logger; runs must not stack them
        return CliResult(code, captured.out, captured.err)

    return run


def emulator_playlists(emulator) -> dict:
    return httpx.get(f"{emulator.url}/_emulator/playlists").json()


def emulator_stats(emulator) -> dict:
    return httpx.get(f"{emulator.url}/_emulator/stats").json()["services"]
