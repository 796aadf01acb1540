"""The ``song-automations`` command line: the only module that prints."""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path

import click

from . import exitcodes
from .errors import ConfigError, SongAutomationsError
from .platforms import DESTINATION_CHOICES, PLATFORMS
from .decisions import FORMATS as DECISION_FORMATS
from .reports import FORMATS
from .settings import thresholds_help

FAULT_PROFILES = ("none", "flaky")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--demo", is_flag=True, help="Run against the built-in emulator and demo catalog.")
@click.pass_context
def cli(ctx: click.Context, demo: bool) -> None:
    """Keep Discogs folders and the wantlist in sync with Spotify and SoundCloud playlists."""
    ctx.ensure_object(dict)
    ctx.obj["demo"] = demo


def _parse_faults(value: str) -> dict[str, float]:
    from .emulator.faults import parse_fault_spec

    try:
        return parse_fault_spec(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--faults") from None


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=0, show_default=True, type=click.IntRange(0, 65535),
              help="Port to bind; 0 picks any free port.")
@click.option("--catalog", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Catalog to serve (default: the demo catalog in data/).")
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path),
              help="File where playlists and tokens persist between runs (default: memory).")
@click.option("--env-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write KEY=VALUE settings that point the app at this emulator.")
@click.option("--latency-ms", default=0.0, type=click.FloatRange(0), show_default=True,
              help="Added to every request.")
@click.option("--rate-scale", default=1.0, type=click.FloatRange(min=0, min_open=True),
              show_default=True, help="Multiply every service's allowed request rate.")
@click.option("--faults", default="none", show_default=True,
              help="none, flaky, or a JSON object of fault rates.")
@click.option("--seed", type=int, help="Makes fault injection repeatable.")
@click.option("--spotify-mode", type=click.Choice(["development", "extended"]),
              default="development", show_default=True,
              help="2026 development-mode rules or extended quota.")
def emulator(host, port, catalog, state, env_file, latency_ms, rate_scale, faults, seed, spotify_mode):
    """Serve local imitations of the Discogs, Spotify and SoundCloud APIs."""
    from .emulator.context import EmulatorConfig
    from .emulator.server import serve

    config = EmulatorConfig(
        catalog_path=catalog,
        state_path=state,
        latency_ms=latency_ms,
        rate_scale=rate_scale,
        faults=_parse_faults(faults),
        seed=seed,
        spotify_mode=spotify_mode,
    )
    serve(config, host=host, port=port, env_file=env_file, announce=lambda line: click.echo(line))


@cli.command("eval")
@click.argument("cases", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--platform", type=click.Choice(PLATFORMS),
              help="Only evaluate the cases of this platform.")
def eval_cases(cases: Path, platform: str | None) -> None:
    """Score labelled match cases offline; prints tables, then one JSON line.

    Track cases judge the per-track matcher; release cases (data/labelled/RELEASES.md)
    judge the release stage's album picks and the tracks it takes from them.
    """
    from .errors import DataFormatError
    from .evaluate import run_eval
    from .evaluate_release import evaluate_releases, is_release_file, load_release_cases
    from .settings import load_settings

    try:
        settings = load_settings()
        if is_release_file(cases):
            report = evaluate_releases(load_release_cases(cases, platform), settings)
        else:
            report = run_eval(cases, platform=platform, settings=settings)
    except DataFormatError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(report.table())
    click.echo(json.dumps(report.as_dict(), sort_keys=False))


# --- shared plumbing ---------------------------------------------------------------------

def _runtime(ctx: click.Context):
    """The run's :class:`~song_automations.runtime.Runtime`, opened once per invocation.

    Loads settings (one clear sentence on bad ones), starts the demo emulator with
    ``--demo``, and sets up logging; everything is closed when the command ends.
    """
    from .logging import setup_logging
    from .runtime import open_runtime

    root = ctx.find_root()
    if "runtime" not in root.obj:
        runtime = root.with_resource(open_runtime(demo=root.obj.get("demo", False)))
        setup_logging(runtime.settings, quiet=root.obj.get("quiet", False))
        root.obj["runtime"] = runtime
    return root.obj["runtime"]


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _split_names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise click.BadParameter("give at least one folder name, e.g. \"House,Techno\".",
                                 param_hint="--folders")
    return names


# --- sync ----------------------------------------------------------------------------------

SYNC_HELP = f"""Sync Discogs folders and the wantlist to playlists on DESTINATION.

Without --yes, removals that would take more than half of a playlist, and deleting a
playlist whose folder left Discogs while it still holds tracks, are held back (the rest
is applied) until you confirm them.

{thresholds_help()}

Exit status: {exitcodes.described()}"""


@cli.command(help=SYNC_HELP)
@click.argument("destination", type=click.Choice(DESTINATION_CHOICES))
@click.option("--dry-run", is_flag=True, help="Show the plan and the tracks it adds and removes; change nothing.")
@click.option("--folders", metavar='"A,B"', help="Only these Discogs folders (\"Wantlist\" names the wantlist).")
@click.option("--exclude-wantlist", is_flag=True, help="Leave the wantlist playlist alone.")
@click.option("--force-rematch", is_flag=True, help="Search again for automatic matches (reviews are kept).")
@click.option("--force-rematch-all", is_flag=True, help="Also search again for tracks that had no match.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="X",
              help="This run only: keep automatic matches scoring below X out of the playlists. They "
                   "enter from MEDIUM_CONFIDENCE, so only an X above it changes anything.")
@click.option("--workers", type=click.IntRange(1, 64), help="Releases processed at once (default MAX_WORKERS).")
@click.option("--yes", is_flag=True, help="Also make the changes held back for safety (see above).")
@click.option("--quiet", is_flag=True, help="For cron and timers: print nothing when all is well, one line "
                                             "when something needs you (the exit status says which).")
@click.option("--verbose", is_flag=True, help="List every track added and removed, not the first few.")
@click.pass_context
def sync(ctx, destination, dry_run, folders, exclude_wantlist, force_rematch, force_rematch_all,
         min_confidence, workers, yes, quiet, verbose):
    from contextlib import nullcontext

    from . import outcomes
    from .cli_render import SyncProgressView, render_report
    from .platforms import expand

    ctx.find_root().obj["quiet"] = quiet
    runtime = _runtime(ctx)
    destinations = expand(destination)
    console = _console()
    _note_min_confidence(min_confidence, runtime.settings, quiet)
    view = nullcontext() if quiet else SyncProgressView(console)
    with view, runtime.session(destinations, progress=None if quiet else view.update) as engine:
        report = engine.run(
            list(destinations), folders=_split_names(folders), exclude_wantlist=exclude_wantlist,
            dry_run=dry_run, force_rematch=force_rematch, force_rematch_all=force_rematch_all,
            min_confidence=min_confidence, workers=workers, yes=yes, unattended=quiet,
        )
    if quiet:
        line = outcomes.quiet_line(f"song-automations sync {destination}", report)
        if line:
            click.echo(line)
    else:
        render_report(console, report, runtime.tracker().track_names, verbose=verbose)
    ctx.exit(outcomes.exit_code(report))


def _note_min_confidence(value: float | None, settings, quiet: bool) -> None:
    medium = settings.thresholds.medium
    if value is not None and value <= medium and not quiet:
        click.echo(f"Note: --min-confidence {value:g} is not above MEDIUM_CONFIDENCE ({medium:g}), where "
                   "matches enter playlists; it changes nothing this run.", err=True)


# --- status and reports ------------------------------------------------------------------

@cli.command()
@click.pass_context
def status(ctx):
    """Show each destination's playlists, match counts and the last run."""
    from .cli_render import render_status

    runtime = _runtime(ctx)
    render_status(_console(), runtime.tracker(), runtime.settings.playlist_prefix)


@cli.group()
def report():
    """Reports from the tracker database."""


@report.command("missing")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--destination", type=click.Choice(PLATFORMS), help="Only this platform.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
@click.pass_context
def report_missing(ctx, fmt, destination, output):
    """List every track with no usable match, with the best candidate seen."""
    from . import reports

    runtime = _runtime(ctx)
    text = reports.render(reports.missing_records(runtime.tracker(), destination), fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)


@report.command("changes")
@click.option("--since", "since", type=click.IntRange(min=1), metavar="RUN",
              help="Every run from run RUN on (default: the last run); `status` shows run numbers.")
@click.option("--verbose", is_flag=True, help="List every track, not the first few.")
@click.pass_context
def report_changes(ctx, since, verbose):
    """What the last runs added, removed, flagged for review and newly missed."""
    from . import reports
    from .cli_render import render_changes

    render_changes(_console(), reports.run_changes(_runtime(ctx).tracker(), since), verbose=verbose)


# --- review --------------------------------------------------------------------------------

@cli.group()
def review():
    """Look at flagged matches and decide: approve, reject or override."""


@review.command("list")
@click.option("--destination", type=click.Choice(PLATFORMS), help="Only this platform.")
@click.pass_context
def review_list(ctx, destination):
    """Flagged and ambiguous matches, one line each; `review show ID` has the details."""
    from .browse import running_url
    from .cli_render import render_review_list

    runtime = _runtime(ctx)
    render_review_list(_console(), runtime.tracker(), destination, running_url(runtime.settings.data_dir))


@review.command("show")
@click.argument("review_id", type=int)
@click.pass_context
def review_show(ctx, review_id):
    """One match with its Discogs release, tracklist, candidates and links."""
    from .cli_render import render_review_show
    from .review_context import review_context

    runtime = _runtime(ctx)
    render_review_show(_console(), review_context(runtime.tracker(), review_id, runtime.settings.emulator_url))


@review.command("search")
@click.argument("review_id", type=int)
@click.argument("words")
@click.pass_context
def review_search(ctx, review_id, words):
    """Search the platform again for REVIEW_ID's track with WORDS, scored like a sync."""
    from . import reviewing
    from .cli_render import render_search_results
    from .review_context import scored_view

    runtime = _runtime(ctx)
    tracker = runtime.tracker()
    client = runtime.playlist_client(tracker.match_by_review_id(review_id).destination)
    results = reviewing.search_again(tracker, review_id, words, client.search, runtime.settings.weights)
    views = [scored_view(r, runtime.settings.emulator_url) for r in results]
    render_search_results(_console(), review_id, words, views)


@review.command("approve")
@click.argument("review_id", type=int)
@click.pass_context
def review_approve(ctx, review_id):
    """Keep match REVIEW_ID for good."""
    from . import reviewing

    click.echo(reviewing.approve(_runtime(ctx).tracker(), review_id))


@review.command("reject")
@click.argument("review_id", type=int)
@click.pass_context
def review_reject(ctx, review_id):
    """Refuse match REVIEW_ID: it leaves the playlist and is never picked again."""
    from . import reviewing

    click.echo(reviewing.reject(_runtime(ctx).tracker(), review_id))


@review.command("override")
@click.argument("review_id", type=int)
@click.argument("track")
@click.pass_context
def review_override(ctx, review_id, track):
    """Pin REVIEW_ID to TRACK (a platform URL, URI, id or URN)."""
    from . import reviewing

    runtime = _runtime(ctx)

    def resolve(destination: str, reference: str):
        return runtime.playlist_client(destination).track(reference)

    click.echo(reviewing.override(runtime.tracker(), review_id, track, resolve))


@cli.command()
@click.pass_context
def doctor(ctx):
    """Check settings, logins (and when they expire), reachability and rate limits."""
    from . import doctor as checks
    from .cli_render import render_doctor

    ctx.find_root().obj["quiet"] = True  # the checks say what the log lines would
    found = checks.run_checks(_runtime(ctx).settings)
    render_doctor(_console(), found)
    ctx.exit(checks.exit_code(found))


doctor.help += "\n\nExit status: 0 all is well; 3 ready, with warnings; 1 something to fix; 2 bad settings."


@review.command("export")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (.csv for CSV, JSON otherwise) instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(DECISION_FORMATS),
              help="json or csv (default: from the --output name, else json).")
@click.pass_context
def review_export(ctx, output, fmt):
    """Every approve, reject and override, to bring to another machine (docs/decisions.md)."""
    from . import decisions

    rows = decisions.entries(_runtime(ctx).tracker())
    fmt = fmt or ("csv" if output and output.suffix.lower() == ".csv" else "json")
    text = decisions.render(rows, fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(rows)} decisions to {output}.", err=True)
    else:
        click.echo(text, nl=False)


@review.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def review_import(ctx, file):
    """Take over the decisions in FILE (from `review export`); never overwrites one."""
    from . import decisions

    report = decisions.import_decisions(_runtime(ctx).tracker(), decisions.read_file(file))
    for conflict in report.conflicts:
        click.echo(f"Conflict, kept this tracker's decision: {conflict}.")
    click.echo(report.sentence())
    ctx.exit(exitcodes.ExitCode.ATTENTION if report.conflicts else exitcodes.ExitCode.OK)


# --- auth and browse -----------------------------------------------------------------------

@cli.command()
@click.argument("service", type=click.Choice(PLATFORMS))
@click.option("--no-browser", is_flag=True, help="Print the login URL instead of opening a browser.")
@click.pass_context
def auth(ctx, service, no_browser):
    """Log in to SERVICE and store its tokens (files readable only by you)."""
    from .auth import TokenStore, run_authorization_flow

    runtime = _runtime(ctx)
    path = run_authorization_flow(service, runtime.settings, open_browser=not no_browser,
                                  announce=click.echo, store=TokenStore(runtime.settings.token_dir))
    click.echo(f"Logged in to {service}; tokens stored in {path}.")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; any other lets other machines read your tracker.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port to bind; 0 picks any free port.")
@click.pass_context
def browse(ctx, host, port):
    """Browse the tracker read-only with Datasette: canned queries, search, charts.

    Needs a tracker database (run a sync first). While it runs, `review list` and the
    app link each match to its history page.
    """
    from .browse_server import serve
    from .logging import setup_logging
    from .runtime import demo_data_dir
    from .settings import load_settings

    demo = ctx.find_root().obj.get("demo", False)
    settings = load_settings()
    if demo:
        settings = settings.with_overrides(data_dir=demo_data_dir(settings))
    setup_logging(settings)
    serve(settings.tracker_path, settings.data_dir, host=host, port=port, demo=demo, announce=click.echo)


def _debugging() -> bool:
    """Whether tracebacks are shown: LOG_LEVEL=DEBUG in the settings as loaded (the
    environment, then .env); the environment alone when the settings cannot load."""
    from .settings import load_settings

    try:
        return load_settings().log_level == "DEBUG"
    except ConfigError:
        return os.environ.get("LOG_LEVEL", "").upper() == "DEBUG"


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: one clear sentence and a non-zero exit on failure.

    Tracebacks are shown only with ``LOG_LEVEL=DEBUG``; unexpected errors are also
    written to the log file by the logging set-up.
    """
    try:
        code = cli.main(args=argv, prog_name="song-automations", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SongAutomationsError as exc:
        if _debugging():
            traceback.print_exc()
        click.echo(f"Error: {exc}", err=True)
        return exitcodes.ExitCode.USAGE if isinstance(exc, ConfigError) else exitcodes.ExitCode.FAILED
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except OSError as exc:
        if _debugging():
            traceback.print_exc()
        click.echo(f"Error: {exc.strerror or exc} ({exc.filename or type(exc).__name__}).", err=True)
        return 1
    except Exception as exc:  # the last line of defence: still one sentence, never silent
        logging.getLogger(__name__).exception("unexpected error")
        if _debugging():
            traceback.print_exc()
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (LOG_LEVEL=DEBUG shows the traceback).",
                   err=True)
        return 1
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
