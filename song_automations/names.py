"""Names as people write them, for every screen (CLI, app, reports).

Discogs' own spellings ("Disclosure (3)", "Chemical Brothers, The") are comparison
details: the adapter keeps them for the matcher and derives a display form per name
(:func:`song_automations.adapters.discogs.join_credit` with ``display=True``), which the
tracker's views hand out as ``source_artist``. This module covers what is left: a
platform track whose upload names no artist, and one "Artist - Title" line.
"""

from __future__ import annotations

from collections.abc import Iterable


def platform_artist(artists: Iterable[str], uploader: str | None = None) -> str:
    """A platform track's artists, or its uploader when it names none (a label channel's
    upload on SoundCloud): ``"Talkin Loud (uploader)"``; ``""`` when neither is known."""
    named = ", ".join(a for a in artists if a)
    if named:
        return named
    return f"{uploader} (uploader)" if uploader else ""


def track_line(artist: str | None, title: str | None) -> str:
    """``"Artist - Title"``, or the part that is known."""
    return " - ".join(part for part in (artist or "", title or "") if part)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, the cut marked with an ellipsis."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


# The least of an artist a cut-down track line keeps, so the line still says whose it is.
SHORT_ARTIST = 8


def fit_track(artist: str | None, title: str | None, width: int) -> str:
    """:func:`track_line` in ``width`` characters, cutting the artist before the title:
    the title is what tells two versions apart ("Bromma (Radio Edit)")."""
    line = track_line(artist, title)
    if len(line) <= width or not artist or not title:
        return fit(line, width)
    room = max(width - len(title) - 3, SHORT_ARTIST)
    return f"{fit(artist, room)} - {fit(title, width - min(room, len(artist)) - 3)}"
