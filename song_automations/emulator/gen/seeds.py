"""Read the hand-written seed data in ``data/seeds/*.json`` into typed records.

A release file (``releases_*.json``) is a JSON list of releases written tersely, so
that a person can type hundreds of real records (format described in ``data/seeds/README.md``):

- artist credits are strings: ``"Force Mass Motion [vs] Dylan Rhymes"``; a bracket
  holds Discogs' ``join`` to the next artist, ``Name=ANV`` gives the credited name;
- labels are ``"Name|catno"``; formats ``"Vinyl|12\\"|33 ⅓ RPM"`` (name, descriptions);
- tracks are ``"position|title|duration;opt;opt"`` with options
  ``a=<credit>`` (track artists), ``rx=<A+B>`` (remixers), ``ft=<A+B>`` (featuring),
  ``v=<version>`` (the version platforms name when the Discogs title does not),
  ``sp=0`` / ``sc=0`` (not on that platform), ``h`` (heading), ``i`` (index track);
  a track string starting with ``>`` is a sub-track of the preceding index track;
- release credits are ``"Name|Role|tracks"`` (``tracks`` scopes e.g. ``"A1 to B2"``).

Errors in the seed text raise :class:`~song_automations.errors.ConfigError` naming
the file and release, because a silently skipped release would skew the figures.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from song_automations.errors import ConfigError

SEED_DIR = Path(__file__).resolve().parents[3] / "data" / "seeds"

_JOIN = re.compile(r"\s*\[([^\]]*)\]\s*")


@dataclass(frozen=True, slots=True)
class Credit:
    """One Discogs artist credit: ``name`` as in the database, ``anv`` as printed."""

    name: str
    anv: str = ""
    join: str = ""
    role: str = ""
    tracks: str = ""


@dataclass(frozen=True, slots=True)
class SeedTrack:
    """One tracklist row. ``kind`` is Discogs' ``type_``: track, heading or index."""

    position: str
    title: str
    duration: str = ""
    kind: str = "track"
    artists: tuple[Credit, ...] = ()
    remixers: tuple[str, ...] = ()
    featuring: tuple[str, ...] = ()
    version: str | None = None
    on_spotify: bool | None = None
    on_soundcloud: bool | None = None
    sub_tracks: tuple[SeedTrack, ...] = ()


@dataclass(frozen=True, slots=True)
class SeedRelease:
    """One release as written in the seed files (before ids and payload fields)."""

    artists: tuple[Credit, ...]
    title: str
    labels: tuple[tuple[str, str], ...]
    year: int
    country: str
    format_name: str
    format_descriptions: tuple[str, ...]
    genres: tuple[str, ...]
    styles: tuple[str, ...]
    tracks: tuple[SeedTrack, ...]
    credits: tuple[Credit, ...] = ()
    released: str = ""
    format_qty: int = 1
    format_text: str = ""
    has_master: bool = True
    folder: str | None = None
    second_folder: str | None = None
    wanted: bool = False
    notes: str = ""
    source: str = field(default="", compare=False)

    @property
    def is_compilation(self) -> bool:
        return any(c.name == "Various" for c in self.artists)


def parse_credits(text: str) -> tuple[Credit, ...]:
    """``"A [&] B=Bee"`` -> two credits, the first joined to the second by ``&``."""
    parts = _JOIN.split(text.strip())
    # split() alternates name, join, name, join, ..., name
    names, joins = parts[0::2], parts[1::2] + [""]
    credits = []
    for name, join in zip(names, joins, strict=True):
        name, _, anv = name.partition("=")
        if not name.strip():
            raise ValueError(f"empty artist name in credit {text!r}")
        credits.append(Credit(name=name.strip(), anv=anv.strip(), join=join))
    return tuple(credits)


def _names(value: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in value.split("+") if n.strip())


def parse_track(text: str) -> SeedTrack:
    """Parse one ``position|title|duration;opt;opt`` track string."""
    fields = text.split("|")
    if len(fields) < 2:
        raise ValueError(f"track needs at least position|title: {text!r}")
    position, title = fields[0].strip(), fields[1].strip()
    # a fourth "|" field is accepted as more options ("|Side A||h")
    duration, *options = ";".join(fields[2:]).split(";")
    duration = duration.strip()
    opts: dict[str, str] = {}
    for opt in options:
        key, _, value = opt.strip().partition("=")
        if key:
            opts[key] = value.strip()
    kind = "heading" if "h" in opts else "index" if "i" in opts else "track"
    return SeedTrack(
        position=position,
        title=title,
        duration=duration,
        kind=kind,
        artists=parse_credits(opts["a"]) if "a" in opts else (),
        remixers=_names(opts.get("rx", "")),
        featuring=_names(opts.get("ft", "")),
        version=opts.get("v") or None,
        on_spotify=None if "sp" not in opts else opts["sp"] != "0",
        on_soundcloud=None if "sc" not in opts else opts["sc"] != "0",
    )


def parse_tracklist(rows: list[str]) -> tuple[SeedTrack, ...]:
    """Parse track strings, attaching ``>``-prefixed rows to the preceding index."""
    tracks: list[SeedTrack] = []
    for row in rows:
        if row.startswith(">"):
            if not tracks or tracks[-1].kind != "index":
                raise ValueError(f"sub-track without an index track before it: {row!r}")
            parent = tracks.pop()
            sub = parse_track(row[1:])
            tracks.append(_with_sub(parent, sub))
        else:
            tracks.append(parse_track(row))
    return tuple(tracks)


def _with_sub(parent: SeedTrack, sub: SeedTrack) -> SeedTrack:
    fields = {name: getattr(parent, name) for name in SeedTrack.__slots__}
    fields["sub_tracks"] = parent.sub_tracks + (sub,)
    return SeedTrack(**fields)


def _release_credit(text: str) -> Credit:
    name, role, tracks = (text.split("|") + ["", ""])[:3]
    name, _, anv = name.partition("=")
    return Credit(name=name.strip(), anv=anv.strip(), role=role.strip(), tracks=tracks.strip())


def parse_release(raw: dict, source: str = "") -> SeedRelease:
    """Turn one terse seed object into a :class:`SeedRelease` (ValueError if malformed)."""
    fmt = raw.get("f", "Vinyl|12\"").split("|")
    labels = tuple(
        (name.strip(), catno.strip())
        for name, _, catno in (entry.partition("|") for entry in raw["l"])
    )
    return SeedRelease(
        artists=parse_credits(raw["a"]),
        title=raw["t"],
        labels=labels,
        year=int(raw.get("y", 0)),
        country=raw.get("c", "UK"),
        format_name=fmt[0],
        format_descriptions=tuple(fmt[1:]),
        genres=tuple(raw.get("g", ["Electronic"])),
        styles=tuple(raw.get("s", [])),
        tracks=parse_tracklist(raw["tr"]),
        credits=tuple(_release_credit(c) for c in raw.get("cr", [])),
        released=raw.get("r", ""),
        format_qty=int(raw.get("q", 1)),
        format_text=raw.get("ft", ""),
        has_master=bool(raw.get("m", True)),
        folder=raw.get("fo"),
        second_folder=raw.get("fo2"),
        wanted=bool(raw.get("w", False)),
        notes=raw.get("n", ""),
        source=source,
    )


def load_seeds(seed_dir: Path = SEED_DIR) -> list[SeedRelease]:
    """All seed releases, files in name order, releases in file order.

    Raises ConfigError when the directory holds no seed file or a release is malformed.
    """
    files = sorted(seed_dir.glob("releases_*.json"))
    if not files:
        raise ConfigError(f"no seed files (releases_*.json) in {seed_dir}")
    releases: list[SeedRelease] = []
    for path in files:
        for index, raw in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            try:
                releases.append(parse_release(raw, source=f"{path.name}#{index}"))
            except (KeyError, ValueError, TypeError) as exc:
                raise ConfigError(
                    f"seed release {path.name}#{index} ({raw.get('t', '?')!r}) is malformed: {exc}"
                ) from exc
    return releases


def load_pools(seed_dir: Path = SEED_DIR) -> dict[str, list[str]]:
    """Name pools for decoys (remixers, cover acts, DJs, channels...) from ``pools.json``.

    Raises ConfigError when the file is missing or a pool is empty.
    """
    path = seed_dir / "pools.json"
    if not path.exists():
        raise ConfigError(f"decoy name pools are missing: {path}")
    pools = json.loads(path.read_text(encoding="utf-8"))
    empty = sorted(name for name, values in pools.items() if not values)
    if empty:
        raise ConfigError(f"empty pools in {path}: {', '.join(empty)}")
    return pools
