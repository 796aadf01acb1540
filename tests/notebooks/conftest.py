"""Fixtures for the notebook tests: the synced mini-catalog data directory, notebook
environments, and a helper that runs a marimo command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from workbench.world import synced_data_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO_ROOT / "notebooks"
MARIMO = Path(sys.executable).with_name("marimo")
BENCH_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "bench_small.json"
ARTIFACTS = REPO_ROOT / "test-artifacts"
# Variables that would point a notebook at a user's accounts or data instead of the fixture.
USER_VARIABLES = ("DISCOGS_USER_TOKEN", "DATA_DIR", "BENCH_RESULTS", "SPOTIFY_REFRESH_TOKEN",
                  "SOUNDCLOUD_REFRESH_TOKEN")


def notebook_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The process environment without the user's settings, with ``DATA_DIR=data_dir``."""
    env = {k: v for k, v in os.environ.items() if k not in USER_VARIABLES}
    return {**env, "DATA_DIR": str(data_dir), "BENCH_RESULTS": str(BENCH_FIXTURE), **extra}


def run_marimo(*args: str, env: dict[str, str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """``marimo ARGS`` from ``cwd`` (a directory without a ``.env``), output captured."""
    return subprocess.run([str(MARIMO), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False)


@pytest.fixture(scope="session")
def synced_root(tmp_path_factory) -> Path:
    return synced_data_dir(tmp_path_factory.mktemp("synced"))


@pytest.fixture
def data_root(synced_root, tmp_path) -> Path:
    """A private copy of the synced data directory (the demo emulator writes its state there)."""
    root = tmp_path / "root"
    shutil.copytree(synced_root, root)
    shutil.rmtree(root / "demo" / "tokens", ignore_errors=True)
    return root
