"""The named score components, each a pure function returning a value in [0, 1] or ``None``.

``None`` means "does not apply" (an unknown duration, a platform without popularity):
the scorer leaves it out of the weighted mean instead of counting it as zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz

from ..models import Candidate
from .normalize import (LATIN, OTHER_SCRIPT, TEXT_CACHE, classical, in_english, in_figures, norm, norm_artist, readings,
                        roman_number, script, skeleton, sounded)
from .parse import (ParsedTitle, VersionType, classify_version, parse_title, record_version, split_featuring,
                    split_names)

_DIGITS = re.compile(r"\d+")
# Raw string similarity of unrelated names rarely falls below ~0.4-0.6, so raw ratios
# are rescaled: at or below these floors the names count as different (0), exact as 1.
TITLE_FLOOR = 0.6
ARTIST_FLOOR = 0.5
# No artist field at all (a SoundCloud upload by a channel): the names are searched in
# the raw title and uploader, which proves less than a credit, so at most 0.9.
UNCREDITED_ARTIST_CAP = 0.9
# No artist anywhere on an upload (a channel's, titled only with the song): unknown,
# neither a match nor a mismatch.
ARTIST_UNKNOWN = 0.5
# A candidate credited only to the source's remixer (remix uploads): most of a performer match.
REMIXER_AS_ARTIST = 0.85
# A credit that keeps a name's first and last words and drops middle ones ("Fela Kuti" for
# "Fela Anikulapo Kuti") names the same person, almost as surely as the full name.
SHORTER_NAME = 95
# Two people sharing a first name: their family names this unlike (0-100) are two people.
OTHER_SURNAME = 60
# A candidate crediting only some of the source's names (the main act without its
# guest, the guest singer alone): incomplete, nobody else's.
PART_OF_CREDIT = 0.75
MIN_CREDITED_NAME = 4
# The fewest letters a shortened name keeps ("NTM").
MIN_SHORT_NAME = 3
# A classical recording crediting one of the source's performers and someone the
# source does not (a soloist Discogs lists only on the release): that performance,
# almost surely.
PERFORMER_AMONG_OTHERS = 0.9
COMPOSER_ONLY = 0.25
# The source's performer only as another act's guest ("Alvin And The Chipmunks ft.
# Billy Ray Cyrus" for Billy Ray Cyrus): that act's record, less likely the source's
# than an upload that names nobody.
GUEST_ON_ANOTHER_RECORD = 0.25
# Consonants alone tell names apart from this many on, at this discount.
SKELETON_CHARS, SKELETON_DISCOUNT = 3, 0.95
# A title romanised this close to its own script's (0-1) reads as the same title.
ROMANISED_SURE = 0.85
# A title cut short with an ellipsis after this many of the source's words: the title,
# all but sure.
TRUNCATED, TRUNCATED_WORDS = 0.95, 3
# A joined credit this like (0-100) the name Discogs gives the whole credit is that credit.
SAME_CREDIT = 90
# Two names this unlike (0-100) are two people.
STRANGER = 50
# A surname alone ("Debussy", "Kempff") for a first name and surname, almost as sure.
SURNAME, SURNAME_CHARS = 90, 4
# Initials stand for a name only from three letters on ("DJ", "MC" stand for nothing).
MIN_INITIALS = 3
_INITIALS_SKIPPED = frozenset("in the of and a an de da der die das".split())
# Words that make a credit an ensemble; performing a work, another one is another recording.
_ENSEMBLE = frozenset("""orchestra orchestre orquesta orquestra orchester orkest orkester philharmonic philharmoniker
    philharmonie filarmonica philharmonia symphony symphonie sinfonie sinfonica sinfonico symphonique sinfonietta
    choir chorus chor coro choeur ensemble quartet quartett quatuor cuarteto consort camerata players pops""".split())
_ENSEMBLE_FILLER = frozenset("the of der des de la le di del and und et y royal national his her their su sus seu "
                             "sua".split())
# Ensemble names are compared by their words' first letters ("Berlin"/"Berliner").
ENSEMBLE_STEM = 5
# Token-set ratio ignores extra words entirely, so it counts for less than a full ratio.
TOKEN_SET_DISCOUNT = 0.9
# A dash part on one side only ("First - Return to Tackyland") may be another title.
UNMATCHED_TAIL = 0.85
# Differing numbers ("Pt. 1" / "Pt. 2", "Untitled 8" / "Untitled 3") are different works...
OTHER_NUMBER = 0.7
# Subtitles on both sides this unlike are two titles (often two languages)...
SAME_SUBTITLE = 0.7
OTHER_SUBTITLE = 0.8
# A part numbered as the source's whose title names the source release's work; words
# shorter than SHORT_WORD ("the", "of") do not name it.
PART_OF_WORK = 0.95
SHORT_WORD = 4
# The source's subtitle alone as the candidate's title: the song's other name.
PREFIX_TITLE_SUBTITLE = 0.95
# The source's title only as the bracket after another name ("Lago Azul (Blue Bayou)"):
# most often the song sung in another language, a vocal version or another song.
ANOTHER_NAME = 0.7
# ...a number only one side has (a year, a date, a range of parts) is only a detail.
MISSING_NUMBER = 0.9
# A title of at least this many words that starts another ("Da Da Da" / "Da Da Da Ich
# Lieb Dich Nicht...") is its short form.
PREFIX_WORDS = 3
PREFIX_TITLE = 0.8
# ...and when the artist and the duration to the second agree too, it is that title
# (calibrated agreement; the rest of the long title must number nothing).
SHORT_FORM_TITLE = 0.875
# Words that make the rest of a long title a version note ("-JP Ver.-", "Live Mix").
_VERSION_NOTE = frozenset("ver vers version versions versione mix remix edit live take demo mono stereo "
                          "instrumental acapella acoustic remaster remastered dub".split())
# Durations this close (seconds, or share of the longer) are the same master.
CLOSE_SLACK_S = 2.0
CLOSE_SLACK_SHARE = 0.01
# An album title this similar to the release's is the same record; titles shorter than
# this say too little ("EP", "1").
SAME_ALBUM = 92
ALBUM_MIN_CHARS = 3
# Durations agree within max(DURATION_SLACK_S, DURATION_SLACK_SHARE x the longer one);
# inside it closer still scores higher (1.0 down to 0.9), outside it falls to 0 at 4x.
DURATION_SLACK_S = 5.0
DURATION_SLACK_SHARE = 0.03
DURATION_INSIDE_SPREAD = 0.1
DURATION_EDGE = 0.9
DURATION_FADE = 3.0
# A number that numbers something ("Part 2", "Vol 4": Roman numerals are digits by now).
_PART_NUMBER = re.compile(r"\b(?:part|parts|vol|volume|chapter|no|number|episode|movement|act|track)\s+(\d+)\b")
# "I. ", "IV. " before a movement's name.
_MOVEMENT_NUMBER = re.compile(r"^\s*(?:[ivxlc]+|\d+)\.\s+", re.I)
# A classical work's catalogue number in comparison form: "op 9 no 2", "bwv 846", "k 525",
# "r 125" (Saint-Saëns), "jb 1 112" (Smetana), "mwv o14" (Mendelssohn).
_CATALOGUE = re.compile(r"\b(?:(?:op|opus|bwv|kv?|d|hob|h|rv|wwv|hwv|sz|bb|m|l|s|r|jb\s+\d+|trv|woo|fwv|sv)\s+\d+[a-z]?"
                        r"|mwv\s+[a-z]\d+)(?:\s+(?:no|nr)\s+\d+)?\b")
# A single-movement work under the same form and catalogue number is the same title
# (calibrated as a title differing only by a detail).
SAME_WORK = 0.95
# A Discogs title numbering its movement, in comparison form: "4 satz adagietto" ("4.
# Satz: Adagietto"), "1st movement allegro", "i movement allegro".
# The number a work gives its part, before the part's name: "no 2 vltava", "2 vltava".
_WORK_NUMBER = re.compile(r"^(?:(?:no|nr|part)\s+)?\d+\s+(?=\D)")
_MOVEMENT_LABEL = re.compile(r"^(?:\d+|[ivx]+)(?:st|nd|rd|th)?\s+(?:satz|movement|mvt|mov|teil|tempo|mouvement)\s+")
# A source title that only numbers a part of a work ("Part I", "Part II C", "Track 2").
_GENERIC_TITLE = re.compile(r"^(?:part|parts|movement|track|side|act|untitled|take)?\s*\d+\s*[a-z]?$")
# Label-name words that uploads often leave out ("Eye Q Records" uploads as "Eye Q").
_LABEL_SUFFIX = re.compile(r"\b(?:records?|recordings|music|label|ltd|limited|inc|gmbh|uk|us)\b")

# What account names glue to an artist's name ("KerriChandlerOfficial", "officialBeltram",
# "MrFingersMusic"); with a space between, the word marks a channel (adapters.soundcloud).
_ACCOUNT_AFFIX = re.compile(r"^(?:official|thereal)(?=[a-z0-9]{3})|(?<=[a-z0-9]{3})(?:official|music|musik|musique|tv|"
                            r"channel|archive)$")


# "X feat. Y", "X presents Y": either name is the act's.
_JOINED_ACTS = re.compile(r"\s+(?:feat|ft|featuring|presents|pres|introducing)\b\.?\s+", re.I)


@lru_cache(maxsize=TEXT_CACHE)
def candidate_names(artists: tuple[str, ...]) -> tuple[str, ...]:
    """Comparison forms of a candidate's artists, whole and split ("A & B" -> a and b, a, b),
    and an account name without what it glues to the artist's name."""
    names: list[str] = []
    for artist in artists:
        names.append(norm_artist(artist))
        names.append(_ACCOUNT_AFFIX.sub("", names[-1]))
        # ("Kevin Saunderson presents E-Dancer": either name is the act's.)
        parts = split_names(_JOINED_ACTS.sub(", ", artist))
        if len(parts) > 1:
            names.extend(norm_artist(p) for p in parts)
    return tuple(dict.fromkeys(n for n in names if n))


def name_similarity(a: str, b: str) -> float:
    """Similarity (0-100) of two comparison-form names; a name that keeps the other's
    first and last words and drops middle ones ("fela kuti" / "fela anikulapo kuti") is
    the same person under a shorter credit."""
    ratio = fuzz.ratio(a, b)
    if ratio < 100 and not a.isascii() and not b.isascii():
        ratio = max(ratio, _read_alike(a, b))  # "齐豫" / "齊豫": simplified and traditional
    short, long_ = sorted((a.split(), b.split()), key=len)
    if len(short) >= 2 and short != long_ and (
            (short[0] == long_[0] and short[-1] == long_[-1] and set(short) <= set(long_))
            or short == long_[1:]):  # "Silk Hurley" for "Steve 'Silk' Hurley": a first name dropped
        return max(ratio, SHORTER_NAME)
    if len(short) == 1 and _initial_letters(long_) == short[0]:
        return max(ratio, SHORTER_NAME)  # "DAF" for "Deutsch Amerikanische Freundschaft", "OMD"
    if len(short) == 1 and len(long_) == 2 and short[0] == long_[1] and len(short[0]) >= SURNAME_CHARS:
        return max(ratio, SURNAME)  # "Debussy" for "Claude Debussy", as composers are credited
    if len(short) == len(long_) == 2 and short == long_[::-1]:
        return max(ratio, SHORTER_NAME)  # "Fischer Iván", "Ringo Sheena": the family name first
    if len(short) == len(long_) == 2 and short[0] == long_[0] and fuzz.ratio(short[1], long_[1]) < OTHER_SURNAME:
        return min(ratio, STRANGER)  # "Jennifer Hudson" is not "Jennifer Holliday": the first name alone
    return ratio


def _read_alike(a: str, b: str) -> float:
    """Similarity (0-100) of two texts in the same script by how they read: simplified and
    traditional characters, kana and kanji ("橄欖樹" / "橄榄树")."""
    return max(fuzz.ratio(x, y) for x in readings(a) for y in readings(b))


def _initial_letters(words: list[str], least: int = MIN_INITIALS) -> str | None:
    """The initials a band, a label or a mixer goes by (``None`` under ``least``
    letters): "Electric Light Orchestra" is "elo", "Orchestral Manoeuvres In The Dark"
    "omd", "Philadelphia International Records" "pir" (small words are skipped)."""
    letters = "".join(w[0] for w in words if w not in _INITIALS_SKIPPED)
    return letters if len(letters) >= least else None


def initials(name: str, least: int = MIN_INITIALS) -> str | None:
    """:func:`_initial_letters` of a comparison-form name."""
    return _initial_letters(name.split(), least)


def artist_score(src_artists: tuple[str, ...], src_credit: str, src_remixers: tuple[str, ...],
                 cand: Candidate, cand_featured: tuple[str, ...] = (), src_aliases: tuple[str, ...] = (),
                 src_guests: tuple[str, ...] = (), src_composers: tuple[str, ...] = ()) -> float:
    """How well the candidate's artists (and those featured in its title) cover the
    source's performers, each under any of the names Discogs knows it by.

    A candidate credited only to the source's remixer (remix uploads) scores 0.85 of
    a performer match. Without any candidate artist, the raw title is searched. A
    classical source (``src_composers``: the composers among ``src_artists``) is
    compared by its performers: see :func:`_performance`.
    """
    names = candidate_names(cand.artists + cand_featured if cand.artists else ())
    if src_composers:
        return _performance(src_artists, src_composers, names, cand)
    if not names:
        haystack = norm(f"{cand.raw_title} {cand.uploader or ''}")
        hits = [max(fuzz.partial_ratio(f, haystack) for f in (a, *src_aliases)) for a in src_artists if a]
        found = calibrate(UNCREDITED_ARTIST_CAP * (sum(hits) / len(hits) / 100), ARTIST_FLOOR) if hits else 0.0
        # A channel's upload titled only with the song says nothing either way.
        return max(found, ARTIST_UNKNOWN)
    if not src_artists:
        return 0.0
    if _guest_on_another_record(cand.artists, src_artists, src_aliases, src_guests):
        return GUEST_ON_ANOTHER_RECORD
    if all(a in names for a in src_artists):
        # Every performer credited under its own name: the most any comparison below
        # can give (and the same ensembles, so none is another orchestra's).
        return 1.0
    across = _across_scripts((*src_artists, *src_aliases), names)
    if across is not None:
        return across
    joined = " ".join(names)
    aliased = max((fuzz.token_sort_ratio(x, n) for x in _credit_aliases(src_artists, src_aliases) for n in names),
                  default=0)
    if aliased >= SAME_CREDIT:
        # The credit as a whole under the name Discogs gives it ("Kiyotaka Sugiyama & Omega
        # Tribe" for "杉山清貴&オメガトライブ"): no performer of it is missing or replaced.
        return calibrate(aliased / 100, ARTIST_FLOOR)
    per_artist = [max(max(name_similarity(form, n) for n in names for form in forms), name_similarity(a, joined))
                  for a, forms in _own_forms(src_artists, src_aliases)]
    best = sum(per_artist) / len(per_artist)
    whole = fuzz.token_sort_ratio(src_credit, joined)
    if len(src_artists) == 1 and len(names) == 1:
        whole = min(whole, best)  # (one name each: the names' own comparison, "Jennifer Hudson" included)
    if len(src_credit.split()) <= len(joined.split()):
        # A shortened credit ("Wink" for Josh Wink) is a subset of the candidate's words;
        # the reverse (a performer of the source missing from the candidate) is not.
        whole = max(whole, TOKEN_SET_DISCOUNT * fuzz.token_set_ratio(src_credit, joined))
    if _other_ensemble(src_artists, names) or _replaced_performer(per_artist, src_artists, src_aliases, names):
        return 0.0
    remix = max((fuzz.ratio(r, n) for r in src_remixers for n in names), default=0) * REMIXER_AS_ARTIST
    found = calibrate(max(best, whole, remix) / 100, ARTIST_FLOOR)
    if found < PART_OF_CREDIT and _part_of_credit(cand.artists, (*src_artists, *src_guests)):
        return PART_OF_CREDIT
    return found


def _performance(src_artists: tuple[str, ...], composers: tuple[str, ...], names: tuple[str, ...],
                 cand: Candidate) -> float:
    """The artist component of a classical recording: whose performance it is. Every
    recording of a work credits its composer, so the composer counts for nothing. A
    candidate naming half or more of the source's performers (the conductor, the
    ensemble, the soloist; in its credits or in an upload's title) is that performance,
    fully when it credits nobody else, and not at all when someone it does not credit
    stands in for one of them. Naming fewer is only part of the credit; naming only
    others, another performance; naming only the composer, most likely someone else's
    too (a channel's upload of the work)."""
    performers = [a for a in src_artists if a not in composers]
    # (A whole credit as one string, "Victoria de los Ángeles, Orchestre National...", is known by its parts.)
    others = [n for n in names if not any(_same_performer(n, k) or k in n for k in src_artists)]
    heard = [p for p in performers if any(_same_performer(p, n) for n in names)]
    if len(heard) * 2 < len(performers) and (cand.raw_title or cand.uploader):
        # "Fauré - Pavane, Op. 50 | OSM · Dutoit": the performers in the upload's title.
        words = set(norm(f"{cand.raw_title} {cand.uploader or ''}").split())
        heard += [p for p in performers if p not in heard and len(p.split()[-1]) >= MIN_CREDITED_NAME
                  and p.split()[-1] in words]
    if not heard:
        return 0.0 if any(n not in composers for n in others) else COMPOSER_ONLY
    missing = [p for p in performers if p not in heard]
    if missing and any(_stands_in(n, missing) for n in others if n not in composers):
        return 0.0  # another soloist's recording with the same orchestra, another orchestra's
    if len(heard) * 2 < len(performers):
        return PART_OF_CREDIT
    return 1.0 if not others else PERFORMER_AMONG_OTHERS


def _stands_in(name: str, missing: list[str]) -> bool:
    """Whether a credit the source lacks may stand in for one of its ``missing``
    performers: a person, or an ensemble other than theirs ("Orchestre National de la
    RTF" is the "Orchestre National De La Radiodiffusion Française" by its words)."""
    words = _ensemble_words(name)
    if words is None:
        return True
    return not any(words & theirs for theirs in map(_ensemble_words, missing) if theirs is not None)


def _same_performer(a: str, b: str) -> bool:
    """Two credits of one performer: the name ("David Willcocks" / "Sir David
    Willcocks"), or an ensemble's words in another order ("King's College Choir Of
    Cambridge" / "Choir of King's College, Cambridge")."""
    if name_similarity(a, b) >= SAME_CREDIT:
        return True
    return len(a.split()) > 1 and len(b.split()) > 1 and fuzz.token_set_ratio(a, b) >= SAME_CREDIT \
        and len(set(a.split()) & set(b.split())) >= 2


def guest_added(src_names: tuple[str, ...], featured: tuple[str, ...]) -> bool:
    """Whether a title names a guest ("(feat. David Bisbal)") the source credits under
    no name (``src_names``: its performers, aliases and guests, comparison forms)."""
    return any(norm_artist(g) not in src_names for g in featured)


def _guest_on_another_record(artists: tuple[str, ...], performers: tuple[str, ...], aliases: tuple[str, ...],
                             guests: tuple[str, ...]) -> bool:
    """Whether a candidate credits the source's performers (comparison forms) only after
    a "feat."/"ft." of an act the source does not credit under any name."""
    for artist in artists:
        lead, featured = split_featuring(artist)
        names = tuple(map(norm_artist, featured))
        if names and all(p in names for p in performers) and norm_artist(lead) not in (*performers, *aliases, *guests):
            return True
    return False


def shortened_name(src_artists: tuple[str, ...], cand_artists: tuple[str, ...]) -> bool:
    """Whether a candidate credits the source's one performer by the first or the last
    words of its name ("Musiq" for Musiq Soulchild, "NTM" for Suprême NTM): the name
    people shorten it to, or someone else named alike, which only an equal length can
    tell apart (the caller's test)."""
    if len(src_artists) != 1 or len(cand_artists) != 1:
        return False
    ours, theirs = src_artists[0].split(), norm_artist(cand_artists[0]).split()
    if not theirs or len(theirs) >= len(ours) or len("".join(theirs)) < MIN_SHORT_NAME or theirs[0] == "the":
        return False
    return ours[:len(theirs)] == theirs or ours[-len(theirs):] == theirs


def _part_of_credit(artists: tuple[str, ...], credited: tuple[str, ...]) -> bool:
    """Whether every artist of a candidate is one of the names the source credits
    (``credited``, comparison forms): "Kavinsky" for "Kavinsky & Lovefoxxx", "Victoria
    Beckham" for "Truesteppers And Dane Bowers Featuring Victoria Beckham": part of the
    credit, nobody else's."""
    names = [norm_artist(a) for a in artists]
    return bool(names) and all(len(n) >= MIN_CREDITED_NAME and n in credited for n in names)


def _across_scripts(forms: tuple[str, ...], names: tuple[str, ...]) -> float | None:
    """The artist component when the source knows its performers only in one script and
    the candidate credits only names in another ("米津玄師" / "Kenshi Yonezu", "Кино" /
    "Kino"), else ``None``: the names compared romanised, in either order (Japanese and
    Korean names put the family name first). A poor romanised match is no evidence
    against: a spelling across scripts is not another artist's name, so the artist is
    then unknown (:data:`ARTIST_UNKNOWN`) and the title, duration and record decide."""
    if all(n.isascii() for n in names) and all(f.isascii() for f in forms):
        return None  # (the common case, and the cheapest test)
    own, theirs = {script(f) for f in forms}, {script(n) for n in names}
    if len(own) != 1 or len(theirs) != 1 or own | theirs != {LATIN, OTHER_SCRIPT}:
        return None  # (the same test as :func:`_other_scripts`, for each side's names)
    best = max(romanised_similarity(f, n) for f in forms for n in names)
    return max(calibrate(best / 100, ARTIST_FLOOR), ARTIST_UNKNOWN)


def romanised_similarity(a: str, b: str) -> float:
    """Similarity (0-100) of two names or titles written in different scripts: their
    romanisations, ``b`` read as written and with its words reversed (Japanese and Korean
    names put the family name first), and their consonants alone (a little less sure),
    when there are enough of them to tell words apart."""
    best = max(fuzz.ratio(own, reading) for own in readings(a) for reading in _readings(b))
    consonants, theirs = skeleton(a), skeleton(b)
    if min(len(consonants), len(theirs)) >= SKELETON_CHARS:
        best = max(best, SKELETON_DISCOUNT * fuzz.ratio(consonants, theirs),
                   SKELETON_DISCOUNT * fuzz.ratio(sounded(a), sounded(b)))
    return best


def _other_scripts(a: str, b: str) -> bool:
    """Whether one text is all Latin letters and the other is written in another script,
    if only in part ("未来予想図II")."""
    if a.isascii() and b.isascii():
        return False
    ours, theirs = script(a), script(b)
    if LATIN not in (ours, theirs) or ours == theirs:
        return False
    other = b if ours == LATIN else a
    return any(ch.isalpha() and not ch.isascii() for ch in other) and script(other) != LATIN


def _readings(name: str) -> tuple[str, ...]:
    """``name``'s :func:`readings`, as written and with its words reversed."""
    return (*readings(name), *readings(" ".join(reversed(name.split()))))


@lru_cache(maxsize=TEXT_CACHE)
def _own_forms(artists: tuple[str, ...], aliases: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each performer with the names it may go by: its own and the aliases, except
    another performer's name pooled among them ("John Williams" is not the orchestra
    he conducts). Of several performers, each takes only the aliases that name it: the
    alias sharing a word with it ("Edward Elgar" for "Elgar", never for the cellist)."""
    others = [x for x in aliases if x not in artists]
    if len(artists) == 1:
        return ((artists[0], (artists[0], *others)),)
    return tuple((a, (a, *(x for x in others if _owner(x, artists) == a))) for a in artists)


def _credit_aliases(artists: tuple[str, ...], aliases: tuple[str, ...]) -> tuple[str, ...]:
    """The aliases of a joined credit ("A & B", one Discogs artist) that name none of its
    performers alone: names of the whole credit."""
    if len(artists) < 2:
        return ()
    return tuple(x for x in aliases if x not in artists and _owner(x, artists) is None)


def _owner(alias: str, artists: tuple[str, ...]) -> str | None:
    """The performer an alias names: the one sharing the most words with it, if any,
    words compared romanised ("Vassilis Tsitsanis" names "Β. Τσιτσάνης")."""
    words = _word_forms(alias)
    shared = max(artists, key=lambda a: len(words & _word_forms(a)))
    return shared if words & _word_forms(shared) else None


def _word_forms(name: str) -> set[str]:
    """A name's words, as written and romanised (as :func:`romanised` spells them)."""
    words = set(name.split())
    return words | {reading for w in words for reading in readings(w)}


@lru_cache(maxsize=TEXT_CACHE)
def _ensemble_words(name: str) -> frozenset[str] | None:
    """The words that tell an orchestra, choir or ensemble from another ("boston pops"
    of "boston pops orchestra"), ``None`` when ``name`` is no ensemble."""
    words = name.split()
    if not any(w in _ENSEMBLE for w in words):
        return None
    # "His Orchestra", "Su Orquesta": the leader's band, named by nothing of its own.
    return frozenset(w[:ENSEMBLE_STEM] for w in words if w not in _ENSEMBLE and w not in _ENSEMBLE_FILLER) or None


@lru_cache(maxsize=TEXT_CACHE)
def _ensembles(artists: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(w for w in map(_ensemble_words, artists) if w is not None)


def _other_ensemble(src_artists: tuple[str, ...], names: tuple[str, ...]) -> bool:
    """True when the source credits an ensemble and the candidate credits other ones
    only: another orchestra's recording of the work, not the source's."""
    ours = _ensembles(src_artists)
    if not ours:
        return False
    theirs = [w for w in map(_ensemble_words, names) if w is not None]
    return bool(theirs) and not any(a & b or a == b for a in ours for b in theirs)


def _replaced_performer(per_artist: list[float], src_artists: tuple[str, ...], src_aliases: tuple[str, ...],
                        names: tuple[str, ...]) -> bool:
    """True when a performer of the source's is missing from the candidate's credits and
    someone the source does not credit stands in their place: another soloist's or
    conductor's recording of the work, another singer's duet (``per_artist``: each source
    performer's best similarity, 0-100)."""
    if len(src_artists) < 2 or len(names) < 2 or min(per_artist) >= STRANGER:
        return False
    known = (*src_artists, *src_aliases)
    # (A credit naming several people is judged by each: "tsitsanis and tsaousakis".)
    people = [n for n in names if not (" and " in n and all(p in names for p in n.split(" and ")))]
    return any(_ensemble_words(n) is None and max(_any_script_similarity(n, k) for k in known) < STRANGER
               for n in people)


def _any_script_similarity(a: str, b: str) -> float:
    """:func:`name_similarity`, romanised for names in two scripts ("Tsitsanis" / "Β.
    Τσιτσάνης")."""
    return romanised_similarity(a, b) if _other_scripts(a, b) else name_similarity(a, b)


def calibrate(similarity: float, floor: float) -> float:
    """Rescale a raw similarity in [0, 1] so that ``floor`` or less maps to 0 and 1 to 1."""
    return max(0.0, (similarity - floor) / (1.0 - floor))


def title_score(src: ParsedTitle, cand: ParsedTitle, context: str = "") -> float:
    """Similarity of base titles (version and featured credits already split off),
    calibrated so unrelated titles score 0.

    Differing numbers cost: another part number ("Pt. 1" vs "Pt. 2", "Untitled 8" vs
    "Untitled 3") 30 % of the raw similarity, a number one side lacks 10 %. A source
    title that only numbers a part of a work ("Part I") is also read with ``context``,
    the release title that names the work ("The Köln Concert").
    """
    value = _similarity(src.base_norm, cand.base_norm)
    if value < 1.0 and ("*" in cand.base or "*" in src.base):
        # "F**k Mountain" for "Fuck Mountain": the letters a title hides, the source's.
        value = max(value, _similarity(_uncensored(src.base, cand.base_norm), _uncensored(cand.base, src.base_norm)))
    if value < 1.0 and cand.base.endswith(_ELLIPSES) and _truncated(cand.base_norm, src.base_norm):
        value = TRUNCATED  # "I Slept With Someone In Fall Out Boy...": the title cut short
    if value < 1.0 and not src.base_norm.isascii() and not cand.base_norm.isascii() \
            and script(src.base_norm) == script(cand.base_norm) == OTHER_SCRIPT:
        # "橄欖樹" / "橄榄树": simplified and traditional characters (or kana and kanji), read alike.
        read_alike = _read_alike(src.base_norm, cand.base_norm) / 100
        if read_alike >= ROMANISED_SURE:
            value = max(value, read_alike)
    if value < 1.0 and _other_scripts(src.base_norm, cand.base_norm):
        # "كيفك إنت" / "Kifak Inta": the title in another script, compared romanised. No
        # romanisation spells a title as its own script does ("Haperach Begani"), so a
        # close one is as sure as the same letters.
        value = max(value, min(1.0, romanised_similarity(src.base_norm, cand.base_norm) / 100 / ROMANISED_SURE))
    if src.tail_norm != cand.tail_norm:
        # A dash part on one side only ("First - Return to Tackyland") may be another
        # title; an unmatched parenthesis is usually a subtitle ("(She's Homeless)").
        value *= UNMATCHED_TAIL
    src_subtitles, cand_subtitles = _subtitles(src), _subtitles(cand)
    if src_subtitles and cand_subtitles and _similarity(src_subtitles, cand_subtitles) < SAME_SUBTITLE \
            and not (_other_scripts(src_subtitles, cand_subtitles)
                     and romanised_similarity(src_subtitles, cand_subtitles) / 100 >= SAME_SUBTITLE):
        # "Major Tom (Coming Home)" / "Major Tom (Völlig Losgelöst)": two subtitles, two titles.
        value *= OTHER_SUBTITLE
    elif src.extra or cand.extra:
        value = max(value, _similarity(src.full_norm, cand.full_norm))
    if value < 1.0 and (src.lead_norm or cand.lead_norm):
        # "(I Just) Died In Your Arms": with the words it may go without, or without them.
        value = max(value, *(_similarity(a, b) for a in {src.base_norm, src.inline_norm}
                             for b in {cand.base_norm, cand.inline_norm}))
    if value < PREFIX_TITLE_SUBTITLE:  # (other readings only for titles that differ)
        value = max(value, _other_name(src, cand, context))
    if value < SAME_WORK and (_same_work(src, cand) or _same_movement(src, cand) or _same_number(src, cand)):
        value = SAME_WORK
    if value < 1.0 and (":" in src.base or _catalogue(src.full_norm) or _catalogue(cand.full_norm)):
        # "Suite Bergamasque: III. Clair De Lune" for "Clair de Lune", "Boléro, M. 81" for
        # "Boléro": a movement named alone, a catalogue number only one side gives.
        own = _movement(src.base) or src.full_norm
        if not (_catalogue(own) and _catalogue(cand.full_norm)):
            uncatalogued = _uncatalogued(cand.full_norm)
            value = max(value, _similarity(_uncatalogued(own), uncatalogued),
                        _similarity(_uncatalogued(src.full_norm), uncatalogued))
    if value < 1.0 and (classical(src.full_norm) or classical(cand.full_norm)):
        # "Rhapsodie Hongroise N° 2 En Ut Dièse Mineur" for "Hungarian Rhapsody No. 2 in
        # C-Sharp Minor, S. 244/2": the work named in English, as catalogues name it.
        value = max(value, _similarity(_uncatalogued(in_english(src.full_norm)),
                                       _uncatalogued(in_english(cand.full_norm))))
    if context and _GENERIC_TITLE.match(src.base_norm):
        value = max(value, _similarity(f"{context} {src.full_norm}", cand.full_norm),
                    _part_of_work(src.base_norm, context, cand.full_norm))
    movement = _movement(cand.base)
    if movement:
        # "Symphony No. 5 in C Minor, Op. 67: I. Allegro con brio": Discogs titles the movement,
        # whose name may go on after a dash ("I. Lento - Sostenuto tranquillo") or in a
        # bracket ("IV. Adagietto (Sehr langsam)"), and may number it ("4. Satz: Adagietto").
        own = _MOVEMENT_LABEL.sub("", src.full_norm)
        value = max(value, _similarity(own, movement),
                    _similarity(own, f"{movement} {cand.tail_norm}") if cand.tail_norm else 0.0,
                    _similarity(own, f"{movement} {_extra_norm(cand.extra)}") if cand.extra else 0.0)
    return calibrate(value, TITLE_FLOOR)


@lru_cache(maxsize=TEXT_CACHE)
def _catalogue(text: str) -> str | None:
    """The catalogue number a title in comparison form gives ("op 9 no 2"), if any."""
    found = _CATALOGUE.search(text) if any(ch.isdigit() for ch in text) else None
    return found.group(0) if found else None


def _uncatalogued(text: str) -> str:
    """A title in comparison form without its catalogue number."""
    return " ".join(_CATALOGUE.sub("", text).split())


def _same_work(src: ParsedTitle, cand: ParsedTitle) -> bool:
    """Two titles of one classical work in one movement, catalogued alike: the same form
    ("nocturne") and catalogue number ("op 9 no 2", "bwv 846"), however the key and the
    number in the set are written ("Nocturne In E-Flat, Op. 9, No. 2" / "Nocturne No. 2
    in E-Flat Major, Op. 9 No. 2"). A title naming a movement ("...: I. Allegro") is left
    to the movement's comparison."""
    if ":" in src.base or ":" in cand.base:
        return False
    a, b = _catalogue(src.full_norm), _catalogue(cand.full_norm)
    if a is None or b is None or a != b:
        return False
    return src.base_norm.split()[0] == cand.base_norm.split()[0]


def _same_number(src: ParsedTitle, cand: ParsedTitle) -> bool:
    """One number of one work, its act named on one side only: "Norma: "Casta Diva"" /
    "Norma, Act 1: "Casta diva"" (the work's first word, and the same words after the
    last colon)."""
    if ":" not in src.base or ":" not in cand.base:
        return False
    (our_work, ours), (their_work, theirs) = src.base.rsplit(":", 1), cand.base.rsplit(":", 1)
    if not norm(ours) or norm(ours) != norm(theirs) or src.base_norm.split()[0] != cand.base_norm.split()[0]:
        return False
    numbers = set(_DIGITS.findall(norm(our_work))), set(_DIGITS.findall(norm(their_work)))
    return not all(numbers) or numbers[0] == numbers[1]  # ("Atto 1" is not "Atto III")


def _same_movement(src: ParsedTitle, cand: ParsedTitle) -> bool:
    """One movement of one catalogued work, the work named two ways: a catalogue number
    both give ("RV 269"), and the same words after the last colon ("I. Allegro" / "1.
    Allegro"): "Concerto No. 1 In E Major, Op. 8 No. 1, RV 269 "La Primavera": I.
    Allegro" / "Violin Concerto in E Major, Op. 8/1, RV 269 "La Primavera": 1. Allegro"."""
    if ":" not in src.base or ":" not in cand.base:
        return False
    ours, theirs = set(_CATALOGUE.findall(src.full_norm)), set(_CATALOGUE.findall(cand.full_norm))
    if not ours & theirs:
        return False
    return norm(src.base.rsplit(":", 1)[1]) == norm(cand.base.rsplit(":", 1)[1])


def _other_name(src: ParsedTitle, cand: ParsedTitle, context: str) -> float:
    """Raw similarity of titles read as one's other name: a subtitle ("Tear The Roof Off
    The Sucker" for "Give Up The Funk (Tear The Roof Off The Sucker)", "Red 2 (Wisdom To
    The Wise)" for "Wisdom To The Wise"), a part of "A / B" ("War Pigs / Luke's Wall"),
    the work's name in front ("Carmina Burana / Fortuna Imperatrix Mundi: O Fortuna" on
    *Carmina Burana*); 0 when none applies."""
    if any(norm(extra) == src.base_norm for extra in cand.extra) and translated(src, cand):
        return ANOTHER_NAME
    if any(_without_article(norm(extra)) == _without_article(cand.base_norm) for extra in src.extra) or \
            any(norm(extra) == src.base_norm for extra in cand.extra) or _names_a_part(src.base_norm, cand.base) \
            or _colon_subtitled(src, cand) or _colon_subtitled(cand, src) or _romanised_aside(src, cand):
        return PREFIX_TITLE_SUBTITLE
    if context and cand.base_norm.startswith(context) and cand.base_norm[len(context):len(context) + 1] == " ":
        rest = cand.base_norm[len(context) + 1:]
        # ("Má vlast: No. 2, Vltava" on *Má Vlast* for "Vltava (Die Moldau)": the work's
        # number for the part, the part's own name.)
        named = _WORK_NUMBER.sub("", rest)
        return max(_similarity(src.full_norm, rest), _similarity(src.base_norm, named) if named != rest else 0.0)
    return 0.0


def _romanised_aside(src: ParsedTitle, cand: ParsedTitle) -> bool:
    """Whether the candidate gives the source's title, written in another script, in
    brackets after a translation: "Beautiful Woman (Miin)" for "미인"."""
    return bool(cand.extra) and script(src.base) == OTHER_SCRIPT and any(
        script(extra) == LATIN and romanised_similarity(src.base_norm, norm(extra)) / 100 >= ROMANISED_SURE
        for extra in cand.extra)


def translated(src: ParsedTitle, cand: ParsedTitle) -> bool:
    """Whether a candidate titled "T (S)" for the source's "S" reads as a version of it
    under another name in the same script: "Lago Azul (Blue Bayou)", "Come What May
    (Après toi)", "Time To Say Goodbye (Con te partirò)", a translation sung anew. A source
    with its own second name ("Birds Fly (Whisper To A Scream)") names it alike, a name in
    another script is the same title written otherwise ("Gangnam Style (강남스타일)"), and
    a numbered one a part's ("Part Two (Iron Hogs)")."""
    if src.extra or script(src.base) != LATIN or script(cand.base) != LATIN or cand.tail_norm == src.base_norm:
        return False  # ("Chariots Of Fire - Titles": the score's name, then the cue's)
    # ("Part Two (Iron Hogs)", "Red 2 (Wisdom To The Wise)": a numbered part's name.)
    return not set(cand.base_norm.split()) & set(src.base_norm.split()) and not _DIGITS.search(cand.base_norm)


def _colon_subtitled(short: ParsedTitle, long_: ParsedTitle) -> bool:
    """Whether ``long_`` is ``short`` with a subtitle after a colon ("Gloria: In Excelsis
    Deo" for "Gloria"); not a movement after its work ("Symphony No. 5: I. Allegro")."""
    head, colon, rest = long_.base.partition(":")
    return bool(colon) and ":" not in short.base and norm(head) == short.base_norm \
        and not _MOVEMENT_NUMBER.match(rest.strip()) and not _MOVEMENT_LABEL.match(norm(rest))


def _names_a_part(src_base: str, cand_base: str) -> bool:
    """True when ``cand_base`` joins titles with " / " and one of them is the source's."""
    return " / " in cand_base and any(norm(part) == src_base for part in cand_base.split(" / "))


def _part_of_work(part: str, work: str, cand: str) -> float:
    """A source titled only "Part I" on "The Köln Concert" against "Köln, January 24,
    1975, Pt. I": the same part number, and a word of the work's name."""
    numbers = set(_PART_NUMBER.findall(part)) or set(_DIGITS.findall(part))
    if not numbers or numbers != set(_PART_NUMBER.findall(cand)):
        return 0.0
    words = {w for w in work.split() if len(w) >= SHORT_WORD}
    return PART_OF_WORK if words & set(cand.split()) else 0.0


def _subtitles(title: ParsedTitle) -> str:
    """The extras of a title that read as a subtitle (words, no numbers): not a part
    number, a year, a catalogue number or an uploader's note."""
    return _subtitle_text(title.extra) if title.extra else ""


@lru_cache(maxsize=TEXT_CACHE)
def _subtitle_text(extra: tuple[str, ...]) -> str:
    return " ".join(n for n in map(norm, extra) if len(n.split()) >= 2 and not _DIGITS.search(n))


@lru_cache(maxsize=TEXT_CACHE)
def _extra_norm(extra: tuple[str, ...]) -> str:
    return norm(" ".join(extra))


def _movement(base: str) -> str:
    """The movement of a classical title "Work: I. Movement" in comparison form, or ""."""
    if ":" not in base:
        return ""
    return norm(_MOVEMENT_NUMBER.sub("", base.rsplit(":", 1)[1]))


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0  # (the common case: the same title)
    if (_HAS_DIGIT.search(a) is None) != (_HAS_DIGIT.search(b) is None):
        # "1 Thing" for "One Thing": a number written in figures on one side only.
        a, b = in_figures(a), in_figures(b)
    if (a.startswith(_ARTICLES) or b.startswith(_ARTICLES)) and _without_article(a) == _without_article(b):
        return 1.0  # "Harder They Come" for "The Harder They Come": an uploader's shorthand
    # Spacing differs between catalogues ("Yé Ké Yé Ké" / "Yeke Yeke"): compare without it too.
    compact = fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))
    value = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b), TOKEN_SET_DISCOUNT * fuzz.token_set_ratio(a, b),
                compact) / 100
    short, long_ = sorted((a.split(), b.split()), key=len)
    if len(short) >= PREFIX_WORDS and long_[: len(short)] == short:
        # "Da Da Da" for "Da Da Da Ich Lieb Dich Nicht...": the title everyone uses is the
        # start of the long one.
        value = max(value, PREFIX_TITLE)
    return value * _number_factor(a, b)


_ARTICLES = ("the ", "a ", "an ")
# A word partly hidden behind stars ("F**k", "S**t").
_CENSORED = re.compile(r"\w*\*+\w*")
_ELLIPSES = ("...", "\u2026")
_HAS_DIGIT = re.compile(r"\d")


def _uncensored(title: str, other: str) -> str:
    """``title`` in comparison form with each word it hides behind stars ("F**k") read as
    the word of ``other`` (comparison form) it can be, if any."""
    if "*" not in title:
        return norm(title)
    words = other.split()

    def reveal(match: re.Match[str]) -> str:
        hidden = re.compile("".join("." if ch == "*" else re.escape(ch) for ch in match[0].casefold()))
        return next((w for w in words if len(w) == len(match[0]) and hidden.fullmatch(w)), match[0])

    return norm(_CENSORED.sub(reveal, title))


def _truncated(short: str, long_: str) -> bool:
    """Whether ``short`` is ``long_`` cut off after a few words (comparison forms)."""
    return len(short.split()) >= TRUNCATED_WORDS and long_.startswith(f"{short} ")


def _without_article(text: str) -> str:
    return text.split(" ", 1)[1] if text.startswith(_ARTICLES) and " " in text else text


def short_form_title(short: str, long_: str) -> float:
    """:data:`SHORT_FORM_TITLE` when the source's base title ``short`` (comparison form)
    is the first :data:`PREFIX_WORDS` or more words of the candidate's ``long_`` and the
    rest names no number or version ("Killing Me Softly" / "... With His Song", not "Get
    Up" / "Get Up Pt. 2" nor "Ddu Du" / "Ddu Du Jp Ver"), else 0. Only that way round: a
    platform's short title may be the hook another language's version shares ("Da Da
    Da")."""
    words, longer = short.split(), long_.split()
    if len(words) < PREFIX_WORDS or len(longer) <= len(words) or longer[: len(words)] != words:
        return 0.0
    rest = longer[len(words):]
    return 0.0 if _DIGITS.search(" ".join(rest)) or not _VERSION_NOTE.isdisjoint(rest) else SHORT_FORM_TITLE


# Words that make a title's leftover a version (:data:`_VERSION_NOTE`, "Inst.") or
# another's record ("Made Famous By"), beside the vocabulary.
_NOT_A_SUBTITLE = _VERSION_NOTE | frozenset("versao versión inst made famous style tribute cover karaoke originally "
                                            "performed".split())
# A number ending a title numbers it ("Rocky 2"; a Roman "I", "V" or "X" only against
# another number: norm writes the other Roman numerals in digits already).
_ROMAN_ENDINGS, _NUMBER_ENDINGS = "ivx", "ivx0123456789"
_TRAILING_NUMBER = re.compile(r"\s(\d+|i|v|x)$")
_NUMBER_WORD = re.compile(r"\b(?:\d+|[ivx]+)\b")


def _numeral(text: str) -> int:
    return int(text) if text.isdigit() else roman_number(text)


def spelled_alike(a: str, b: str) -> bool:
    """Whether a source's title ``a`` and a candidate's ``b`` (comparison forms) may be one
    title written two ways: spelled otherwise word for word ("jazz carnaval" / "jazz
    carnival"), or the source's the start or the end of the candidate's ("gloria" /
    "gloria in excelsis deo", "making of cyborg" / "utai i making of cyborg"); with the same
    numbers (Roman ones included: "part i" / "part ii"), and no word left over that
    names a version ("ddu du ddu du jp ver")."""
    if _NUMBER_WORD.findall(a) != _NUMBER_WORD.findall(b):
        return False
    short, long_ = a.split(), b.split()
    if len(short) == len(long_):
        return True
    if len(short) > len(long_):
        # (Only the source's title may be the short one: a platform's short title may be
        # the hook that another language's version shares.)
        return False
    n = len(short)
    rest = long_[n:] if long_[:n] == short else long_[:-n] if long_[-n:] == short else None
    return bool(rest) and _NOT_A_SUBTITLE.isdisjoint(rest) and classify_version(" ".join(rest)) is None


def _number_factor(a: str, b: str) -> float:
    ea, eb = a[-1:], b[-1:]
    if ea and eb and (ea in _ROMAN_ENDINGS or eb in _ROMAN_ENDINGS) and ea in _NUMBER_ENDINGS \
            and eb in _NUMBER_ENDINGS:  # (two digits are compared below)
        ra, rb = _TRAILING_NUMBER.search(a), _TRAILING_NUMBER.search(b)
        if ra and rb and _numeral(ra[1]) != _numeral(rb[1]):
            return OTHER_NUMBER  # "Smokebelch I" / "Smokebelch II" (normalised "smokebelch 2")
    na, nb = frozenset(_DIGITS.findall(a)), frozenset(_DIGITS.findall(b))
    if na == nb:
        return 1.0
    pa, pb = set(_PART_NUMBER.findall(a)), set(_PART_NUMBER.findall(b))
    if pa and pb and not pa & pb:
        return OTHER_NUMBER
    if na <= nb or nb <= na:
        # One side adds a number the other lacks (a year, a date, a range of parts).
        return MISSING_NUMBER
    return OTHER_NUMBER


def duration_score(src_s: float | None, cand_s: float | None) -> float | None:
    """0.9-1 within a tolerance of max(5 s, 3 % of the longer track), falling to 0 at 4x it.

    Tells a 3:30 radio edit from a 6:30 extended mix; ``None`` when either is unknown.
    """
    if not src_s or not cand_s:
        return None
    tolerance = max(DURATION_SLACK_S, DURATION_SLACK_SHARE * max(src_s, cand_s))
    diff = abs(src_s - cand_s)
    if diff <= tolerance:
        # Within tolerance, closer is still likelier the same master.
        return 1.0 - DURATION_INSIDE_SPREAD * diff / tolerance
    return max(0.0, DURATION_EDGE - DURATION_EDGE * (diff - tolerance) / (DURATION_FADE * tolerance))


def duration_close(src_s: float | None, cand_s: float | None) -> bool:
    """True when both durations are known and agree to within max(2 s, 1 %): the same
    master, almost always (96 % of right answers in the labelled sets, 2.5 % of other
    cuts of the same song)."""
    if not src_s or not cand_s:
        return False
    return abs(src_s - cand_s) <= max(CLOSE_SLACK_S, CLOSE_SLACK_SHARE * max(src_s, cand_s))


@lru_cache(maxsize=TEXT_CACHE)
def label_forms(label: str) -> str:
    """A label name in comparison form without "Records"-like suffixes ("" if too short)."""
    short = re.sub(r"\s+", " ", _LABEL_SUFFIX.sub(" ", norm_artist(label))).strip()
    return short if len(short) >= 3 else ""


@lru_cache(maxsize=TEXT_CACHE)
def _record_clues(labels: tuple[str, ...], catnos: tuple[str, ...]) -> tuple[str, ...]:
    """What of a release's labels and catalogue numbers an upload's title would show: each
    label's first word, each number's digits."""
    return (*(w for label in labels for w in label.split()[:1]), *(d for c in catnos for d in _DIGITS.findall(c)))


def label_score(labels: tuple[str, ...], catnos: tuple[str, ...], cand: Candidate) -> float | None:
    """1 when the release's label or catalogue number shows in the candidate's label,
    uploader or title, else ``None``: only positive evidence."""
    if not labels and not catnos:
        return None
    fields_ = [cand.label, cand.uploader]
    raw = (cand.raw_title or "").casefold()
    # The title is normalised only when a label word or catalogue digits may be in it:
    # titles are all different, labels and uploaders repeat (and are cached).
    if raw and any(clue in raw for clue in _record_clues(labels, catnos)):
        fields_.append(cand.raw_title)
    haystack = f" {' '.join(norm(f) for f in fields_ if f)} "
    if any(f and f" {f} " in haystack for f in labels):
        return 1.0
    compact = haystack.replace(" ", "")
    if any(c and len(c) >= 4 and c in compact for c in catnos):
        return 1.0
    # Another label is no evidence against: compilations and reissues license tracks.
    return None


# Versions that make a record another record ("The Black Album (Acapella)"); edition
# and remaster notes do not ("Made In Japan (Remastered)").
_IDENTITY_VERSIONS = frozenset({VersionType.LIVE, VersionType.ACAPPELLA, VersionType.INSTRUMENTAL,
                                VersionType.REMIX, VersionType.DUB, VersionType.ALTERNATE, VersionType.OTHER})
# "Kindred EP", "Variety LP": the format, not the title.
_FORMAT_SUFFIX = re.compile(r"\s+(?:ep|lp|e p|l p|maxi|single)$")
# An album or single this many years after the source's release that carries a track of
# the same title holds a later recording: in the development set, 111 candidates of the
# source's title and artist sit on such a record, and none is the right answer.
LATER_RECORD_YEARS = 5
_NEW_RECORD_TYPES = frozenset({"album", "single"})
# Album names that gather earlier records (best-ofs typed "album") or issue one again.
_GATHERED = re.compile(r"\b(?:best|greatest|hits|gold|collection|anthology|essentials?|singles|years|definitive|"
                       r"ultimate|classics?|platinum|retrospective|story|remaster(?:ed)?|reissue|edition|deluxe|"
                       r"expanded|anniversary|legacy|box|complete|archives?|selected|originals|recordings|masters|"
                       r"mono|stereo)\b", re.I)
# "(Expanded Version)", "(Anniversary Mix)": editions, not other records ("(Taylor's Version)" is).
_EDITION = re.compile(r"\b(?:expanded|anniversary|legacy|collector'?s?|special|bonus|super|complete|definitive)\b",
                      re.I)


@dataclass(frozen=True, slots=True)
class RecordTitle:
    """A release or album title as a record's identity: the title in comparison form
    (and its parts around ":" or " - ": "At The Pershing: But Not For Me"), and the
    version it names, if it names one that makes it another record."""

    names: tuple[str, ...] = ()
    version: VersionType | None = None
    rerecorded: bool = False
    # The title without its performer's name in front ("Bill Withers Live At Carnegie
    # Hall" is released digitally as "Live At Carnegie Hall"); "" when it has none.
    bare: str = ""


@lru_cache(maxsize=TEXT_CACHE)
def record_title(title: str | None) -> RecordTitle:
    """The identity of a release or album title (see :class:`RecordTitle`)."""
    if not title:
        return RecordTitle()
    parsed = parse_title(title)
    base = _FORMAT_SUFFIX.sub("", parsed.base_norm)
    parts = [_FORMAT_SUFFIX.sub("", norm(p)) for p in re.split(r"\s*[:/]\s*|\s+-\s+", parsed.base) if norm(p)]
    edition = parsed.version_text is not None and _EDITION.search(parsed.version_text)
    version = parsed.version if parsed.version in _IDENTITY_VERSIONS and not edition else record_version(title)
    return RecordTitle(tuple(dict.fromkeys(n for n in (base, *parts) if len(n) >= ALBUM_MIN_CHARS)), version,
                       parsed.rerecorded)


def album_score(release: RecordTitle, source_version: VersionType, cand: Candidate,
                release_title: str = "") -> float | None:
    """1 when the candidate's album is the source's release (the titles agree once
    edition and format notes are dropped, and neither names a version the other is
    not, nor another production of the show: the film's for the Broadway cast's), else
    ``None``: only positive evidence, since the same recording also sits on
    compilations and singles."""
    if not release.names or not cand.album or _other_production(release_title, cand.album):
        return None
    album = record_title(cand.album)
    if release.version is not None and album.version != release.version:
        return None  # "The Black Album (Acapella)" is not "The Black Album"
    if album.version is not None and album.version != source_version:
        return None  # "Stop Making Sense (Live)" only for a live source
    if album.rerecorded != release.rerecorded:
        return None  # "Greatest Hits (Re-Recorded)" is another record of the songs
    targets = (*release.names[:1], *((release.bare,) if release.bare else ()))
    same = any(fuzz.ratio(a, r) >= SAME_ALBUM and _DIGITS.findall(a) == _DIGITS.findall(r)
               for a in album.names for r in targets)  # "S&M2" is not "S&M", nor "Vol. 2" "Vol. 1"
    return 1.0 if same else None


def _other_production(release_title: str, album: str) -> bool:
    """Whether two records of one show or work say they are different productions of it:
    "Dreamgirls (Original Broadway Cast Album)" and "Dreamgirls (Music From The Motion
    Picture)", a game's soundtrack and the TV series'."""
    ours, theirs = _productions(release_title), _productions(album)
    return bool(ours) and bool(theirs) and not ours & theirs


def _productions(title: str) -> frozenset[str]:
    return frozenset(_PRODUCTION_KINDS[m.lower().split()[0]] for m in _PRODUCTION.findall(title or ""))


# What production of a show a soundtrack or cast album is from.
_PRODUCTION = re.compile(r"\b(?:motion\s+picture|film|movie|broadway|london|west\s+end|off-broadway|revival|studio\s+cast|"
                         r"television|tv|series|video\s+game)\b", re.I)
_PRODUCTION_KINDS = {"motion": "film", "film": "film", "movie": "film", "broadway": "broadway", "london": "london",
                     "west": "london", "off-broadway": "off-broadway", "revival": "revival", "studio": "studio",
                     "television": "tv", "tv": "tv", "series": "tv", "video": "game"}
# A year or a span of years in an album's title ("1975", "1972-1975", "1972–75").
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-\u2013/]\s*((?:19|20)\d\d))?\b")


def later_record(release_year: int | None, cand: Candidate, own_record: bool) -> bool:
    """True when ``cand`` sits on an album or single released :data:`LATER_RECORD_YEARS`
    or more after the source's release, which is neither the source's own record nor a
    gathering of earlier ones (a best-of, a reissue, an edition): there the same title is
    a later recording (re-recorded, a soundtrack's version, a concert). Compilations are
    gatherings by their type."""
    if own_record or not release_year or not cand.album_year or cand.album_type not in _NEW_RECORD_TYPES:
        return False
    return cand.album_year - release_year >= LATER_RECORD_YEARS and not _GATHERED.search(cand.album or "") \
        and not _dates_the_recording(cand.album or "", release_year)


def _dates_the_recording(album: str, year: int) -> bool:
    """Whether an album's title dates its recordings to the source's year ("Hungarian
    Rhapsodies Nos. 1-19 (1972-1975)", "The 1975 Sessions"): a reissue of them."""
    return any(int(first) <= year <= int(last or first) for first, last in _YEAR_SPAN.findall(album))


def without_performer(release: RecordTitle, artists: tuple[str, ...]) -> RecordTitle:
    """``release`` knowing its title's performer: the title without the performer's
    name in front becomes its ``bare`` name (comparison forms throughout)."""
    title = release.names[0] if release.names else ""
    title = title.removeprefix("the ")  # performers are compared without their article
    for artist in artists:
        if artist and title.startswith(f"{artist} ") and len(title) - len(artist) > ALBUM_MIN_CHARS:
            return replace(release, bare=title[len(artist):].strip())
    return release


def isrc_score(src_isrc: str | None, cand_isrc: str | None) -> float | None:
    """1 for equal ISRCs, 0 for different ones, ``None`` when either is unknown."""
    if not src_isrc or not cand_isrc:
        return None
    return 1.0 if src_isrc.replace("-", "").upper() == cand_isrc.replace("-", "").upper() else 0.0
