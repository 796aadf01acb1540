"""Every notebook passes ``marimo check`` and runs to completion (``marimo export html``,
which fails when any cell raises) against the synced fixture database."""

from __future__ import annotations

import pytest

from .conftest import NOTEBOOKS, notebook_env, run_marimo

ALL = ("sync", "tuning", "benchmark", "diagnostics")

# What each notebook must show when run top to bottom without a click.
EXPECTED = {
    "sync": ("Demo mode", "Choose what to sync", "Matched, flagged and missing per folder",
             "matches to review", "Missing tracks"),
    "tuning": ("Score tuning", "Precision, recall, F1", "Precision-recall over the pick threshold",
               "Decisions that changed", "MEDIUM_CONFIDENCE", "Download .env lines"),
    "benchmark": ("Scale small", "Wall time against the rate-limit floor", "Requests per service",
                  "Matcher throughput"),
    "diagnostics": ("SoundCloud vs Spotify", "Side by side (last stored search)", "Where the platforms disagree",
                    "spotify only"),
}


@pytest.mark.parametrize("name", ALL)
def test_marimo_check_passes(name, tmp_path):
    proc = run_marimo("check", str(NOTEBOOKS / f"{name}.py"), env=notebook_env(tmp_path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in (proc.stdout + proc.stderr).lower()


@pytest.mark.parametrize("name", ALL)
def test_notebook_runs_to_completion_on_the_fixture(name, data_root, tmp_path):
    out = tmp_path / f"{name}.html"
    proc = run_marimo("export", "html", str(NOTEBOOKS / f"{name}.py"), "-o", str(out),
                      env=notebook_env(data_root), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = out.read_text(encoding="utf-8")
    for text in EXPECTED[name]:
        assert text in html, f"{name}: {text!r} not in the exported page"


def test_notebooks_without_any_sync_yet_explain_what_to_do(tmp_path):
    for name, text in (("diagnostics", "run a sync (or a dry run) first"), ("tuning", "Score tuning")):
        out = tmp_path / f"{name}.html"
        proc = run_marimo("export", "html", str(NOTEBOOKS / f"{name}.py"), "-o", str(out),
                          env=notebook_env(tmp_path / "empty"), cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert text in out.read_text(encoding="utf-8")
