"""The named score components, each a pure function returning a value in [0, 1] or ``None``.

``None`` means "does not apply" (an unknown duration, a platform without popularity):
the scorer leaves it out of the weighted mean instead of counting it as zero.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from ..models import Candidate
from .normalize import norm, norm_artist
from .parse import REWORKS, ParsedTitle, VersionType, split_names

_DIGITS = re.compile(r"\d+")
# Raw string similarity of unrelated names rarely falls below ~0.4-0.6, so raw ratios
# are rescaled: at or below these floors the names count as different (0), exact as 1.
TITLE_FLOOR = 0.6
ARTIST_FLOOR = 0.5
# No artist field at all (a SoundCloud upload by a channel): the names are searched in
# the raw title and uploader, which proves less than a credit, so at most 0.9.
UNCREDITED_ARTIST_CAP = 0.9
# A candidate credited only to the source's remixer (remix uploads): most of a performer match.
REMIXER_AS_ARTIST = 0.85
# A credit that keeps a name's first and last words and drops middle ones ("Fela Kuti" for
# "Fela Anikulapo Kuti") names the same person, almost as surely as the full name.
SHORTER_NAME = 95
# Token-set ratio ignores extra words entirely, so it counts for less than a full ratio.
TOKEN_SET_DISCOUNT = 0.9
# A dash part on one side only ("First - Return to Tackyland") may be another title.
UNMATCHED_TAIL = 0.85
# Differing numbers ("Pt. 1" / "Pt. 2", "Untitled 8" / "Untitled 3") are different works.
OTHER_NUMBER = 0.7
# Version agreement inside the same kind (two live takes, two "other" versions): at least this.
SAME_KIND_FLOOR = 0.5
# Two non-rework cuts of different kinds (extended vs radio): mostly a different record.
OTHER_CUT = 0.3
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
# Durations agree within max(DURATION_SLACK_S, DURATION_SLACK_SHARE x the longer one);
# inside it closer still scores higher (1.0 down to 0.9), outside it falls to 0 at 4x.
DURATION_SLACK_S = 5.0
DURATION_SLACK_SHARE = 0.03
DURATION_INSIDE_SPREAD = 0.1
DURATION_EDGE = 0.9
DURATION_FADE = 3.0
# Roman numerals only count where they number something ("Part II", "Vol. IV"): a
# bare "ii" is as often a garbled character or a word.
_ROMAN = re.compile(r"\b(?:part|vol|volume|chapter|no|number|episode)\s+(i{1,3}|iv|v|vi{1,3}|ix|x)\b")
# Label-name words that uploads often leave out ("Eye Q Records" uploads as "Eye Q").
_LABEL_SUFFIX = re.compile(r"\b(?:records?|recordings|music|label|ltd|limited|inc|gmbh|uk|us)\b")

# Version agreement when the source is unmarked/original (rows) and the candidate is
# another kind (keys). Neutral kinds (an "Extended Mix" is often what a vinyl-only
# original is called digitally) keep most of the score; reworks and live takes are
# different recordings.
_FROM_ORIGINAL = {
    VersionType.ORIGINAL: 1.0, VersionType.EXTENDED: 0.85, VersionType.REMASTER: 0.85,
    VersionType.RADIO: 0.6, VersionType.OTHER: 0.4,
}
# Candidate original when the source names a non-rework version.
_TO_ORIGINAL = {
    VersionType.EXTENDED: 0.75, VersionType.REMASTER: 0.85, VersionType.RADIO: 0.6, VersionType.OTHER: 0.5,
}


@lru_cache(maxsize=65536)
def candidate_names(artists: tuple[str, ...]) -> tuple[str, ...]:
    """Comparison forms of a candidate's artists, whole and split ("A & B" -> a and b, a, b)."""
    names: list[str] = []
    for artist in artists:
        names.append(norm_artist(artist))
        parts = split_names(re.sub(r"\s+(?:feat|ft|featuring)\b\.?\s+", ", ", artist, flags=re.I))
        if len(parts) > 1:
            names.extend(norm_artist(p) for p in parts)
    return tuple(dict.fromkeys(n for n in names if n))


def name_similarity(a: str, b: str) -> float:
    """Similarity (0-100) of two comparison-form names; a name that keeps the other's
    first and last words and drops middle ones ("fela kuti" / "fela anikulapo kuti") is
    the same person under a shorter credit."""
    ratio = fuzz.ratio(a, b)
    short, long_ = sorted((a.split(), b.split()), key=len)
    if len(short) >= 2 and short != long_ and short[0] == long_[0] and short[-1] == long_[-1] \
            and set(short) <= set(long_):
        return max(ratio, SHORTER_NAME)
    return ratio


def artist_score(src_artists: tuple[str, ...], src_credit: str, src_remixers: tuple[str, ...],
                 cand: Candidate, cand_featured: tuple[str, ...] = (), src_aliases: tuple[str, ...] = ()) -> float:
    """How well the candidate's artists (and those featured in its title) cover the
    source's performers, each under any of the names Discogs knows it by.

    A candidate credited only to the source's remixer (remix uploads) scores 0.85 of
    a performer match. Without any candidate artist, the raw title is searched.
    """
    names = candidate_names(cand.artists + cand_featured if cand.artists else ())
    if not names:
        haystack = norm(f"{cand.raw_title} {cand.uploader or ''}")
        hits = [max(fuzz.partial_ratio(f, haystack) for f in (a, *src_aliases)) for a in src_artists if a]
        return calibrate(UNCREDITED_ARTIST_CAP * (sum(hits) / len(hits) / 100), ARTIST_FLOOR) if hits else 0.0
    if not src_artists:
        return 0.0
    joined = " ".join(names)
    per_artist = [max(max(name_similarity(form, n) for n in names for form in (a, *src_aliases)),
                      fuzz.ratio(a, joined)) for a in src_artists]
    best = sum(per_artist) / len(per_artist)
    whole = fuzz.token_sort_ratio(src_credit, joined)
    if len(src_credit.split()) <= len(joined.split()):
        # A shortened credit ("Wink" for Josh Wink) is a subset of the candidate's words;
        # the reverse (a performer of the source missing from the candidate) is not.
        whole = max(whole, TOKEN_SET_DISCOUNT * fuzz.token_set_ratio(src_credit, joined))
    remix = max((fuzz.ratio(r, n) for r in src_remixers for n in names), default=0) * REMIXER_AS_ARTIST
    return calibrate(max(best, whole, remix) / 100, ARTIST_FLOOR)


def calibrate(similarity: float, floor: float) -> float:
    """Rescale a raw similarity in [0, 1] so that ``floor`` or less maps to 0 and 1 to 1."""
    return max(0.0, (similarity - floor) / (1.0 - floor))


def title_score(src: ParsedTitle, cand: ParsedTitle) -> float:
    """Similarity of base titles (version and featured credits already split off),
    calibrated so unrelated titles score 0.

    Differing numbers ("Pt. 1" vs "Pt. 2", "Untitled 8" vs "Untitled 3") cost 30 %
    of the raw similarity.
    """
    value = _similarity(src.base_norm, cand.base_norm)
    if src.tail_norm != cand.tail_norm:
        # A dash part on one side only ("First - Return to Tackyland") may be another
        # title; an unmatched parenthesis is usually a subtitle ("(She's Homeless)").
        value *= UNMATCHED_TAIL
    if src.extra or cand.extra:
        value = max(value, _similarity(src.full_norm, cand.full_norm))
    return calibrate(value, TITLE_FLOOR)


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    # Spacing differs between catalogues ("Yé Ké Yé Ké" / "Yeke Yeke"): compare without it too.
    compact = fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))
    value = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b), TOKEN_SET_DISCOUNT * fuzz.token_set_ratio(a, b),
                compact) / 100
    return value * OTHER_NUMBER if _numbers(a) != _numbers(b) else value


def _numbers(text: str) -> frozenset[str]:
    return frozenset(_DIGITS.findall(text)) | frozenset(_ROMAN.findall(text))


def version_score(src: ParsedTitle, src_remixers: tuple[str, ...], cand: ParsedTitle) -> tuple[float, bool]:
    """``(agreement, rework_matched)``: 1 match, ~0.5-0.85 neutral, 0 mismatch.

    A source remix, dub or edit only agrees with a candidate naming one of its
    reworkers (or, when no reworker is known, the same kind of descriptor); anything
    else is a mismatch, the "wrong remix" trap.
    """
    sv, cv = src.version, cand.version
    if cv is VersionType.ORIGINAL and _unexplained_extra(src, cand):
        # "Oh Yeah (Oh Six)": an unknown parenthesis the source does not have usually
        # names another take, so the candidate is not plainly the original.
        cv = VersionType.OTHER
    if sv in REWORKS:
        return _rework_score(src, src_remixers, cand)
    if sv is VersionType.ORIGINAL:
        return _FROM_ORIGINAL.get(cv, 0.0), False
    if cv is sv:
        if sv in (VersionType.LIVE, VersionType.OTHER):
            similar = fuzz.token_set_ratio(norm(src.version_text), norm(cand.version_text)) / 100
            return max(SAME_KIND_FLOOR, similar), False
        return 1.0, False
    if cv is VersionType.ORIGINAL:
        return _TO_ORIGINAL.get(sv, 0.0), False
    if {sv, cv} <= {VersionType.EXTENDED, VersionType.REMASTER, VersionType.RADIO, VersionType.OTHER}:
        return OTHER_CUT, False
    return 0.0, False


# What kind of cut a rework descriptor names, beside whose it is. "Todd Terry Club Mix"
# and "Todd Terry Radio Edit" share a remixer and are still different records.
_KINDS = (
    ("dub", re.compile(r"\bdub\b")),
    ("instrumental", re.compile(r"\binstrumental\b|\bbeats\b")),
    ("short", re.compile(r"\bradio\b|\bshort\b|\bsingle\b|\bedit\b")),
    ("long", re.compile(r"\bextended\b|\bclub\b|\b12\b|\bfull\b")),
    ("vocal", re.compile(r"\bvocal\b")),
)


def _kinds(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in _KINDS if pattern.search(text))


def kind_agreement(src_text: str, cand_text: str) -> float:
    """1 for the same kind of cut, 0.75 when one side names none, 0.2 when they conflict."""
    a, b = _kinds(src_text), _kinds(cand_text)
    if a == b:
        return 1.0
    if not a or not b:
        return KIND_UNSTATED
    return KIND_OVERLAP if a & b else KIND_CONFLICT


def _unexplained_extra(src: ParsedTitle, cand: ParsedTitle) -> bool:
    source_words = set(src.full_norm.split())
    return any(not set(norm(extra).split()) <= source_words for extra in cand.extra)


def _rework_score(src: ParsedTitle, src_remixers: tuple[str, ...], cand: ParsedTitle) -> tuple[float, bool]:
    cand_text = norm(cand.version_text)
    if not cand_text:
        return 0.0, False
    src_text = norm(src.version_text)
    if src_remixers:
        hit = any(r and (fuzz.partial_ratio(r, cand_text) >= REWORKER_MATCH if len(r) >= SHORT_NAME
                         else f" {r} " in f" {cand_text} ")
                  for r in src_remixers)
        if not hit:
            return 0.0, False
        agreement = kind_agreement(src_text, cand_text)
        return agreement, agreement == 1.0
    if cand.version is src.version:
        similar = fuzz.token_set_ratio(src_text, cand_text) >= SAME_DESCRIPTOR
        return (1.0, True) if similar else (SAME_KIND_UNCONFIRMED, False)
    return 0.0, False


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


@lru_cache(maxsize=16384)
def label_forms(label: str) -> str:
    """A label name in comparison form without "Records"-like suffixes ("" if too short)."""
    short = re.sub(r"\s+", " ", _LABEL_SUFFIX.sub(" ", norm_artist(label))).strip()
    return short if len(short) >= 3 else ""


def label_score(labels: tuple[str, ...], catnos: tuple[str, ...], cand: Candidate) -> float | None:
    """1 when the release's label or catalogue number shows in the candidate's label,
    uploader or title, else ``None``: only positive evidence."""
    if not labels and not catnos:
        return None
    # Field by field, so the cache serves uploaders and labels repeated across results.
    haystack = f" {' '.join(norm(f) for f in (cand.label, cand.uploader, cand.raw_title) if f)} "
    if any(f and f" {f} " in haystack for f in labels):
        return 1.0
    compact = haystack.replace(" ", "")
    if any(c and len(c) >= 4 and c in compact for c in catnos):
        return 1.0
    # Another label is no evidence against: compilations and reissues license tracks.
    return None


def isrc_score(src_isrc: str | None, cand_isrc: str | None) -> float | None:
    """1 for equal ISRCs, 0 for different ones, ``None`` when either is unknown."""
    if not src_isrc or not cand_isrc:
        return None
    return 1.0 if src_isrc.replace("-", "").upper() == cand_isrc.replace("-", "").upper() else 0.0
