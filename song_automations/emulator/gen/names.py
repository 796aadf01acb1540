"""Text helpers for the generator: display names, versions, identity keys, slugs."""

from __future__ import annotations

import re
import unicodedata

_SUFFIX = re.compile(r"\s\(\d+\)$")
_INVERTED = re.compile(r"^(?P<name>.+), (?P<article>The|A|An|Les|Le|La|Die|Der|Das|El)$")
_TRAILING_GROUP = re.compile(r"^(?P<base>.*\S)\s*\((?P<inner>[^()]*)\)$")
# Words that mark a parenthetical as a version rather than part of the song title
# ("(Hardfloor Remix)" is a version, "(Sittin' On) The Dock" is not).
_VERSION_WORDS = re.compile(
    r"\b(remix|mix|edit|dub|version|instrumental|rework|vip|live|reprise|remaster(ed)?|"
    r"vocal|beats|acapella|a cappella|interpretation|reconstruction|re-?edit|bootleg|session)\b",
    re.IGNORECASE,
)


def display_name(name: str) -> str:
    """How a platform spells a Discogs artist or label name.

    Drops the ``(n)`` disambiguation suffix and un-inverts ``"Persuader, The"``.
    """
    name = _SUFFIX.sub("", name)
    match = _INVERTED.match(name)
    if match:
        name = f"{match['article']} {match['name']}"
    return name


def split_version(title: str) -> tuple[str, str | None]:
    """``"Café Del Mar (Hardfloor Remix)"`` -> ``("Café Del Mar", "Hardfloor Remix")``.

    Only a trailing parenthetical that reads like a version is split off; other titles
    come back whole with ``None``.
    """
    match = _TRAILING_GROUP.match(title)
    if match and _VERSION_WORDS.search(match["inner"]):
        return match["base"], match["inner"]
    return title, None


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used in identity keys."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", ascii_only).strip()


# Labels for "the version with no name": "Flash (Original Mix)" is the record "Flash".
_UNNAMED_VERSIONS = {"original mix", "original version", "original", "album version"}


def recording_key(artists: tuple[str, ...], title: str, version: str | None) -> str:
    """Identity of a recording: two catalog entries with the same key are the same record."""
    who = "+".join(sorted(fold(a) for a in artists))
    named = fold(version or "")
    return f"{who}|{fold(title)}|{'' if named in _UNNAMED_VERSIONS else named}"


def slug(text: str, limit: int = 80) -> str:
    """URL slug as the services build them: ``"Café Del Mar"`` -> ``"cafe-del-mar"``."""
    return fold(text).replace(" ", "-")[:limit].strip("-") or "untitled"


def discogs_uri_slug(text: str) -> str:
    """Discogs' website slug keeps capitals: ``"Energy 52 - Café"`` -> ``"Energy-52-Café"``."""
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-")


def format_duration(seconds: int) -> str:
    """Discogs duration text: ``"7:40"`` or ``"1:02:03"``."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def parse_duration(text: str) -> int | None:
    """``"7:40"`` -> 460; empty or malformed text -> None (Discogs often has none)."""
    parts = text.strip().split(":")
    if not text.strip() or not all(p.isdigit() for p in parts):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds
