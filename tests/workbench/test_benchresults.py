"""Benchmark results JSON (INTERFACE.md) as frames for the charts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from song_automations.errors import DataFormatError
from song_automations.workbench import benchresults, charts

FIXTURE = Path(__file__).resolve().parents[1] / "notebooks" / "fixtures" / "bench_small.json"


@pytest.fixture
def results():
    return benchresults.load_results(FIXTURE)


def test_frames_carry_every_scenario_and_service(results):
    timings = benchresults.timings(results)
    assert set(timings["scenario"]) == set(benchresults.SCENARIOS)
    floor = timings[timings["measure"] == "rate-limit floor"]["seconds"].item()
    assert floor == results["first_sync"]["floor_s"]
    requests = benchresults.requests(results)
    assert len(requests) == len(benchresults.SCENARIOS) * 3
    first = requests[requests["scenario"] == "first_sync"].set_index("service")["requests"].to_dict()
    assert first == results["first_sync"]["requests"]
    scenarios = benchresults.scenarios(results).set_index("scenario")
    assert scenarios.loc["baseline", "wall_s"] > scenarios.loc["first_sync", "wall_s"]
    assert scenarios.loc["resync_nochange", "searches"] == 0
    assert benchresults.matcher(results)["value"].tolist() == [
        results["matcher"]["scorings_per_s"], results["matcher"]["rescore_100k_s"]]
    for chart in (charts.wall_vs_floor_chart(timings), charts.requests_chart(benchresults.requests(results)),
                  charts.scenario_chart(scenarios.reset_index(), "requests", "Requests")):
        assert chart.to_dict()["data"]


def test_the_last_line_of_a_run_is_the_result(results):
    text = "log line\n" + json.dumps(results) + "\n\n"
    assert benchresults.parse_results(text) == results


@pytest.mark.parametrize("text", ["", "not json", json.dumps({"scale": "small"})])
def test_anything_else_is_a_clear_error(text, tmp_path):
    with pytest.raises(DataFormatError):
        benchresults.parse_results(text)
    with pytest.raises(DataFormatError, match="Cannot read benchmark results"):
        benchresults.load_results(tmp_path / "absent.json")
