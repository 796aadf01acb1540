"""The emulator's track search: one inverted index, used by Spotify and SoundCloud.

Both real services do relevance-ranked full-text search, not exact lookup, so neither
does this one. A query is a list of :class:`Clause` (tokens that must all occur, in one
field or in any field); documents that satisfy enough of them are ranked by

* BM25-like field hits: rare tokens weigh more (idf), short fields more than long ones;
* coverage: how much of a field the query explains ("Café Del Mar" explains all of the
  original's title and less than half of "Café Del Mar - Three 'N One Remix");
* phrase: the clause's tokens appear in that order in the field;
* a mild prior (Spotify popularity, SoundCloud plays), as both services rank popular
  recordings first among equals.

Tokens are case- and diacritic-insensitive (``Café`` = ``cafe``, ``Røyksopp`` =
``royksopp``), apostrophes vanish (``Don't`` = ``dont``) and other punctuation splits.
The index is built once per catalog (about a second per 100,000 tracks) and answers a
query in a few milliseconds with numpy posting arrays.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..matching.normalize import LATIN_BASE_LETTERS

_APOSTROPHES = re.compile(r"['’`´]")
_WORD = re.compile(r"[^\W_]+")

# Ranking constants. Field hits dominate; coverage and phrase separate an original from
# its remixes; the prior only reorders near-ties, as on the real services.
_COVERAGE_WEIGHT = 4.0
_PHRASE_WEIGHT = 2.0
_PRIOR_WEIGHT = 3.0
_RERANK_DEPTH = 400
_BM25_B = 0.5


def normalize(text: str) -> str:
    """Lower-case ``text`` and strip diacritics and apostrophes (``"Café'n"`` -> ``"cafen"``)."""
    if text.isascii():  # the common case, ten times faster than decomposing
        return _APOSTROPHES.sub("", text.lower())
    folded = unicodedata.normalize("NFKD", text.casefold().translate(LATIN_BASE_LETTERS))
    stripped = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("", stripped)


def tokenize(text: str | None) -> list[str]:
    """The search tokens of ``text``: normalised words, in order, punctuation dropped."""
    if not text:
        return []
    return _WORD.findall(normalize(text))


@dataclass(frozen=True)
class Clause:
    """Tokens that must all occur in ``field`` (or in any field when ``field`` is None)."""

    tokens: tuple[str, ...]
    field: str | None = None


@dataclass(frozen=True)
class SearchResult:
    """``total`` matching documents; ``ids`` are the document indices of the asked page."""

    total: int
    ids: list[int]


@dataclass
class _Field:
    weight: float
    postings: dict[str, np.ndarray] = field(default_factory=dict)
    doc_tokens: list[tuple[str, ...]] = field(default_factory=list)
    norm: np.ndarray | None = None


class TextIndex:
    """An inverted index over ``docs``, each a mapping field name -> text.

    ``fields`` maps every indexed field to its weight. ``prior`` gives each document a
    popularity in [0, 1] (same order as ``docs``).
    """

    def __init__(
        self, fields: Mapping[str, float], docs: Iterable[Mapping[str, str | None]], prior: Sequence[float]
    ) -> None:
        self._fields = {name: _Field(weight) for name, weight in fields.items()}
        lists: dict[str, defaultdict[str, list[int]]] = {name: defaultdict(list) for name in fields}
        count = 0
        for doc_id, doc in enumerate(docs):
            count += 1
            for name, fld in self._fields.items():
                tokens = tuple(tokenize(doc.get(name)))
                fld.doc_tokens.append(tokens)
                for token in dict.fromkeys(tokens):
                    lists[name][token].append(doc_id)
        self.size = count
        for name, fld in self._fields.items():
            fld.postings = {tok: np.asarray(ids, dtype=np.int32) for tok, ids in lists[name].items()}
            lengths = np.fromiter((len(t) for t in fld.doc_tokens), dtype=np.float32, count=count)
            average = float(lengths.mean()) if count and lengths.mean() > 0 else 1.0
            fld.norm = 1.0 / ((1.0 - _BM25_B) + _BM25_B * np.maximum(lengths, 1.0) / average)
        self._prior = np.clip(np.asarray(prior, dtype=np.float32), 0.0, 1.0)
        if self._prior.shape != (count,):
            raise ValueError(f"prior has {self._prior.shape[0]} entries for {count} documents")

    def search(
        self,
        clauses: Sequence[Clause],
        *,
        offset: int = 0,
        limit: int = 10,
        mask: np.ndarray | None = None,
        min_should_match: int | None = None,
    ) -> SearchResult:
        """Rank the documents matching ``clauses`` and return one page of them.

        Every clause token counts as one requirement; a document needs all of them, or
        ``min_should_match`` of them when given. ``mask`` (bool per document) drops
        documents regardless of text. An empty query matches nothing.
        """
        wanted = [(tok, c.field) for c in clauses for tok in c.tokens]
        if not wanted or self.size == 0:
            return SearchResult(0, [])
        hits = np.zeros(self.size, dtype=np.int16)
        scores = np.zeros(self.size, dtype=np.float32)
        for token, field_name in wanted:
            self._score_token(token, field_name, hits, scores)
        needed = len(wanted) if min_should_match is None else max(1, min(min_should_match, len(wanted)))
        matched = hits >= needed
        if mask is not None:
            matched &= mask
        candidates = np.flatnonzero(matched)
        if candidates.size == 0:
            return SearchResult(0, [])
        base = scores[candidates] + _PRIOR_WEIGHT * self._prior[candidates]
        depth = min(candidates.size, max(_RERANK_DEPTH, offset + limit))
        top = np.argpartition(-base, depth - 1)[:depth] if depth < candidates.size else np.arange(candidates.size)
        query_tokens = {tok for tok, _ in wanted}
        scored = []
        for i in top:
            doc = int(candidates[i])
            scored.append((float(base[i]) + self._bonus(doc, clauses, query_tokens), doc))
        ranked = sorted(scored, key=lambda pair: (-pair[0], pair[1]))
        return SearchResult(int(candidates.size), [doc for _, doc in ranked[offset : offset + limit]])

    def _score_token(self, token: str, field_name: str | None, hits: np.ndarray, scores: np.ndarray) -> None:
        """Add one query token's field hits to ``scores`` and count it once in ``hits``."""
        names = [field_name] if field_name is not None else list(self._fields)
        seen = np.zeros(self.size, dtype=bool)
        for name in names:
            fld = self._fields.get(name)
            posting = fld.postings.get(token) if fld else None
            if posting is None:
                continue
            idf = math.log(1.0 + (self.size - posting.size + 0.5) / (posting.size + 0.5))
            scores[posting] += fld.weight * idf * fld.norm[posting]
            seen[posting] = True
        hits += seen

    def _bonus(self, doc: int, clauses: Sequence[Clause], query_tokens: set[str]) -> float:
        """Coverage and phrase bonuses for one candidate (only computed for the top ones)."""
        bonus = 0.0
        for fld in self._fields.values():
            tokens = fld.doc_tokens[doc]
            if tokens:
                covered = sum(1 for t in tokens if t in query_tokens)
                bonus += _COVERAGE_WEIGHT * fld.weight * covered / len(tokens)
        for clause in clauses:
            fld = self._fields.get(clause.field) if clause.field is not None else None
            if fld is not None and len(clause.tokens) > 1 and _contains_phrase(fld.doc_tokens[doc], clause.tokens):
                bonus += _PHRASE_WEIGHT * fld.weight
        return bonus


def _contains_phrase(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


class LazyIndex:
    """Builds an index once, off the request path, so emulators start instantly.

    ``warm()`` starts the build on a background thread; ``get()`` waits for it (or
    builds on the caller's thread when nobody started it).
    """

    def __init__(self, build: Callable[[], Any], name: str = "search-index") -> None:
        self._build = build
        self._name = name
        self._lock = threading.Lock()
        self._value: Any = None

    def warm(self) -> None:
        threading.Thread(target=self.get, name=self._name, daemon=True).start()

    def get(self) -> Any:
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value


# --- Spotify -------------------------------------------------------------------------

SPOTIFY_FIELDS = {"track": 2.0, "artist": 1.5, "album": 0.5, "isrc": 1.0}
# Album search: the name and the album artists; ``upc:`` matches the whole code exactly
# (a 12-digit UPC-A does not find the album stored under its 13-digit EAN form).
SPOTIFY_ALBUM_FIELDS = {"album": 2.0, "artist": 1.5, "upc": 1.0}
_SPOTIFY_FILTER = re.compile(r'(?i)\b(track|artist|album|isrc|year|genre|tag|upc):(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class SpotifyQuery:
    """A parsed Spotify ``q``: text clauses plus an optional inclusive year range."""

    clauses: tuple[Clause, ...]
    years: tuple[int, int] | None = None


def parse_spotify_query(q: str, fields: Mapping[str, float] = SPOTIFY_FIELDS) -> SpotifyQuery:
    """Split ``q`` into field filters (quoted or single-word values), ``year:1999`` or
    ``year:1990-1999``, and free words.

    Filters on a field the searched type lacks are accepted and ignored, as Spotify
    documents each filter for some types only: for tracks ``genre:``, ``tag:`` and
    ``upc:``; for albums ``track:``, ``isrc:``, ``genre:`` and ``tag:``. A malformed
    year is ignored, as Spotify does.
    """
    clauses: list[Clause] = []
    years: tuple[int, int] | None = None
    for match in _SPOTIFY_FILTER.finditer(q):
        name = match.group(1).lower()
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if name == "year":
            years = _parse_years(value) or years
        elif name in fields:
            tokens = tuple(tokenize(value))
            if tokens:
                clauses.append(Clause(tokens, name))
    free = tuple(tokenize(_SPOTIFY_FILTER.sub(" ", q)))
    if free:
        clauses.append(Clause(free, None))
    return SpotifyQuery(tuple(clauses), years)


def _parse_years(value: str) -> tuple[int, int] | None:
    found = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", value.strip())
    if not found:
        return None
    start = int(found.group(1))
    return start, int(found.group(2) or start)


class SpotifySearch:
    """Track search over a catalog's Spotify tracks (extended-shape objects).

    Subclasses search other object types by overriding ``FIELDS`` and the three
    per-item readers (``doc``, ``popularity``, ``release_date``).
    """

    FIELDS: Mapping[str, float] = SPOTIFY_FIELDS

    def __init__(self, items: Sequence[Mapping[str, Any]]) -> None:
        self.items = items
        self.prior = np.array([self.popularity(t) / 100.0 for t in items], dtype=np.float32)
        self.index = TextIndex(self.FIELDS, (self.doc(t) for t in items), self.prior)
        self.years = np.array([_year(self.release_date(t)) for t in items], dtype=np.int32)

    @staticmethod
    def doc(track: Mapping[str, Any]) -> dict[str, str]:
        return {
            "track": track.get("name") or "",
            "artist": " ".join(a.get("name") or "" for a in track.get("artists") or []),
            "album": (track.get("album") or {}).get("name") or "",
            "isrc": (track.get("external_ids") or {}).get("isrc") or "",
        }

    @staticmethod
    def popularity(track: Mapping[str, Any]) -> float:
        return float(track.get("popularity") or 0)

    @staticmethod
    def release_date(track: Mapping[str, Any]) -> str:
        return str((track.get("album") or {}).get("release_date") or "")

    def search(self, q: str, *, offset: int, limit: int) -> SearchResult:
        """Items matching Spotify query syntax ``q``, best first; ``total`` counts all."""
        parsed = parse_spotify_query(q, self.FIELDS)
        mask = None
        if parsed.years is not None:
            mask = (self.years >= parsed.years[0]) & (self.years <= parsed.years[1])
        if parsed.clauses:
            return self.index.search(parsed.clauses, offset=offset, limit=limit, mask=mask)
        if mask is None:
            return SearchResult(0, [])
        # A year-only query lists that year's items, most popular first.
        ids = np.flatnonzero(mask)
        order = ids[np.argsort(-self.prior[ids], kind="stable")]
        return SearchResult(int(ids.size), [int(i) for i in order[offset : offset + limit]])


class SpotifyAlbumSearch(SpotifySearch):
    """Album search over ``{"name", "artists", "release_date", "popularity", "upc"}``
    entries (one per album resource; see ``spotify_albums.AlbumStore.search_entries``)."""

    FIELDS = SPOTIFY_ALBUM_FIELDS

    @staticmethod
    def doc(album: Mapping[str, Any]) -> dict[str, str]:
        return {"album": album.get("name") or "", "artist": " ".join(album.get("artists") or []),
                "upc": album.get("upc") or ""}

    @staticmethod
    def release_date(album: Mapping[str, Any]) -> str:
        return str(album.get("release_date") or "")


def _year(date: str) -> int:
    return int(date[:4]) if date[:4].isdigit() else 0


# --- SoundCloud ----------------------------------------------------------------------

SOUNDCLOUD_FIELDS = {"title": 2.0, "username": 1.0, "metadata_artist": 1.5}
SOUNDCLOUD_SET_FIELDS = {"title": 2.0, "username": 1.0}
SOUNDCLOUD_MIN_MATCH = 0.6


class SoundCloudSearch:
    """Full-text track search over a catalog's SoundCloud tracks.

    SoundCloud's ``q`` has no field syntax and is lenient: a track needs 60 % of the
    query's words (rounded up), so "Energy 52 Cafe Del Mar" also lists other uploads
    titled "Cafe Del Mar", ranked below the full matches. Subclasses search other
    objects by overriding ``FIELDS``, ``doc`` and ``plays``.
    """

    FIELDS: Mapping[str, float] = SOUNDCLOUD_FIELDS

    def __init__(self, items: Sequence[Mapping[str, Any]]) -> None:
        self.items = items
        plays = np.array([float(self.plays(t)) for t in items], dtype=np.float64)
        top = math.log1p(float(plays.max())) if plays.size else 1.0
        prior = np.log1p(plays) / top if top > 0 else np.zeros_like(plays)
        self.index = TextIndex(self.FIELDS, (self.doc(t) for t in items), prior)

    @staticmethod
    def doc(track: Mapping[str, Any]) -> dict[str, str]:
        return {
            "title": track.get("title") or "",
            "username": (track.get("user") or {}).get("username") or "",
            "metadata_artist": track.get("metadata_artist") or "",
        }

    @staticmethod
    def plays(track: Mapping[str, Any]) -> float:
        return track.get("playback_count") or 0

    def search(self, q: str, *, offset: int, limit: int, mask: np.ndarray | None = None) -> SearchResult:
        """Items matching the free text ``q``, best first, among those ``mask`` allows."""
        tokens = tuple(tokenize(q))
        if not tokens:
            return SearchResult(0, [])
        needed = math.ceil(len(tokens) * SOUNDCLOUD_MIN_MATCH)
        return self.index.search([Clause(tokens)], offset=offset, limit=limit, mask=mask, min_should_match=needed)


class SoundCloudSetSearch(SoundCloudSearch):
    """Playlist (set) search: the set title and the uploading account, likes as prior."""

    FIELDS = SOUNDCLOUD_SET_FIELDS

    @staticmethod
    def doc(playlist: Mapping[str, Any]) -> dict[str, str]:
        return {"title": playlist.get("title") or "",
                "username": (playlist.get("user") or {}).get("username") or ""}

    @staticmethod
    def plays(playlist: Mapping[str, Any]) -> float:
        return playlist.get("likes_count") or 0
