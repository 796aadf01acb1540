"""Platform-neutral models shared by the clients, the matcher, the tracker and the engine.

Clients turn API payloads into these (see ``song_automations/adapters``); nothing past
the adapters looks at a raw payload or asks which platform it came from, except where a
platform fact is the point (playlist size limits live on the client).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

@dataclass(frozen=True, slots=True)
class Folder:
    """A Discogs collection folder, or the wantlist (``id`` = :data:`WANTLIST_FOLDER_ID`)."""

    id: int
    name: str
    count: int = 0


# The wantlist is synced like a folder; Discogs folder ids are >= 0, so -1 is free.
WANTLIST_FOLDER_ID = -1
WANTLIST_NAME = "Wantlist"


@dataclass(frozen=True, slots=True)
class FolderItem:
    """One release instance in a folder (or on the wantlist), in Discogs order."""

    folder_id: int
    release_id: int
    instance_id: int | None = None
    date_added: str | None = None
    title: str = ""
    artist: str = ""


@dataclass(frozen=True, slots=True)
class SourceTrack:
    """One playable track of a Discogs release.

    ``artists`` are the performing artists as credited on the release (``anv`` preferred,
    the ``(n)`` suffix and "Name, The" kept as Discogs writes them); ``artist_credit``
    joins them with Discogs' ``join`` strings. Both feed the matcher. ``artist_display``
    is the same credit as people write it ("The Chemical Brothers", no "(3)"), for
    screens only (empty when unknown: :attr:`shown_artist` falls back). ``aliases``
    are the other names the same performers go by on Discogs (the artist ``name``
    where the credit used an ``anv``, and the reverse), which platforms often use
    instead. ``remixers`` and ``featured`` come from titles and ``extraartists`` (a
    remixer under both its name and its ``anv``). ``duration_s`` is ``None`` when
    Discogs has no duration. ``formats`` are the release's format names and
    descriptions ("Vinyl", '12"', "Single", "Live", "Mono", "Mixed"...).
    ``compilation`` is True when the track carries its own artists (a compilation or
    split), so the release's artists did not perform it.
    """

    release_id: int
    position: str
    title: str
    artists: tuple[str, ...]
    artist_credit: str = ""
    featured: tuple[str, ...] = ()
    remixers: tuple[str, ...] = ()
    duration_s: int | None = None
    release_title: str = ""
    year: int | None = None
    labels: tuple[str, ...] = ()
    catnos: tuple[str, ...] = ()
    index: int = 0  # order within the release's flattened tracklist
    aliases: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    compilation: bool = False
    artist_display: str = ""

    @property
    def shown_artist(self) -> str:
        """The artist credit to show a person: the display form, else Discogs' own."""
        return self.artist_display or self.artist_credit or ", ".join(self.artists)

    @property
    def key(self) -> str:
        """``"<release_id>:<position>"``, the key used by the tracker and the truth file."""
        return f"{self.release_id}:{self.position}"


@dataclass(frozen=True, slots=True)
class SourceRelease:
    """A Discogs release as the release stage sees it: what identifies its digital
    counterpart (title, artists, year, barcodes as digits, labels and catalogue numbers,
    formats) and its playable tracks in tracklist order."""

    id: int
    title: str
    artists: tuple[str, ...]
    artist_credit: str = ""
    year: int | None = None
    barcodes: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    catnos: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    tracks: tuple[SourceTrack, ...] = ()
    compilation: bool = False  # tracks carry their own artists (various artists, splits)


@dataclass(frozen=True, slots=True)
class TracklistEntry:
    """One line of a release's tracklist as Discogs shows it: a track (``artist`` only
    when it differs from the release's), or a ``heading`` ("Side A")."""

    position: str
    title: str
    duration: str = ""
    artist: str = ""
    heading: bool = False


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """A Discogs release as a person reads it on its page: names in display form,
    ``labels`` as "Label – catalogue number", ``formats`` as "2×Vinyl, 12", Album",
    the cover image addresses ("" when there is none) and the release page."""

    id: int
    title: str
    artists: str
    year: int | None
    labels: tuple[str, ...]
    formats: str
    cover_url: str
    thumb_url: str
    page_url: str
    tracklist: tuple[TracklistEntry, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One platform track as the matcher sees it.

    ``id`` is the Spotify track id or the SoundCloud track URN; ``uri`` is what a
    playlist holds (``spotify:track:<id>``, or the URN). ``title`` and ``artists`` are
    what the adapter derived from the platform's conventions (a SoundCloud uploader
    that is a label channel is not the artist); ``raw_title`` is exactly as shown.
    ``popularity`` is in [0, 1] and ``verified`` a bool, each ``None`` when the platform
    does not report it: absent is not zero. ``explicit`` is the platform's content flag
    (Spotify's ``explicit``), ``None`` when unknown. ``artist_from_title`` is True when
    the artists were read from an "Artist - Title" prefix rather than a credit field, so
    the two halves may be the other way round. ``album_year`` and ``album_type``
    ("album", "single", "compilation") describe the album the track sits on, where the
    platform says.
    """

    platform: str
    id: str
    uri: str
    title: str
    artists: tuple[str, ...]
    raw_title: str = ""
    uploader: str | None = None
    album: str | None = None
    album_year: int | None = None
    album_type: str | None = None
    label: str | None = None
    duration_s: float | None = None
    isrc: str | None = None
    popularity: float | None = None
    verified: bool | None = None
    url: str | None = None
    playable: bool = True
    explicit: bool | None = None
    artist_from_title: bool = False


class Decision(StrEnum):
    """What the sync does with a track's best candidate."""

    ACCEPTED = "accepted"  # >= HIGH_CONFIDENCE and unambiguous: added, no review
    REVIEW = "review"  # >= MEDIUM_CONFIDENCE: added, flagged for review
    LOW = "low"  # >= MIN_CONFIDENCE: not added; shown as the best candidate of a miss
    NONE = "none"  # nothing at or above MIN_CONFIDENCE

    @property
    def adds(self) -> bool:
        """True when the chosen candidate goes into the playlist."""
        return self in (Decision.ACCEPTED, Decision.REVIEW)


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    """A candidate with its total score in [0, 1] and the named components behind it.

    ``components`` maps a component name to its value in [0, 1], or ``None`` when the
    component does not apply (unknown duration, no popularity): ``None`` components
    are left out of the weighted mean.
    """

    candidate: Candidate
    score: float
    components: dict[str, float | None]
    query: str | None = None


@dataclass(frozen=True, slots=True)
class AlbumTrack:
    """One track of an album or set, where it sits (disc, number: 1-based)."""

    candidate: Candidate
    disc: int = 1
    number: int = 0


@dataclass(frozen=True, slots=True)
class Album:
    """A platform's album (Spotify) or set (SoundCloud) as the release stage sees it.

    ``upc`` is the barcode as digits (Spotify ``external_ids.upc``, SoundCloud ``ean``),
    ``None`` when not reported; ``label`` and ``year`` likewise. ``tracks`` is every
    track in album order, empty for a search result not read yet; ``total_tracks`` is
    what the platform says the album holds.
    """

    platform: str
    id: str
    uri: str
    title: str
    artists: tuple[str, ...]
    album_type: str = "album"
    upc: str | None = None
    year: int | None = None
    label: str | None = None
    total_tracks: int = 0
    tracks: tuple[AlbumTrack, ...] = ()
    url: str | None = None


class Stage(StrEnum):
    """Which part of the matcher decided a track."""

    RELEASE = "release"  # aligned on the release's album or set, no per-track search
    TRACK = "track"  # searched on its own


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The matcher's answer for one source track on one platform.

    ``stage`` says how it was decided; ``evidence`` holds the release stage's album
    facts (album uri and title, its confidence, barcode agreement) for review screens.
    """

    track: SourceTrack
    platform: str
    decision: Decision
    chosen: ScoredCandidate | None
    ambiguous: bool = False
    considered: tuple[ScoredCandidate, ...] = ()
    queries: tuple[str, ...] = ()
    stage: Stage = Stage.TRACK
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RemotePlaylist:
    """A playlist as the platform holds it; ``items`` are track URIs/URNs in order."""

    platform: str
    id: str
    name: str
    items: tuple[str, ...] = ()
    snapshot: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AlbumQuery:
    """One platform-neutral album search: by barcode (``upc``, digits), or by title and
    artist (and ``year`` where the platform filters by it)."""

    title: str = ""
    artist: str = ""
    year: int | None = None
    upc: str | None = None


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """One platform-neutral search; each client formats it in its platform's syntax.

    ``version`` (e.g. ``"Hardfloor Remix"``) is left out of the query text when
    ``None``. ``text`` overrides everything with a literal query string.
    """

    artist: str
    title: str
    version: str | None = None
    album: str | None = None
    isrc: str | None = None
    text: str | None = None
