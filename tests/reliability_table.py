"""The reliability table: every fault, kill, race, login and hostile-input scenario the
suite tried, how many runs and faults or kills it took, and what it found.

Tests add a row through the ``reliability`` fixture; at the end of the session the table
is printed in the terminal summary and written to ``test-artifacts/reliability.md``
(``reliability-long.md`` for the long step, ``pytest -m long``). Loaded from the root
``conftest.py`` (``pytest_plugins``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

ARTIFACT = Path(__file__).resolve().parents[1] / "test-artifacts" / "reliability.md"
HEADER = ("scenario", "runs", "faults or kills tried", "problems found", "reproduce")


@dataclass(frozen=True)
class Row:
    scenario: str
    runs: int
    tried: str
    problems: str
    reproduce: str


class Table:
    def __init__(self) -> None:
        self.rows: list[Row] = []

    def record(self, scenario: str, *, runs: int, tried: str, reproduce: str, problems: str = "none") -> None:
        """Add one scenario's row (call it after the scenario's assertions passed)."""
        self.rows.append(Row(scenario, runs, tried, problems, reproduce))

    def markdown(self) -> str:
        lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
        lines += [f"| {r.scenario} | {r.runs} | {r.tried} | {r.problems} | `{r.reproduce}` |" for r in self.rows]
        return "\n".join(lines) + "\n"


_TABLE = Table()


@pytest.fixture(scope="session")
def reliability() -> Table:
    return _TABLE


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not _TABLE.rows:
        return
    terminalreporter.write_sep("=", "reliability scenarios")
    terminalreporter.write(_TABLE.markdown())
    long_step = config.getoption("markexpr", "") == "long"
    artifact = ARTIFACT.with_name("reliability-long.md") if long_step else ARTIFACT
    artifact.parent.mkdir(parents=True, exist_ok=True)
    artifact.write_text(_TABLE.markdown(), encoding="utf-8")
