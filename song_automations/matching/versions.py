"""Version agreement: is the candidate the same cut of the song as the source?

The source's version is read from its title first; where the title is unmarked, from
what the release says (a live album, an "Acapella" or "Instrumentals" release, a mono
record) and from a remixer credited in Discogs' ``extraartists``. How sure that reading
is matters: an inference from the release can be overruled by durations that agree to
the second, a version the title names cannot. Brackets an uploader adds that name the
source's own label, catalogue number, year or format are decoration, not another take.

:func:`version_score` returns ``(agreement, rework_matched)``: agreement 1 for the same
cut, about 0.3-0.85 for a neutral naming difference, 0 for another recording;
``rework_matched`` when a source remix, edit or dub is confirmed by name and kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set as AbstractSet
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz

from .components import initials
from .normalize import TEXT_CACHE, norm
from .parse import (REWORKS, YEAR_WORD, ParsedTitle, VersionType, cut_format, names_a_language, parse_title,
                    record_version)

# Where the source's version was read from, strongest first.
FROM_TITLE = "title"
FROM_FORMAT = "format"  # the release's formats say Live, the track unmarked
FROM_RELEASE = "release"  # the release title names the version (live, a cappella, instrumentals)
FROM_CREDITS = "credits"  # a remixer in extraartists, the title unmarked
UNMARKED = "unmarked"
# Inferences that durations agreeing to the second may overrule: live albums carry studio
# bonus tracks, and Discogs credits remixers of the single version on the album too.
WEAK_ORIGINS = frozenset({FROM_CREDITS})

# Two non-rework cuts of different kinds (extended vs radio): mostly a different record.
OTHER_CUT = 0.3
# Version agreement when the source is unmarked/original (rows) and the candidate is
# another kind (keys). Neutral kinds (an "Extended Mix" is often what a vinyl-only
# original is called digitally) keep most of the score; reworks and live takes are
# different recordings.
FROM_ORIGINAL = {
    VersionType.ORIGINAL: 1.0, VersionType.EXTENDED: 0.85, VersionType.REMASTER: 0.85,
    VersionType.RADIO: 0.6, VersionType.OTHER: OTHER_CUT,
}
# Candidate original when the source names a non-rework version.
TO_ORIGINAL = {
    VersionType.EXTENDED: 0.75, VersionType.REMASTER: 0.85, VersionType.RADIO: 0.6, VersionType.OTHER: 0.5,
}
# Versions a record carries beside its track, the same length: never that track.
SIDE_VERSIONS = frozenset({VersionType.INSTRUMENTAL, VersionType.ACAPPELLA})
# Articles a performer's name may drop ("The Band Remix" is the Band's own).
_ARTICLES = frozenset({"the", "a", "an"})
# "Fire 1959", "Flair Records, 1955": a label and a year (comparison form). One word or
# a name ending "Records": two words may name the film or the album the song was on.
_LABEL_YEAR = re.compile(r"^(?P<label>[a-z]{2,20}|[a-z][a-z ]{1,30}\s(?:records|recordings))\s+"
                         r"(?P<year>(?:19|20)\d{2})$")
# A version named after the film the source's soundtrack is from (comparison form).
_FILM_VERSION = re.compile(r"^(?:(?:19|20)\d\d\s+)?(?:original\s+)?(?:film|movie|motion\s+picture|soundtrack|ost)"
                           r"(?:\s+version)?(?:\s+(?:19|20)\d\d)?$")
# A release title naming a film's or a show's music.
SOUNDTRACK_RELEASE = re.compile(r"\bsoundtrack\b|\bmotion\s+picture\b|\bost\b|\boriginal\s+(?:score|cast)\b|"
                                r"\bfilm\s+score\b", re.I)
_YEAR_IN = re.compile(r"(?:19|20)\d\d")
_REISSUED = re.compile(r"\b(?:remaster(?:ed)?|reissue[d]?|re ?release[d]?|anniversary|deluxe)\b")
_REISSUE_WORDS = frozenset("reissue reissued repress remaster remastered reedition edition".split())
# Recordings that are never a record's released track, whatever album they sit on: a
# deluxe edition's demos and rehearsals are its bonus tracks.
_NEVER_RELEASED = re.compile(r"\b(?:demo|outtake|rehearsal|work\s+in\s+progress|early\s+version)s?\b")
# Kinds whose naming differs between catalogues for one master (a vinyl "original" is
# digitally the "Extended Mix"; a 7" track is the "Radio Edit"): durations that agree to
# the second settle them.
NAMING_KINDS = frozenset({VersionType.ORIGINAL, VersionType.EXTENDED, VersionType.REMASTER, VersionType.RADIO})
# Agreement when such a naming difference is settled by equal durations.
SETTLED_BY_DURATION = 0.95
# A DJ mix's excerpt against a source that is not from a mix: another cut; against a
# mix compilation's track, only doubtful (an edit made for the mix may exist only so).
DJ_MIX_EXCERPT = 0.3
DJ_MIX_OF_COMPILATION = 0.8
# Version agreement inside the same kind (two live takes, two "other" versions): at least this.
SAME_KIND_FLOOR = 0.5
# A reworker's name found in the candidate's version text (fuzzy for names of 4+ letters).
REWORKER_MATCH = 90
SHORT_NAME = 4
# Same rework kind without a known reworker: descriptors this similar name the same one...
SAME_DESCRIPTOR = 80
# ...otherwise the same kind of rework is a likely but unconfirmed match.
SAME_KIND_UNCONFIRMED = 0.7
# kind_agreement: one side names no kind of cut / the kinds overlap / they conflict.
KIND_UNSTATED = 0.75
KIND_OVERLAP = 0.5
KIND_CONFLICT = 0.2
# A clean edit against the explicit cut (either way), mono against stereo: another cut.
MARKER_CONFLICT = 0.3
# Years a title's date may run after the source's release year and still date the same
# recording (a single released the next year, another country's release).
RELEASE_YEAR_SLACK = 1
# A mono source against a candidate that does not say (most streams are the stereo
# mix), and an unmarked source against a mono mix.
CHANNELS_UNSTATED = 0.6
# A mono source (of the stereo era) against a candidate that does not say: streams and
# reissues carry the stereo mix and mark the mono one.
MONO_UNSTATED = 0.4
# Stereo records were sold from 1958: a mono release of earlier years is the only mix.
STEREO_RECORDS = 1958
# ...and singles were cut in mono for years after: a mono 45 of before 1966 is the only mix
# most catalogues hold.
STEREO_SINGLES = 1966
# A version naming its language against a source that names none.
LANGUAGE_UNSTATED = 0.5

# What kind of cut a rework descriptor names, beside whose it is. "Todd Terry Club Mix"
# and "Todd Terry Radio Edit" share a remixer and are still different records.
_KINDS = (
    ("dub", re.compile(r"\bdub\b")),
    ("instrumental", re.compile(r"\binstrumental\b|\bbeats\b")),
    ("short", re.compile(r"\bradio\b|\bshort\b|\bsingle\b|\bedit\b|\b7 ?inch\b|\b45\b")),
    ("long", re.compile(r"\bextended\b|\bext\b|\bclub\b|\b12 ?inch\b|\bfull\b|\bmaxi\b|\blong\b")),
    ("vocal", re.compile(r"\bvocal\b|\bvox\b")),
)
_SIDE_KINDS = frozenset({"dub", "instrumental"})
# The word that makes a mix's name a version ("Beatless Mix", "X Remix", "Y Version").
_MIX_WORD_END = re.compile(r"\s+(?:re-?mix|mix|version)\s*$", re.I)
# Format marks written every way inside mix names: 12", 12'', 12 inch, 12in.
_FORMAT_MARK = re.compile(r"\b(7|10|12)\s*(?:inch|in|\"|'')(?=\s|$)|\b(7|10|12)(?=\s+(?:mix|version|edit)\b)")
# Words an uploader adds about the copy, not the recording ("vinyl rip", "withdrawn
# pressing", "white label", "promo", a format).
_COPY_WORDS = frozenset("""vinyl rip ripped pressing press withdrawn white label promo test lp ep cd single
    original release released records recordings record label rec official audio full track hq hd 7 10 12 inch
    45 33 rpm uk us usa jp japan germany france italy reissue repress issue first edition mono stereo a b side
    ost soundtrack from the of by and on""".split())
# A possessive after a reworker's name: "Ame's Remix" names Ame as "Ame Remix" does.
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b", re.I)
# Words of live titles and albums that say "live" or "a collection", not which concert.
_LIVE_WORDS = frozenset("""live at in from on the of and an en vivo directo ao dal concert concerto concierto
    session sessions tour world version recording recorded acoustic unplugged edition deluxe expanded remastered
    remaster greatest hits best collection anthology essential album disc cd part vol bonus track tracks
    dj mix mixed""".split())
# Words this long name an occasion on their own; shorter ones only together.
SHORT_WORDS = 3
# Another concert's take against a live source: another recording.
ANOTHER_CONCERT = 0.0


@dataclass(frozen=True, slots=True)
class SourceVersion:
    """What a source says about its cut beyond the title: where its version was read
    from, its reworkers (every name form), and the words an uploader might add that
    only name the source's own record (label, catalogue number, year, release title)."""

    origin: str = UNMARKED
    remixers: tuple[str, ...] = ()
    record_words: frozenset[str] = frozenset()
    channels: str | None = None
    content: str | None = None
    release_norm: str = ""
    # The format the source's release was cut for ("single", "12inch", "album"), if known.
    release_cut: str | None = None
    # A track of a compilation or DJ mix (its own artists): a "- Mixed" excerpt may be
    # the only recording of an edit made for the mix.
    compilation: bool = False
    # The release is a film's or a show's soundtrack ("Cabaret (Original Soundtrack
    # Recording)"): its tracks are the "Film Version" uploads name.
    soundtrack: bool = False
    # The title or the release says the artist recorded the song again.
    rerecorded: bool = False
    # A live source's occasion: the venue, city, concert and years its title or release
    # names (see :func:`occasion`); empty when it names none.
    occasion: frozenset[str] = frozenset()
    # Words that never name an occasion: the performers' names and the song's title.
    common_words: frozenset[str] = frozenset()
    year: int | None = None
    # The languages the source may be sung in (see :func:`parse.title_languages`); empty
    # when unknown.
    languages: frozenset[str] = frozenset()


def mix_key(text: str | None) -> str:
    """A mix name in comparison form: format marks as "12inch", no spaces, hyphens or
    possessives ("Mega-Mix", "MegaMix" and "Mega Mix" all become "megamix", "Todd
    Terry's Mix" is "Todd Terry Mix")."""
    folded = _FORMAT_MARK.sub(lambda m: f" {m[1] or m[2]}inch ", _POSSESSIVE.sub("", (text or "").lower()))
    return norm(folded).replace(" ", "")


def _kinds(text: str) -> frozenset[str]:
    spaced = _FORMAT_MARK.sub(lambda m: f" {m[1] or m[2]} inch ", text)
    return frozenset(name for name, pattern in _KINDS if pattern.search(spaced))


def kind_agreement(src_text: str, cand_text: str) -> float:
    """1 for the same kind of cut, 0.75 when one side names none (unless the other names a
    dub or an instrumental), 0.2 when they conflict."""
    a, b = _kinds(src_text), _kinds(cand_text)
    if a == b:
        return 1.0
    if not a or not b:
        # A mix that does not say which kind it is may be the club or the vocal cut, never
        # the dub or the instrumental ("Underground Network Mix" / "... Dub").
        return KIND_CONFLICT if (a or b) & _SIDE_KINDS else KIND_UNSTATED
    return KIND_OVERLAP if a & b else KIND_CONFLICT


def names_reworker(remixers: tuple[str, ...], cand: ParsedTitle) -> bool:
    """True when the candidate's version text names one of the source's reworkers
    (also in the possessive: "Ame's Remix")."""
    text = norm(_POSSESSIVE.sub("", cand.version_text or ""))
    if not text:
        return False
    compact = text.replace(" ", "")
    words = set(text.split())
    if " and " in text and any(f" {pair} " in f" {text} " for pair in _pair_initials(remixers)):
        return True  # "G&D Chill Mix" for Gabriel & Dresden's
    return any(r and (fuzz.partial_ratio(r, text) >= REWORKER_MATCH or r.replace(" ", "") in compact
                      or initials(r, least=2) in words  # "NY Dub" for "New York Dub"
                      if len(r) >= SHORT_NAME else f" {r} " in f" {text} ")
               for r in remixers)


def _pair_initials(remixers: tuple[str, ...]) -> set[str]:
    """How a duo's mix is shortened, in comparison form: "g and d" for "Gabriel and
    Dresden", credited as one name or as two."""
    duos = [r.split(" and ") for r in remixers if " and " in r]
    if len(remixers) == 2:
        duos.append(list(remixers))
    return {" and ".join(name[:1] for name in duo) for duo in duos if all(duo)}


# Words that name a cut, not whose it is (see :func:`_mixer_words`).
_CUT_NAME_WORDS = frozenset("""radio edit edited version mix single short extended ext club original album long full length
    inch main new vocal instrumental dub clean explicit dirty censored mono stereo remaster remastered uk us the and
    s maxi disco lp""".split())
# The words a note names a version with, whatever it names.
_NAMING_WORDS = re.compile(r"\b(?:version|ver|edition)\b\.?", re.I)


def decoration(extra: str, facts: SourceVersion, source_words: AbstractSet[str] = frozenset()) -> bool:
    """True when an uploader's bracket only names the source's own record or the copy:
    its label, catalogue number, year or release, "vinyl rip", a format, a pressing."""
    return _decoration(extra, facts.record_words, frozenset(source_words))


@lru_cache(maxsize=TEXT_CACHE)
def _decoration(extra: str, record_words: frozenset[str], source_words: frozenset[str]) -> bool:
    words = norm(extra).split()
    # (A catalogue number written in two words, "F 12062" for "F12062", is one word of the record.)
    rest = [w for i, w in enumerate(words) if w not in _COPY_WORDS and not YEAR_WORD.match(w)
            and w not in record_words and (i == 0 or words[i - 1] + w not in record_words)
            and (i + 1 == len(words) or w + words[i + 1] not in record_words)]
    compact = "".join(rest)
    if compact and any(len(w) >= 4 and w in compact for w in record_words):
        rest = []  # a catalogue number written with other spacing ("AMS7284" / "ams 7284", "BMX-6")
    return not rest or set(rest) <= source_words


def _dated_later(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle, cv: VersionType) -> bool:
    """A rework or edit whose name dates it years after the source's record ("Lange's 2012
    Rework", "Remix 2019" for a 1999 12"): made again since, not the source's cut. A
    live take's year names its night and a remaster's its reissue, not another cut."""
    if not facts.year or not cand.version_text or _YEAR_IN.search(cand.version_text) is None \
            or cv in (VersionType.LIVE, VersionType.REMASTER):
        return False
    text = norm(cand.version_text)
    if _REISSUED.search(text):
        return False  # "Single Version, 2017 Remaster": the year dates the reissue
    ours = {w for w in norm(src.version_text).split() if YEAR_WORD.match(w)} if src.version_text else set()
    return any(YEAR_WORD.match(w) and int(w) > facts.year + RELEASE_YEAR_SLACK and w not in ours
               for w in text.split())


def names_own_record(note: str, facts: SourceVersion) -> bool:
    """Whether a version note names the source's own record rather than another cut: its
    release ("Swiss Army Romance version" on *The Swiss Army Romance*), or its year and
    label ("1969 Cadet version" for the 1969 Cadet LP)."""
    rest = _NAMING_WORDS.sub(" ", note)
    if rest == note:
        return False
    words = norm(rest)
    if not words:
        return False
    if len(facts.release_norm) >= SHORT_NAME and words.removeprefix("the ") == facts.release_norm.removeprefix("the "):
        return True
    return facts.year is not None and str(facts.year) in words.split() and decoration(rest, facts)


def _another_label_later(cand: ParsedTitle, facts: SourceVersion) -> bool:
    """An upload's note naming a label that is not the source's and a year after the
    source's ("(Fire 1959)" for a 1952 Trumpet 78): the artist's later recording for that
    label, not a copy of the source (a reissue says so: "Reissue", "Remastered")."""
    if not facts.year:
        return False
    for extra in cand.extra:
        found = _LABEL_YEAR.match(norm(extra))
        if found and int(found["year"]) > facts.year + RELEASE_YEAR_SLACK \
                and not set(found["label"].split()) & (facts.record_words | _COPY_WORDS | _REISSUE_WORDS):
            return True
    return False


def _unexplained(src: ParsedTitle, cand: ParsedTitle, facts: SourceVersion) -> bool:
    source_words = set(src.full_norm.split())
    return any(not decoration(extra, facts, source_words) for extra in cand.extra)


def occasion(texts: Iterable[str | None], common: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words of ``texts`` that name a live recording's occasion (venue, city,
    concert, year): not "live", "at", "tour" or "greatest hits", nor ``common`` words.
    A title of short words only ("S&M") is one word ("sm")."""
    found: set[str] = set()
    for text in texts:
        words = [w for w in norm(text).split() if w not in _LIVE_WORDS and w not in common] if text else []
        long_words = [w for w in words if len(w) >= SHORT_WORDS]
        found.update(long_words if long_words else ["".join(words)] if len("".join(words)) >= 2 else [])
    return frozenset(found)


def other_occasion(ours: frozenset[str], theirs: frozenset[str]) -> bool:
    """True when two live takes name different occasions: different years, or places
    and names with no word in common (a year against a venue says nothing)."""
    years_a, years_b = {w for w in ours if YEAR_WORD.match(w)}, {w for w in theirs if YEAR_WORD.match(w)}
    words_a, words_b = ours - years_a, theirs - years_b
    return bool(years_a and years_b and not years_a & years_b) or bool(words_a and words_b and not words_a & words_b)


def _names_the_release(cand: ParsedTitle, facts: SourceVersion) -> bool:
    # "Highway Star (Made In Japan 1972)": the upload says which record it is.
    if len(facts.release_norm) < SHORT_NAME:
        return False
    return any(facts.release_norm in norm(extra) for extra in cand.extra)


def version_score(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle,
                  cand_explicit: bool | None = None, close: bool = False,
                  same_record: bool = False, album: str | None = None,
                  apart: bool = False, later: bool = False, own_copy: bool = False,
                  upload: bool = False, gathered: bool = False) -> tuple[float, bool, bool]:
    """``(agreement, rework_matched, other_cut)`` of a candidate's cut against the
    source's; ``other_cut`` when an edit, mix or language marker settles that the
    candidate is another cut whatever its version says (see :func:`_markers`).

    ``close``: the two durations agree to the second (see ``components.duration_close``),
    which settles a naming difference or an inference from the release, never a version
    either title names outright. ``same_record``: the candidate's album is the source's
    release, so an unmarked candidate is that record's cut. ``album``: the candidate's
    album title, if known (a re-recording, a DJ mix or a concert it names).
    ``apart``: the durations are known and disagree beyond the duration tolerance.
    ``later``: the candidate's record came out years after the source's and gathers no
    earlier ones (see ``components.later_record``). ``own_copy``: the upload names the
    source's label or catalogue number, so it is a copy of that pressing, in its mix.
    ``upload``: the candidate is an upload (often a rip of the record itself), not a
    catalogue's stream (see :func:`_markers`).
    """
    cv = cand.version
    if cv is VersionType.OTHER and cand.language and facts.languages == {cand.language} \
            and src.version_text is None and names_a_language(cand.version_text):
        cv = VersionType.ORIGINAL  # "夏の歌 (Japanese Ver.)": sung as the source is, no other cut
    told = record_version(album) if cv is VersionType.ORIGINAL and not cand.version_text else None
    if cv is VersionType.ORIGINAL and not cand.version_text and facts.origin != FROM_TITLE \
            and (same_record or _names_the_release(cand, facts)):
        cv = src.version  # an unmarked track of the source's own record is that record's cut
        told = None
    elif told is not None:
        # An unmarked track of a concert or a record of instrumentals is one too, as the
        # source's unmarked tracks are on such a release (a live album's studio bonus
        # track, as long as the source to the second, is settled below).
        cand = replace(cand, version=told, version_text=told.value)  # the album names the occasion
        cv = told
    elif cand.cut_format and facts.release_cut == cand.cut_format and cv in NAMING_KINDS:
        cv = src.version  # "Single Version" of a 7" source, "12\" Version" of a 12": the record's own cut
    elif cv is VersionType.OTHER and facts.soundtrack and _FILM_VERSION.match(norm(cand.version_text)):
        cv = src.version  # "Cabaret (1972 Film Version)" for a track of the film's soundtrack
    elif cv is VersionType.ORIGINAL and _unexplained(src, cand, facts):
        # "Oh Yeah (Oh Six)": an unknown parenthesis the source does not have usually
        # names another take, so the candidate is not plainly the original.
        cv = VersionType.OTHER
    on_album = parse_title(album) if album else None
    agreement, matched = _kind_score(src, facts, cand, cv, album)
    if src.version is VersionType.OTHER and cv is VersionType.ORIGINAL and cand.version_text \
            and facts.origin == FROM_TITLE:
        # "前前前世 (Movie Ver.)" against "(original ver.)", "(Hula Mix)" against "(Original
        # Mix)": the cut the source names is not the original one.
        agreement = min(agreement, OTHER_CUT)
    other_format = _other_format(src, facts, cand)
    if other_format:
        agreement = min(agreement, OTHER_CUT)  # a "Single Version" against an LP track
    # A track of the source's own record lasting as long as the unmarked source is the
    # source, whatever the catalogue calls it ("Take 2 / Live At The Village Vanguard").
    # Not its instrumental or a cappella, though: a single carries them beside the
    # track, as long as it; nor a remix or an edit, which a reissue adds beside it
    # ("Aqualung - Steven Wilson Stereo Remix" on the 40th anniversary edition).
    own_record = same_record and facts.origin != FROM_TITLE and not other_format \
        and (cv is src.version or cv not in SIDE_VERSIONS) and not _reworked_by_another(src, facts, cand, cv) \
        and not (cand.version_text and _NEVER_RELEASED.search(norm(cand.version_text)))
    if apart and facts.origin == FROM_TITLE and src.version is not VersionType.ORIGINAL \
            and cv is VersionType.ORIGINAL and not cand.version_text:
        # "Crossover (Radio Version)" against an unmarked upload of another length: the
        # upload is the cut it was first released as, not the one the source names.
        agreement = min(agreement, OTHER_CUT)
    if apart and not same_record and cv is VersionType.ORIGINAL and src.version is VersionType.ORIGINAL \
            and (not cand.version_text or cand.version is VersionType.ORIGINAL) and facts.origin == UNMARKED:
        # Neither says which cut it is, and they are not as long: the same song recorded or
        # cut otherwise ("Blank Generation" of the 1976 EP against the 1977 album's), as
        # a remaster that is not as long as the original is (below).
        agreement = min(agreement, OTHER_CUT)
    if apart and VersionType.REMASTER in (cv, src.version):
        # A remaster is the same master, as long as the original: a remaster that is not
        # is a remaster of another cut (the single mix, the edit).
        agreement = min(agreement, OTHER_CUT)
    if close and agreement < SETTLED_BY_DURATION and (own_record or told is VersionType.LIVE
                                                      or _settled_by_duration(src, facts, cand, cv)
                                                      or _dated_live_take(src, facts, cand, cv)
                                                      or _concert_of_the_release(src, facts, cand, cv)
                                                      or _mixer_left_out(src, facts, cand)):
        agreement = SETTLED_BY_DURATION
    if (cand.dj_mix or (on_album is not None and on_album.dj_mix)) and not src.dj_mix:
        # A mix's excerpt is only the answer for a version the source names that may
        # exist only in the mix (an edit made for it); an unmarked track wants the record.
        excerpt_ok = facts.compilation and facts.origin == FROM_TITLE
        agreement *= DJ_MIX_OF_COMPILATION if excerpt_ok else DJ_MIX_EXCERPT
    if facts.rerecorded != (cand.rerecorded or (on_album is not None and on_album.rerecorded)):
        agreement *= MARKER_CONFLICT  # a re-recording against the first recording, either way
    elif cv is not VersionType.REMASTER and (
            later or (cand.dated and facts.year and cand.dated > facts.year + RELEASE_YEAR_SLACK
                      and cand.dated != src.dated)  # ("Also Sprach Zarathustra (2001)": the title's own)
            or (cand.extra and not own_copy and _another_label_later(cand, facts))
            or (cand.version_text and _dated_later(src, facts, cand, cv))):
        # "Pour Some Sugar On Me (2012)", or on an album of 2004, for the 1987 record: recorded again.
        agreement *= MARKER_CONFLICT
    if (cand.also or src.also) and ((cand.also - {src.version, *src.also}) or (src.also - {cv, *cand.also})):
        agreement *= MARKER_CONFLICT  # "(X Remix) (Instrumental)": the remix's instrumental, not the remix
        matched = False
    # An upload naming the 45 of a 7" source ("~ 45rpm", "(7\" single)") is a rip of that
    # single, in its mix: a copy as much as one naming its label and number.
    rip_of_single = upload and facts.release_cut == "single" and (
        cand.cut_format == "single" or any(cut_format(note) == "single" for note in cand.extra))
    markers, other_cut = _markers(facts, cand, cand_explicit, on_album, own_copy or rip_of_single, upload, gathered)
    # (A rework named alike on another cut, edit or language is no rework matched.)
    return agreement * markers, matched and markers == 1.0, other_cut


def _reworked_by_another(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle, cv: VersionType) -> bool:
    """A remix or an edit neither the source's title nor its credits name ("Steven Wilson
    Stereo Remix" of an unmarked album track; not "Tweekin Acid Funk Mix" for "(Tweekin
    Acid Funk)", nor "Hardfloor Dub" for a track Discogs credits to Hardfloor's remix)."""
    if cv not in REWORKS or not cand.version_text or names_reworker(facts.remixers, cand):
        return False
    named = norm(_MIX_WORD_END.sub("", cand.version_text))
    return bool(named) and named not in src.full_norm


def _another_work(named: str, release_norm: str) -> bool:
    """Whether a film or game a note names is not the one the source's soundtrack is
    from: it has words the release's title lacks ("kingdom hearts 3" for *Kingdom Hearts
    Original Soundtrack*; not "frozen" for *Frozen (Original Motion Picture Soundtrack)*)."""
    ours = set(release_norm.split())
    return bool(ours) and not set(norm(named).split()) <= ours


def _mixer_words(text: str) -> set[str]:
    """The words of a cut's name beyond the cut's own ("Josh Harris Radio Edit" ->
    {"josh", "harris"}; "US Radio Edit", "Extended Vocal Mix 2011" -> none)."""
    return {w for w in norm(text).split() if w not in _CUT_NAME_WORDS and not any(ch.isdigit() for ch in w)}


def _kind_score(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle,
                cv: VersionType, album: str | None = None) -> tuple[float, bool]:
    sv = src.version
    if same_descriptor(src, facts, cand):
        return 1.0, sv in REWORKS
    if sv in REWORKS or (facts.remixers and names_reworker(facts.remixers, cand)):
        return _rework_score(src, facts, cand)
    if sv is VersionType.LIVE and cv is sv and facts.occasion and other_occasion(
            facts.occasion, occasion((cand.version_text, *cand.extra, album), facts.common_words)):
        # "Live At The Paramount" against a source from "Live At Reading": another night.
        return ANOTHER_CONCERT, False
    if sv is VersionType.ORIGINAL:
        if cv is VersionType.RADIO and src.version_text:
            return OTHER_CUT, False  # "Original Version" names the full cut: a radio edit is another
        return FROM_ORIGINAL.get(cv, 0.0), False
    if cv is sv:
        if sv in (VersionType.RADIO, VersionType.EXTENDED) and src.version_text and cand.version_text \
                and not _mixer_words(src.version_text) and _mixer_words(cand.version_text):
            return OTHER_CUT, False  # "Josh Harris Radio Edit" for a "Radio Edit" that names nobody
        if sv in (VersionType.LIVE, VersionType.ALTERNATE, VersionType.OTHER):
            ours, theirs = norm(src.version_text), norm(cand.version_text)
            numbers = _numbers(ours), _numbers(theirs)
            if sv is VersionType.ALTERNATE and all(numbers) and numbers[0] != numbers[1]:
                return 0.0, False  # "Take 1" and "Take 5": two takes
            similar = fuzz.token_set_ratio(ours, theirs) / 100
            return max(SAME_KIND_FLOOR, similar), False
        return 1.0, False
    if cv is VersionType.ORIGINAL:
        return TO_ORIGINAL.get(sv, 0.0), False
    if {sv, cv} <= {VersionType.EXTENDED, VersionType.REMASTER, VersionType.RADIO, VersionType.OTHER}:
        return OTHER_CUT, False
    return 0.0, False


def _other_format(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle) -> bool:
    """Whether the candidate names its cut after another format than the source's record
    ("Single Version" against an LP track), unless the source names that cut itself (the
    "Radio Edit" a 12" carries beside its mix) or both are the clean edit (made for radio
    play, whatever record carries it: "(Radio Edit / Clean)" for "(Clean Version)")."""
    return bool(cand.cut_format and facts.release_cut and cand.cut_format != facts.release_cut
                and cand.cut_format != src.cut_format and not (facts.content == cand.content == "clean"))


def _numbers(text: str) -> frozenset[str]:
    return frozenset(w for w in text.split() if w.isdigit())


def same_descriptor(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle) -> bool:
    """Both titles carry the same descriptor in words no version vocabulary knows
    ("(K&D Session)" and "- K&D Session": a rework named after its makers, whom Discogs
    credits as remixers), and neither title names a version in words it knows (a
    version inferred from credits is not named): whatever the descriptor means, both
    name the same version."""
    named = src.version_text is not None and facts.origin != FROM_CREDITS
    if named or cand.version_text or not src.extra or not cand.extra:
        return False
    ours, theirs = {norm(e) for e in src.extra}, {norm(e) for e in cand.extra}
    return bool(ours & theirs) or any(_abbreviates(a, b) or _abbreviates(b, a) for a in ours for b in theirs)


def _abbreviates(short: str, long_: str) -> bool:
    """Whether ``short`` names what ``long_`` names with its makers' initials ("k and d
    session" for "kruder and dorfmeister session"): the same last words, and before them
    single letters that are the first letters of ``long_``'s names."""
    s, l = short.split(), long_.split()
    shared = 0
    while shared < min(len(s), len(l)) and s[-1 - shared] == l[-1 - shared]:
        shared += 1
    letters = [w for w in s[: len(s) - shared] if w != "and"]
    names = [w for w in l[: len(l) - shared] if w != "and"]
    return shared > 0 and len(letters) >= 2 and all(len(w) == 1 for w in letters) \
        and "".join(letters) == "".join(w[0] for w in names)


def _rework_score(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle) -> tuple[float, bool]:
    cand_text = norm(cand.version_text)
    if not cand_text:
        # "Smokebelch II (Beatless)" for "(Beatless Mix)", "(Full On Vocal)" for "(Full On
        # Vocal Mix)": the mix by its name alone.
        names = {norm(_MIX_WORD_END.sub("", src.version_text or "")), norm(" & ".join(src.remixers))} - {""}
        named = bool(names & {norm(e) for e in cand.extra})
        return (1.0, True) if named else (0.0, False)
    src_text = norm(src.version_text)
    if facts.remixers:
        if not names_reworker(facts.remixers, cand):
            # "(Remix)" on both sides, the remixer credited only on Discogs: the same words.
            return (1.0 if src_text == cand_text else 0.0), False
        agreement = kind_agreement(src_text, cand_text)
        return agreement, agreement == 1.0
    if cand.version is src.version:
        similar = max(fuzz.token_set_ratio(src_text, cand_text),
                      fuzz.ratio(mix_key(src.version_text), mix_key(cand.version_text))) >= SAME_DESCRIPTOR
        if similar:
            return 1.0, True
        # "(Hula Mix)" for a "(Club Mix)" that names nobody: someone's own mix, another one.
        return (OTHER_CUT if cand.remixers and not src.remixers else SAME_KIND_UNCONFIRMED), False
    return 0.0, False


def _settled_by_duration(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle, cv: VersionType) -> bool:
    """Whether equal durations may overrule this difference: a naming difference between
    neutral kinds, an unexplained bracket, or a live version only inferred from a
    release title (live albums carry studio bonus tracks)."""
    sv = src.version
    if facts.origin in WEAK_ORIGINS or (facts.origin == FROM_RELEASE and sv is VersionType.LIVE):
        return cv in NAMING_KINDS
    if facts.origin not in (FROM_TITLE, UNMARKED):
        return False
    if _other_format(src, facts, cand):
        return False  # a "Single Version" against an LP track: made for another record
    if sv in NAMING_KINDS and (cv in NAMING_KINDS or (cv is VersionType.OTHER and cand.version_text is None)):
        return True
    return sv is VersionType.OTHER and src.version_text is None and cv in NAMING_KINDS


def _mixer_left_out(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle) -> bool:
    """A rework named without its reworker: "Classic Mix" for "Sandy Rivera's Classic
    Mix" (the candidate's mix name is the source's with the source's reworkers left
    out, and still names something of its own, not just "Remix" or "Club Mix"), or the
    performer's own rework without the performer's name ("Club Mix" for Full
    Intention's "Full Intention Club Mix", "Remix" for Foul Play's "Foul Play Remix")."""
    if src.version not in REWORKS or cand.version is not src.version or not facts.remixers:
        return False
    own = all(set(r.split()) - _ARTICLES <= facts.common_words for r in facts.remixers)
    if not cand.remixers and not own:
        return False
    cand_words = norm(cand.version_text).split()
    names = {w for r in facts.remixers for w in r.split()} - set(cand_words)
    # ("riveras": the possessive, its apostrophe dropped.)
    rest = [w for w in norm(src.version_text).split()
            if w not in names and w not in _ARTICLES and not (w[-1:] == "s" and w[:-1] in names)]
    return bool(names) and rest == [w for w in cand_words if w not in _ARTICLES]


def _concert_of_the_release(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle, cv: VersionType) -> bool:
    """A live take naming the concert an unmarked source's release is named after
    ("Live At The Village Gate, New York 1961" for a track of *Herbie Mann At The
    Village Gate*, a live album its title does not call live): two or more of the
    venue's words in the release's title (one may be the album the tour was named after:
    "Horses Live 1976")."""
    if cv is not VersionType.LIVE or facts.origin != UNMARKED or src.version_text or not facts.release_norm:
        return False
    venue = {w for w in occasion((cand.version_text, *cand.extra), facts.common_words) if not YEAR_WORD.match(w)}
    shared = venue & set(facts.release_norm.split())
    return len(shared) >= 2


def _dated_live_take(src: ParsedTitle, facts: SourceVersion, cand: ParsedTitle, cv: VersionType) -> bool:
    """A live take dated the year of an unmarked source's release ("Live on MTV, 1994"
    for a track of a 1994 concert album its formats do not call live)."""
    if cv is not VersionType.LIVE or facts.origin != UNMARKED or src.version_text or not facts.year:
        return False
    return str(facts.year) in occasion((cand.version_text, *cand.extra))


def _markers(facts: SourceVersion, cand: ParsedTitle, cand_explicit: bool | None, album: ParsedTitle | None,
             own_copy: bool = False, upload: bool = False, gathered: bool = False) -> tuple[float, bool]:
    """``(factor, other_cut)``: clean against explicit, mono against stereo, a version in
    another language make the candidate another cut whatever the version says (``factor``
    below 1). ``other_cut`` when that is settled: not for a clean edit or a mono mix of a
    source that does not say which it is (catalogues, and the iTunes-Amazon labels, file
    the clean edition of an album as its tracks too). For a source that says which edit it
    is, a candidate's album may say it too ("Black On Both Sides (Clean)")."""
    factor = 1.0
    content = cand.content or (album.content if album is not None else None)
    if facts.content == "clean" and (content == "explicit" or cand_explicit is True):
        factor *= MARKER_CONFLICT
    elif facts.content == "explicit" and (content == "clean" or cand_explicit is False):
        factor *= MARKER_CONFLICT
    unstated_edit = facts.content is None and cand.content == "clean"
    language = cand.language or (album.language if album is not None else None)  # "Dalida (Version italienne)"
    if language and facts.languages and language not in facts.languages:
        factor *= MARKER_CONFLICT  # "(Japanese Ver.)" of a Korean song, "Spanish Version" of the English one
    elif language and len(facts.languages) > 1:
        # A "(Spanish Version)" of a source that names no language: originals do not say
        # what language they are sung in, the versions made for another market do.
        factor *= LANGUAGE_UNSTATED
    channels = cand.channels or (album.channels if album is not None else None)  # "Exotica (Stereo)"
    if facts.channels and channels and facts.channels != channels:
        factor *= MARKER_CONFLICT
    if facts.soundtrack and cand.known_from and _another_work(cand.known_from, facts.release_norm):
        factor *= MARKER_CONFLICT  # 'From "Kingdom Hearts III"' for the first game's soundtrack
    # Before stereo records the mono mix is the only one; and a hit single of before stereo
    # singles is gathered (on a compilation, an upload) in its one mix, the mono, where an
    # album of its day may hold its stereo mix.
    only_mix = facts.year and (facts.year < STEREO_RECORDS or (
        facts.release_cut == "single" and facts.year < STEREO_SINGLES and (gathered or upload)))
    mono_unstated = facts.channels == "mono" and channels is None and not own_copy and not only_mix
    if mono_unstated and not upload:
        factor *= MONO_UNSTATED  # a catalogue streams the stereo master and marks the mono one
    # Unsettled: a source that does not say which mix it is may be the mono one, and an
    # upload that does not say may be a rip of the mono record.
    unsettled = CHANNELS_UNSTATED if facts.channels is None and cand.channels == "mono" else 1.0
    if mono_unstated and upload:
        unsettled *= MONO_UNSTATED
    if unstated_edit:
        unsettled *= MARKER_CONFLICT
    return factor * unsettled, factor < 1.0
