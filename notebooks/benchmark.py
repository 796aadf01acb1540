import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="song_automations: benchmarks")


@app.cell
def _():
    import os

    import marimo as mo

    from song_automations.errors import SongAutomationsError
    from song_automations.workbench import benchresults, charts
    return SongAutomationsError, benchresults, charts, mo, os


@app.cell
def _(mo, os):
    # BENCH_RESULTS names a results file to open with (e.g. one written by `make bench`).
    upload = mo.ui.file(filetypes=[".json"], label="Load a results JSON (benchmarks/run.py --out)")
    path = mo.ui.text(value=os.environ.get("BENCH_RESULTS", ""), label="or a results file path",
                      full_width=True)
    run = mo.ui.run_button(label="Run the small benchmarks (several minutes)")
    mo.vstack([
        mo.md("# Benchmarks\n\nEvery scenario of `benchmarks/run.py` runs against emulators it starts "
              "itself, with realistic latency and scaled rate limits."),
        mo.hstack([upload, run], justify="start"), path,
    ])
    return path, run, upload


@app.cell
def _(SongAutomationsError, benchresults, mo, path, run, upload):
    try:
        if run.value:
            with mo.status.spinner(title="Running benchmarks/run.py --scale small ..."):
                results = benchresults.run_benchmarks("small")
        elif upload.value:
            results = benchresults.parse_results(upload.contents().decode("utf-8"))
        elif path.value:
            results = benchresults.load_results(path.value)
        else:
            results = None
    except SongAutomationsError as _exc:
        mo.stop(True, mo.callout(str(_exc), kind="danger"))
    mo.stop(results is None, mo.md("_Load a results file or run the benchmarks to see the charts._"))
    _first = results["first_sync"]
    mo.md(f"""
    **Scale {results["scale"]}**: {results["releases"]} releases, {results["tracks"]} tracks.
    First sync {_first["wall_s"]:.1f} s against a rate-limit floor of {_first["floor_s"]:.1f} s
    (ratio {_first["ratio"]}), {_first["http_429"]} HTTP 429; F1 Spotify {_first["f1"]["spotify"]},
    SoundCloud {_first["f1"]["soundcloud"]}.
    """)
    return (results,)


@app.cell
def _(benchresults, charts, mo, results):
    _scen = benchresults.scenarios(results)
    mo.vstack([
        mo.md("## Wall time against the rate-limit floor"),
        mo.ui.altair_chart(charts.wall_vs_floor_chart(benchresults.timings(results))),
        mo.md("## Requests per service"),
        mo.ui.altair_chart(charts.requests_chart(benchresults.requests(results))),
        mo.md("## Workers, batching and the cache\n\n`baseline` is the first sync done naively "
              "(one worker, one track per playlist call, no cache); the re-syncs run on a warm cache."),
        mo.hstack([mo.ui.altair_chart(charts.scenario_chart(_scen, "wall_s", "Wall time (s)")),
                   mo.ui.altair_chart(charts.scenario_chart(_scen, "requests", "Requests"))]),
        mo.ui.table(_scen, selection=None),
        mo.md("## Matcher throughput"),
        mo.ui.table(benchresults.matcher(results), selection=None),
    ])


if __name__ == "__main__":
    app.run()
