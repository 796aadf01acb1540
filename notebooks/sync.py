import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="song_automations: sync")


@app.cell
def _():
    import marimo as mo

    from song_automations.errors import SongAutomationsError
    from song_automations.platforms import PLATFORMS
    from song_automations.workbench import charts, results, review, syncing
    from song_automations.workbench.session import shared_runtime, shared_tracker
    return (PLATFORMS, SongAutomationsError, charts, mo, results, review, shared_runtime, shared_tracker,
            syncing)


@app.cell
def _(SongAutomationsError, mo, shared_runtime, shared_tracker):
    # One runtime per process: re-running this cell reuses the demo emulator and tracker.
    try:
        runtime = shared_runtime()
    except SongAutomationsError as _exc:
        mo.stop(True, mo.callout(mo.md(f"**Cannot start:** {_exc}"), kind="danger"))
    tracker = shared_tracker(runtime)
    if runtime.demo:
        _banner = mo.callout(mo.md(
            "**Demo mode**: no `DISCOGS_USER_TOKEN` is configured, so this app runs on the built-in "
            "emulator of Discogs, Spotify and SoundCloud with the demo collection. Nothing leaves "
            f"this machine; state lives in `{runtime.settings.data_dir}`."), kind="warn")
    else:
        _banner = mo.callout(mo.md(
            "**Live**: connected to the real Discogs, Spotify and SoundCloud with your settings "
            f"(data in `{runtime.settings.data_dir}`)."), kind="success")
    mo.vstack([mo.md("# Discogs to playlists"), _banner])
    return runtime, tracker


@app.cell
def _(get_refresh, mo, results, tracker):
    get_refresh()
    # Cron and timers run `sync --quiet`; their last run is what a person checks here.
    mo.md(results.unattended_text(tracker))


@app.cell
def _(mo):
    # Bumped after a sync or a review decision, so the tables and charts below re-read the tracker.
    get_refresh, set_refresh = mo.state(0)
    # The outcome of the last review decision, shown above the review table: the table is
    # rebuilt after a decision, which clears the cells below it.
    get_review_note, set_review_note = mo.state(None)
    return get_refresh, get_review_note, set_refresh, set_review_note


@app.cell
def _(mo, runtime):
    refresh_folders = mo.ui.run_button(
        label="Fetch folder list from Discogs", disabled=runtime.demo,
        tooltip="The demo reads its folders from the local emulator.")
    return (refresh_folders,)


@app.cell
def _(PLATFORMS, mo, refresh_folders, results, runtime, syncing, tracker):
    # The demo's Discogs is local; against the real one the folder list is one request,
    # sent only on request (the tracker remembers the folders of earlier syncs).
    _names = (syncing.discogs_folder_names(runtime.settings) if runtime.demo or refresh_folders.value
              else results.folder_names(tracker))
    destinations = mo.ui.multiselect(options=list(PLATFORMS), value=list(PLATFORMS), label="Destinations")
    folders = mo.ui.multiselect(options=_names, label="Folders (none picked = every folder)")
    wantlist = mo.ui.checkbox(value=True, label="Include the wantlist")
    confirm = mo.ui.checkbox(value=False, label="Allow removing more than half of a playlist")
    preview = mo.ui.run_button(label="Preview plan (dry run)")
    go = mo.ui.run_button(label="Sync now", kind="success")
    mo.vstack([
        mo.md("## Choose what to sync"),
        mo.hstack([destinations, folders], justify="start", gap=2),
        mo.hstack([wantlist, confirm, refresh_folders], justify="start", gap=2),
        mo.hstack([preview, go], justify="start"),
    ])
    return confirm, destinations, folders, go, preview, wantlist


@app.cell
def _(destinations, folders, mo, syncing, wantlist):
    mo.stop(not destinations.value, mo.callout("Pick at least one destination.", kind="warn"))
    request = syncing.SyncRequest(tuple(destinations.value), tuple(folders.value), wantlist.value)
    return (request,)


@app.cell
def _(mo, syncing):
    def run_with_bar(runtime, request, dry_run, yes=False):
        """Run a sync with one live progress bar (percent over every stage)."""
        meter = syncing.ProgressMeter()
        title = "Dry run: planning" if dry_run else "Syncing"
        with mo.status.progress_bar(total=syncing.BAR_UNITS, title=title, remove_on_exit=True) as bar:
            def on_event(event):
                step, detail = meter.advance(event)
                bar.update(increment=step, subtitle=detail)

            return syncing.run_sync(runtime, request, dry_run=dry_run, on_event=on_event, yes=yes)
    return (run_with_bar,)


@app.cell
def _(SongAutomationsError, mo, preview, request, run_with_bar, runtime, set_refresh, syncing):
    mo.stop(not preview.value, mo.md("_Press **Preview plan** to see what a sync would change._"))
    try:
        plan_report = run_with_bar(runtime, request, dry_run=True)
    except SongAutomationsError as _exc:
        mo.stop(True, mo.callout(mo.md(f"**Dry run failed:** {_exc}"), kind="danger"))
    set_refresh(lambda n: n + 1)
    mo.vstack([
        mo.md("## Plan (dry run: nothing changed)"),
        mo.md(syncing.summary_text(plan_report)),
        mo.ui.table(syncing.plan_frame(plan_report), selection=None, label="Plan per playlist",
                    page_size=20),
    ])


@app.cell
def _(SongAutomationsError, confirm, go, mo, request, run_with_bar, runtime, set_refresh, syncing):
    mo.stop(not go.value, mo.md("_Press **Sync now** to change the playlists._"))
    try:
        sync_report = run_with_bar(runtime, request, dry_run=False, yes=confirm.value)
    except SongAutomationsError as _exc:
        mo.stop(True, mo.callout(mo.md(f"**Sync failed:** {_exc}"), kind="danger"))
    set_refresh(lambda n: n + 1)
    mo.vstack([
        mo.md("## Results"),
        mo.md(syncing.summary_text(sync_report)),
        mo.ui.table(syncing.results_frame(sync_report), selection=None, label="Results per playlist",
                    page_size=20),
    ])


@app.cell
def _(charts, get_refresh, mo, results, runtime, tracker):
    get_refresh()
    _status = results.folder_status(tracker)
    _scores = results.confidences(tracker)
    mo.stop(_status.empty, mo.md("_No matches yet: the charts appear after a dry run or a sync._"))
    mo.vstack([
        mo.md("## Matched, flagged and missing per folder"),
        mo.ui.altair_chart(charts.folder_status_chart(_status)),
        mo.ui.altair_chart(charts.confidence_chart(_scores, runtime.settings.thresholds)),
    ])


@app.cell
def _(get_refresh, get_review_note, mo, review, runtime, tracker):
    get_refresh()
    review_rows = review.review_frame(tracker, data_dir=runtime.settings.data_dir)
    review_table = mo.ui.table(review_rows, selection="single", page_size=10,
                               label=f"{len(review_rows)} matches to review (pick one)")
    _note = get_review_note()
    mo.vstack([mo.md("## Review flagged and ambiguous matches"),
               mo.callout(_note[1], kind=_note[0]) if _note else mo.md(""), review_table])
    return (review_table,)


@app.cell
def _(mo, review, review_table, runtime, tracker):
    _picked = review_table.value
    mo.stop(_picked is None or len(_picked) == 0, mo.md("_Pick a match above to see its release and candidates._"))
    review_id = int(_picked.iloc[0]["review_id"])
    review_ctx = review.context(runtime, tracker, review_id)
    candidate_table = mo.ui.table(review.candidate_frame(tracker, review_id, runtime), selection="single",
                                  page_size=10, label="Candidates of the latest search (pick one to hear it)")
    mo.vstack([
        mo.md(f"### Review #{review_id}: {_picked.iloc[0]['source']} ({review_ctx.destination})"),
        mo.md(review_ctx.how_found) if review_ctx.how_found else mo.md(""),
        mo.Html(review.release_html(review_ctx.release, review_ctx.position)),
        candidate_table,
    ])
    return candidate_table, review_ctx, review_id


@app.cell
def _(candidate_table, mo, review, review_ctx):
    # The current match plays until another candidate is picked.
    _picked = candidate_table.value
    _uri = _picked.iloc[0]["uri"] if _picked is not None and len(_picked) else None
    _view = next((v for v in review_ctx.candidates if v.uri == _uri), review_ctx.match)
    mo.vstack([mo.md(f"#### Listen: {_view.artist + ' - ' if _view and _view.artist else ''}"
                     f"{_view.title if _view else 'nothing to play'}"),
               mo.Html(review.player_html(_view, review_ctx.destination))])


@app.cell
def _(mo, review_ctx, review_id):
    action = mo.ui.radio(options=["approve", "reject", "override"], value="approve", label="Decision",
                         inline=True)
    override_track = mo.ui.text(placeholder="URL, URI, id or URN (override only)", full_width=True)
    apply = mo.ui.run_button(label=f"Apply to #{review_id}")
    search_text = mo.ui.text(value=review_ctx.search_text, label="Search again", full_width=True)
    search_button = mo.ui.run_button(label="Search")
    mo.vstack([mo.hstack([action, override_track, apply], justify="start"),
               mo.hstack([search_text, search_button], justify="start", widths=[4, 1])])
    return action, apply, override_track, search_button, search_text


@app.cell
def _(SongAutomationsError, mo, review, review_ctx, review_id, runtime, search_button, search_text, tracker):
    mo.stop(not search_button.value, mo.md(f"_None of these? Search {review_ctx.destination} again with your own "
                                          "words and pin a result._"))
    try:
        found_frame, found = review.search(runtime, tracker, review_id, search_text.value)
    except SongAutomationsError as _exc:
        mo.stop(True, mo.callout(mo.md(f"**Search failed:** {_exc}"), kind="danger"))
    found_table = mo.ui.table(found_frame, selection="single", page_size=10,
                              label=f"{len(found)} results for \"{search_text.value}\" (pick one)")
    pin_button = mo.ui.run_button(label=f"Pin #{review_id} to the picked result")
    mo.vstack([found_table, pin_button])
    return found, found_table, pin_button


@app.cell
def _(found, found_table, mo, pin_button, review, review_id, set_refresh, set_review_note, tracker):
    mo.stop(not pin_button.value)
    _picked = found_table.value
    if _picked is None or len(_picked) == 0:
        set_review_note(("warn", "Pick a search result first, then pin it."))
    else:
        _chosen = next(c for c in found if c.uri == _picked.iloc[0]["uri"])
        set_review_note(("success", review.pin(tracker, review_id, _chosen)))
    set_refresh(lambda n: n + 1)


@app.cell
def _(SongAutomationsError, action, apply, mo, override_track, review, review_id, runtime, set_refresh,
      set_review_note, tracker):
    mo.stop(not apply.value)
    try:
        set_review_note(("success", review.apply_review(runtime, tracker, review_id, action.value,
                                                        override_track.value)))
    except SongAutomationsError as _exc:
        set_review_note(("danger", str(_exc)))
    set_refresh(lambda n: n + 1)


@app.cell
def _(mo, review, tracker):
    # The export is built when the button is pressed, so it is never stale.
    decisions_in = mo.ui.file(filetypes=[".json", ".csv"], label="Import decisions")
    import_go = mo.ui.run_button(label="Import")
    mo.vstack([
        mo.md("## Your decisions\nEvery approve, reject and override, to keep when you move machines or start "
              "over (the same file as `song-automations review export`; see `docs/decisions.md`)."),
        mo.hstack([mo.download(data=lambda: review.decisions_file(tracker), filename="song-automations-decisions.json",
                               mimetype="application/json", label="Export decisions"),
                   decisions_in, import_go], justify="start"),
    ])
    return decisions_in, import_go


@app.cell
def _(SongAutomationsError, decisions_in, import_go, mo, review, set_refresh, tracker):
    mo.stop(not import_go.value)
    mo.stop(not decisions_in.value, mo.callout("Choose a file exported from song-automations first.", kind="warn"))
    try:
        _said = review.import_decisions(tracker, decisions_in.contents(), decisions_in.name())
    except SongAutomationsError as _exc:
        mo.stop(True, mo.callout(mo.md(f"**Import failed:** {_exc}"), kind="danger"))
    set_refresh(lambda n: n + 1)
    mo.callout(mo.md(_said), kind="warn" if "Conflict" in _said else "success")


@app.cell
def _(PLATFORMS, get_refresh, mo, results, tracker):
    get_refresh()
    missing = results.missing_frame(tracker)
    search = mo.ui.text(placeholder="artist, title, release...", label="Search")
    only_dest = mo.ui.dropdown(options=["all", *PLATFORMS], value="all", label="Destination")
    only_reason = mo.ui.dropdown(options=["all", *sorted(missing["reason"].dropna().unique())], value="all",
                                 label="Reason")
    mo.vstack([mo.md("## Missing tracks"), mo.hstack([search, only_dest, only_reason], justify="start")])
    return missing, only_dest, only_reason, search


@app.cell
def _(missing, mo, only_dest, only_reason, results, search):
    _shown = results.filter_missing(
        missing, search.value, None if only_dest.value == "all" else only_dest.value,
        None if only_reason.value == "all" else only_reason.value)
    mo.vstack([
        mo.ui.table(_shown, selection=None, page_size=15, label=f"{len(_shown)} of {len(missing)} missing tracks"),
        mo.download(data=results.missing_csv(_shown), filename="missing-tracks.csv", mimetype="text/csv",
                    label="Download CSV"),
    ])


if __name__ == "__main__":
    app.run()
