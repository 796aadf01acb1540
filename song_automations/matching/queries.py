"""Platform-neutral search plans: what to ask for, most specific first, within a budget.

Each client formats a :class:`SearchQuery` in its own syntax (see
``format_query`` in each module of ``adapters``).
"""

from __future__ import annotations

from ..models import SearchQuery, SourceTrack
from .normalize import display_artist, norm
from .parse import REWORKS, parse_title

DEFAULT_MAX_QUERIES = 3


def _primary_artist(track: SourceTrack) -> str:
    return display_artist(track.artists[0]) if track.artists else ""


def candidate_queries(track: SourceTrack) -> list[SearchQuery]:
    """Every query worth sending for ``track``, most specific first (unbounded, deduplicated).

    1. artist + base title + version;
    2. without the version: only for sources that are not remixes, dubs or edits, where
       any other version would be the wrong record anyway;
    3. for reworks, the reworker instead of the artist (remix uploads credit the remixer);
    4. base title + version without the artist (artist spelled differently on the platform);
    5. the label with the base title (label channels on SoundCloud).
    """
    parsed = parse_title(track.title)
    artist = _primary_artist(track)
    version = parsed.version_text
    plans = [SearchQuery(artist=artist, title=parsed.base, version=version)]
    if parsed.version in REWORKS:
        for remixer in track.remixers[:1] or parsed.remixers[:1]:
            plans.append(SearchQuery(artist=display_artist(remixer), title=parsed.base, version=version))
    elif version:
        plans.append(SearchQuery(artist=artist, title=parsed.base))
    plans.append(SearchQuery(artist="", title=parsed.base, version=version))
    if track.labels:
        label = display_artist(track.labels[0])
        plans.append(SearchQuery(artist="", title=parsed.base, version=version, text=f"{label} {parsed.base}"))
    return _dedupe(plans)


def _dedupe(plans: list[SearchQuery]) -> list[SearchQuery]:
    seen: set[tuple[str, ...]] = set()
    unique: list[SearchQuery] = []
    for plan in plans:
        key = (norm(plan.text), norm(plan.artist), norm(plan.title), norm(plan.version))
        if key not in seen and (plan.title or plan.text):
            seen.add(key)
            unique.append(plan)
    return unique


def query_plan(track: SourceTrack, max_queries: int = DEFAULT_MAX_QUERIES,
               isrc: str | None = None) -> list[SearchQuery]:
    """At most ``max_queries`` (>= 1) queries for ``track``, most specific first.

    ``isrc``: the recording's ISRC when another platform told us (and this one searches
    by ISRC); asked for first, since one answer settles it.
    """
    plans = candidate_queries(track)
    if isrc:
        plans.insert(0, SearchQuery(artist="", title="", isrc=isrc))
    return plans[: max(1, max_queries)]
