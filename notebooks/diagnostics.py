import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="song_automations: SoundCloud vs Spotify")


@app.cell
def _():
    import marimo as mo

    from song_automations.errors import SongAutomationsError
    from song_automations.workbench import diagnostics
    from song_automations.workbench.session import (
        open_history,
        shared_runtime,
        tracker_path,
    )
    return SongAutomationsError, diagnostics, mo, open_history, shared_runtime, tracker_path


@app.cell
def _(mo, open_history, tracker_path):
    tracker = open_history()
    mo.stop(tracker is None, mo.callout(
        f"No tracker database at `{tracker_path()}` yet: run a sync (or a dry run) first.", kind="warn"))
    mo.md("# SoundCloud vs Spotify\n\nWhy did one platform find a different track than the other?")
    return (tracker,)


@app.cell
def _(diagnostics, mo, tracker):
    _choices = diagnostics.track_choices(tracker)
    track = mo.ui.dropdown(options=_choices, value=next(iter(_choices), None), searchable=True,
                           label="Discogs track", full_width=True)
    live = mo.ui.run_button(label="Re-run the matcher live (sends searches)")
    mo.vstack([track, live])
    return live, track


@app.cell
def _(SongAutomationsError, diagnostics, live, mo, shared_runtime, track, tracker):
    mo.stop(track.value is None, mo.md("_No tracked Discogs tracks yet._"))
    try:
        if live.value:
            _source = diagnostics.source_track(tracker, track.value)
            diagnosis = diagnostics.live_diagnosis(shared_runtime(), _source)
        else:
            diagnosis = diagnostics.history_diagnosis(tracker, track.value)
    except SongAutomationsError as _exc:
        mo.stop(True, mo.callout(str(_exc), kind="danger"))
    _origin = "live search" if live.value else "last stored search"

    def _side(d):
        _queries = "\n".join(f"- `{q}`" for q in d.queries) or "- (none)"
        _flag = " (ambiguous)" if d.ambiguous else ""
        return mo.vstack([
            mo.md(f"### {d.platform}\n\n**Decision:** {d.decision}{_flag}\n\n**Queries sent:**\n{_queries}"),
            mo.md(f"{len(d.candidates)} candidates"),
            # Plain HTML tables shrink to half the page; interactive tables would overlap.
            mo.Html(d.candidates[diagnostics.SIDE_COLUMNS].round(3).to_html(index=False, na_rep="")),
        ])

    mo.vstack([mo.md(f"## Side by side ({_origin})"),
               mo.hstack([_side(d) for d in diagnosis.values()], widths="equal", align="start"),
               mo.ui.table(diagnostics.all_candidates(diagnosis), selection=None, page_size=10,
                           label="Every candidate with every parsed field and score component")])


@app.cell
def _(diagnostics, mo, tracker):
    _frame = diagnostics.disagreements(tracker)
    _counts = diagnostics.disagreement_counts(_frame)
    _summary = ", ".join(f"{r.kind}: {r.tracks}" for r in _counts.itertuples()) or "none"
    mo.vstack([
        mo.md(f"## Where the platforms disagree\n\n{len(_frame)} tracks ({_summary})."),
        mo.ui.table(_counts, selection=None, label="Counts"),
        mo.ui.table(_frame, selection=None, page_size=15, label="Tracks"),
    ])


if __name__ == "__main__":
    app.run()
