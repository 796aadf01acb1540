"""`--help` for every command, and the README's usage section generated from it."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from song_automations.cli import cli
from song_automations.cli_docs import USAGE_END, USAGE_START, usage_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("path", _commands(cli), ids=lambda p: " ".join(p) or "song-automations")
def test_every_command_has_help(run_cli, path):
    result = run_cli(*path, "--help")
    assert result.code == 0
    assert result.out.startswith("Usage: song-automations")


def test_interface_commands_exist():
    # INTERFACE.md's command list, spelled exactly.
    for path in [("sync",), ("status",), ("report", "missing"), ("review", "list"), ("review", "approve"),
                 ("review", "reject"), ("review", "override"), ("auth",), ("eval",), ("emulator",), ("browse",)]:
        assert path in _commands(cli)
    sync_options = {opt for p in cli.commands["sync"].params for opt in getattr(p, "opts", [])}
    assert sync_options >= {"--dry-run", "--folders", "--exclude-wantlist", "--force-rematch",
                            "--force-rematch-all", "--min-confidence", "--workers", "--yes"}


def test_readme_usage_is_generated_from_help():
    text = README.read_text(encoding="utf-8")
    start, end = text.index(USAGE_START), text.index(USAGE_END)
    assert text[start:end + len(USAGE_END)] == usage_markdown(), (
        "README usage is stale: run `.venv/bin/python -m song_automations.cli_docs --write`")
