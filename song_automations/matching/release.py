"""The release stage: find the release's digital counterpart, line its tracklist up with
the Discogs one, and take the tracks from it without a search per track.

A person matching a record by hand does it this way round: look the release up by its
barcode, else by title and artist; check that the album's tracklist lines up (titles,
durations, versions, order); take the tracks from it. Each album candidate is aligned
with the release by the best one-to-one assignment of pair scores (the track scorer's,
:mod:`.assign`), then judged as a whole (:func:`album_fit`): the share of the release it
covers, how well the pairs agree, whether its barcode, title and artist are the
release's. Only a confident album is used, and from it only pairs that score like an
accepted match; every other track falls back to the per-track search.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import numpy as np
from rapidfuzz import fuzz

from ..models import (
    Album,
    AlbumQuery,
    MatchResult,
    ScoredCandidate,
    SourceRelease,
    SourceTrack,
    Stage,
)
from ..settings import MatchWeights, Settings, Thresholds
from .assign import best_assignment
from .components import record_title
from .decide import AMBIGUITY_GAP, decision_for, decision_record
from .normalize import display_artist, norm_artist
from .score import ParsedSource, parse_source, score

log = logging.getLogger(__name__)

# An album must hold at least this share of the release's tracks, with pairs agreeing at
# least this well on average...
MIN_COVERAGE = 0.5
MIN_MEAN_PAIR = 0.85
# ...and be the release's by barcode, or by title and artist this similar (0-1)...
SAME_TITLE = 0.85
SAME_ARTIST = 0.7
# ...or line up almost completely and in order (a digital edition under another title).
FULL_COVERAGE = 0.9
IN_ORDER = 0.8
# Albums read per release: the search's best matches by title and artist.
MAX_ALBUM_READS = 2
# Album search results kept for reading: title at least this similar to the release's.
SHORTLIST_TITLE = 0.7
# A release title found whole inside a longer album title counts a little less.
TOKEN_SET_TITLE = 0.95
# Searches for a track its release's album, seen whole, does not hold: the edition left
# it out (the platform lacks it, as a rule), so the most specific query alone decides.
LACKING_QUERIES = 1


@dataclass(frozen=True)
class AlbumFit:
    """How an album lines up with a release: the pair taken for each source track
    (index into ``release.tracks``) and the evidence about the album as a whole."""

    album: Album
    pairs: dict[int, ScoredCandidate]
    upc: bool | None
    title: float
    artist: float
    coverage: float
    mean_pair: float
    in_order: float

    compilation: bool = False  # a compilation holding a release that is not one
    # For each pair, the best album track left over by the assignment: a close one makes
    # the pair ambiguous, as a close runner-up does in a search.
    runners_up: dict[int, ScoredCandidate] = field(default_factory=dict)

    @property
    def confident(self) -> bool:
        """The album is the release's counterpart (see the module docstring)."""
        if self.coverage < MIN_COVERAGE or self.mean_pair < MIN_MEAN_PAIR:
            return False
        if self.compilation and not self.upc:
            return False  # a compilation may hold every track and is still another record
        named = self.upc or (self.title >= SAME_TITLE and self.artist >= SAME_ARTIST)
        return bool(named or (self.coverage >= FULL_COVERAGE and self.in_order >= IN_ORDER))

    def rank(self) -> tuple:
        """Sort key, best first: barcode, covered share times agreement, fewest extras."""
        extra = abs(self.album.total_tracks - len(self.pairs))
        return (not self.confident, not self.upc, -round(self.coverage * self.mean_pair, 3), extra)

    def evidence(self) -> dict:
        """The album facts stored with each match it decided."""
        return {"album_uri": self.album.uri, "album_title": self.album.title, "upc_match": self.upc,
                "coverage": round(self.coverage, 3), "mean_pair": round(self.mean_pair, 3)}


def same_barcode(release: SourceRelease, album: Album) -> bool | None:
    """Barcodes compared as numbers (a 12-digit UPC equals the same 13-digit EAN);
    ``None`` when either side has none."""
    if not release.barcodes or not album.upc:
        return None
    return album.upc.lstrip("0") in {b.lstrip("0") for b in release.barcodes}


def _artist_similarity(release: SourceRelease, album: Album) -> float:
    """How well the album's artists (or, for a set a label uploaded, the artists of its
    tracks) are the release's, under any of the names Discogs knows them by (0-1)."""
    if release.compilation or not release.artists:
        return 1.0 if not album.artists or "various" in " ".join(album.artists).casefold() else 0.5
    names = {norm_artist(a) for a in album.artists} | {norm_artist(a) for t in album.tracks
                                                       for a in t.candidate.artists}
    aliases = {norm_artist(a) for t in release.tracks for a in t.aliases}
    per = [max((fuzz.token_set_ratio(form, n) for n in names for form in (norm_artist(a), *aliases)), default=0)
           for a in release.artists]
    return sum(per) / len(per) / 100 if per else 0.0


def _title_similarity(release: SourceRelease, album: Album) -> float:
    """How well the album's title is the release's (0-1): word order aside ("A / B" is
    "B / A"), a catalogue number or artist around it aside ("HES021 - Objekt - A / B")."""
    ours, theirs = record_title(release.title), record_title(album.title)
    if not ours.names or not theirs.names or ours.version != theirs.version:
        return 0.0
    best = max(max(fuzz.token_sort_ratio(a, ours.names[0]), TOKEN_SET_TITLE * fuzz.token_set_ratio(a, ours.names[0]))
               for a in theirs.names)
    return best / 100


def album_fit(release: SourceRelease, album: Album, parsed: list[ParsedSource], weights: MatchWeights,
              floor: float) -> AlbumFit:
    """Align ``album``'s tracks with the release's (``parsed``: its tracks prepared for
    scoring, in order) and judge the album. ``floor``: the score below which a pair is
    no match (``Thresholds.minimum``): such a track is one the album does not hold."""
    tracks = [t.candidate for t in album.tracks]
    scored = [[score(p, c, weights) for c in tracks] for p in parsed]
    # An unplayable track is never the answer (see decide.rank): it takes no pair.
    matrix = np.array([[s.score if s.candidate.playable else 0.0 for s in row] for row in scored]) \
        if tracks else np.zeros((len(parsed), 0))
    assigned = dict(best_assignment(matrix, floor))
    pairs = {r: scored[r][c] for r, c in assigned.items()}
    taken = set(assigned.values())
    runners_up = {}
    for r, c in assigned.items():
        free = [scored[r][k] for k in range(len(tracks)) if k != c and k not in taken and matrix[r, k] > 0]
        if free:
            runners_up[r] = max(free, key=lambda s: s.score)
    order = [c for _, c in sorted(assigned.items())]
    in_order = sum(1 for a, b in zip(order, order[1:]) if b > a) / (len(order) - 1) if len(order) > 1 else 1.0
    return AlbumFit(
        album=album, pairs=pairs, upc=same_barcode(release, album), title=_title_similarity(release, album),
        compilation=album.album_type == "compilation" and not release.compilation,
        artist=_artist_similarity(release, album),
        coverage=len(pairs) / len(parsed) if parsed else 0.0,
        mean_pair=sum(p.score for p in pairs.values()) / len(pairs) if pairs else 0.0,
        in_order=in_order, runners_up=runners_up,
    )


def title_query(release: SourceRelease) -> AlbumQuery | None:
    """The release's title and (unless a compilation) first artist, ``None`` without a
    title to search by."""
    if not record_title(release.title).names:
        return None
    artist = "" if release.compilation or not release.artists else display_artist(release.artists[0])
    return AlbumQuery(title=release.title, artist=artist)


def release_queries(release: SourceRelease, by_barcode: bool = True) -> list[AlbumQuery]:
    """Album searches for a release, most specific first: each barcode as printed and
    in its other length (UPC-A / EAN-13) where the platform searches by barcode, then
    title and artist."""
    queries = []
    for code in release.barcodes[:2] if by_barcode else ():
        queries.append(AlbumQuery(upc=code))
        other = code[1:] if len(code) == 13 and code.startswith("0") else ("0" + code if len(code) == 12 else None)
        if other:
            queries.append(AlbumQuery(upc=other))
    by_title = title_query(release)
    return [*queries, by_title] if by_title else queries


@dataclass
class StageOutcome:
    """What the release stage decided: a result per source position it matched, the
    album it took them from (if any), how it was found and the searches it sent."""

    results: dict[str, MatchResult] = field(default_factory=dict)
    album: AlbumFit | None = None
    found_by: str | None = None  # "tracks" (a glimpse), "barcode" or "title"
    found_query: str | None = None  # the search that found the album, as sent
    queries: list[str] = field(default_factory=list)
    # Wanted positions the album, seen whole, does not hold: the platform most likely
    # lacks them, so one search each is enough (see :data:`LACKING_QUERIES`).
    lacking: set[str] = field(default_factory=set)


def _neutral_album_query(query: AlbumQuery) -> str:
    return query.upc or f"{query.artist} {query.title}".strip()


class ReleaseMatcher:
    """Finds a release's album (or set) and matches its tracks, through the platform
    client's ``search_albums`` and ``album`` (``read_album``) and, where the platform
    has one, ``album_glimpse``: a single search showing albums with their tracks.

    The cheapest look goes first: the glimpse by title and artist (one request, and
    most releases are settled by it), then the barcode, then an album search by title
    and artist, reading at most :data:`MAX_ALBUM_READS` albums. Errors raised by the
    client propagate; the caller falls back to per-track search.
    """

    def __init__(self, search_albums: Callable[[AlbumQuery], list[Album]], read_album: Callable[[str], Album],
                 settings: Settings | None = None, *, platform: str = "",
                 format_query: Callable[[AlbumQuery], str] = _neutral_album_query,
                 glimpse: Callable[[AlbumQuery], list[Album]] | None = None, by_barcode: bool = True):
        self.search_albums = search_albums
        self.read_album = read_album
        self.glimpse = glimpse
        self.by_barcode = by_barcode
        self.weights = settings.weights if settings else MatchWeights()
        self.thresholds = settings.thresholds if settings else Thresholds()
        self.platform = platform
        self.format_query = format_query

    def match(self, release: SourceRelease, wanted: Iterable[SourceTrack],
              exclude: Callable[[SourceTrack], set[str]] = lambda track: set()) -> StageOutcome:
        """Results for the ``wanted`` tracks the release's album settles; ``exclude``
        gives the candidates a person rejected for a track (never taken)."""
        outcome = StageOutcome()
        wanted = {t.position for t in wanted}
        if not wanted or not release.tracks:
            return outcome
        search = _Search(self, release, [parse_source(t) for t in release.tracks], outcome)
        best = search.run()
        if best is None:
            return outcome
        outcome.album = best
        if len(best.album.tracks) >= best.album.total_tracks:
            outcome.lacking = {t.position for i, t in enumerate(release.tracks)
                               if i not in best.pairs and t.position in wanted}
        evidence = {**best.evidence(), "found_by": outcome.found_by}
        for index, pair in best.pairs.items():
            track = release.tracks[index]
            if track.position not in wanted or pair.candidate.id in exclude(track) \
                    or pair.candidate.uri in exclude(track):
                continue
            runner_up = best.runners_up.get(index)
            ambiguous = runner_up is not None and pair.score - runner_up.score < AMBIGUITY_GAP
            decision = decision_for(pair.score, ambiguous, self.thresholds)
            if decision.adds:  # a review-band or ambiguous pair is flagged for a person, as any match
                considered = tuple(replace(s, query=outcome.found_query) for s in (pair, runner_up) if s)
                log.debug("%s %s: %s from album %s", self.platform, track.key, decision, best.album.uri,
                          extra={"match": decision_record(track, self.platform, decision, considered[0], ambiguous,
                                                          outcome.queries, Stage.RELEASE)})
                outcome.results[track.position] = MatchResult(
                    track=track, platform=self.platform, decision=decision, chosen=considered[0],
                    ambiguous=ambiguous, considered=considered, queries=tuple(outcome.queries),
                    stage=Stage.RELEASE, evidence=evidence)
        return outcome


@dataclass
class _Search:
    """One release's look for its album: what was read and fitted so far."""

    matcher: ReleaseMatcher
    release: SourceRelease
    parsed: list[ParsedSource]
    outcome: StageOutcome
    read: set[str] = field(default_factory=set)
    fits: list[AlbumFit] = field(default_factory=list)

    def run(self) -> AlbumFit | None:
        """The confident album, reading as few as possible. The look is the same whichever
        of the release's tracks are still wanted, so a track retried on its own (after a
        fault, or when its search is due again) is judged on the evidence the whole
        release's first look had."""
        by_title = title_query(self.release)
        seen_whole = False
        if self.matcher.glimpse is not None and by_title is not None:
            best, seen_whole = self._glimpse(by_title)
            if best is not None:
                return best
        for query in release_queries(self.release, self.matcher.by_barcode):
            if seen_whole and query == by_title:
                continue  # the glimpse showed every album this search could find
            self.outcome.queries.append(self.matcher.format_query(query))
            found = self.matcher.search_albums(query)
            for album in _shortlist(self.release, found, by_barcode=query.upc is not None):
                if album.id in self.read or len(self.read) >= MAX_ALBUM_READS:
                    continue
                self._fit(album if album.tracks else self._read(album.id))
            best = self._best()
            if best is not None:
                self.outcome.found_by = "barcode" if query.upc else "title"
                self.outcome.found_query = self.outcome.queries[-1]
                return best
            if len(self.read) >= MAX_ALBUM_READS:
                break
        return None

    def _glimpse(self, query: AlbumQuery) -> tuple[AlbumFit | None, bool]:
        """The confident album among those one glimpse shows, read whole when a
        track of the release may be among the tracks it did not show; and whether every album worth
        a look was shown whole."""
        self.outcome.queries.append(self.matcher.format_query(query))
        whole = True
        for album in _shortlist(self.release, self.matcher.glimpse(query), by_barcode=False):
            complete = len(album.tracks) >= album.total_tracks
            whole = whole and complete
            self._fit(album, complete=complete)
        best = self._best()
        if best is None:
            return None, whole
        self.outcome.found_by, self.outcome.found_query = "tracks", self.outcome.queries[-1]
        unpaired = {t.position for i, t in enumerate(self.release.tracks) if i not in best.pairs}
        if len(best.album.tracks) < best.album.total_tracks and unpaired \
                and len(self.read) < MAX_ALBUM_READS:
            full = self._fit(self._read(best.album.id))
            if full.confident:
                return full, True
        return best, whole

    def _read(self, album_id: str) -> Album:
        self.read.add(album_id)
        return self.matcher.read_album(album_id)

    def _fit(self, album: Album, complete: bool = True) -> AlbumFit:
        fit = album_fit(self.release, album, self.parsed, self.matcher.weights, self.matcher.thresholds.minimum)
        if complete:
            self.read.add(album.id)  # seen whole: never worth reading again
        self.fits.append(fit)
        return fit

    def _best(self) -> AlbumFit | None:
        confident = sorted((f for f in self.fits if f.confident), key=AlbumFit.rank)
        if not confident:
            return None
        best = confident[0]
        log.debug("release %d: album %s (%s) covers %.0f%%", self.release.id, best.album.title,
                  best.album.uri, 100 * best.coverage)
        return best


def _shortlist(release: SourceRelease, albums: list[Album], by_barcode: bool) -> list[Album]:
    """The search results worth reading, likeliest first: a barcode query's hits all
    (one whose barcode is known to agree first); otherwise those titled like the
    release, by title then artist."""
    if by_barcode:
        return sorted(albums, key=lambda a: same_barcode(release, a) is not True)
    ranked = sorted(((_title_similarity(release, a), _artist_similarity(release, a), a) for a in albums),
                    key=lambda t: (-t[0], -t[1]))
    return [a for title, artist, a in ranked if title >= SHORTLIST_TITLE and artist >= SAME_ARTIST / 2]
