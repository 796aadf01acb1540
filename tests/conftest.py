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

Under pytest-xdist (``make test`` runs two workers) the tests that use a fixture in
``ONE_WORKER_FIXTURES`` share one worker.
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


# Session fixtures too costly to build in every pytest-xdist worker (browse's demo_world
# syncs the demo catalog twice, ~20 s): the tests that use one run in one worker.
ONE_WORKER_FIXTURES = ("demo_world",)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "demo_catalog: the `emulator` fixture serves the demo catalog instead of the mini one")


# The longest tests, run first (seconds each took on the 2-core CI machine with two
# workers; the first two are in `make test-long` only): ``--dist loadgroup`` hands tests
# to the workers in collection order as they free up, so one of these started late would
# leave its worker running alone for a minute or more after the other had finished.
# Every other test keeps its place after these.
RUN_FIRST = {
    "tests/sync/test_crash.py::test_a_kill_at_any_moment_then_a_normal_run[many]": 110,
    "tests/reliability/test_faults.py::test_each_fault_kind_at_a_high_rate[timeout-all]": 90,
    "tests/notebooks/test_browser.py::test_sync_app_dry_run_then_sync_from_the_page": 55,
    "tests/sync/test_crash.py::test_a_kill_at_any_moment_then_a_normal_run[one-of-each]": 50,
    "tests/reliability/test_secrets.py::test_a_demo_sync_at_debug_leaves_no_secret_outside_the_token_store": 45,
    "tests/cli/test_demo.py::test_demo_flow_from_a_fresh_set_up": 35,
}


# Before xdist's own hook, which reads the xdist_group marks (``--dist loadgroup``, pyproject.toml).
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for name in ONE_WORKER_FIXTURES:
            if name in item.fixturenames:
                item.add_marker(pytest.mark.xdist_group(name))
    first = {nodeid: rank for rank, nodeid in enumerate(RUN_FIRST)}
    items.sort(key=lambda item: first.get(item.nodeid, len(first)))  # stable: the rest keep their order


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
