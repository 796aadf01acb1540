"""The ``song-automations`` command line: the only module that prints."""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from pathlib import Path

import click

from .errors import SongAutomationsError
from .platforms import DESTINATION_CHOICES, PLATFORMS
from .reports import FORMATS

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
    """Score labelled match cases offline; prints tables, then one JSON line."""
    from .errors import DataFormatError
    from .evaluate import run_eval
    from .settings import load_settings

    try:
        report = run_eval(cases, platform=platform, settings=load_settings())
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
        setup_logging(runtime.settings)
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

@cli.command()
@click.argument("destination", type=click.Choice(DESTINATION_CHOICES))
@click.option("--dry-run", is_flag=True, help="Show the plan (creates, adds, removes, deletes); change nothing.")
@click.option("--folders", metavar='"A,B"', help="Only these Discogs folders (\"Wantlist\" names the wantlist).")
@click.option("--exclude-wantlist", is_flag=True, help="Leave the wantlist playlist alone.")
@click.option("--force-rematch", is_flag=True, help="Search again for automatic matches (reviews are kept).")
@click.option("--force-rematch-all", is_flag=True, help="Also search again for tracks that had no match.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Override MIN_CONFIDENCE for this run.")
@click.option("--workers", type=click.IntRange(1, 64), help="Releases processed at once (default MAX_WORKERS).")
@click.option("--yes", is_flag=True, help="Apply even when a playlist would lose more than half its tracks.")
@click.pass_context
def sync(ctx, destination, dry_run, folders, exclude_wantlist, force_rematch, force_rematch_all,
         min_confidence, workers, yes):
    """Sync Discogs folders and the wantlist to playlists on DESTINATION."""
    from .cli_render import SyncProgressView
    from .platforms import expand

    runtime = _runtime(ctx)
    destinations = expand(destination)
    console = _console()
    with SyncProgressView(console) as view, runtime.session(destinations, progress=view.update) as engine:
        report = engine.run(
            list(destinations), folders=_split_names(folders), exclude_wantlist=exclude_wantlist,
            dry_run=dry_run, force_rematch=force_rematch, force_rematch_all=force_rematch_all,
            min_confidence=min_confidence, workers=workers, yes=yes,
        )
    from .cli_render import render_report
    from .exitcodes import ExitCode

    render_report(console, report)
    # Some playlists, releases or searches failed this run; the next run retries them.
    return ExitCode.PARTIAL if report.partial else ExitCode.OK


# --- status and reports ------------------------------------------------------------------

@cli.command()
@click.pass_context
def status(ctx):
    """Show each destination's playlists, match counts and the last run."""
    from .cli_render import render_status

    runtime = _runtime(ctx)
    render_status(_console(), runtime.tracker())


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


# --- review --------------------------------------------------------------------------------

@cli.group()
def review():
    """Look at flagged matches and decide: approve, reject or override."""


@review.command("list")
@click.option("--destination", type=click.Choice(PLATFORMS), help="Only this platform.")
@click.pass_context
def review_list(ctx, destination):
    """Flagged and ambiguous matches, with their score breakdown."""
    from .cli_render import render_review_list

    render_review_list(_console(), _runtime(ctx).tracker(), destination)


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
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.pass_context
def browse(ctx, port):
    """Browse the tracker database with Datasette on 127.0.0.1."""
    import subprocess

    from .tracker import Tracker

    runtime = _runtime(ctx)
    path = runtime.settings.tracker_path
    Tracker(path).close()  # creates and migrates it, so the views exist to browse
    metadata = Path(__file__).resolve().parents[1] / "data" / "datasette-metadata.json"
    command = [sys.executable, "-m", "datasette", "serve", str(path), "--host", "127.0.0.1",
               "--port", str(port)]
    if metadata.exists():
        command += ["--metadata", str(metadata)]
    click.echo(f"Datasette on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    raise SystemExit(subprocess.call(command))


def _debugging() -> bool:
    """Whether tracebacks are shown: LOG_LEVEL=DEBUG in the settings as loaded (the
    environment, then .env); the environment alone when the settings cannot load."""
    from .errors import ConfigError
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
        return 1
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
