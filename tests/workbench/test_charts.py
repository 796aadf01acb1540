"""The result charts encode the frames they are given."""

from __future__ import annotations

from song_automations.settings import MatchWeights, Thresholds
from song_automations.workbench import charts, results, tuning


def test_folder_and_confidence_charts(tracker):
    status = charts.folder_status_chart(results.folder_status(tracker)).to_dict()
    assert status["encoding"]["column"]["field"] == "destination"
    assert status["encoding"]["y"]["field"] == "folder"
    spec = charts.confidence_chart(results.confidences(tracker), Thresholds(0.5, 0.7, 0.9)).to_dict()
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert rules and sum(len(d) for d in spec["datasets"].values()) > 3


def test_tuning_charts(tracker):
    labelled = tuning.load_labelled([tuning.DATA_DIR / "labelled" / "cases.jsonl"])
    judged = tuning.judge_labelled(labelled, MatchWeights(), Thresholds())
    table = tuning.metrics_table(judged, "platform")
    assert charts.metrics_chart(table, "platform").to_dict()["encoding"]["column"]["field"] == "platform"
    curve = charts.pr_curve_chart(tuning.pr_curve(labelled, MatchWeights()), 0.81).to_dict()
    assert [len(part["layer"]) for part in curve["hconcat"]] == [2, 2]
