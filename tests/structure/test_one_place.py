"""One rule, one place: the lists and rules other code reads must not be restated.

Each test names the one definition and checks every consumer against it, so a second
copy that drifts (a new platform missing from a CLI choice, a score component missing
from .env.example, SQL written outside the tracker) fails here.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import click
import pytest

from song_automations import platforms, settings
from song_automations.cli import cli
from song_automations.cli_docs import ENV_EXAMPLE
from song_automations.matching import rescore, score
from song_automations.settings import COMPONENTS, WEIGHT_ENV, MatchWeights, Thresholds, env_example, load_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "song_automations"
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|"
                 r"CREATE\s+(TABLE|VIEW|INDEX|UNIQUE))\b", re.I | re.S)
# The tracker owns the SQL; the emulator imitates other people's services.
SQL_HOMES = (PACKAGE / "tracker", PACKAGE / "emulator")


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def _platform_params():
    for path, command in _commands(cli):
        for param in command.params:
            if param.name in ("destination", "platform", "service") and isinstance(param.type, click.Choice):
                yield path, param


def test_every_platform_choice_of_the_cli_is_the_registry():
    seen = []
    for path, param in _platform_params():
        expected = platforms.DESTINATION_CHOICES if path == "sync" else platforms.PLATFORMS
        assert tuple(param.type.choices) == expected, f"`{path}` --{param.name} has its own list"
        seen.append(path)
    assert {"sync", "eval", "auth", "review list", "report missing"} <= set(seen)


def test_no_module_lists_the_platforms_itself():
    pair = re.compile(r"""['"](spotify|soundcloud)['"]\s*,\s*['"](spotify|soundcloud)['"]""")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in [*PACKAGE.rglob("*.py"), *(ROOT / "notebooks").glob("*.py")]
                 if p.name != "platforms.py" and PACKAGE / "emulator" not in p.parents
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pair.search(line)]
    assert offenders == []


def test_every_platform_has_a_client_and_an_adapter():
    for name in platforms.PLATFORMS:
        assert platforms.client_class(name).platform == name
        adapter = platforms.adapter(name)
        assert adapter.PLATFORM == name and callable(adapter.candidate) and callable(adapter.format_query)
    assert platforms.expand("all") == platforms.PLATFORMS


def test_score_components_are_the_weights_fields_everywhere():
    assert score.WEIGHTED == COMPONENTS == tuple(f.name for f in fields(MatchWeights))[:-1]
    assert rescore.COLUMNS == score.STORED == (*COMPONENTS, score.BONUS, score.VETO)
    assert set(WEIGHT_ENV) == {f.name for f in fields(MatchWeights)}


def test_every_weight_and_threshold_is_read_from_its_variable():
    names = [f.name for f in fields(MatchWeights)]
    values = {WEIGHT_ENV[n]: str(round(0.01 * (i + 1), 2)) for i, n in enumerate(names)}
    values.update({f.metadata["env"]: str(v) for f, v in zip(fields(Thresholds), (0.5, 0.6, 0.7, 0.8))})
    loaded = load_settings(environ=values, env_file=ROOT / "does-not-exist")
    assert [loaded.weights.as_dict()[n] for n in names] == [round(0.01 * (i + 1), 2) for i in range(len(names))]
    assert (loaded.thresholds.minimum, loaded.thresholds.early_exit) == (0.5, 0.8)


def test_env_example_is_rendered_from_the_settings_and_sets_no_tunable():
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    assert text == env_example(), "run `python -m song_automations.cli_docs --write`"
    assigned = {line.split("=", 1)[0] for line in text.splitlines() if line and not line.startswith("#")}
    assert assigned == {o.env for o in settings.OPTIONS if o.fill_in}
    documented = {m[1] for m in re.finditer(r"^# ([A-Z_]+)=", text, re.M)}
    assert set(WEIGHT_ENV.values()) | {f.metadata["env"] for f in fields(Thresholds)} <= documented
    # Copying the file as it is changes nothing: every default is commented out.
    assert load_settings(environ={}, env_file=ENV_EXAMPLE) == load_settings(environ={}, env_file=ROOT / "none")


@pytest.mark.parametrize("tree", [PACKAGE, ROOT / "notebooks", ROOT / "benchmarks"])
def test_no_sql_outside_the_tracker(tree):
    offenders = []
    for path in tree.rglob("*.py"):
        if any(home in path.parents for home in SQL_HOMES):
            continue
        for match in SQL.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)[:40]!r}")
    assert offenders == []


def test_every_stored_value_is_described_for_datasette_readers():
    """The glossary's meanings come from the enums whose values the tracker stores: a
    new decision, status, stage... without a meaning fails here."""
    from song_automations.models import Decision, Stage
    from song_automations.tracker import glossary
    from song_automations.tracker.vocabulary import MatchSource, MissReason, ReviewAction, RunStatus, TrackStatus

    described = {
        Decision: glossary.DECISION_MEANINGS, MatchSource: glossary.SOURCE_MEANINGS,
        MissReason: glossary.REASON_MEANINGS, ReviewAction: glossary.ACTION_MEANINGS,
        TrackStatus: glossary.STATUS_MEANINGS, RunStatus: glossary.RUN_MEANINGS, Stage: glossary.STAGE_MEANINGS,
    }
    for enum, meanings in described.items():
        assert set(meanings) == set(enum), enum.__name__
        assert all(text.strip() for text in meanings.values()), enum.__name__


def test_the_default_weights_and_thresholds_are_the_committed_fit():
    """``data/fit.json`` (benchmarks/tune.py's output) is where the defaults come from:
    a hand edit of either side fails here."""
    import json

    fit = json.loads((ROOT / "data" / "fit.json").read_text(encoding="utf-8"))
    assert MatchWeights().as_dict() == fit["weights"]
    defaults = Thresholds()
    assert {name: getattr(defaults, name) for name in fit["thresholds"]} == fit["thresholds"]
