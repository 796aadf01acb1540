"""The ``song-automations`` command line: the only module that prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import SongAutomationsError

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
@click.option("--platform", type=click.Choice(["spotify", "soundcloud"]),
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


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: one clear sentence and a non-zero exit on failure."""
    try:
        cli.main(args=argv, prog_name="song-automations", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SongAutomationsError as exc:
        click.echo(f"Error: {exc}", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
