"""One candidate against one source track: named components and a normalised total.

The total is the weighted mean over the components a candidate actually has (a
component that is ``None`` drops out and the other weights are renormalised, so a
platform without popularity is never penalised for it), plus
``version_match_bonus`` when the source's remix/edit/dub matches the candidate's,
clipped to [0, 1]. Equal ISRCs are decisive: the total is then 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..models import Candidate, ScoredCandidate, SourceTrack
from ..platforms import REGISTRY
from ..settings import COMPONENTS, MatchWeights
from . import components as c
from . import versions as v
from .normalize import display_artist, fold, in_script, norm, norm_artist, script
from .parse import (REWORKS, SPEED_CHANGED, YEAR_WORD, ParsedTitle, VersionType, bracketed, classify_version,
                    parse_title, record_version, split_artist_title, split_names, split_segments, strip_featuring,
                    title_languages)
from .versions import SourceVersion

# Components that enter the weighted mean, in storage/display order (MatchWeights' fields).
WEIGHTED = COMPONENTS
# Stored next to them: 1.0 when the bonus applied, 0.0 when it could have and did not,
# None when the source is no rework. Not weighted; lets re-scoring re-apply the bonus.
BONUS = "bonus"
# Stored too: the share of the total a candidate keeps after strong evidence against it.
VETO = "veto"
# A duration agreement this low (raw, before title scaling: about 12 % apart) vetoes...
DURATION_FAR = 0.05
# ...keeping this share of the score: below the review line for all but perfect others.
DURATION_VETO = 0.7
# A different ISRC from the one another platform's confident match carries: another
# recording as a rule (an ISRC names one recording), though remasters and reissues are
# sometimes given new ones, so a near-perfect candidate falls to review, not out.
ISRC_VETO = 0.8
# A clean edit for the explicit cut, the stereo mix for a mono record, a version in another
# language (see ``versions._markers``): another cut, however well the rest agrees, so the
# best such candidate falls under the review line, shown as the closest miss. A wrong
# cut in a playlist is worse than none.
MARKER_VETO = 0.9
# Every column a candidate's breakdown holds, in display order (history, re-scoring, screens).
STORED = (*WEIGHTED, BONUS, VETO)
# From 1969 records were made in stereo (UK and US labels stopped mono LPs in 1968-69):
# a later release unmarked is stereo, an earlier one may be either.
STEREO_ERA = 1969
# A band named after its leader's credit ("& His Orchestra", "Y Su Conjunto").
_LEADERS_BAND = re.compile(r"^(?:his|her|their|su|sus|seu|sua)\s", re.I)
# A title naming a guest the source does not credit ("Wavin' Flag (feat. David Bisbal)"
# beside the single's own "Wavin' Flag"): likely that guest's version, so it keeps a
# little less than the one without (scores above 1 are clipped, so only a factor tells
# the two apart). Not for a source that is the vocal version: that names its singer.
GUEST_ADDED = 0.97
# Discogs joins a work's composer to its performers with an en dash.
COMPOSER_JOIN = " \u2013 "
# A candidate this close on artist and title is the source's song by its performer
# (another edition or version of it), as far as its explicit flag tells the song's.
SAME_PERFORMER, SAME_SONG = 0.75, 0.9
# How long a copy sped up (by 10-40 %) or slowed (by 8-30 %) lasts, in source lengths.
AT_ANOTHER_SPEED = ((0.7, 0.91), (1.08, 1.45))
# A title this close (calibrated) by the same artist, as long to the second, is the
# same title spelled otherwise: word for word, numbers alike (see components.spelled_alike).
SPELLED_FLOOR, SPELLED_ALIKE = 0.75, 0.95
# Discogs' format descriptions of a clean issue.
_CLEAN_FORMATS = frozenset({"edited", "clean"})
# Discogs format words for the record a cut was made for.
_SINGLE_FORMATS = frozenset({'7"', "single", "45 rpm"})
_TWELVE_FORMATS = frozenset({'12"', "maxi-single", "12\u2033"})
_ALBUM_FORMATS = frozenset({"lp", "album"})
# "X As Y": one performer under a second name.
_AS_PERSONA = re.compile(r"\s+as\s+", re.I)
# Discogs' format description of a DJ mix.
MIXED_FORMAT = "mixed"
# The remixer's name in another song's title is no reason for a bonus.
BONUS_MIN_TITLE = 0.5
# A title part naming the source's performer this closely (0-100) is a credit.
CREDIT_IN_TITLE = 90
# An "A - B" upload is read the other way round only when A is clearly not the artist.
SWAP_BELOW = 0.5
# "Title by Artist", "Artist: Title", "Artist 'Title'": uploads that name the performer
# in the title (each with the characters it needs, a quick test before the pattern).
_TITLE_CREDITS = (
    (re.compile(r"^(?P<title>.+)\s+by\s+(?P<artist>[^()\[\]]+?)(?P<rest>\s*[(\[].*)?$", re.I),
     (" by ", " By ", " BY ")),
    (re.compile(r"^(?P<artist>[^:()\[\]]+?)\s*:\s+(?P<title>.+?)(?P<rest>)$"), (": ",)),
    # "Basic Channel - Quadrant Dub (1)": a title that reads like a version ("... Dub")
    # kept the adapter from splitting off the artist.
    (re.compile(r"^(?P<artist>[^()\[\]]+?)\s+[-\u2013\u2014]\s+(?P<title>.+?)(?P<rest>)$"),
     (" - ", " \u2013 ", " \u2014 ")),
    (re.compile(r"^(?P<artist>[^'\"\u2018\u201c()\[\]]+?)\s+['\"\u2018\u201c]"
                r"(?P<title>[^'\"\u2019\u201d]+)['\"\u2019\u201d]\s*(?P<rest>.*)$"), ("'", '"', "\u2018", "\u201c")),
)
# A reading of the title counts only when it names the source's performer this well.
NAMED_IN_TITLE = 0.9
# A short or long form of the title counts as the title only for a candidate whose
# artist agrees this well (and whose duration agrees to the second).
SHORT_FORM_ARTIST = 0.9
# A dash part naming this many people ("Spivakov / Bezrodny") lists performers.
PERFORMER_LIST = 2


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """A source track prepared once for scoring against many candidates.

    ``title`` carries the version as far as the source says it (the release's live or
    a cappella status, a credited remixer, filled in for an unmarked title);
    ``version`` says where that came from and what the record is.
    ``duration_s`` is ``None`` when the source's duration says nothing about the
    recording (a track of a DJ mix is cut to the mix).
    """

    track: SourceTrack
    title: ParsedTitle
    release: c.RecordTitle
    artists: tuple[str, ...]
    credit: str
    remixers: tuple[str, ...]
    labels: tuple[str, ...]
    catnos: tuple[str, ...]
    isrc: str | None = None
    aliases: tuple[str, ...] = ()
    # The guests the track credits ("Featuring Victoria Beckham"), comparison forms.
    guests: tuple[str, ...] = ()
    version: SourceVersion = SourceVersion()
    duration_s: float | None = None
    # Words of the release's title an uploader's bracket may name ("(Alina, ECM 1591)").
    release_words: frozenset[str] = frozenset()
    # The composers of a classical credit ("Allegri – King's College Choir, Willcocks":
    # Discogs joins the composer to the performers with a dash), comparison forms.
    composers: tuple[str, ...] = ()

    @property
    def credited(self) -> tuple[str, ...]:
        """Every name the source credits: performers, their aliases and guests."""
        return (*self.artists, *self.aliases, *self.guests)


def parse_source(track: SourceTrack, isrc: str | None = None) -> ParsedSource:
    """Comparison forms of ``track``'s title, artists, remixers, labels and catalogue numbers.

    ``isrc`` is the source recording's ISRC when one is known (Discogs rarely has it).
    """
    parsed = parse_title(track.title)
    remixers = tuple(dict.fromkeys(n for n in map(norm_artist, (*track.remixers, *parsed.remixers)) if n))
    title, origin = _read_version(parsed, track, remixers)
    labels = tuple(f for f in map(c.label_forms, track.labels) if f)
    catnos = tuple(n.replace(" ", "") for n in map(norm, track.catnos) if n)
    formats = frozenset(f.casefold() for f in track.formats)
    channels = parsed.channels or _format_channels(formats, track.year)
    artists = _performers(track.artists)
    release = c.without_performer(c.record_title(track.release_title), artists)
    release_title = parse_title(track.release_title or "")
    common = frozenset(w for name in (*artists, parsed.base_norm) for w in name.split())
    record_words = frozenset({*(w for label in labels for w in label.split()), *catnos,
                              *filter(None, (c.initials(norm(label)) for label in track.labels)),
                              *(w for n in map(norm, track.catnos) for w in n.split() if len(w) >= 2),
                              *([str(track.year)] if track.year else [])})
    return ParsedSource(
        track=track,
        title=title,
        release=release,
        artists=artists,
        credit=norm(" ".join((*track.artists, *track.featured))),
        remixers=remixers,
        labels=labels,
        catnos=catnos,
        isrc=isrc,
        aliases=tuple(n for n in dict.fromkeys(map(norm_artist, (*track.aliases, *_persona_names(track.artists))))
                      if n),
        guests=tuple(n for n in map(norm_artist, track.featured) if n),
        version=SourceVersion(origin=origin, remixers=remixers, record_words=record_words, channels=channels,
                              content=parsed.content or _format_content(formats) or release_title.content,
                              release_norm=release.names[0] if release.names else "",
                              release_cut=_release_cut(formats), compilation=track.compilation,
                              soundtrack=v.SOUNDTRACK_RELEASE.search(track.release_title or "") is not None,
                              rerecorded=parsed.rerecorded or release.rerecorded,
                              occasion=v.occasion((title.version_text, track.release_title), common)
                              if title.version is VersionType.LIVE else frozenset(),
                              common_words=common, year=track.year,
                              languages=title_languages(parsed, track.title) | _named_language(release_title)),
        # A DJ mix's track lengths are the mix's, not the recordings'.
        duration_s=None if MIXED_FORMAT in formats else track.duration_s,
        release_words=frozenset(w for name in release.names[:1] for w in name.split() if len(w) >= v.SHORT_NAME),
        composers=_composers(track, artists),
    )


def _named_language(release: ParsedTitle) -> frozenset[str]:
    """The language a release title names ("Made (Japanese Version)"), if any."""
    return frozenset({release.language}) if release.language else frozenset()


def _format_content(formats: frozenset[str]) -> str | None:
    """The edit a release holds as its formats say: Discogs describes a clean issue as
    "Edited" (or "Clean")."""
    return "clean" if formats & _CLEAN_FORMATS else None


def _format_channels(formats: frozenset[str], year: int | None) -> str | None:
    """The mix a release holds, as its formats say; a release from the stereo era that
    does not say is stereo (its mono mix would be marked)."""
    if "mono" in formats and "stereo" not in formats:
        return "mono"
    if "stereo" in formats and "mono" not in formats:
        return "stereo"
    return "stereo" if year is not None and year >= STEREO_ERA else None


def _release_cut(formats: frozenset[str]) -> str | None:
    """The format the release was cut for: a 7" single, a 12" (maxi-single, even when
    Discogs also calls it a "Single"), an album."""
    if '7"' in formats:
        return "single"
    if formats & _TWELVE_FORMATS:
        return "12inch"
    if formats & _SINGLE_FORMATS:
        return "single"
    return "album" if formats & _ALBUM_FORMATS else None


def _read_version(title: ParsedTitle, track: SourceTrack, remixers: tuple[str, ...]) -> tuple[ParsedTitle, str]:
    """The source's version and where it was read from: its title; else the release
    (live, a cappella and instrumental releases do not mark each track); else a remixer
    Discogs credits on the track."""
    if title.version_text is not None:
        return title, v.FROM_TITLE
    formats = {f.casefold() for f in track.formats}
    if "live" in formats:
        return replace(title, version=VersionType.LIVE, version_text=track.release_title or "Live"), v.FROM_FORMAT
    told = record_version(track.release_title)
    if told is VersionType.LIVE and "mixed" in formats:
        # "Live On The Beach" for a DJ mix: the records it mixes are studio recordings.
        told = None
    if told is not None:
        # "2001 Instrumentals", "The Black Album (Acapella)", "Roseland NYC Live": every
        # unmarked track is so.
        return replace(title, version=told, version_text=track.release_title), v.FROM_RELEASE
    if remixers:
        text = f"{' & '.join(track.remixers or remixers)} Remix"
        return replace(title, version=VersionType.REMIX, version_text=text, remixers=remixers), v.FROM_CREDITS
    return title, v.UNMARKED


def _persona_names(artists: tuple[str, ...]) -> list[str]:
    """Both names of "DJ Rolando As The Aztec Mystic": uploads credit either."""
    return [part for artist in artists for part in _AS_PERSONA.split(display_artist(artist)) if " as " in
            f" {display_artist(artist).casefold()} "]


def _composers(track: SourceTrack, performers: tuple[str, ...]) -> tuple[str, ...]:
    """Comparison forms of the artists a classical credit names before its dash
    ("Gregorio Allegri, Giovanni Pierluigi da Palestrina – King's College Choir Of
    Cambridge, The, David Willcocks"): the composers, whom every recording of the work
    credits alike. None unless some of ``performers`` (all, comparison forms) are not."""
    before, dash, _ = track.artist_credit.partition(COMPOSER_JOIN)
    if not dash:
        return ()
    found = tuple(n for n in (norm_artist(display_artist(a)) for a in track.artists if a in before) if n)
    return found if len(found) < len(performers) else ()


def _performers(artists: tuple[str, ...]) -> tuple[str, ...]:
    """Comparison forms of the performers; a joined credit ("A & B", as stores export
    it) counts as its parts."""
    names: list[str] = []
    # ("K. Frimpong" & "His Cubano Fiestas" as two credits: the same band.)
    for artist in (a for i, a in enumerate(artists) if i == 0 or not _LEADERS_BAND.match(display_artist(a))):
        # Discogs' "Orb, The" is one name: put the article back before splitting on commas.
        # "X featuring Y" in one name field: Y is a guest, not a performer every
        # candidate must credit (the credit still carries Y).
        artist = strip_featuring(display_artist(artist))
        # "K. Frimpong & His Cubano Fiestas": the leader's band, which uploads leave out.
        named = split_names(artist)
        parts = tuple(p for i, p in enumerate(named) if i == 0 or not _LEADERS_BAND.match(p))
        names.extend(map(norm_artist, parts if len(parts) > 1 or len(parts) < len(named) else (artist,)))
    return tuple(n for n in dict.fromkeys(names) if n)


def components(src: ParsedSource, cand: Candidate) -> dict[str, float | None]:
    """Every named component of ``cand`` against ``src`` (values in [0, 1] or ``None``),
    plus the unweighted ``bonus`` and ``veto`` (see :func:`total`)."""
    cand_title = parse_title(cand.title)
    catalogue = _catalogue_titles(cand.platform)
    if not catalogue:
        # An uploader's year decorates the upload, in brackets or not ("DER KOMMISSAR 1981"),
        # and so do the record's label and format after the title ("... (1981) 12'' A&M").
        cand_title = _undated(src, replace(cand_title, dated=None) if cand_title.dated else cand_title)
        cand_title = _without_trailing_record(src, cand_title)
    if cand_title.version_text and src.title.version_text is None and (
            (src.version.record_words and v.decoration(cand_title.version_text, src.version))
            or v.names_own_record(cand_title.version_text, src.version)):
        # "[Burial Mix BMX-6]", "[Reprise Records 523990-2]": the source's label and number,
        # though the label's name sounds like a version; "(1969 Cadet version)", "(Swiss
        # Army Romance version)": the source's record, by its year and label or its name.
        cand_title = replace(cand_title, version=VersionType.ORIGINAL, version_text=None, remixers=(), cut_format=None)
    credited: tuple[str, ...] = ()
    if cand_title.extra:
        cand_title, credited = _title_credits(src, cand_title)
    # Without the brackets that only name the record, unless a bracket holds the title's
    # own words ("Born Slippy (Nuxx)" for "Born Slippy .NUXX").
    undecorated = _undecorated(src, cand_title) if cand_title.extra else cand_title
    title = c.title_score(src.title, undecorated, src.version.release_norm)
    if undecorated is not cand_title and title < 1.0:
        title = max(title, c.title_score(src.title, cand_title, src.version.release_norm))
    duration = c.duration_score(src.duration_s, cand.duration_s)
    close = c.duration_close(src.duration_s, cand.duration_s)
    featured = cand_title.featured + credited
    artist = c.artist_score(src.artists, src.credit, src.remixers, cand, featured, src.aliases, src.guests,
                            src.composers)
    if artist < SWAP_BELOW and cand.artists and _credits_the_record(src, cand):
        # The credit names the source's record, not another performer: the performer is
        # looked for as on an upload without a credit (in the title, else unknown).
        artist = max(artist, c.artist_score(src.artists, src.credit, src.remixers, replace(cand, artists=()),
                                            featured, src.aliases))
    if close and artist < c.PART_OF_CREDIT and c.shortened_name(src.artists, cand.artists):
        # "Musiq - Just Friends" for Musiq Soulchild's, as long to the second: the short
        # name people use, counted as part of the credit.
        artist = c.PART_OF_CREDIT
    if close and title < c.SHORT_FORM_TITLE and artist >= SHORT_FORM_ARTIST:
        # "Killing Me Softly" for "Killing Me Softly With His Song", by the same artist
        # and as long to the second: the title people use for the official one.
        title = max(title, c.short_form_title(src.title.base_norm, cand_title.base_norm))
    if close and SPELLED_FLOOR <= title < SPELLED_ALIKE and artist >= SHORT_FORM_ARTIST \
            and not c.translated(src.title, undecorated) \
            and (c.spelled_alike(src.title.full_norm, undecorated.full_norm)
                 or (src.title.lead_norm and c.spelled_alike(src.title.inline_norm, undecorated.inline_norm))):
        # "Jazz Carnaval" for "Jazz Carnival", by the same artist and as long to the
        # second: a spelling, not another song.
        title = SPELLED_ALIKE
    album = c.album_score(src.release, src.title.version, cand, src.track.release_title or "")
    label = c.label_score(src.labels, src.catnos, cand)
    version, matched, other_cut = v.version_score(src.title, src.version, cand_title, cand.explicit,
                                       close=close,
                                       same_record=album == 1.0,
                                       album=cand.album,
                                       apart=duration is not None and duration < c.DURATION_EDGE,
                                       later=cand.album_year is not None
                                       and c.later_record(src.version.year, cand, album == 1.0),
                                       own_copy=src.version.channels == "mono"
                                       and _names_the_pressing(src, cand_title, cand.title),
                                       upload=not catalogue, gathered=cand.album_type == "compilation")
    isrc = c.isrc_score(src.isrc, cand.isrc)
    # Version and duration agreement only say something about the same song: both are
    # scaled by the title agreement, so another song of the artist's cannot ride on them.
    return {
        "artist": artist,
        "title": title,
        "version": version * title,
        "duration": None if duration is None else duration * title,
        "label": label,
        "album": album,
        "isrc": isrc,
        "verified": None if cand.verified is None else float(cand.verified),
        "popularity": cand.popularity,
        BONUS: (1.0 if matched and title >= BONUS_MIN_TITLE else 0.0) if src.title.version in REWORKS else None,
        VETO: _veto(duration, same_record=album == 1.0 and cand_title.version_text is None
                    and src.version.origin == v.UNMARKED, isrc=isrc, other_cut=other_cut)
        * (GUEST_ADDED if cand_title.featured and not src.title.vocal_side
           and c.guest_added(src.credited, cand_title.featured) else 1.0),
    }


def _undated(src: ParsedSource, title: ParsedTitle) -> ParsedTitle:
    """An upload's title without a bare year after the song's words, when the source's
    title has none there and the year is not after the source's ("Der Kommissar 1981"
    for the 1981 single); "Blue Monday 1988" keeps its own, as a later record's title."""
    words = title.base_norm.rsplit(" ", 1)
    if len(words) < 2 or not YEAR_WORD.match(words[1]) or src.title.base_norm.endswith(words[1]) \
            or not title.base.rstrip().endswith(words[1]):  # ("Nude Photo '88" names the 1988 version)
        return title
    if src.version.year and int(words[1]) > src.version.year + v.RELEASE_YEAR_SLACK:
        return title
    base = title.base.rstrip()[: -len(words[1])].rstrip(" -,")
    return replace(title, base=base, base_norm=words[0], full_norm=norm(" ".join((base, *title.extra))))


def _without_trailing_record(src: ParsedSource, title: ParsedTitle) -> ParsedTitle:
    """An upload's title without the words after the song's that only name the source's
    record: its label, year or format ("Glad To Know You 12'' A&M", "Have You Ever Been
    Mellow 1995 Mokum")."""
    ours = src.title.base_norm
    if not ours or not title.base_norm.startswith(f"{ours} ") or not src.version.record_words:
        return title
    rest = title.base_norm[len(ours) + 1:]
    years = [int(w) for w in rest.split() if YEAR_WORD.match(w)]
    if len(years) == len(rest.split()) or not v.decoration(rest, src.version) \
            or any(not src.version.year or year > src.version.year + v.RELEASE_YEAR_SLACK for year in years):
        return title  # (a year alone is :func:`_undated`'s; a later one names a later record: "Eugina 2000")
    base = " ".join(title.base.split()[:len(ours.split())])
    return replace(title, base=base, base_norm=ours, full_norm=norm(" ".join((base, *title.extra))))


def _names_the_pressing(src: ParsedSource, title: ParsedTitle, raw: str) -> bool:
    """Whether an upload's title (``raw``, parsed as ``title``) names the source's label
    or catalogue number in a bracket or a trailing note ("(Lantern 1971)", "[LR 45-101]"):
    a copy of that pressing, in its mix."""
    notes = (*title.extra, *bracketed(raw))
    if not notes:
        return False
    own = src.version.record_words - {str(src.track.year)}
    return any(own & set(norm(note).split()) and v.decoration(note, src.version) for note in notes)


def _catalogue_titles(platform: str) -> bool:
    found = REGISTRY.get(platform)
    return found is not None and found.catalogue_titles


def _credits_the_record(src: ParsedSource, cand: Candidate) -> bool:
    """Whether every artist a candidate credits names the source's record rather than a
    performer: its label's channel crediting itself ("Defected" for its artists'
    records, "SonarKollektiv"), or the film or game a soundtrack is from ("Dark Souls OST
    - Gwyn, Lord of Cinder" for *Dark Souls Original Soundtrack*)."""
    labels = {label.replace(" ", "") for label in src.labels}
    if labels and all(c.label_forms(a).replace(" ", "") in labels for a in cand.artists):
        return True
    work = _work_named(src.version.release_norm) if src.version.soundtrack else ""
    return len(work) >= v.SHORT_NAME and all(_work_named(norm(a)) == work for a in cand.artists)


def _work_named(text: str) -> str:
    """A soundtrack's or a credit's words without those naming a soundtrack ("dark souls
    original soundtrack", "dark souls ost" -> "dark souls"), comparison forms."""
    return " ".join(w for w in v.SOUNDTRACK_RELEASE.sub(" ", text).split() if w != "original")


def _title_credits(src: ParsedSource, title: ParsedTitle) -> tuple[ParsedTitle, tuple[str, ...]]:
    """The brackets and dash parts of a candidate's title that credit the source's
    performers ("Adagio - L. Bernstein / Los Angeles Philharmonic", "Don't Laugh (Winx)"):
    ``(title without them, the names they credit)``. Uploads name performers there
    (conductors, orchestras, an alias) when the artist field holds the composer or
    another name; they are credits, not another title or version."""
    forms = (*src.artists, *src.aliases)
    kept: list[str] = []
    names: list[str] = []
    for extra in title.extra:
        parts = split_names(extra)
        if parts and any(c.name_similarity(norm_artist(p), f) >= CREDIT_IN_TITLE for p in parts for f in forms):
            names.extend(parts)
        else:
            kept.append(extra)
    if not names:
        return title, ()
    tail = title.tail_norm if any(norm(extra) == title.tail_norm for extra in kept) or not title.tail_norm else ""
    return replace(title, extra=tuple(kept), full_norm=norm(" ".join((title.base, *kept))), tail_norm=tail), \
        tuple(names)


def _undecorated(src: ParsedSource, title: ParsedTitle) -> ParsedTitle:
    """The candidate's title as the song is called: without the brackets that only name
    the source's own record or the copy ("(King 45-6290)", "(Alina, ECM 1591)",
    "(vinyl rip)"), which are evidence for the record (the label component counts them),
    not words of another title; and, on such an upload, without a dash part that only
    lists performers ("... (Alina, ECM 1591) - Spivakov / Bezrodny")."""
    kept = [extra for extra in title.extra if not v.decoration(extra, src.version, src.release_words)]
    if len(kept) == len(title.extra):
        return title
    tail = title.tail_norm
    performers = next((extra for extra in kept if norm(extra) == tail), None) if tail else None
    if performers is not None and len(split_names(performers)) >= PERFORMER_LIST:
        kept.remove(performers)
        tail = ""
    elif performers is None:
        tail = ""  # the dash part was the decoration
    return replace(title, extra=tuple(kept), full_norm=norm(" ".join((title.base, *kept))), tail_norm=tail)


def _veto(duration: float | None, same_record: bool = False, isrc: float | None = None,
          other_cut: bool = False) -> float:
    """The share of its score a candidate keeps given strong evidence against it: a
    duration far from a known source duration is another cut (12 % and more away, about
    4 in 5 other cuts of the same song in the labelled sets, and next to no right answer),
    unless the unmarked candidate sits on the source's own record (a length misprinted
    on one side, not another cut); a different ISRC (``isrc`` 0) is another recording;
    an edit, mix or language marker against the source's (``other_cut``) another cut."""
    far = duration is not None and duration <= DURATION_FAR
    keep = DURATION_VETO if far and not same_record else 1.0
    return keep * (ISRC_VETO if isrc == 0.0 else 1.0) * (MARKER_VETO if other_cut else 1.0)


@lru_cache(maxsize=64)
def _weighted(weights: MatchWeights) -> tuple[tuple[str, float], ...]:
    """The components that count under ``weights`` (weight above 0), with their weight."""
    return tuple((name, getattr(weights, name)) for name in WEIGHTED if getattr(weights, name) > 0)


def total(parts: dict[str, float | None], weights: MatchWeights) -> float:
    """Weighted mean of the present components, plus the bonus, clipped to [0, 1], times
    the veto. Equal ISRCs are decisive: the total is then 1."""
    if parts.get("isrc") == 1.0:
        return 1.0
    num = den = 0.0
    for name, weight in _weighted(weights):
        value = parts.get(name)
        if value is not None:
            num += weight * value
            den += weight
    mean = num / den if den else 0.0
    bonus = weights.version_match_bonus if parts.get(BONUS) == 1.0 else 0.0
    veto = parts.get(VETO)
    return min(1.0, max(0.0, mean + bonus)) * (1.0 if veto is None else veto)


def score(parsed_source: ParsedSource, candidate: Candidate, weights: MatchWeights,
          query: str | None = None) -> ScoredCandidate:
    """``candidate`` scored against ``parsed_source`` with its component breakdown.

    An upload whose artist was read from an "A - B" title prefix is also read the other
    way round ("Title - Artist [OST, 1983]") when the first reading misses the artist,
    and one glossed in two scripts ("孫燕姿 Stefanie Sun - 遇見 Encounter") is also read in
    the source's script alone; the better reading counts.
    """
    parts, best = _best_reading(parsed_source, candidate, weights)
    glossed = _in_source_script(parsed_source, candidate)
    if glossed is not None:
        other, value = _best_reading(parsed_source, glossed, weights)
        if value > best:
            parts, best = other, value
    return ScoredCandidate(candidate=candidate, score=best, components=parts, query=query)


def _in_source_script(parsed_source: ParsedSource, candidate: Candidate) -> Candidate | None:
    """The candidate without its words in another script than the source's title, when
    it has some and something is left (``None`` otherwise)."""
    if candidate.raw_title.isascii() and all(a.isascii() for a in candidate.artists):
        return None  # (the common case, and the cheapest test)
    wanted = script(parsed_source.title.base)
    if wanted is None:
        return None
    title = in_script(candidate.title, wanted)
    artists = tuple(a for a in (in_script(name, wanted) for name in candidate.artists) if a) or candidate.artists
    if not title or (title, artists) == (candidate.title, candidate.artists):
        return None
    # The version the title names stays, in whatever script ("(MR/Inst.)", "- Live at 日本武道館").
    before, after = parse_title(candidate.title), parse_title(title)
    if before.version_text and after.version_text != before.version_text:
        title = f"{title} ({before.version_text})"
        after = parse_title(title)
    if _cut_of(after) != _cut_of(before):
        return None
    return replace(candidate, title=title, raw_title=in_script(candidate.raw_title, wanted) or title,
                   artists=artists)


def _cut_of(parsed: ParsedTitle) -> tuple:
    """What a title says of its cut, beside its base and credits."""
    return (parsed.version, parsed.content, parsed.channels, parsed.dj_mix, parsed.cut_format, parsed.rerecorded,
            parsed.language)


def _best_reading(parsed_source: ParsedSource, candidate: Candidate,
                  weights: MatchWeights) -> tuple[dict[str, float | None], float]:
    """The components and total of ``candidate``'s best reading (see :func:`score`)."""
    parts = components(parsed_source, candidate)
    best = total(parts, weights)
    if (parts["artist"] or 0.0) < SWAP_BELOW or not candidate.artists:
        for swapped in _swapped(candidate) if candidate.artist_from_title else ():
            other = components(parsed_source, swapped)
            # (A reading whose artist, in another script, tells nothing is no reason to
            # swap: "SEKAI NO OWARI - 世界の終わり" is that band's song, not the source's.)
            if other["artist"] != c.ARTIST_UNKNOWN and total(other, weights) > best:
                parts, best = other, total(other, weights)
        for reading in (*_artist_in_title(candidate), *_performer_leading(parsed_source, candidate)):
            other = components(parsed_source, reading)
            # Only a reading that finds the source's performer there: a colon or a "by"
            # in a title is no reason to drop the credit the platform gives.
            if (other["artist"] or 0.0) >= NAMED_IN_TITLE and total(other, weights) > best:
                parts, best = other, total(other, weights)
    if (parts["artist"] or 0.0) < c.ARTIST_UNKNOWN and _pressing_copy(parsed_source, candidate):
        # "She Sells Sanctuary (Long Version) [Beggars Banquet 1985]" by a rips channel: a
        # copy of the source's pressing, whoever uploaded it; the channel is no artist.
        parts = {**parts, "artist": c.ARTIST_UNKNOWN}
        best = total(parts, weights)
    return parts, best


def _pressing_copy(parsed_source: ParsedSource, candidate: Candidate) -> bool:
    """An upload credited to its uploader only whose title names the source's pressing."""
    return candidate.artists == (candidate.uploader,) and not _catalogue_titles(candidate.platform) \
        and _names_the_pressing(parsed_source, parse_title(candidate.title), candidate.title)


def score_all(parsed_source: ParsedSource, candidates: Iterable[Candidate], weights: MatchWeights,
              query: str | None = None) -> list[ScoredCandidate]:
    """Every candidate scored against ``parsed_source`` as one search's results, in
    order: :func:`score`, then :func:`settle_content` over them."""
    return settle_content(parsed_source, [score(parsed_source, cand, weights, query) for cand in candidates], weights)


def settle_content(parsed_source: ParsedSource, scored: Sequence[ScoredCandidate],
                   weights: MatchWeights) -> list[ScoredCandidate]:
    """``scored`` with the clean edit of an explicit song scored as another cut.

    Discogs never says whether a track is explicit, and a catalogue flags only its
    explicit editions. When one of the candidates is the source's song by its performer
    flagged explicit (its album's edition, its sped-up copy; not a remix nor a version
    with a guest, whose own verse may be what is explicit), or anyone's copy of it sped
    up or slowed, as long as the source at that speed, the song is explicit: a
    source whose title, format or release does not say "clean" wants that edition, so
    the same song unflagged and unmarked is its clean edit (FORMAT.md: another cut) and
    is scored again as such. Order and every other candidate are kept.
    """
    if parsed_source.version.content is not None or not any(
            s.candidate.explicit is True and (_same_song(s) or _played_faster_or_slower(s, parsed_source))
            and _same_words(s.candidate, parsed_source) for s in scored):
        return list(scored)
    explicit = replace(parsed_source, version=replace(parsed_source.version, content="explicit"))
    return [score(explicit, s.candidate, weights, s.query)
            if s.candidate.explicit is False and _same_song(s) and not _names_its_cut(s.candidate) else s
            for s in scored]


def _same_song(scored: ScoredCandidate) -> bool:
    """The source's song by its performer, in whatever version."""
    return (scored.components.get("artist") or 0.0) >= SAME_PERFORMER \
        and (scored.components.get("title") or 0.0) >= SAME_SONG


def _played_faster_or_slower(scored: ScoredCandidate, parsed_source: ParsedSource) -> bool:
    """A sped-up or slowed copy of the source's song by anyone (a channel's "Bounce Back -
    Sped Up"), as long as the source's record played at another speed: the same words."""
    cand = scored.candidate
    if not cand.duration_s or not parsed_source.duration_s or (scored.components.get("title") or 0.0) < SAME_SONG \
            or not SPEED_CHANGED.search(cand.title):
        return False
    ratio = cand.duration_s / parsed_source.duration_s
    return any(low <= ratio <= high for low, high in AT_ANOTHER_SPEED)


def _same_words(candidate: Candidate, parsed_source: ParsedSource) -> bool:
    """An edition that can only have the source's words: no guest the source does not
    credit, no remix (a guest's verse or a remix's may be the explicit part: "Say So
    (feat. Nicki Minaj)")."""
    parsed = parse_title(candidate.title)
    return parsed.version not in REWORKS and not c.guest_added(parsed_source.credited,
                                                                (*parsed.featured, *candidate.artists[1:]))


def _names_its_cut(candidate: Candidate) -> bool:
    """A title that names its version or edit ("Radio Edit", "Instrumental"): that names
    the cut, where an unmarked one leaves the flag to tell it."""
    parsed = parse_title(candidate.title)
    return parsed.version_text is not None or parsed.content is not None


def _artist_in_title(candidate: Candidate) -> list[Candidate]:
    """The candidate read as an upload that names its performer in the title, on a
    channel or under a credit that is not the performer's: "Title by Artist",
    "Artist: Title", "Artist 'Title'" (brackets after the artist stay with the title)."""
    title = candidate.title
    readings = []
    prefix = split_artist_title(candidate.raw_title)[0] if candidate.raw_title != title else None
    if prefix and prefix not in candidate.artists:
        # "Âme - Rej" uploaded with the uploader's own name as metadata artist.
        readings.append(replace(candidate, artists=(prefix,)))
    for pattern, marks in _TITLE_CREDITS:
        found = pattern.match(title) if any(m in title for m in marks) else None
        if found and found["artist"].strip() and found["title"].strip(" '\"\u2018\u2019\u201c\u201d"):
            readings.append(replace(candidate, artists=(found["artist"].strip(),),
                                    title=f"{found['title'].strip()} {(found['rest'] or '').strip()}".strip()))
    return readings


def _performer_leading(parsed_source: ParsedSource, candidate: Candidate) -> list[Candidate]:
    """The candidate read as an upload whose title opens with the source's performer and
    no separator ("kirsty maccoll they dont know (stiff records 1979) 45rpm"): the
    performer, then the title."""
    words = candidate.title.split()
    found = []
    for performer in parsed_source.artists:
        size = len(performer.split())
        if len(words) > size and norm_artist(" ".join(words[:size])) == performer:
            found.append(replace(candidate, artists=(" ".join(words[:size]),), title=" ".join(words[size:])))
    return found


def _swapped(candidate: Candidate) -> list[Candidate]:
    """The candidate read as "Title - Artist": its title's base as the artist, the
    prefix as the title (none when there is nothing to swap). A version named after
    the artist ("No Feelings - Sex Pistols live @ 100 Club 1976") stays with the title,
    and so do the brackets after it ("The Trooper - Iron Maiden (guitar cover)" is a
    cover of "The Trooper", not the original)."""
    parsed = parse_title(candidate.title)
    artist = parsed.base
    if not artist or not candidate.artists:
        return []
    title = candidate.artists[0]
    segments = split_segments(candidate.title)
    if len(segments) > 1:
        # "Awara Hoon - Mukesh | Awaara (1951) | Raj Kapoor", "Zingaat - Sairat | Ajay Atul |
        # Marathi Song": the singer, the film, the composer, in any order, each read as
        # the artist; only a version among them stays with the title.
        firsts = [parse_title(segment) for segment in segments]
        version = next((p.version_text for p in firsts if p.version_text), None) or next(
            (segment for segment in segments if classify_version(segment)), None)
        named = f"{title} ({version})" if version else title
        return [replace(candidate, artists=(p.base,), title=named) for p in firsts
                if p.base and not classify_version(p.base)]
    if classify_version(artist):
        title = f"{title} ({artist})"
    rest = candidate.title.strip()
    # (Case aside: a title in capitals is parsed title-cased.)
    if rest.casefold().startswith(artist.casefold()) and rest[len(artist):].strip():
        title = f"{title} {rest[len(artist):].strip()}"
    elif parsed.version_text:
        # ("Itoshi no Ellie - Southern All Stars (cover) 歌ってみた": words after the bracket.)
        title = f"{title} ({parsed.version_text})"
    return [replace(candidate, artists=(artist,), title=title)]

