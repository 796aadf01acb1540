"""Tuning: vectorised re-scoring agrees with the sync's own evaluation, and reacts to weights."""

from __future__ import annotations

from dataclasses import replace

import pytest

from song_automations.errors import ConfigError
from song_automations.evaluate import run_eval
from song_automations.settings import MatchWeights, Thresholds, load_settings
from song_automations.workbench import charts, tuning
from sqlcheck import sql_one, sql_rows

CASES = tuning.DATA_DIR / "labelled" / "cases.jsonl"


@pytest.fixture(scope="module")
def labelled():
    return tuning.load_labelled([CASES])


def test_default_settings_give_the_same_figures_as_the_eval_command(labelled):
    judged = tuning.judge_labelled(labelled, MatchWeights(), Thresholds())
    table = tuning.metrics_table(judged, "platform").set_index("platform")
    report = run_eval(CASES).as_dict()
    for platform, counts in report["by_platform"].items():
        assert {k: int(table.loc[platform, k]) for k in ("tp", "fp", "fn")} == {
            k: counts[k] for k in ("tp", "fp", "fn")}
        assert table.loc[platform, "f1"] == pytest.approx(counts["f1"], abs=1e-4)
    assert int(table.loc["all", "cases"]) == report["cases"]


def test_metrics_per_version_type_cover_every_case(labelled):
    judged = tuning.judge_labelled(labelled, MatchWeights(), Thresholds())
    table = tuning.metrics_table(judged, "version").set_index("version")
    assert {"original", "remix"} <= set(table.index)
    assert table.drop("all")["cases"].sum() == len(labelled.cases)


def test_a_weight_change_changes_decisions_and_lists_them(labelled):
    base = tuning.judge_labelled(labelled, MatchWeights(), Thresholds())
    assert tuning.changed_cases(base, base).empty
    no_artist = tuning.judge_labelled(labelled, replace(MatchWeights(), artist=0.0), Thresholds())
    changed = tuning.changed_cases(base, no_artist)
    assert len(changed) > 0
    row = changed.iloc[0]
    assert (row["decision_before"], row["picked_before"]) != (row["decision_after"], row["picked_after"])


def test_pr_curve_recall_falls_as_the_threshold_rises(labelled):
    curve = tuning.pr_curve(labelled, MatchWeights())
    assert set(curve["platform"]) == {"spotify", "soundcloud"}
    for _, part in curve.groupby("platform"):
        recall = part.sort_values("threshold")["recall"].to_numpy()
        assert (recall[1:] <= recall[:-1] + 1e-12).all()
        assert part["precision"].between(0, 1).all()


def test_history_is_the_latest_search_and_re_decides_like_the_sync(tracker):
    history = tuning.load_history(tracker)
    latest = sql_one(tracker, "SELECT COUNT(*) AS n FROM match_candidates")["n"]  # one sync: all rows are latest
    assert len(history) == latest > 0
    settings = load_settings(environ={"HIGH_CONFIDENCE": "1.0"}, env_file="/nonexistent.env")
    decided = tuning.history_decisions(history, settings.weights, settings.thresholds).set_index("track")
    stored = {f"{r['destination']}:{r['release_id']}:{r['position']}": r["decision"]
              for r in sql_rows(tracker, "SELECT * FROM matched_tracks WHERE uri IS NOT NULL")}
    assert stored and all(decided.loc[k, "decision"] == v for k, v in stored.items())
    assert tuning.load_history(None).empty


def test_retune_reports_changes_against_the_baseline(labelled, tracker):
    history = tuning.load_history(tracker)
    w, t = MatchWeights(), Thresholds()
    baseline = (tuning.judge_labelled(labelled, w, t), tuning.history_decisions(history, w, t))
    same = tuning.retune(labelled, history, w, t, baseline)
    assert same.changed.empty and same.history_changed == 0
    strict = tuning.retune(labelled, history, w, Thresholds(0.99, 0.995, 0.999), baseline)
    assert strict.history_changed > 0
    assert set(strict.history_decisions["decision"]) <= {"none", "low", "review", "accepted"}


def test_env_lines_load_back_as_the_same_settings():
    weights = replace(MatchWeights(), artist=0.3, version_match_bonus=0.07)
    thresholds = Thresholds(0.5, 0.7, 0.9)
    text = tuning.env_lines(weights, thresholds)
    env = dict(line.split("=", 1) for line in text.splitlines())
    settings = load_settings(environ=env, env_file="/nonexistent.env")
    assert settings.weights == weights and settings.thresholds == thresholds
    with pytest.raises(ConfigError, match="minimum <= medium <= high"):
        tuning.env_lines(weights, Thresholds(0.9, 0.5, 0.95))


def test_the_fit_report_sets_training_beside_cross_validated_for_every_slice(labelled):
    fit = tuning.fit_report()
    assert set(fit["kind"]) == {"training", "cross_validated"}
    slices = set(fit["slice"])
    assert len(fit) == 2 * len(slices) and {"cases:spotify", "cases:soundcloud"} <= slices
    # The training figures are the defaults' own: the same as judging the labelled cases now.
    judged = tuning.metrics_table(tuning.judge_labelled(labelled, MatchWeights(), Thresholds()), "platform")
    judged = judged.set_index("platform")
    for platform in ("spotify", "soundcloud"):
        trained = fit[(fit["kind"] == "training") & (fit["slice"] == f"cases:{platform}")].iloc[0]
        assert [int(trained[k]) for k in ("tp", "fp", "fn")] == [int(judged.loc[platform, k]) for k in ("tp", "fp", "fn")]
    chart = charts.fit_chart(fit).to_dict()
    assert chart["mark"]["type"] == "bar" and chart["encoding"]["column"]["field"] == "slice"
