"""Discogs ``GET /releases/{id}`` payloads into :class:`SourceTrack` objects (pure).

Display forms are kept (``anv``, "(2)" suffixes, "Persuader, The"); the matcher
normalises for comparison. Remixers and featured artists come from the title, from the
artist ``join`` strings and from ``extraartists`` (track level, and release level scoped
by ``tracks`` such as "A1 to B2, C3").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..errors import BadResponse
from ..matching.normalize import display_artist
from ..matching.parse import parse_title
from ..models import Folder, FolderItem, ReleaseInfo, SourceRelease, SourceTrack, TracklistEntry
from . import parses, plausible_duration

SERVICE = "discogs"

# A join of "Featuring" makes every artist after it a featured one ("A Featuring B"); so
# does "Present(s)": "Stretch 'N' Vern Present Maddog" is Stretch 'N' Vern's record, under
# a project name uploads often leave out.
FEATURING_JOINS = frozenset({"featuring", "feat", "feat.", "ft", "ft.", "with", "introducing",
                             "present", "presents", "pres", "pres."})
# "Hank Williams With His Drifting Cowboys", "X Y Su Orquesta": the leader's own band,
# which the other platforms often leave out; credited like a featured artist.
BACKING_JOIN = re.compile(r"^(?:with|and|&|y|con|e|und|et)\s+(?:his|her|their|su|sus|sua|seu|seus|sein|seine|"
                          r"ihr|ihre|son|sa|ses)$", re.I)
REMIX_ROLE = re.compile(r"^(?:remix|remixed by|re-?edit|edited by)\b", re.I)
FEATURING_ROLE = re.compile(r"^(?:featuring|vocals? \[featuring\])", re.I)
# The track's singer, credited apart from its artist: a film song's playback singer under
# the music director's name ("Laxmikant-Pyarelal", "Vocals – Alka Yagnik"), a band's
# vocalist. Platforms credit the singer. (Not backing vocals.)
SINGER_ROLE = re.compile(r"(?:^|,\s*)(?:lead\s+)?(?:vocals?|voice)(?:\s*\[lead\])?\s*(?:,|$)", re.I)
_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,3}):(\d{1,2})$")
_NO_CATNO = {"", "none", "n/a", "-"}
# Fewer digits than a UPC-E code are a typo or a matrix fragment, not a barcode.
MIN_BARCODE_DIGITS = 8
MAX_INDEX_DEPTH = 3


def parse_duration(text: str | None) -> int | None:
    """``"M:SS"``, ``"MM:SS"`` or ``"H:MM:SS"`` in seconds; ``None`` for "" or unparseable text."""
    match = _DURATION.match((text or "").strip())
    if not match:
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    return total if plausible_duration(total) else None


def credited_name(artist: Mapping) -> str:
    """The name as credited on this release: ``anv`` when set, else ``name``."""
    return str(artist.get("anv") or artist.get("name") or "").strip()


def _credited(artists: Iterable) -> list[tuple[str, str]]:
    """``(credited name, join)`` of each usable artist object, in order."""
    found = []
    for artist in artists:
        if isinstance(artist, Mapping) and credited_name(artist):
            found.append((credited_name(artist), str(artist.get("join") or "").strip()))
    return found


def join_credit(artists: Iterable, *, display: bool = False) -> str:
    """A Discogs artist list as one credit, the way Discogs writes it.

    Each artist's ``join`` connects it to the next: a comma attaches to the name
    before it ("A, B"), any other join stands between spaces ("A & B", "A Featuring
    B"), and an empty join still separates the names ("A B"). A join after the last
    artist is dropped. ``display`` writes each name as people do ("Disclosure (3)" ->
    "Disclosure", "Chemical Brothers, The" -> "The Chemical Brothers"): for screens
    only, never for comparison or for looking a name up on Discogs.
    """
    credit = ""
    for name, join in _credited(artists):
        shown = display_artist(name) if display else name
        credit += shown + (", " if join == "," else f" {join} " if join else " ")
    return re.sub(r"\s+", " ", credit).strip(" ,")


def split_credit(artists: Iterable[Mapping]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """``(performers, featured, credit)`` from a Discogs artist list and its joins."""
    performers: list[str] = []
    featured: list[str] = []
    after_featuring = False
    credited = _credited(artists)
    for name, join in credited:
        (featured if after_featuring else performers).append(name)
        after_featuring = after_featuring or join.casefold() in FEATURING_JOINS or bool(BACKING_JOIN.match(join))
    return tuple(performers), tuple(featured), join_credit(artists)


def _flatten(tracklist: list, depth: int = 0) -> list[Mapping]:
    """Playable entries in order: headings skipped, an index's ``sub_tracks`` in its place.

    An entry that is not an object (a null) is no track and is skipped; an unknown
    ``type_`` is read as a track, as a missing one is.
    """
    flat: list[Mapping] = []
    for entry in tracklist:
        if not isinstance(entry, Mapping):
            continue
        kind = entry.get("type_") or "track"
        if kind == "heading":
            continue
        if kind == "index":
            subs = entry.get("sub_tracks")
            # Discogs nests one level; deeper nesting is not a real tracklist.
            if isinstance(subs, list) and depth < MAX_INDEX_DEPTH:
                flat.extend(_flatten(subs, depth + 1))
        else:
            flat.append(entry)
    return flat


def _in_scope(scope: str, position: str, order: Mapping[str, int]) -> bool:
    """Whether a release-level credit's ``tracks`` ("A1 to B2, C3"; "" = all) covers ``position``."""
    if not scope.strip():
        return True
    here = order.get(position)
    for part in scope.split(","):
        bounds = [b.strip() for b in re.split(r"\s+to\s+", part.strip(), flags=re.I)]
        if len(bounds) == 1 and bounds[0] == position:
            return True
        if len(bounds) == 2 and here is not None:
            lo, hi = order.get(bounds[0]), order.get(bounds[1])
            if lo is not None and hi is not None and lo <= here <= hi:
                return True
    return False


def name_forms(artist: Mapping) -> tuple[str, ...]:
    """Every name one credited artist goes by on Discogs: the ``anv`` it is credited
    under here (when set), then its ``name``."""
    forms = (str(artist.get("anv") or "").strip(), str(artist.get("name") or "").strip())
    return tuple(dict.fromkeys(f for f in forms if f))


def _credits(extraartists: Iterable[Mapping], role: re.Pattern[str]) -> list[str]:
    """Every name form of the extra artists whose role matches (a remixer credited as
    "Shep Pettibone" with anv "S. Pettibone" is known by both)."""
    return [form for a in extraartists if role.search(str(a.get("role") or "")) for form in name_forms(a)]


def _aliases(artists: Iterable, credited: tuple[str, ...]) -> tuple[str, ...]:
    """The performers' other names: each artist's forms beyond the one credited."""
    known = set(credited)
    return tuple(dict.fromkeys(form for a in artists if isinstance(a, Mapping)
                               for form in name_forms(a) if form not in known))


def _formats(release: Mapping) -> tuple[str, ...]:
    """Format names, descriptions and free text of a release ('Vinyl', '12"', 'Single', 'Live')."""
    found: list[str] = []
    for fmt in release.get("formats") or []:
        if not isinstance(fmt, Mapping):
            continue
        descriptions = fmt.get("descriptions") if isinstance(fmt.get("descriptions"), list) else []
        found += [str(fmt.get("name") or ""), *map(str, descriptions), str(fmt.get("text") or "")]
    return tuple(dict.fromkeys(f.strip() for f in found if f and f.strip()))


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(display_artist(name).casefold(), name)
    return tuple(seen.values())


def _labels(release: Mapping) -> tuple[tuple[str, ...], tuple[str, ...]]:
    labels = [l for l in release.get("labels") or [] if isinstance(l, Mapping)]
    names = _unique(str(l.get("name") or "") for l in labels if l.get("name"))
    catnos = tuple(dict.fromkeys(
        str(l.get("catno") or "").strip() for l in labels
        if str(l.get("catno") or "").strip().casefold() not in _NO_CATNO
    ))
    return names, catnos


def release_year(release: Mapping) -> int | None:
    """The release's year, ``None`` when Discogs has none (it writes 0) or it is no year."""
    year = release.get("year")
    return year if isinstance(year, int) and not isinstance(year, bool) and 0 < year < 10_000 else None


def source_track(release: Mapping, track: Mapping, index: int = 0,
                 order: Mapping[str, int] | None = None) -> SourceTrack:
    """One tracklist entry of ``release`` as a :class:`SourceTrack`.

    ``order`` maps positions to their index in the flattened tracklist, for scoped
    release-level credits; without it only exact positions match a scope.
    """
    order = order or {}
    position = str(track.get("position") or "")
    own_artists = track.get("artists") or []
    credited = own_artists or release.get("artists") or []
    performers, featured, credit = split_credit(credited)
    title = str(track.get("title") or "")
    parsed = parse_title(title)
    release_extra = [a for a in release.get("extraartists") or []
                     if isinstance(a, Mapping) and _in_scope(str(a.get("tracks") or ""), position, order)]
    track_extra = [a for a in track.get("extraartists") or [] if isinstance(a, Mapping)]
    remixers = _unique([*parsed.remixers, *_credits(track_extra, REMIX_ROLE), *_credits(release_extra, REMIX_ROLE)])
    featured_all = _unique([*featured, *parsed.featured, *_credits(track_extra, FEATURING_ROLE),
                            *_credits(release_extra, FEATURING_ROLE), *_credits(track_extra, SINGER_ROLE)])
    labels, catnos = _labels(release)
    return SourceTrack(
        # where it is, what it is called and how long it is
        release_id=int(release.get("id") or 0), position=position, index=index, title=title,
        duration_s=parse_duration(str(track.get("duration") or "")),
        # who made it
        artists=performers, artist_credit=credit, featured=featured_all, remixers=remixers,
        aliases=_aliases(credited, performers + featured_all), compilation=bool(own_artists),
        artist_display=join_credit(credited, display=True),
        # the release it comes from
        release_title=str(release.get("title") or ""), labels=labels, catnos=catnos, formats=_formats(release),
        year=release_year(release),
    )


@parses(SERVICE, "a release payload")
def source_tracks(release: dict) -> list[SourceTrack]:
    """Every playable track of a ``GET /releases/{id}`` payload, in tracklist order.

    A missing or null ``tracklist`` is a release without tracks. Raises
    :class:`BadResponse` when the payload is not a release object (not a dict, no
    integer ``id``, or a ``tracklist`` that is not a list).
    """
    if not isinstance(release, Mapping) or isinstance(release.get("id"), bool) or \
            not isinstance(release.get("id"), (int, str)):
        raise BadResponse("A Discogs release payload has no id.", service="discogs")
    int(release["id"])  # a non-numeric id raises here, before any track is built
    tracklist = release.get("tracklist") or []
    if not isinstance(tracklist, list):
        raise BadResponse(f"Discogs release {release.get('id')} has a malformed tracklist.", service="discogs")
    flat = _flatten(tracklist)
    order = {str(t.get("position") or ""): i for i, t in enumerate(flat)}
    return [source_track(release, t, i, order) for i, t in enumerate(flat)]


# Where a release's page is when the payload does not say (``uri`` is its page).
RELEASE_PAGE = "https://www.discogs.com/release/"


def release_info(release: Mapping) -> ReleaseInfo:
    """A ``GET /releases/{id}`` payload as its release page shows it (see :class:`ReleaseInfo`).

    Raises :class:`BadResponse` when the payload is not a release object.
    """
    if not isinstance(release, Mapping) or "id" not in release:
        raise BadResponse("A Discogs release payload has no id.", service=SERVICE)
    artists = join_credit(release.get("artists") or [], display=True)
    images = [i for i in release.get("images") or [] if isinstance(i, Mapping)]
    primary = next((i for i in images if i.get("type") == "primary"), images[0] if images else {})
    return ReleaseInfo(
        id=int(release["id"]), title=str(release.get("title") or ""), artists=artists, year=release_year(release),
        labels=_label_lines(release), formats=_format_line(release),
        cover_url=str(primary.get("uri") or release.get("cover_image") or ""),
        thumb_url=str(primary.get("uri150") or release.get("thumb") or primary.get("uri") or ""),
        page_url=str(release.get("uri") or f"{RELEASE_PAGE}{release['id']}"),
        tracklist=tuple(_entries(release.get("tracklist") or [], artists)),
    )


def _label_lines(release: Mapping) -> tuple[str, ...]:
    lines = []
    for label in release.get("labels") or []:
        if not isinstance(label, Mapping) or not label.get("name"):
            continue
        catno = str(label.get("catno") or "").strip()
        name = display_artist(str(label["name"]))
        lines.append(name if catno.casefold() in _NO_CATNO else f"{name} – {catno}")
    return tuple(dict.fromkeys(lines))


def _format_line(release: Mapping) -> str:
    """The release's formats as its page writes them ("2×Vinyl, 12\", Album; CD")."""
    parts = []
    for fmt in release.get("formats") or []:
        if not isinstance(fmt, Mapping):
            continue
        qty = str(fmt.get("qty") or "1")
        name = str(fmt.get("name") or "")
        words = [f"{qty}×{name}" if qty not in ("", "1") else name, *map(str, fmt.get("descriptions") or [])]
        if fmt.get("text"):
            words.append(str(fmt["text"]))
        parts.append(", ".join(w for w in words if w))
    return "; ".join(parts)


def _entries(tracklist: Iterable, release_artist: str) -> list[TracklistEntry]:
    entries = []
    for raw in tracklist:
        if not isinstance(raw, Mapping):
            continue
        kind = raw.get("type_") or "track"
        if kind == "heading":
            entries.append(TracklistEntry("", str(raw.get("title") or ""), heading=True))
            continue
        if kind == "index":
            entries.append(TracklistEntry(str(raw.get("position") or ""), str(raw.get("title") or ""),
                                          str(raw.get("duration") or ""), heading=True))
            entries += _entries(raw.get("sub_tracks") or [], release_artist)
            continue
        artist = join_credit(raw.get("artists") or [], display=True)
        entries.append(TracklistEntry(str(raw.get("position") or ""), str(raw.get("title") or ""),
                                      str(raw.get("duration") or ""), "" if artist == release_artist else artist))
    return entries


def folder(raw: object, route: str) -> Folder:
    """One entry of ``GET /users/{username}/collection/folders``. Raises :class:`BadResponse`."""
    try:
        return Folder(id=int(raw["id"]), name=str(raw["name"]), count=int(raw.get("count", 0)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadResponse(f"Discogs {route}: a folder entry lacks id/name ({exc}).", service=SERVICE) from exc


def folder_item(raw: object, folder_id: int, route: str) -> FolderItem:
    """One release instance of a folder page (or a wantlist entry) as a :class:`FolderItem`.

    Raises :class:`BadResponse` when it names no release.
    """
    if not isinstance(raw, Mapping):
        raise BadResponse(f"Discogs {route}: an item is not an object.", service=SERVICE)
    info = raw.get("basic_information") if isinstance(raw.get("basic_information"), Mapping) else {}
    try:
        release_id = int(raw.get("id") or info["id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadResponse(f"Discogs {route}: an item has no release id.", service=SERVICE) from exc
    return FolderItem(
        folder_id=folder_id,
        release_id=release_id,
        instance_id=raw.get("instance_id"),
        date_added=raw.get("date_added"),
        title=str(info.get("title", "")),
        artist=join_credit(info.get("artists") or []),
    )


def barcodes(release: Mapping) -> tuple[str, ...]:
    """The release's barcodes (``identifiers`` of type Barcode) as digits, in order."""
    found = []
    for ident in release.get("identifiers") or []:
        if isinstance(ident, Mapping) and str(ident.get("type") or "").casefold() == "barcode":
            digits = "".join(ch for ch in str(ident.get("value") or "") if ch.isdigit())
            if len(digits) >= MIN_BARCODE_DIGITS:
                found.append(digits)
    return tuple(dict.fromkeys(found))


def source_release(release: Mapping, tracks: list[SourceTrack] | None = None) -> SourceRelease:
    """A ``GET /releases/{id}`` payload as a :class:`SourceRelease` (``tracks``: its
    source tracks when already derived). Raises :class:`BadResponse` like
    :func:`source_tracks`."""
    tracks = source_tracks(release) if tracks is None else tracks
    performers, _, credit = split_credit(release.get("artists") or [])
    labels, catnos = _labels(release)
    return SourceRelease(
        id=int(release.get("id") or 0), title=str(release.get("title") or ""), artists=performers,
        artist_credit=credit, year=release_year(release),
        barcodes=barcodes(release), labels=labels, catnos=catnos, formats=_formats(release),
        tracks=tuple(tracks), compilation=any(t.compilation for t in tracks),
    )
