"""Titles into base title, version, remixers and featured artists (pure functions).

One parser serves every platform, because the conventions overlap:

- Discogs: ``"Café Del Mar (Three 'N One Remix)"``, ``"Title (Dub)"``;
- Spotify: ``"Title - X Remix"``, ``"Title - Radio Edit"``, ``"Title - 2012 Remaster"``,
  ``"Title (feat. Y)"``;
- SoundCloud: ``"Premiere: Artist - Title (X Remix) [LABEL]"``, ``"PREMIERE | ..."``,
  ``"[FREE DL]"``, catalogue numbers in brackets (the artist prefix is split off by
  :func:`split_artist_title`; the soundcloud adapter decides when to trust it);
- iTunes/Amazon exports: pre-tokenised ``"Illusion ( feat . Echosmith )"``,
  ``"[ Explicit ]"``, nested ``"( Album Version ( Edited ) )"``.

Bracketed text that is neither a version, a featured credit nor noise is kept in
``extra`` (e.g. an alternate title "(Forgiveness)") and left out of the base title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from .normalize import TEXT_CACHE, fold, norm


class VersionType(StrEnum):
    ORIGINAL = "original"
    REMIX = "remix"
    EDIT = "edit"
    DUB = "dub"
    EXTENDED = "extended"
    RADIO = "radio"
    INSTRUMENTAL = "instrumental"
    ACAPPELLA = "acappella"
    REMASTER = "remaster"
    LIVE = "live"
    # Another performance or take of the song: alternate takes, demos, rehearsals,
    # acoustic or unplugged renditions, reprises, covers, radio sessions.
    ALTERNATE = "alternate"
    OTHER = "other"


_NO_KINDS: frozenset[VersionType] = frozenset()
# The kinds a second version note adds to the first: another side, take or performance.
SECOND_KINDS = frozenset({VersionType.INSTRUMENTAL, VersionType.ACAPPELLA, VersionType.LIVE, VersionType.DUB,
                          VersionType.ALTERNATE})
# Versions made by someone reworking the recording: a different record, never a fallback.
REWORKS = frozenset({VersionType.REMIX, VersionType.EDIT, VersionType.DUB})
# Versions that are the original recording under another name (FORMAT.md: "remasters of
# it"): two matches that differ only so are the same recording.
SAME_RECORDING_AS_ORIGINAL = frozenset({VersionType.REMASTER})


def recording_kind(version: VersionType) -> VersionType:
    """``version`` with the names of the original recording read as the original."""
    return VersionType.ORIGINAL if version in SAME_RECORDING_AS_ORIGINAL else version


@dataclass(frozen=True, slots=True)
class ParsedTitle:
    """A title split into parts. ``version_text`` is the descriptor as written
    ("Hardfloor Remix"), ``None`` for an unmarked title; ``base_norm`` is the base title
    in comparison form."""

    base: str
    version: VersionType = VersionType.ORIGINAL
    version_text: str | None = None
    remixers: tuple[str, ...] = ()
    featured: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    base_norm: str = ""
    full_norm: str = ""  # base and extra text, for titles whose alternate part matters
    tail_norm: str = ""  # the extra text that followed a dash ("First - Return to Tackyland")
    # Markers that are not the version but tell the cut apart: "clean"/"explicit" edits,
    # "mono"/"stereo" mixes (None when the title says nothing).
    content: str | None = None
    channels: str | None = None
    # "- Mixed", "(Mixed)": an excerpt of a DJ mix, cut and blended into its neighbours.
    dj_mix: bool = False
    # The format a cut is named after: "single" ("Single Version", 7", 45), "12inch"
    # ("12\" Version", "Maxi"), "album" ("Album Version", "LP Version"); None when none.
    cut_format: str | None = None
    # "(Re-Recorded)", "(New Master Recording)": the artist recorded the song again.
    rerecorded: bool = False
    # The language a version is sung in when the title names it ("Spanish Version",
    # "(Japanese Ver.)", "Versión En Inglés"): "en", "es", "pt", "it", "fr", "de", "ja",
    # "ko" or "zh"; None when it names none.
    language: str | None = None
    # A year the title dates the recording by ("Pour Some Sugar On Me (2012)").
    dated: int | None = None
    # What a second version note makes of the first: "(X Remix) (Instrumental)" is the
    # remix's instrumental, "(Extended Mix) (Live)" a concert's (kinds in SECOND_KINDS).
    also: frozenset[VersionType] = frozenset()
    # Words the title may go without, in comparison form: a bracket it opens with ("(I
    # Just) Died In Your Arms") or what goes before an ellipsis ("Flashdance... What A
    # Feeling"); not in ``base`` nor ``extra``.
    lead_norm: str = ""
    # The film, show or game a note says the song is from, as written ('From "Frozen"').
    known_from: str | None = None

    @property
    def vocal_side(self) -> bool:
        """The title names the vocal side of its record ("Vocal", "Vocal Mix")."""
        return self.version_text is not None and _VOCAL_SIDE.match(fold(self.version_text).strip()) is not None

    @property
    def inline_norm(self) -> str:
        """The base title with the words it may go without ("i just died in your arms")."""
        return f"{self.lead_norm} {self.base_norm}" if self.lead_norm else self.base_norm


# Uploader conventions in front of a SoundCloud title ("Premiere: ", "PREMIERE | ").
_PREFIX = re.compile(
    r"^\s*(?:premiere|exclusive|free\s*(?:dl|download)|out\s+now|new|preview)\s*[:|\-\u2013\u2014]\s*", re.I
)
_SUFFIX = re.compile(r"\s+[-\u2013\u2014|]\s*(?:(?:free\s*(?:dl|download)|out\s+now|premiere|buy\s*=\s*free)\b.*|"
                     r"(?:(?:12|7|10)\s*(?:\"|''|inch)\s+)?vinyl(?:\s+rip)?|hq|hd|full\s+track|official\s+audio)"
                     r"(?P<kept>(?:\s*[(\[][^()\[\]]*[)\]])*)\s*$", re.I)
# What a file or a feed leaves on an upload's title, saying nothing about the recording:
# a track number ("01 Title", "A1. Artist - Title"), a catalogue number in front of
# "Artist - Title" ("PLUS8024 - Plastikman - Spastik": the label channel's habit; the
# label component counts it), the artist in lenticular brackets ("【Artist】Title"), and
# behind the title a file extension, hashtags, a quality note ("HQ", "320 kbps") or a
# year after a bar ("Title | 1998").
_TRACK_NUMBER = re.compile(r"^(?:0\d|[A-D][1-9])(?:\s*[.)\-\u2013]\s*|\s+)(?=\S)")
_CATNO_PREFIX = re.compile(r"^\[?[A-Z]{2,}[A-Z.]*\s?-?\s?\d{1,6}[A-Z]?\]?\s*[-\u2013\u2014|:]\s+"
                           r"(?=\S.*\s(?:--?|[\u2013\u2014|~])\s)")
_LENTICULAR = re.compile(r"^\s*\u3010([^\u3011]+)\u3011\s*")
# Words _PREFIX and _SUFFIX need (a quick test before the regexes).
_PREFIX_WORDS = ("premiere", "exclusive", "free", "out", "new", "preview")
_SUFFIX_WORDS = ("free", "out now", "premiere", "buy", "vinyl", "hq", "hd", "full track", "official audio")
_SIDE_LETTERS = frozenset("ABCD")
# How the notes _FILE_NOTES drops end (casefolded): an extension, a quality, "320 kbps".
_FILE_ENDINGS = (".mp3", ".wav", ".flac", ".aif", ".aiff", ".m4a", ".ogg", " hq", " hd", "kbps")
_FILE_NOTES = re.compile(r"(?:\s*\.(?:mp3|wav|flac|aiff?|m4a|ogg)|(?:\s+#[^\W\d_][\w-]*)+|\s+(?:HQ|HD|320\s*kbps)|"
                         r"\s+\|\s*(?:19|20)\d{2})\s*$", re.I)
# Bracket contents that say nothing about the recording: promotion, editions, a year,
# "Original 1987" (the year the uploader dates the original by).
_NOISE = re.compile(
    r"^(?:free\s*(?:dl|download)(?:\s.*)?|out\s+now.*|premiere|exclusive|"
    r"bonus\s+(?:track|video)|hq|hd|official\s+(?:audio|video)|preview|snippet|clip|"
    r"(?:.*\s)?edition|deluxe(?:\s.*)?|"
    r"(?:original\s+)?(?:19|20)\d{2}|'\d{2}|buy\s*=\s*free.*|free|"
    # Where the song is known from: 'From "Frozen"', "From The Bodyguard Soundtrack".
    r"(?:music\s+)?from\s+(?:the\s+)?(?:[\"\u201c\u201d'].+|.*\b(?:soundtrack|motion\s+picture|film|movie|series|"
    r"musical|ost|original\s+score)\b.*))$",
    re.I,
)
# The film, show or game a note says the song is from, when it names one in quotes
# ('From "Kingdom Hearts III"').
_KNOWN_FROM = re.compile(r"^(?:music\s+)?from\s+(?:the\s+)?[\"\u201c\u201d'](?P<work>[^\"\u201c\u201d']+)[\"\u201c\u201d']", re.I)
# Genre phrases uploaders file a record under ("... (Charger CH-115) Northern Soul",
# "[Italo Disco]"): after the brackets or alone in one they say nothing about the cut.
# ("Dub" is a version, so it is not one of them.)
_GENRES = (r"(?:northern|modern|deep|southern|blue[- ]eyed|philly|rare|sweet)\s+soul|soul|funk|disco|"
           r"(?:italo|nu|cosmic|euro|space|hi[- ]?nrg)\s*disco|rare\s+groove|boogie|"
           r"(?:deep|acid|chicago|detroit|tech|progressive|french|garage|soulful|afro|tribal)\s+house|house|"
           r"(?:detroit|acid|minimal|dub)\s+techno|techno|electro|(?:uk\s+)?garage|trance|jungle|"
           r"drum\s*(?:and|&|n)\s*bass|dnb|breaks|breakbeat|ambient|balearic|jazz(?:\s*funk)?|fusion|"
           r"hip[- ]?hop|rap|r\s*&\s*b|rnb|reggae|rocksteady|ska|lovers\s+rock|dancehall|afrobeat|highlife|"
           r"bossa\s+nova|samba|latin|salsa|cumbia|city\s+pop|synth[- ]?pop|new\s+wave|post[- ]punk|punk|"
           r"krautrock|psych|psychedelic|garage\s+rock|rockabilly|doo[- ]?wop|minimal\s+wave|"
           r"classic\s+rock|metal|country|folk|blues|gospel|exotica|library")
_GENRE = re.compile(r"^(?:" + _GENRES + r")(?:\s*(?:/|,|&)\s*(?:" + _GENRES + r"))*$", re.I)
_TRAILING_GENRE = re.compile(r"(?<=[)\]])\s*(?:" + _GENRES + r")(?:\s*(?:/|,|&)\s*(?:" + _GENRES + r"))*\s*$",
                             re.I)
# Content markers: a clean (censored) edit is another cut; "explicit" names the uncut one.
_CONTENT = re.compile(r"^(?:(?P<clean>clean|edited|censored|radio\s+clean|clean\s+(?:version|edit))|"
                      r"(?P<explicit>explicit|dirty|uncensored|explicit\s+version|dirty\s+version))$", re.I)
_CHANNEL_WORD = re.compile(r"\b(?:mono|stereo)\b", re.I)
# A reissue's name: "40th Anniversary Version", "Deluxe Edition".
_EDITION = re.compile(r"^(?:\d+(?:st|nd|rd|th)\s+)?(?:anniversary|deluxe|expanded|legacy|special)"
                      r"(?:\s+(?:anniversary|deluxe|expanded))?\s+(?:version|edition)$", re.I)
# Where one version note holds a marker beside it ("Radio Edit - Clean").
_NOTE_PARTS = re.compile(r"\s+[-\u2013]\s+|,\s*")
# A re-recording by the same artist, said in words (a year alone, "(2007)", says nothing).
_RERECORDED = re.compile(r"\bre-?record(?:ed|ing)?\b|\bnew\s+(?:master\s+|studio\s+)?recording\b|"
                         r"\bnueva\s+grabaci[oó]n\b|\bneuaufnahme\b|\bregravad[oa]\b", re.I)
# A DJ mix's excerpt ("- Mixed", "(Mixed)", "DJ Mix").
_DJ_MIX = re.compile(r"^(?:dj\s+)?mixed$|^(?:dj|continuous)\s+mix$|^mixed\s+by\b|.*\bexcerpt\b", re.I)
# Cuts named after the format they were made for.
_CUT_FORMATS = (
    # (A radio edit is the single's cut: made for the 7" and for radio, never the album's.)
    ("single", re.compile(r"\bsingle\b|\b7\s*(?:\"|''|inch|in)|\b45(?:\s*rpm)?\b|\bradio\s+(?:edit|version|mix|cut)\b", re.I)),
    ("12inch", re.compile(r"\b12\s*(?:\"|''|inch|in)|\b12\s+(?:version|mix)\b|\bmaxi\b|\bdisco\s*(?:mix|version)\b",
                          re.I)),
    ("album", re.compile(r"\b(?:album|lp)\s+(?:version|mix|edit)\b", re.I)),
)
# Mono and stereo are different mixes of the same recording session.
# A mono or stereo word beside a cut's name, first or last.
_CHANNELS_WORD = re.compile(r"^(?P<word>mono|stereo)\s+(?=\w)|(?<=\w)\s+(?P<word2>mono|stereo)$", re.I)
_CHANNELS = re.compile(r"^(?:(?P<mono>mono(?:\s+(?:version|mix))?)|(?P<stereo>st[eé]r[eé]o(?:\s+(?:version|mix))?))$",
                       re.I)  # ("Stéréo", as French catalogues write it)
# Language names (in English and in the language itself) as version notes use them.
LANGUAGES = {
    "en": "english inglés ingles inglese anglais anglaise englisch", "es": "spanish español espanol castellano "
    "espagnol espagnole spanisch spagnolo", "pt": "portuguese português portugues portugaise portugiesisch",
    "it": "italian italiano italien italienne italienisch", "fr": "french français francais française francaise "
    "francés frances französisch", "de": "german deutsch deutsche alemán aleman allemand allemande",
    "ja": "japanese japonés japones japonais japonaise japanisch", "ko": "korean coreano coréen coréenne",
    "zh": "chinese mandarin cantonese chino chinois",
}
_LANGUAGE_OF = {word: code for code, words in LANGUAGES.items() for word in words.split()}
_LANGUAGE_WORDS = frozenset(_LANGUAGE_OF)
# A version note naming a language: the language beside a version word, or alone.
_LANGUAGE_NOTE = re.compile(r"^(?:(?:\w+\s+){0,2}(?:version|ver|versi[oó]n|versione|vocal|lyrics?|language)\s+)?"
                            r"(?:en\s+|in\s+)?(?P<language>" + "|".join(sorted(_LANGUAGE_OF, key=len, reverse=True))
                            + r")(?:\s+(?:version|ver|versi[oó]n|versione|vocal|lyrics?|language|mix|edit))?\.?$",
                            re.I)
# Catalogue numbers as labels put them in titles: "[EYEQ027]", "[KOMPAKT 123]", "[DC-231]".
_CATNO = re.compile(r"^[A-Z][A-Z0-9.\-]*\s?-?\s?\d{1,6}[A-Z]?$")
# Inside brackets "with X" and "+ X" are credits too ("(with Willie Nelson)").
_FEAT = re.compile(r"^\s*(?:(?:feat|ft|featuring|with)\b\s*\.?|\+)\s*(?P<who>.+)$", re.I)
_FEAT_INLINE = re.compile(r"\s+(?:feat|ft|featuring)\b\s*\.?\s+(?P<who>.+)$", re.I)
# Inside one artist name, "with" brings guests too ("X with Y & the Z Symphony Orchestra").
_GUESTS_INLINE = re.compile(r"\s+(?:feat|ft|featuring|with|w/)\b\s*\.?\s+(?P<who>.+)$", re.I)
# ("Richie Ray y Bobby Cruz", "Les Rita Mitsouko et ...", "Hans und Franz": "and" in other
# languages joins names too.)
_SPLIT_NAMES = re.compile(r"\s*(?:,|&|\band\b|\b(?:y|et|und)\s(?=\w)|\bx\b|/|\bvs\.?|\+)\s*", re.I)
# (Uploaders also part a title's notes with "~" and stars: "DOWNTOWN ~ 1964 ~ 45rpm".)
_DASH = re.compile(r"\s+[-\u2013\u2014~\u2605\u2606]\s+")
# SoundCloud uploaders also write "ARTIST | TITLE".
_ARTIST_SEPARATOR = re.compile(r"\s+(?:--?|//|[\u2013\u2014|~\u2022\u00b7\u2605\u2606])\s+")

# A copy of the record played faster or slower: the same words, another record.
_SPEED_CHANGED = r"\bsped\s*up\b|\bspeed\s*up\b|\bslowed\b|\bnightcore\b"
SPEED_CHANGED = re.compile(_SPEED_CHANGED, re.I)

_ORDERED_KEYWORDS: tuple[tuple[re.Pattern[str], VersionType], ...] = tuple(
    (re.compile(pattern), vtype)
    for pattern, vtype in (
        (r"\ba\s*cap+el+as?\b|\bacap+el+as?\b|\bvocals?\s+only\b", VersionType.ACAPPELLA),
        (r"\binstrumentals?\b|\bkaraoke\b|\binst\b|\binstrus?\b|\bs?trumentale?\b|\binstrumentaal\b|カラオケ|インスト",
         VersionType.INSTRUMENTAL),
        (r"^live\b|\blive\s*(?:at|from|in|on|version|recording|session|@|,|\d{4})|\blive$|"
         r"\b(?:en|ao|dal)\s+(?:vivo|directo)\b|\ben\s+concierto\b|\bin\s+concerto\b", VersionType.LIVE),
        (r"\bre-?mix\b|\brmx\b|\b(?:re)?mezcla\b|\bremixe\b", VersionType.REMIX),
        (r"\bradio\b|\b(?:single|short|7\s*(?:\"|''|inch|in)?|45(?:\s*rpm)?)\s*(?:version|edit|mix|issue)\b|"
         r"^short$|^45(?:\s*rpm)?$", VersionType.RADIO),
        (r"\bdub\b", VersionType.DUB),
        (r"\bextended\b|\bext\b\.?(?=\s+(?:mix|version|edit)\b|$)|\bclub\s+(?:version|edit)\b|\b12\s*(?:inch|in|\"|'')?\s*(?:version|mix)\b|"
         r"\bmaxi\b|\b(?:long|full(?:\s+length)?)\s+(?:version|mix)\b|"
         # A "Discomix", "Disco Version": the 12" cut of a reggae or soul single, nobody's remix.
         r"\bdisco\s+(?:mix|version)\b", VersionType.EXTENDED),
        (r"\bremaster(?:ed|isee?|izad[oa]|izzat[oa])?\b|\brimasterizzat[oa]\b", VersionType.REMASTER),
        (r"\boriginal[e]?(?:\s+(?:mix|version))?$|\b(?:album|main|lp|master)\s+(?:version|mix)\b|"
         r"^version\s+original[e]?$", VersionType.ORIGINAL),
        (r"\b(?:re-?)?edit\b|\brework\b|\bbootleg\b|\bvip\b|\bflip\b|\brefix\b|\bre-?work\b|\bre-?rub\b",
         VersionType.EDIT),
        (r"\bacoustic\b|\bac[uo]sti(?:c|co|que)\b|\bakustik\b|\bunplugged\b|\bdemo\b|\breprise\b|"
         r"\bcover\b|(?:歌|弾|叩|演奏し)ってみた|\btake\s+\d+\b|\balt(?:ernate|\.)?\s+(?:take|version)\b|\bouttake\b|\brehearsal\b|"
         r"\b(?:peel|bbc|radio)\s+session\b|"
         # The recording altered by someone else: another record (FORMAT.md).
         + _SPEED_CHANGED + r"|\b8d\s+audio\b|\bbass\s*boost(?:ed)?\b|"
         r"\bchopped\s+(?:and|n|&)\s+screwed\b|"
         # One part of the recording alone: a stem, not the record.
         r"\bisolated\b|\bstems?\b|\b(?:drums?|bass|guitar|piano)\s+only\b|\bdrumless\b",
         VersionType.ALTERNATE),
        # ("Vox", "Mx": how mix names are shortened: "Deep Dish Vox", "Dub Mx".)
        (r"\bmix(?:es)?\b|\bversion\b|\bversione\b|\bvox\b|\bmx\b", VersionType.OTHER),
    )
)
# The vocal side of a record, named without a mixer ("Vocal", "Vocal Mix", "Vocal Version").
_VOCAL_SIDE = re.compile(r"^(?:original\s+)?vocal(?:\s+(?:mix|version))?$")
# Words of a radio cut's name that are not a mixer's ("Human Nature Radio Mix").
_RADIO_WORDS = re.compile(r"\b(?:radio|single|short|45)\b|\b7(?!\d)\s*(?:\"|''|inch\b|in\b)?", re.I)
# ...nor are the market or the kind it was made for ("US Radio Mix", "New Radio Mix").
_NOT_A_MIXER = frozenset("us uk usa eu euro european american british international int new alt alternate "
                         "clean dirty explicit album original special promo mono stereo".split())
# Words around a reworker's name that are not part of it: "Hardfloor's Extended Remix".
_VERSION_WORDS = re.compile(
    r"\b(?:extended|club|vocal|original|official|re-?mix|rmx|mix|dub|edit|re-?edit|rework|"
    r"bootleg|vip|version|flip|refix|remaster(?:ed)?|(?:re)?mezcla|versi[oó]n|versione|maxi|de)\b|'s\b",
    re.I,
)
# Brackets a title may end with (nothing can follow them then, not even a genre).
_CLOSERS = (")", "]")
# Characters every prefix or promotion suffix contains (a quick test before the regexes).
_PREFIX_MARKS = (":", "|", "-", "\u2013", "\u2014")
# A bracket holding only a year ("(2012)", "(Original 1987)"): when the recording was made or released.
_BARE_YEAR = re.compile(r"^(?:original\s+)?((?:19|20)\d{2})$", re.I)
_TRAILING_YEAR = re.compile(r"(?<=\w)[\s,]+(?:19|20)\d{2}\s*$")
# A year between a version's words dates it too ("Original 1994 Mix" is the original mix).
_INNER_YEAR = re.compile(r"(?<=\w)\s+(?:19|20)\d{2}(?=\s+\w)")
# An edit that names no reworker is a shortened cut ("Edit", "7\" Edit", "Edited Version").
_PLAIN_EDIT = re.compile(r"^(?:(?:single|short|7\s*(?:\"|''|inch|in)?)\s+)?edit(?:ed)?(?:\s+version)?$")
# A format mark after the title, outside brackets ("Dancing In The Dark (Blaster Mix) 12''"),
# and the uploader's note on the copy ("[EMI 5397] 7\" vinyl rip"): the copy, not another cut.
_TRAILING_FORMAT = re.compile(r"\s+(?:(?:12|7|10)\s*(?:''|\"|inch|in)(?:\s+vinyl)?(?:\s+rip)?|vinyl\s+rip)\s*$",
                              re.I)
# A date after a version's dash part ("... - Live at X - September 1955"): when, not a title.
_DATE = re.compile(r"^(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
                   r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+)?(?:19|20)\d{2}$"
                   r"|^\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}$", re.I)
# A note after the brackets ("Chime [Oh'Zone ZONE 001] 12'' version", "(Brunswick 05944,
# 1965) mono 45", "(Alston 4601) 1971"): the copy, the pressing or the cut, as a bracket
# would hold it. Only these words, or a version descriptor, make such a note.
_TRAILING_NOTE = re.compile(r"(?<=[)\]])\s+(?P<note>(?:[^()\[\]\-\u2013\u2014|]|(?<=\w)-(?=\w)){1,40}?)\s*(?=$|[(\[])")
_NOTE_WORDS = frozenset("mono stereo version mix vinyl rip ripped 45 33 78 rpm single lp ep pressing original hq hd "
                        "promo 7 10 12 inch in ost soundtrack vocal".split())
_NOTE_ENDINGS = ('"', "''")
# A bracket of a version, a comma and a note ("(7\" edit, Epic 8-50266)").
_VERSION_AND_NOTE = re.compile(r"\((?P<head>[^()\[\],]+?),\s*(?P<note>[^()\[\]]+)\)")
_SPEED = re.compile(r"^(?:78|45|33)rpm$")  # "78rpm", as one word
_NOTE_FORMATS = frozenset("vinyl lp ep 45 rpm single".split())
# A word that is a year ("1987"): the one test of it every module uses.
YEAR_WORD = re.compile(r"^(?:19|20)\d{2}$")
NOTE_LABEL_WORDS = 2
# A catalogue number ending a note: a prefix and a number ("IM 057", "AMS 7284"), or a
# label's name and a number ("Atlantic 2403"), in any case.
# ("SHADOW15", "V-148", "45-5020", "8-50266", "7N 17636": the number joined to its prefix.)
_NOTE_CATNO = re.compile(r"(?:\b[a-z]{1,8}[ -]?|\b[a-z]+ |\b\d{1,3}-|\b\d{1,2}[a-z]{1,3} ?)\d{2,6}[a-z]?\s*$", re.I)
_NOTE_TOKEN = re.compile(r"(?:19|20)\d{2}|\d{1,2}(?=\s*(?:\"|''|inch\b|in\b))|[\w.]+|\"|''")
# Compound mix names are spelled three ways ("Mega-Mix", "MegaMix", "Mega Mix").
_MIX_COMPOUND = re.compile(r"\b(mega|dub|club|radio|vocal|house|dance|disco|tribal|garage|deep|acid|party)"
                           r"-?(mix|edit)\b", re.I)
# Format words inside a mix name ("XYZ 12\" Mix"): they say which cut, not whose.
_FORMAT_WORDS = re.compile(r"\b(?:12|7|10)\s*(?:\"|''|inch|in)(?=\s|$)|\b(?:12|7)(?=\s*(?:mix|version)\b)", re.I)


# A DJ's rework of the record, whatever else its name says.
_REWORKED = re.compile(r"\bre-?edit\b|\brework\b|\bre-?rub\b|\brefix\b")
# "Movie Ver.", "original ver": the short form Japanese and Korean releases use.
_VER = re.compile(r"\bver\b\.?$")


@lru_cache(maxsize=TEXT_CACHE)
def classify_version(text: str, strict: bool = False) -> tuple[VersionType, tuple[str, ...]] | None:
    """Version type and reworker names of a descriptor ("Hardfloor Remix"), or ``None``.

    ``strict`` (used for Spotify-style dash suffixes) only accepts descriptors that end in
    a version word or are clearly live/remaster, so "Artist - Live Forever" is not a
    live version.
    """
    if "/" in text:
        named_cut = _beside_remaster(text, strict)
        if named_cut is not None:
            return named_cut
    text = _MIX_COMPOUND.sub(r"\1 \2", text)
    # "Versión Original 1986": the year dates the cut, it does not name another one.
    text = _INNER_YEAR.sub("", _TRAILING_YEAR.sub("", text))
    folded = fold(text).strip()
    if "ver" in folded:
        folded = _VER.sub("version", folded)
    named = _FORMAT_WORDS.sub(" ", text)
    if named != text and _reworkers(named):
        # A name beside the format word: whose mix it is decides, the format says which cut.
        found = classify_version(re.sub(r"\s+", " ", named).strip(), strict)
        if found is not None:
            return found
    if _VOCAL_SIDE.match(folded):
        # "Vocal", "Vocal Mix": the vocal side of a 12", the record as sung, nobody's remix.
        return VersionType.ORIGINAL, ()
    if "re" in folded and _REWORKED.search(folded):
        # "Tomek's Extended Re-Edit": someone's re-edit, whatever cut it lengthens.
        return VersionType.EDIT, _reworkers(text)
    for pattern, vtype in _ORDERED_KEYWORDS:
        if pattern.search(folded):
            break
    else:
        return None
    if strict and not _strict_ok(folded, vtype):
        return None
    if vtype in REWORKS or (vtype is VersionType.OTHER and re.search(r"\bmix\b", folded)):
        names = _reworkers(text)
        if vtype is VersionType.EDIT and not names and _PLAIN_EDIT.match(folded):
            return VersionType.RADIO, ()  # "Edit", "Single Edit": a shortened cut, nobody's rework
        return (VersionType.REMIX if vtype is VersionType.OTHER else vtype), names
    if vtype is VersionType.RADIO and re.search(r"\bmix\b", folded):
        names = _reworkers(_RADIO_WORDS.sub(" ", text))
        if names and not all(set(fold(n).split()) <= _NOT_A_MIXER for n in names):
            return VersionType.REMIX, names  # "Human Nature Radio Mix": the radio cut of a named mix
    return vtype, ()


def _beside_remaster(text: str, strict: bool) -> tuple[VersionType, tuple[str, ...]] | None:
    """"Naked Version / Remastered 2013": a remaster of another cut is that cut, so the
    other part names the version (``None`` unless one part is a remaster note)."""
    parts = [part.strip(" .") for part in text.split("/")]
    # A mono or clean note beside it is a marker of the cut, not another version, and the
    # reissue's name no other cut ("40th Anniversary Version / 2010 Remastered").
    kinds = [classify_version(part, strict) for part in parts
             if part and not _CHANNELS.match(part) and not _CONTENT.match(part) and not _EDITION.match(part)]
    if not any(k and k[0] is VersionType.REMASTER for k in kinds):
        return None
    return next((k for k in kinds if k and k[0] is not VersionType.REMASTER), None)


def _strict_ok(folded: str, vtype: VersionType) -> bool:
    if vtype is VersionType.LIVE:
        return bool(re.match(r"^live\b", folded))
    if vtype is VersionType.REMASTER:
        return True
    return bool(re.search(r"(?:mix|edit|version|dub|rework|bootleg|vip|instrumental|a\s*cap+el+a|acap+el+a)$", folded))


def _reworkers(text: str) -> tuple[str, ...]:
    who = _VERSION_WORDS.sub(" ", text)
    who = re.sub(r"\s+", " ", who).strip(" -'\"")
    if not who:
        return ()
    return tuple(n for n in (p.strip() for p in _SPLIT_NAMES.split(who)) if n)


@lru_cache(maxsize=TEXT_CACHE)
def split_featuring(name: str) -> tuple[str, tuple[str, ...]]:
    """``(lead, guests)`` of an artist field "X feat. Y & Z"; no guests when it names none."""
    found = _FEAT_INLINE.search(name)
    return (name, ()) if found is None else (name[:found.start()], split_names(found["who"]))


def strip_featuring(name: str) -> str:
    """``name`` without an inline guest credit ("P!nk featuring X" -> "P!nk",
    "X with Y & the Z Orchestra" -> "X")."""
    return _GUESTS_INLINE.sub("", name) or name


def split_names(text: str) -> tuple[str, ...]:
    """Split a credit like "A, B & C" or "A x B" into names."""
    return tuple(n for n in (p.strip(" .") for p in _SPLIT_NAMES.split(text)) if n)


def _groups(title: str) -> tuple[str, list[tuple[str, str]]]:
    """Top-level bracket groups of ``title`` (nesting allowed) and the text outside them.

    Returns ``(outside, [(opening_bracket, inner_text), ...])``; unbalanced brackets are
    kept as text.
    """
    if "(" not in title and "[" not in title and "{" not in title:
        return title, []
    outside: list[str] = []
    groups: list[tuple[str, str]] = []
    depth, start, opener = 0, 0, ""
    for i, ch in enumerate(title):
        if ch in "([{":
            if depth == 0:
                start, opener = i, ch
            depth += 1
        elif ch in ")]}" and depth:
            depth -= 1
            if depth == 0:
                groups.append((opener, title[start + 1 : i].strip()))
                outside.append(" ")
        elif depth == 0:
            outside.append(ch)
    if depth:
        outside.append(title[start:])
    return "".join(outside), groups


def bracketed(title: str) -> tuple[str, ...]:
    """The texts in ``title``'s top-level brackets, noise and catalogue numbers included
    ("Dance [Lantern LR 45-101]" -> ("Lantern LR 45-101",))."""
    return tuple(inner for _, inner in _groups(title)[1] if inner)


def strip_prefixes(title: str) -> str:
    """Drop uploader prefixes such as "Premiere: " or "PREMIERE | " (repeatedly),
    trailing promotions such as " - FREE DOWNLOAD", and what files and feeds leave
    (track and catalogue numbers in front, extensions and hashtags behind)."""
    previous = None
    while previous != title:
        previous = title
        # (Each pattern only runs when the character it needs is there: titles are many.)
        if title[1:2].isdigit() and (title[:1] == "0" or title[:1] in _SIDE_LETTERS):
            title = _TRACK_NUMBER.sub("", title)
        if "\u3010" in title:
            title = _LENTICULAR.sub(r"\1 - ", title)
        if "#" in title or "|" in title or title[-5:].casefold().endswith(_FILE_ENDINGS):
            title = _FILE_NOTES.sub("", title)
        if any(mark in title for mark in _PREFIX_MARKS):
            if title[:2].isupper() or title[:1] == "[":
                title = _CATNO_PREFIX.sub("", title)
            low = title.casefold()
            if low.lstrip().startswith(_PREFIX_WORDS):
                title = _PREFIX.sub("", title)
            if any(word in low for word in _SUFFIX_WORDS):
                title = _SUFFIX.sub(lambda m: m["kept"] or "", title)
    return title


# A record title naming a concert, so that its unmarked tracks are live: "Pulse (Live)",
# "Caught In The Act : Live", "London Calling: Live In Hyde Park", "Live At Wembley Arena",
# "Live im Frühjahr 82", "Roseland NYC Live", "The Concert in Central Park", "Unplugged".
# Not "Live Forever", "Live Through This" or "Live and Let Die": there "live" is a verb.
_LIVE_RECORD = re.compile(
    r"(?:^|[:\-\u2013\u2014(\[,]\s*)live\s+(?:at|in|from|on|im|aus|à|au|en|de|del|dal|ao|at)\b"
    r"|(?:^|[:\-\u2013\u2014(\[,]|\s)\s*live\s*[)\]]?\s*$"
    r"|\b(?:in\s+)?concert\b|\bunplugged\b|\ben\s+(?:vivo|directo)\b", re.I)
# A record title whose unmarked tracks are all a cappella or instrumental versions
# ("2001 Instrumentals", "The Black Album (Acapella)").
_SIDE_RECORD = re.compile(r"\b(?P<acappella>a\s*cap+el+as?|acap+el+as?)\b|\binstrumentals?\b|"
                          r"(?P<dub>\bin\s+dub\b|[(\[]\s*dubs?\s*[)\]])")


@lru_cache(maxsize=TEXT_CACHE)
def record_version(title: str | None) -> VersionType | None:
    """The version every unmarked track of a record is, as its release or album title
    tells it: ``LIVE`` for a concert, ``ACAPPELLA``, ``INSTRUMENTAL`` or ``DUB`` for a
    record of them ("... (Dub)", "... In Dub"), else ``None``. One rule for the source's
    release and a candidate's album."""
    if not title:
        return None
    side = _SIDE_RECORD.search(fold(title))
    if side:
        return VersionType.ACAPPELLA if side["acappella"] else VersionType.DUB if side["dub"] \
            else VersionType.INSTRUMENTAL
    return VersionType.LIVE if _LIVE_RECORD.search(title) else None


def _bracket_trailing_note(title: str) -> str:
    """``title`` with each note after a bracket (before the end or the next bracket) put
    in a bracket of its own (see :data:`_TRAILING_NOTE`); unchanged when there is none."""
    if ") " not in title and "] " not in title:  # (a note after a bracket follows a space)
        return title

    def bracket(found: re.Match) -> str:
        note = found["note"]
        return f" ({note}) " if _copy_note(note) or classify_version(note, strict=True) else found[0]

    return _TRAILING_NOTE.sub(bracket, title).strip()


def _copy_note(note: str) -> bool:
    """Whether ``note`` only describes the copy or the pressing, as a bracket would:
    format words, a label and the year or the format, a catalogue number."""
    tokens = _NOTE_TOKEN.findall(note.casefold())
    if not tokens:
        return False
    plain = all(t in _NOTE_WORDS or t in _NOTE_ENDINGS or t.isdigit() or _SPEED.match(t) for t in tokens)
    # ("fresh records 12\"": a label and the format, as a bracket would hold them.)
    formatted = 2 <= len(tokens) <= NOTE_LABEL_WORDS + 3 and (tokens[-1] in _NOTE_ENDINGS or tokens[-1] in
                                                              _NOTE_FORMATS)
    # ("Epic 1981": a label and the year, as a bracket would hold them.)
    dated = 2 <= len(tokens) <= NOTE_LABEL_WORDS + 1 and YEAR_WORD.match(tokens[-1]) is not None
    # ("Immediate IM 057": a label and its catalogue number.)
    catalogued = len(tokens) <= NOTE_LABEL_WORDS + 2 and _NOTE_CATNO.search(note) is not None
    return plain or dated or catalogued or formatted


def _split_version_notes(title: str) -> str:
    """``title`` with a bracket holding a version and, after a comma, a note on the copy
    ("(7\" edit, Epic 8-50266)", "(mono single mix, Pye 7N 17636)") made two brackets:
    the note names no reworker."""
    def split(found: re.Match) -> str:
        head, note = found["head"], found["note"]
        kind = classify_version(head)
        # (A live take's note names its occasion: "(Live, Royal Hall 2005)" stays whole.)
        return f"({head}) ({note})" if kind is not None and kind[0] is not VersionType.LIVE and _copy_note(note) \
            else found[0]

    return _VERSION_AND_NOTE.sub(split, title)


@lru_cache(maxsize=TEXT_CACHE)
def parse_title(title: str) -> ParsedTitle:
    """Split any platform's title into base title, version, reworkers and featured artists."""
    title = strip_prefixes(title or "")
    if not title.isascii():
        title = title.translate(_WIDE_BRACKETS)
    if title.isupper():
        # In a title written all in capitals, "(PACIFIC 202)" looks like a catalogue number.
        title = title.title()
    title = _bracket_trailing_note(title)
    if "," in title:
        title = _split_version_notes(title)
    if (")" in title or "]" in title) and not title.endswith(_CLOSERS):
        title = _TRAILING_GENRE.sub("", title)
    outside, groups = _groups(title)
    version, version_text, remixers = VersionType.ORIGINAL, None, ()
    featured: list[str] = []
    extra: list[str] = []
    also: set[VersionType] = set()
    markers: dict[str, str] = {}
    lead = ""
    opens_with_bracket = bool(groups) and title.lstrip()[:1] == "("
    for opener, inner in _flatten(groups):
        kind, payload, found = _read_group(inner)
        if opens_with_bracket:
            opens_with_bracket = False  # (only the first bracket)
            if kind == _EXTRA and opener == "(":
                lead = inner  # "(I Just) Died In Your Arms": part of the title, not a subtitle
                continue
        for key, value in found:
            markers.setdefault(key, value)
        if kind == _FEATURED:
            featured.extend(payload)
        elif kind == _VERSION and version_text is None:
            (version, remixers), version_text = payload, inner
        elif kind == _VERSION and payload[0] in SECOND_KINDS and payload[0] is not version:
            also.add(payload[0])
        elif kind == _EXTRA:
            if opener == "(":
                extra.append(inner)
            if payload:
                markers.setdefault("channels", payload[0])
    low_outside = outside.lower()
    if "'" in outside or '"' in outside or "in" in low_outside:  # every format mark and "vinyl rip" has one
        outside = _TRAILING_FORMAT.sub(" ", outside)
    base, dash_version, tail = _dash_suffixes(outside, markers)
    bare = _BARE_VERSION.search(base) if version_text is None and not dash_version else None
    if bare:
        base, dash_version = base[: bare.start(1)], (classify_version(bare[1]), bare[1])
    extra.extend(tail)
    if dash_version and version_text is None:
        (version, remixers), version_text = dash_version[0], dash_version[1]
    elif dash_version:
        extra.append(dash_version[1])
        if dash_version[0][0] in SECOND_KINDS and dash_version[0][0] is not version:
            also.add(dash_version[0][0])
    if version_text and "/" in version_text:
        # "Mono / Remastered", "Single Version / Mono": the marker beside the version.
        for part in version_text.split("/"):
            _marker(part.strip(" ."), markers)
    if version_text and (" - " in version_text or "," in version_text):
        # "Radio Edit - Clean", "Single Version, Mono": the edit or mix beside the version.
        for part in _NOTE_PARTS.split(version_text):
            if _CONTENT.match(part.strip(" .")) or _CHANNELS.match(part.strip(" .")):
                _marker(part.strip(" ."), markers)
    inline = _FEAT_INLINE.search(base)
    if inline:
        featured.extend(split_names(inline["who"]))
        base = base[: inline.start()]
    base = re.sub(r"\s+", " ", base).strip(" -\u2013\u2014|:")
    ellipsis = _LEAD_ELLIPSIS.match(base) if "..." in base or "\u2026" in base else None
    if ellipsis and not lead:
        lead, base = ellipsis["lead"], ellipsis["rest"]
    return ParsedTitle(base, version, version_text, tuple(remixers), tuple(featured), tuple(extra), norm(base),
                       norm(" ".join((base, *extra))), norm(" ".join(tail)),
                       content=markers.get("content"), channels=markers.get("channels"),
                       dj_mix="dj_mix" in markers, cut_format=cut_format(version_text),
                       rerecorded="rerecorded" in markers, language=markers.get("language"),
                       dated=int(markers["dated"]) if "dated" in markers else None,
                       also=frozenset(also) if also else _NO_KINDS, lead_norm=norm(lead),
                       known_from=markers.get("from"))


# "Flashdance... What A Feeling": a lead-in, then the title of two words or more.
_LEAD_ELLIPSIS = re.compile(r"^(?P<lead>[^.\u2026]+?)\s*(?:\.{3}|\u2026)\s*(?P<rest>\S+(?:\s+\S+)+)$")

# Brackets of East Asian typesetting read as their Latin kin ("Dress Down【City Pop】").
_WIDE_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]", "（": "(", "）": ")"})

# "Version" or "Remix" after a title of two words or more, without a bracket or a dash: a
# reggae B-side as uploaders write it ("Rivers Of Babylon Version"), a remix single as
# catalogues title it ("Number One Remix (feat. Davido)").
_BARE_VERSION = re.compile(r"^\S+(?:\s+\S+)+?\s+(version|remix)\s*$", re.I)

# What a bracket holds (see :func:`_read_group`).
_NOTHING, _FEATURED, _VERSION, _EXTRA = "nothing", "featured", "version", "extra"


@lru_cache(maxsize=TEXT_CACHE)
def _read_group(inner: str) -> tuple[str, tuple, tuple[tuple[str, str], ...]]:
    """What one bracket's text is: ``(kind, payload, markers)``. Noise, a catalogue
    number or a marker alone are nothing more; a featured credit carries its names, a
    version its ``(type, reworkers)``, other text (an extra) the mono/stereo it names
    inside a decoration ("(mono, Parlophone PMC 1202 vinyl rip)"). Cached: the same
    brackets recur across titles."""
    if not inner or _says_nothing(inner) or _GENRE.match(inner.strip(" .")):
        year = _BARE_YEAR.match(inner.strip())
        work = _KNOWN_FROM.match(inner.strip()) if year is None else None
        return _NOTHING, (), ((("dated", year[1]),) if year else (("from", work["work"]),) if work else ())
    found, consumed = _note(inner.strip(" ."))
    if consumed:
        return _NOTHING, (), found
    feat = _FEAT.match(inner)
    if feat:
        return _FEATURED, split_names(feat["who"]), found
    version = classify_version(inner)
    channels = _CHANNEL_WORD.search(inner)
    if version:
        # "(Original Mono Single Edit)": the single edit, in its mono mix.
        return _VERSION, version, (*found, ("channels", channels[0].lower())) if channels else found
    return _EXTRA, (channels[0].lower(),) if channels else (), found


def names_a_language(note: str | None) -> bool:
    """Whether a version note names a language and nothing else ("Japanese Ver.",
    "English Version", "Version italienne")."""
    return bool(note) and _LANGUAGE_NOTE.match(note.strip(" .")) is not None


def _marker(text: str, markers: dict[str, str]) -> bool:
    """Record a clean/explicit, mono/stereo, DJ-mix, re-recording or language marker in
    ``markers``; True when ``text`` is one a version does not also name."""
    found, consumed = _note(text.strip(" ."))
    for key, value in found:
        markers.setdefault(key, value)
    return consumed


@lru_cache(maxsize=TEXT_CACHE)
def _note(text: str) -> tuple[tuple[tuple[str, str], ...], bool]:
    """The markers one bracket or dash part names, and whether it is nothing else
    (cached: the same notes recur on every platform)."""
    found: list[tuple[str, str]] = []
    low = text.casefold()
    language = _LANGUAGE_NOTE.match(text) if not _LANGUAGE_WORDS.isdisjoint(low.split()) else None
    if language:
        # Not consumed: "English Version" still names another version of the song.
        found.append(("language", _LANGUAGE_OF[fold(language["language"])]))
    if ("record" in low or "grab" in low or "aufnahme" in low or "gravad" in low) and _RERECORDED.search(text):
        found.append(("rerecorded", "yes"))
        # "Re-Recorded - Single Version": the rest still names the cut.
        rest = _RERECORDED.sub(" ", text).strip(" -/,")
        return tuple(found), not rest or bool(_NOISE.match(rest))
    content, channels = _CONTENT.match(text), _CHANNELS.match(text)
    if content:
        found.append(("content", "clean" if content["clean"] else "explicit"))
    elif channels:
        found.append(("channels", "mono" if channels["mono"] else "stereo"))
    elif _DJ_MIX.match(text):
        found.append(("dj_mix", "yes"))
        return tuple(found), True
    elif (mix := _CHANNELS_WORD.search(text)) is not None:
        # "Mono Single Version", "Single Version Mono": the mix, and the rest names the cut.
        found.append(("channels", fold(mix["word"] or mix["word2"])))
    return tuple(found), bool(content or channels)


# Languages a title's script allows: kana is Japanese, Hangul Korean, Han characters
# alone Japanese or Chinese, Latin script any language written in it.
_LATIN_LANGUAGES = frozenset({"en", "es", "pt", "it", "fr", "de"})
_SCRIPTS = ((re.compile(r"[\u3040-\u30ff]"), frozenset({"ja"})),
            (re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"), frozenset({"ko"})),
            (re.compile(r"[\u4e00-\u9fff]"), frozenset({"ja", "zh"})))


def title_languages(title: ParsedTitle, raw: str) -> frozenset[str]:
    """The languages a title may be sung in: the one it names, else those its script
    (of ``raw``, the title as written) allows."""
    if title.language:
        return frozenset({title.language})
    if raw.isascii():
        return _LATIN_LANGUAGES
    return next((languages for pattern, languages in _SCRIPTS if pattern.search(raw)), _LATIN_LANGUAGES)


@lru_cache(maxsize=TEXT_CACHE)
def cut_format(version_text: str | None) -> str | None:
    """The format a version descriptor names its cut after ("single", "12inch",
    "album"), or ``None``."""
    if not version_text:
        return None
    return next((name for name, pattern in _CUT_FORMATS if pattern.search(version_text)), None)


def _flatten(groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Nested groups ("Album Version ( Edited )") become their outer text plus the inner groups."""
    flat: list[tuple[str, str]] = []
    for opener, inner in groups:
        outer, nested = _groups(inner)
        flat.append((opener, re.sub(r"\s+", " ", outer).strip()))
        flat.extend(nested)
    return flat


def _dash_suffixes(text: str, markers: dict[str, str]) -> tuple[
        str, tuple[tuple[VersionType, tuple[str, ...]], str] | None, list[str]]:
    """Spotify's "Title - X Remix" (up to two trailing dash parts, "Title - X Mix - Mixed").

    Returns ``(base, (version, descriptor) or None, extras)``: a trailing part that is a
    version descriptor becomes the version, a clean/mono marker goes to ``markers``,
    noise is dropped, anything else is extra.
    """
    parts = [p.strip() for p in _DASH.split(text.strip())]
    found, extras, dates = None, [], []
    for _ in range(2):
        if len(parts) < 2:
            break
        part = parts.pop()
        if _marker(part, markers):
            continue
        kind = classify_version(part)
        if kind and found is None:
            found = (kind, " - ".join((part, *dates)))  # "Live at Carmel, CA - September 1955"
            dates = []
        elif _DATE.match(part) and found is None:
            dates.append(part)
        elif part and not _NOISE.match(part):
            extras.insert(0, part)
    return " - ".join(parts), found, dates + extras


def _says_nothing(inner: str) -> bool:
    """Whether a bracket's text (stripped) says nothing about the recording: a year, a
    catalogue number, a promotion, an edition (see :data:`_NOISE`)."""
    return bool(_NOISE.match(inner.strip(" .")) or _CATNO.match(inner))


def _with_notes(title: str, notes: Iterable[str]) -> str:
    """``title`` followed by each of ``notes`` in round brackets."""
    return " ".join((title.strip(), *(f"({note})" for note in notes)))


def _split_outside_brackets(text: str) -> list[str]:
    """``text`` split at its first artist separator outside brackets: "Seasons of Love
    (Rent - Original Broadway Cast)" is one title with a note, not an artist "Seasons of
    Love (Rent"."""
    for found in _ARTIST_SEPARATOR.finditer(text):
        before = text[:found.start()]
        if before.count("(") + before.count("[") <= before.count(")") + before.count("]"):
            return [before, text[found.end():]]
    return [text]


def split_segments(title: str) -> list[str]:
    """A title cut at every artist separator outside brackets ("Mukesh | Awaara (1951) |
    Raj Kapoor")."""
    segments: list[str] = []
    rest = [title]
    while rest:
        head, *rest = _split_outside_brackets(rest[0])
        segments.append(head)
    return segments


def split_artist_title(title: str, known: str | None = None) -> tuple[str | None, str]:
    """SoundCloud's "Artist - Title ..." (or "ARTIST | TITLE"): ``(artist, rest)``, or ``(None, title)``.

    The left part is only taken as an artist when the right part is not itself a
    version descriptor (then the title is Spotify-style "Title - X Remix"), unless it is
    the ``known`` artist (the upload's metadata): "Basic Channel - Quadrant Dub"; a right
    part that is the ``known`` artist makes the left the title ("Title - Artist").
    """
    cleaned = strip_prefixes(title or "").strip()
    parts = _split_outside_brackets(cleaned)
    if len(parts) < 2 or not parts[0].strip():
        return None, cleaned
    if known and norm(parts[0]) == norm(known):
        return parts[0].strip(), parts[1].strip()  # the artist the upload's metadata names
    if known:
        artist, groups = _groups(parts[1])
        if norm(known) in (norm(artist), norm(strip_featuring(artist)), *map(norm, split_names(artist))) \
                or {*map(norm, split_names(known))} == {*map(norm, split_names(artist))}:
            # "Title - Artist (1994)", "Miserere - The Tallis Scholars / Peter Phillips",
            # "City of Stars - Ryan Gosling & Emma Stone" by "Ryan Gosling, Emma Stone":
            # the metadata says which side the artist is.
            return artist.strip(), _with_notes(parts[0], (inner for _, inner in groups))
    right_outside, right_groups = _groups(_bracket_trailing_note(parts[1]))
    _, left_groups = _groups(parts[0])
    notes = [inner for _, inner in right_groups if _says_nothing(inner)]
    if len(notes) == len(right_groups) and any(classify_version(inner) for _, inner in left_groups):
        # "Title (X Remix) - Artist (2013)": a version names a title, never an artist; the
        # notes after the artist go with the title.
        return right_outside.strip(), _with_notes(parts[0], notes)
    # "Artist - Title - X Remix": the version is the last part, the title the middle.
    first = _ARTIST_SEPARATOR.split(right_outside, maxsplit=1)[0]
    if classify_version(first.strip(), strict=True):
        return None, cleaned
    return parts[0].strip(), parts[1].strip()
