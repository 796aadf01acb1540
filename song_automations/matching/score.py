"""One candidate against one source track: named components and a normalised total.

The total is the weighted mean over the components a candidate actually has (a
component that is ``None`` drops out and the other weights are renormalised, so a
platform without popularity is never penalised for it), plus
``version_match_bonus`` when the source's remix/edit/dub matches the candidate's,
clipped to [0, 1]. Equal ISRCs are decisive: the total is then 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..models import Candidate, ScoredCandidate, SourceTrack
from ..settings import COMPONENTS, MatchWeights
from . import components as c
from .normalize import display_artist, norm, norm_artist
from .parse import ParsedTitle, VersionType, parse_title, split_names, strip_featuring

# Components that enter the weighted mean, in storage/display order (MatchWeights' fields).
WEIGHTED = COMPONENTS
# Stored next to them: 1.0 when the bonus applied, 0.0 when it could have and did not,
# None when the source is no rework. Not weighted; lets re-scoring re-apply the bonus.
BONUS = "bonus"
_LIVE_RELEASE = re.compile(r"\blive\b", re.I)
# The remixer's name in another song's title is no reason for a bonus.
BONUS_MIN_TITLE = 0.5
# An "A - B" upload is read the other way round only when A is clearly not the artist.
SWAP_BELOW = 0.5


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """A source track prepared once for scoring against many candidates."""

    track: SourceTrack
    title: ParsedTitle
    artists: tuple[str, ...]
    credit: str
    remixers: tuple[str, ...]
    labels: tuple[str, ...]
    catnos: tuple[str, ...]
    isrc: str | None = None
    aliases: tuple[str, ...] = ()


def parse_source(track: SourceTrack, isrc: str | None = None) -> ParsedSource:
    """Comparison forms of ``track``'s title, artists, remixers, labels and catalogue numbers.

    ``isrc`` is the source recording's ISRC when one is known (Discogs rarely has it).
    """
    title = _live_album(parse_title(track.title), track.release_title)
    remixers = tuple(dict.fromkeys(n for n in map(norm_artist, (*track.remixers, *title.remixers)) if n))
    credit = norm(" ".join((*track.artists, *track.featured)))
    return ParsedSource(
        track=track,
        title=title,
        artists=_performers(track.artists),
        credit=credit,
        remixers=remixers,
        labels=tuple(f for f in map(c.label_forms, track.labels) if f),
        catnos=tuple(n.replace(" ", "") for n in map(norm, track.catnos) if n),
        isrc=isrc,
        aliases=tuple(n for n in dict.fromkeys(map(norm_artist, track.aliases)) if n),
    )


def _live_album(title: ParsedTitle, release_title: str) -> ParsedTitle:
    """Live albums on Discogs do not mark each track: an unmarked track of a release
    titled "... Live ..." is a live version."""
    if title.version_text is None and _LIVE_RELEASE.search(release_title or ""):
        # The release title names the occasion ("Roseland NYC Live"), like "Live at ...".
        return replace(title, version=VersionType.LIVE, version_text=release_title)
    return title


def _performers(artists: tuple[str, ...]) -> tuple[str, ...]:
    """Comparison forms of the performers; a joined credit ("A & B", as stores export
    it) counts as its parts."""
    names: list[str] = []
    for artist in artists:
        # Discogs' "Orb, The" is one name: put the article back before splitting on commas.
        # "X featuring Y" in one name field: Y is a guest, not a performer every
        # candidate must credit (the credit still carries Y).
        artist = strip_featuring(display_artist(artist))
        parts = split_names(artist)
        names.extend(map(norm_artist, parts if len(parts) > 1 else (artist,)))
    return tuple(n for n in dict.fromkeys(names) if n)


def components(src: ParsedSource, cand: Candidate) -> dict[str, float | None]:
    """Every named component of ``cand`` against ``src`` (values in [0, 1] or ``None``)."""
    cand_title = parse_title(cand.title)
    title = c.title_score(src.title, cand_title)
    version, matched = c.version_score(src.title, src.remixers, cand_title)
    duration = c.duration_score(src.track.duration_s, cand.duration_s)
    # Version and duration agreement only say something about the same song: both are
    # scaled by the title agreement, so another song of the artist's cannot ride on them.
    return {
        "artist": c.artist_score(src.artists, src.credit, src.remixers, cand, cand_title.featured, src.aliases),
        "title": title,
        "version": version * title,
        "duration": None if duration is None else duration * title,
        "label": c.label_score(src.labels, src.catnos, cand),
        "isrc": c.isrc_score(src.isrc, cand.isrc),
        "verified": None if cand.verified is None else float(cand.verified),
        "popularity": cand.popularity,
        BONUS: (1.0 if matched and title >= BONUS_MIN_TITLE else 0.0) if src.title.version in c.REWORKS else None,
    }


def total(parts: dict[str, float | None], weights: MatchWeights) -> float:
    """Weighted mean of the present components, plus the bonus, clipped to [0, 1]."""
    if parts.get("isrc") == 1.0:
        return 1.0
    num = den = 0.0
    for name in WEIGHTED:
        value, weight = parts.get(name), getattr(weights, name)
        if value is not None and weight > 0:
            num += weight * value
            den += weight
    mean = num / den if den else 0.0
    bonus = weights.version_match_bonus if parts.get(BONUS) == 1.0 else 0.0
    return min(1.0, max(0.0, mean + bonus))


def score(parsed_source: ParsedSource, candidate: Candidate, weights: MatchWeights,
          query: str | None = None) -> ScoredCandidate:
    """``candidate`` scored against ``parsed_source`` with its component breakdown.

    An upload whose artist was read from an "A - B" title prefix is also read the other
    way round ("Title - Artist [OST, 1983]") when the first reading misses the artist;
    the better reading counts.
    """
    parts = components(parsed_source, candidate)
    best = total(parts, weights)
    if candidate.artist_from_title and (parts["artist"] or 0.0) < SWAP_BELOW:
        swapped = _swapped(candidate)
        if swapped is not None:
            other = components(parsed_source, swapped)
            if total(other, weights) > best:
                parts, best = other, total(other, weights)
    return ScoredCandidate(candidate=candidate, score=best, components=parts, query=query)


def _swapped(candidate: Candidate) -> Candidate | None:
    """The candidate read as "Title - Artist": its title's base as the artist, the
    prefix as the title (``None`` when there is nothing to swap)."""
    artist = parse_title(candidate.title).base
    if not artist or not candidate.artists:
        return None
    return replace(candidate, artists=(artist,), title=candidate.artists[0])
