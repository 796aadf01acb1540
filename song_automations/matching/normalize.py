"""Text normalisation for comparison only (never for display).

Everything the scorer compares goes through :func:`norm` or :func:`norm_artist`:
diacritics folded, curly quotes straightened, "&" spelled "and", "Pt." spelled "part",
punctuation dropped, whitespace collapsed. Results are cached because the same
source strings are compared against many candidates.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Discogs disambiguates homonyms with a numeric suffix: "Orion (2)".
_DISCOGS_SUFFIX = re.compile(r"\s*\(\d+\)\s*$")
# Discogs inverts leading articles: "Persuader, The".
_INVERTED_ARTICLE = re.compile(r"^(?P<name>.+),\s*(?P<article>the|a|an|le|la|les|die|der|das)$", re.I)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "`": "'", "\u00b4": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2013": "-", "\u2014": "-"})
_AMPERSAND = re.compile(r"\s*(?:&|\+)\s*")
_PART = re.compile(r"\b(?:pt|prt)\b\.?", re.I)
# Apostrophes join words ("don't" -> "dont") rather than split them.
# "Part One" and "Pt. 1" are the same part.
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten".split())}
_NUMBERED = re.compile(r"\b(part|vol|volume|chapter|mk|no)\s+(" + "|".join(_NUMBER_WORDS) + r")\b")
# Mis-decoded UTF-8 ("Take Ü There" exported as "Take ÌÏ There"): a whole word made
# only of Latin-1 supplement characters is not a real word ("Þór" keeps its "r").
_MOJIBAKE = re.compile(r"(?<!\S)[\u0080-\u00ff]{2,}(?!\S)")
_APOSTROPHE = re.compile(r"(?<=\w)\s*'\s*(?=\w)")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_LEADING_THE = re.compile(r"^the\s+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics ("Café" -> "cafe", "Ø" kept as "ø")."""
    if text.isascii():  # the common case, and ten times cheaper than decomposing
        return text.replace("`", "'").casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=65536)
def norm(text: str | None) -> str:
    """Comparison form of a title or name: folded, "and"/"part" spelled out, no punctuation."""
    if not text:
        return ""
    text = fold(_MOJIBAKE.sub(" ", text))
    text = _AMPERSAND.sub(" and ", text)
    text = _PART.sub("part", text)
    text = _NUMBERED.sub(lambda m: f"{m[1]} {_NUMBER_WORDS[m[2]]}", text)
    text = _APOSTROPHE.sub("", text)
    return _NON_WORD.sub(" ", text).replace("_", " ").strip()


def display_artist(name: str) -> str:
    """Discogs artist name as people write it: no "(2)" suffix, article put back in front."""
    name = _DISCOGS_SUFFIX.sub("", name or "").strip()
    inverted = _INVERTED_ARTICLE.match(name)
    if inverted:
        name = f"{inverted['article']} {inverted['name']}"
    return name


@lru_cache(maxsize=65536)
def norm_artist(name: str | None) -> str:
    """Comparison form of one artist name: as :func:`norm`, without a leading "the"."""
    return _LEADING_THE.sub("", norm(display_artist(name or "")))
