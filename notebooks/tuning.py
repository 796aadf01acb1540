import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="song_automations: score tuning")


@app.cell
def _():
    import time
    from dataclasses import fields

    import marimo as mo

    from song_automations.settings import MatchWeights, Thresholds, load_settings
    from song_automations.workbench import charts, tuning
    from song_automations.workbench.session import open_history, tracker_path
    return (MatchWeights, Thresholds, charts, fields, load_settings, mo, open_history, time, tracker_path,
            tuning)


@app.cell
def _(load_settings, mo, open_history, tracker_path, tuning):
    # Components are computed once here; every slider move below is arithmetic on them.
    settings = load_settings()
    labelled = tuning.load_labelled()
    _tracker = open_history()
    history = tuning.load_history(_tracker)
    if _tracker is not None:
        _tracker.close()
    baseline = (tuning.judge_labelled(labelled, settings.weights, settings.thresholds),
                tuning.history_decisions(history, settings.weights, settings.thresholds))
    mo.md(f"""
    # Score tuning

    Move a slider: the labelled sets ({len(labelled.cases)} cases, {len(labelled.frame)} candidates:
    {", ".join(sorted(labelled.cases["set"].unique()))}) and the stored match history
    ({len(history)} candidates of {history["track"].nunique()} tracks in `{tracker_path()}`) are re-scored
    with the vectorised scorer. Changes are compared with the settings in use.
    """)
    return baseline, history, labelled, settings


@app.cell
def _(charts, mo, tuning):
    _fit = tuning.fit_report()
    mo.vstack([
        mo.md("## The defaults' fit\n\nThe default weights and thresholds are the 5-fold cross-validated fit "
              "in `data/fit.json` (`python benchmarks/tune.py --trials 1000 --out data/fit.json`): training F1 "
              "beside the F1 of each fold scored by weights fitted without it. Test splits and the holdout "
              "are never fitted on."),
        mo.hstack([mo.ui.table(_fit, selection=None, label="Training and cross-validated, per slice"),
                   mo.ui.altair_chart(charts.fit_chart(_fit))], justify="start"),
    ])


@app.cell
def _(MatchWeights, Thresholds, fields, mo, settings):
    weight_sliders = mo.ui.dictionary({
        f.name: mo.ui.slider(0.0, 1.0, step=0.01, value=getattr(settings.weights, f.name), show_value=True,
                             label=f.name)
        for f in fields(MatchWeights)
    })
    threshold_sliders = mo.ui.dictionary({
        f.name: mo.ui.slider(0.0, 1.0, step=0.01, value=getattr(settings.thresholds, f.name), show_value=True,
                             label=f.name)
        for f in fields(Thresholds)
    })
    mo.hstack([
        mo.vstack([mo.md("**Weights**"), *weight_sliders.values()]),
        mo.vstack([mo.md("**Thresholds** (minimum <= medium <= high)"), *threshold_sliders.values()]),
    ], justify="start", gap=4)
    return threshold_sliders, weight_sliders


@app.cell
def _(MatchWeights, Thresholds, baseline, history, labelled, mo, threshold_sliders, time, tuning,
      weight_sliders):
    weights = MatchWeights(**weight_sliders.value)
    thresholds = Thresholds(**threshold_sliders.value)
    _bad = not thresholds.minimum <= thresholds.medium <= thresholds.high
    mo.stop(_bad, mo.callout("Thresholds must satisfy minimum <= medium <= high.", kind="danger"))
    _start = time.perf_counter()
    retuned = tuning.retune(labelled, history, weights, thresholds, baseline)
    _ms = (time.perf_counter() - _start) * 1000
    mo.md(f"_Re-scored {len(labelled.frame) + len(history):,} candidates in {_ms:.0f} ms._")
    return retuned, thresholds, weights


@app.cell
def _(charts, mo, retuned):
    mo.vstack([
        mo.md("## Precision, recall, F1"),
        mo.hstack([mo.ui.table(retuned.by_platform, selection=None, label="Per platform"),
                   mo.ui.altair_chart(charts.metrics_chart(retuned.by_platform[retuned.by_platform["platform"] != "all"],
                                                           "platform"))], justify="start"),
        mo.ui.table(retuned.by_version, selection=None, label="Per version type of the source"),
        mo.ui.altair_chart(charts.metrics_chart(retuned.by_version[retuned.by_version["version"] != "all"],
                                                "version")),
    ])


@app.cell
def _(charts, mo, retuned, thresholds):
    mo.vstack([
        mo.md("## Precision-recall over the pick threshold"),
        mo.ui.altair_chart(charts.pr_curve_chart(retuned.pr, thresholds.medium)),
    ])


@app.cell
def _(mo, retuned):
    mo.vstack([
        mo.md(f"## Decisions that changed\n\n{len(retuned.changed)} labelled cases and "
              f"{retuned.history_changed} stored tracks decide differently from the settings in use."),
        mo.ui.table(retuned.changed, selection=None, page_size=10, label="Labelled cases"),
        mo.ui.table(retuned.history_decisions, selection=None, label="Stored tracks per decision"),
    ])


@app.cell
def _(mo, thresholds, tuning, weights):
    _env = tuning.env_lines(weights, thresholds)
    mo.vstack([
        mo.md("## Export\n\nPaste into `.env` to use these weights:"),
        mo.md(f"```bash\n{_env}```"),
        mo.download(data=_env.encode("utf-8"), filename="tuned.env", mimetype="text/plain",
                    label="Download .env lines"),
    ])


if __name__ == "__main__":
    app.run()
