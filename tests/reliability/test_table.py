"""The reliability table holds every row whether the tests ran in one process or in
pytest-xdist workers, in file order even when a hook reordered the tests, in the terminal
summary and the artifact."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]

SCENARIOS = '''
import pytest


@pytest.mark.parametrize("n", range(6))
def test_scenario(reliability, n):
    reliability.record(f"scenario {n}", runs=n, tried=f"{n} faults", reproduce=f"pytest -k {n}")


def test_two_rows(reliability):
    reliability.record("first of two", runs=1, tried="1 kill", reproduce="pytest -k two_rows")
    reliability.record("second of two", runs=1, tried="1 kill", problems="one", reproduce="pytest -k two_rows")


def test_without_a_row():
    pass


@pytest.mark.long
def test_long(reliability):
    reliability.record("long scenario", runs=9, tried="9 seeds", reproduce="pytest -m long -k long")
'''
ROWS = [f"| scenario {n} | {n} | {n} faults | none | `pytest -k {n}` |" for n in range(6)] + [
    "| first of two | 1 | 1 kill | none | `pytest -k two_rows` |",
    "| second of two | 1 | 1 kill | one | `pytest -k two_rows` |"]


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTHONPATH", str(TESTS))  # where the plugin module lives
    # Run in reverse, as tests/conftest.py's RUN_FIRST moves some tests to the front.
    pytester.makeconftest('pytest_plugins = ["reliability_table"]\n\n\n'
                          'def pytest_collection_modifyitems(items):\n    items.reverse()\n')
    pytester.makeini("[pytest]\nmarkers =\n    long: a long run\naddopts = -m 'not long'\n")
    pytester.makepyfile(test_scenarios=SCENARIOS)
    return pytester


def _table(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| scenario |")]


@pytest.mark.parametrize("workers", [pytest.param([], id="one-process"), pytest.param(["-n", "2"], id="xdist")])
def test_every_row_reaches_the_summary_and_the_artifact(suite, workers):
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", *workers)
    result.assert_outcomes(passed=8)  # (xdist workers do not report what they deselected)
    assert _table(result.stdout.str()) == ROWS
    artifacts = suite.path / "test-artifacts"
    assert _table((artifacts / "reliability.md").read_text(encoding="utf-8")) == ROWS
    assert not (artifacts / "reliability-long.md").exists()


def test_the_long_step_writes_its_own_artifact(suite):
    result = suite.runpytest_subprocess("-p", "no:cacheprovider", "-n", "2", "-m", "long")
    result.assert_outcomes(passed=1)
    expected = ["| long scenario | 9 | 9 seeds | none | `pytest -m long -k long` |"]
    assert _table((suite.path / "test-artifacts" / "reliability-long.md").read_text(encoding="utf-8")) == expected
    assert not (suite.path / "test-artifacts" / "reliability.md").exists()
