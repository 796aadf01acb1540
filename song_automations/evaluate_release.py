"""Release cases (``data/labelled/RELEASES.md``) -> how well the release stage picks an
album and the tracks on it, offline.

A release case gives a Discogs release with its tracklist, the albums (or sets) an album
search returned with every track, the right album (or none) and, per position, the
candidate tracks that are the same recording. The release stage runs as in a sync, but
over the case's albums instead of searches; its album pick is judged like a track
pick (an ``acceptable`` album counts as right), and every track it takes from the album
is judged against ``expected_tracks``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import platforms
from .adapters import discogs
from .errors import ApiError
from .evaluate import Counts, read_cases
from .matching.release import ReleaseMatcher
from .models import Album, SourceRelease
from .platforms import PLATFORMS
from .settings import Settings

RELEASE_KIND = "release"


@dataclass(frozen=True, slots=True)
class ReleaseCase:
    id: str
    platform: str
    release: SourceRelease
    albums: tuple[Album, ...]
    expected: str | None
    acceptable: frozenset[str]
    expected_tracks: dict[str, frozenset[str]]
    tags: tuple[str, ...] = ()


def is_release_file(path: str | Path) -> bool:
    """True when the file's first case is a release case."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        return json.loads(first).get("kind") == RELEASE_KIND if first else False
    except (ValueError, AttributeError):
        return False


def parse_release_case(data: object) -> ReleaseCase:
    """One decoded line as a :class:`ReleaseCase`; raises ``ValueError`` saying what is wrong."""
    if not isinstance(data, dict) or data.get("kind") != RELEASE_KIND:
        raise ValueError("a release case is an object with kind \"release\"")
    platform = data.get("platform")
    if platform not in PLATFORMS:
        raise ValueError(f"platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
    release = (data.get("source") or {}).get("release")
    if not isinstance(release, dict) or not isinstance(data.get("candidates"), list):
        raise ValueError("source.release must be an object and candidates a list")
    try:
        source = discogs.source_release(release)
        albums = tuple(platforms.adapter(platform).album(c) for c in data["candidates"])
    except ApiError as exc:
        raise ValueError(str(exc)) from None
    tracks = data.get("expected_tracks") or {}
    return ReleaseCase(str(data.get("id") or ""), platform, source, albums, data.get("expected"),
                       frozenset(data.get("acceptable") or ()),
                       {str(k): frozenset(v) for k, v in tracks.items()}, tuple(map(str, data.get("tags") or ())))


def load_release_cases(path: str | Path, platform: str | None = None) -> list[ReleaseCase]:
    """Every release case of a JSON Lines file. Raises ``DataFormatError`` naming
    the file and line of the first malformed case."""
    return read_cases(path, parse_release_case, "release case", platform)


@dataclass(slots=True)
class ReleaseReport:
    """Album picks (overall, per platform, per tag) and the tracks taken from them."""

    albums: Counts = field(default_factory=Counts)
    by_platform: dict[str, Counts] = field(default_factory=dict)
    by_tag: dict[str, Counts] = field(default_factory=dict)
    tracks_taken: int = 0
    tracks_right: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, case: ReleaseCase, picked: str | None, taken: dict[str, str]) -> None:
        right = picked is not None and (picked == case.expected or picked in case.acceptable)
        expected = picked if right else case.expected
        for counts in (self.albums, self.by_platform.setdefault(case.platform, Counts()),
                       *(self.by_tag.setdefault(t, Counts()) for t in case.tags)):
            counts.add(expected, picked)
        self.tracks_taken += len(taken)
        good = sum(1 for position, track in taken.items() if track in case.expected_tracks.get(position, ()))
        self.tracks_right += good
        if (picked is not None and not right) or good < len(taken):
            self.wrong.append(case.id)

    @property
    def track_precision(self) -> float:
        return self.tracks_right / self.tracks_taken if self.tracks_taken else 1.0

    def as_dict(self) -> dict:
        return {**self.albums.as_dict(),
                "by_platform": {k: v.as_dict() for k, v in sorted(self.by_platform.items())},
                "by_tag": {k: v.as_dict() for k, v in sorted(self.by_tag.items())},
                "tracks_taken": self.tracks_taken, "track_precision": round(self.track_precision, 4),
                "wrong": self.wrong}

    def table(self) -> str:
        from .evaluate import format_rows  # the track report's layout

        rows = format_rows("album picks", self.albums, self.by_platform, self.by_tag)
        rows += ["", f"tracks taken from picked albums: {self.tracks_taken}, right: {self.tracks_right} "
                     f"({self.track_precision:.1%})"]
        return "\n".join(rows)


def judge_release(case: ReleaseCase, settings: Settings) -> tuple[str | None, dict[str, str]]:
    """The album the release stage picks among the case's albums (``None``: none) and
    the track it takes for each position."""
    albums = {a.id: a for a in case.albums}

    def search(query) -> list[Album]:
        # As a real search: a barcode finds only the albums carrying it; a title query
        # returns the case's results in their order.
        if query.upc:
            return [a for a in case.albums if a.upc and a.upc.lstrip("0") == query.upc.lstrip("0")]
        return list(case.albums)

    matcher = ReleaseMatcher(search, albums.__getitem__, settings, platform=case.platform)
    outcome = matcher.match(case.release, case.release.tracks)
    picked = outcome.album.album.id if outcome.album else None
    return picked, {p: r.chosen.candidate.id for p, r in outcome.results.items() if r.chosen}


def evaluate_releases(cases: list[ReleaseCase], settings: Settings | None = None) -> ReleaseReport:
    settings = settings or Settings()
    report = ReleaseReport()
    for case in cases:
        picked, taken = judge_release(case, settings)
        report.add(case, picked, taken)
    return report
