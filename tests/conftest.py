"""Fixtures shared by the whole suite: emulators on 127.0.0.1 and access to ../shared.

* ``emulator_factory(**config_kwargs)`` starts an :class:`EmulatorServer` (stopped at
  teardown). ``catalog=`` picks what it serves: omitted = the hand-written mini catalog,
  ``"demo"`` = ``data/demo_catalog.json.gz`` (skips when it is not built), a path, or a
  loaded :class:`Catalog`. Other keywords go to :class:`EmulatorConfig`; ``host``/``port``
  go to the server.
* ``emulator``: one emulator with the default config and the mini catalog, or the demo
  catalog for tests marked ``@pytest.mark.demo_catalog``.
* ``shared_dir`` / :func:`require_shared`: the read-only ``../shared`` docs, or a skip
  saying they are absent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from song_automations.emulator.context import DEMO_CATALOG, Catalog, EmulatorConfig
from song_automations.emulator.server import EmulatorServer

# The reliability table (tests/reliability_table.py): scenarios tried, printed at the end;
# pytester runs that table's own test (tests/reliability/test_table.py) in a fresh pytest.
pytest_plugins = ["reliability_table", "pytester"]

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
MINI_CATALOG = REPO_ROOT / "tests" / "emulator" / "fixtures" / "mini_catalog.json"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "demo_catalog: the `emulator` fixture serves the demo catalog instead of the mini one")


def require_shared(*parts: str) -> Path:
    """``../shared/<parts>``, or skip the calling test with the reason when it is absent."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared project docs at {path} (absent on this machine)")
    return path


@pytest.fixture
def shared_dir() -> Path:
    """The ``../shared`` directory; skips the test when it is absent."""
    return require_shared()


def _catalog(choice: str | Path | Catalog | None) -> Catalog:
    if isinstance(choice, Catalog):
        return choice
    if choice == "demo":
        if not DEMO_CATALOG.exists():
            pytest.skip(f"needs the demo catalog {DEMO_CATALOG} (run the catalog generator)")
        return Catalog.load(DEMO_CATALOG)
    # Loaded fresh for every server: a catalog is small and no test can leak edits into another.
    return Catalog.load(Path(choice) if choice else MINI_CATALOG)


@pytest.fixture
def emulator_factory() -> Iterator[Callable[..., EmulatorServer]]:
    started: list[EmulatorServer] = []

    def start(*, catalog: str | Path | Catalog | None = None, host: str = "127.0.0.1", port: int = 0,
              **config_kwargs) -> EmulatorServer:
        config = EmulatorConfig(**config_kwargs)
        chosen = catalog if catalog is not None else config.catalog_path
        server = EmulatorServer(config, host=host, port=port, catalog=_catalog(chosen))
        server.start()
        started.append(server)
        return server

    yield start
    for server in reversed(started):
        server.stop()


@pytest.fixture
def emulator(request: pytest.FixtureRequest, emulator_factory) -> EmulatorServer:
    demo = request.node.get_closest_marker("demo_catalog") is not None
    return emulator_factory(catalog="demo" if demo else None)
