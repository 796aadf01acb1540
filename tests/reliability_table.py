"""The reliability table: every fault, kill, race, login and hostile-input scenario the
suite tried, how many runs and faults or kills it took, and what it found.

Tests add a row through the ``reliability`` fixture. The row rides on the test's report
(``user_properties``), so it reaches the process that prints the summary whether the
tests ran there or in pytest-xdist workers. At the end of the session the rows, in the
order pytest collected their tests (file order, whatever order they ran in), are printed
in the terminal summary and written to ``test-artifacts/reliability.md``
(``reliability-long.md`` for the long step, ``pytest -m long``) under the rootdir.
Loaded from the root ``conftest.py`` (``pytest_plugins``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pytest

# Under the rootdir (the repository, for the suite itself).
ARTIFACTS = "test-artifacts"
HEADER = ("scenario", "runs", "faults or kills tried", "problems found", "reproduce")
# The user_properties key a row travels under.
PROPERTY = "reliability-row"


@dataclass(frozen=True)
class Row:
    scenario: str
    runs: int
    tried: str
    problems: str
    reproduce: str


# Where each test stood in the collection as pytest built it (file order), before any
# hook reordered it for scheduling (tests/conftest.py's RUN_FIRST).
_POSITION = pytest.StashKey[int]()


class Recorder:
    """What a test gets from the ``reliability`` fixture: rows go on that test's report."""

    def __init__(self, item: pytest.Item) -> None:
        self._item = item

    def record(self, scenario: str, *, runs: int, tried: str, reproduce: str, problems: str = "none") -> None:
        """Add one scenario's row (call it after the scenario's assertions passed)."""
        # Plain values: reports cross from an xdist worker to the controller serialised.
        row = asdict(Row(scenario, runs, tried, problems, reproduce))
        self._item.user_properties.append((PROPERTY, {"position": self._item.stash.get(_POSITION, 0), "row": row}))


class Table:
    """The rows reported to this process."""

    def __init__(self) -> None:
        self._rows: list[tuple[int, Row]] = []

    def add(self, position: int, row: Row) -> None:
        self._rows.append((position, row))

    @property
    def rows(self) -> list[Row]:
        """In the order the tests were collected, however they were scheduled (reports
        from workers arrive as tests finish); one test's rows in the order it recorded them."""
        return [row for _, row in sorted(self._rows, key=lambda entry: entry[0])]

    def markdown(self) -> str:
        lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        lines += [f"| {r.scenario} | {r.runs} | {r.tried} | {r.problems} | `{r.reproduce}` |" for r in self.rows]
        return "\n".join(lines) + "\n"


_TABLE = Table()


@pytest.fixture
def reliability(request: pytest.FixtureRequest) -> Recorder:
    return Recorder(request.node)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]):
    # A wrapper's code before the yield runs before every other implementation of the hook.
    for position, item in enumerate(items):
        item.stash[_POSITION] = position
    return (yield)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Only the call phase's report: setup and teardown reports carry the same properties.
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == PROPERTY:
            _TABLE.add(value["position"], Row(**value["row"]))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if hasattr(config, "workerinput"):
        return  # an xdist worker: its rows went to the controller with its reports
    if not _TABLE.rows:
        return
    terminalreporter.write_sep("=", "reliability scenarios")
    terminalreporter.write(_TABLE.markdown())
    long_step = config.getoption("markexpr", "") == "long"
    artifact = config.rootpath / ARTIFACTS / ("reliability-long.md" if long_step else "reliability.md")
    artifact.parent.mkdir(parents=True, exist_ok=True)
    artifact.write_text(_TABLE.markdown(), encoding="utf-8")
