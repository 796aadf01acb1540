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

from anyascii import anyascii

# Discogs disambiguates homonyms with a numeric suffix: "Orion (2)".
_DISCOGS_SUFFIX = re.compile(r"\s*\(\d+\)\s*$")
# Discogs inverts leading articles: "Persuader, The".
_INVERTED_ARTICLE = re.compile(r"^(?P<name>.+),\s*(?P<article>the|a|an|le|la|les|die|der|das)$", re.I)
# Latin letters NFKD leaves whole (no base letter plus accent): "Şımarık" is "Simarik",
# "Łódź" "Lodz" and "Røyksopp" "Royksopp" as people type them.
LATIN_BASE_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                                    "ı": "i", "ħ": "h"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "`": "'", "\u00b4": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2013": "-", "\u2014": "-"})
_AMPERSAND = re.compile(r"\s*(?:&|\+)\s*")
_PART = re.compile(r"\b(?:pt|prt)\b\.?", re.I)
_PARTS = re.compile(r"\bpts\b\.?", re.I)
# Apostrophes join words ("don't" -> "dont") rather than split them.
# "Part One" and "Pt. 1" are the same part.
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b")
_TEENS = {w: 13 + i for i, w in enumerate(
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 20 + 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
# A number in words, as :func:`in_figures` writes it in figures.
_COUNT = re.compile(r"\b(?:(?P<tens>" + "|".join(_TENS) + r")(?:\s+(?P<unit>one|two|three|four|five|six|seven|eight|"
                    r"nine))?|(?P<small>" + "|".join((*_NUMBER_WORDS, *_TEENS)) + r"))\b")
_NUMBERED = re.compile(r"\b(part|vol|volume|chapter|mk|no)\.?\s+(" + "|".join(_NUMBER_WORDS) + r")\b")
# ...and "Part IV" is "Pt. 4": Roman numerals only where they number something, since a
# bare "ii" is as often a garbled character or a word.
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
_ROMAN_NUMBERED = re.compile(r"\b(part|parts|vol|volume|chapter|mk|no|movement|act|book|op)\.?\s+"
                             r"(x{0,3}(?:ix|iv|v?i{0,3}))\b")
# "Mario (1ère Partie)", "Parte 2", "Teil 1", "Deuxième partie" are "Part 1", "Part 2"...
_ORDINAL_WORDS = {"premiere": "1", "primera": "1", "prima": "1", "erster": "1", "erste": "1",
                  "deuxieme": "2", "seconde": "2", "segunda": "2", "seconda": "2", "zweiter": "2", "zweite": "2",
                  "troisieme": "3", "tercera": "3", "terza": "3", "dritter": "3", "dritte": "3"}
_PART_OTHER_LANGUAGE = re.compile(
    r"\b(?:(?P<n>\d+)\s*(?:ere|re|er|eme|e|a|o|\.)?|(?P<w>" + "|".join(_ORDINAL_WORDS) + r"))\s+(?:partie|parte|teil)\b"
    r"|\b(?:partie|parte|teil)\s+(?P<m>\d+)\b")
# A Roman numeral ending a title, from two on ("I", "V", "X" alone are as often words).
_TITLE_NUMERALS = ("ii", "iii", "iv", "vi", "vii", "viii", "ix")
_TRAILING_ROMAN_ENDINGS = tuple(f" {n}" for n in _TITLE_NUMERALS)
_TRAILING_ROMAN = re.compile(r"\s(" + "|".join(_TITLE_NUMERALS) + r")$")
# A movement or act numbered with a Roman numeral and a stop ("Concierto De Aranjuez: II.
# Adagio", "Atto III: Nessun Dorma") is numbered as in figures ("2. Adagio").
_MOVEMENT_NUMERAL = re.compile(r"(?<![\w.'])(x{0,3}(?:ix|iv|v?i{1,3}|v))[.:](?=\s)")
# "4:00 A.M." is "4 AM": whole hours drop their minutes.
_WHOLE_HOUR = re.compile(r"\b(\d{1,2}):00\b")
# A word spelled out letter by letter is one word: "A-N-N-A" is "anna", "R-E-S-P-E-C-T" "respect".
_SPELLED_OUT = re.compile(r"(?<![\w-])(?:[^\W\d_]-){2,}[^\W\d_](?![\w-])")
# Initialisms are one word: "D.A.N.C.E." is "dance", "U.S.A." is "usa".
_INITIALISM = re.compile(r"\b(?:\w\.){2,}(?:\w\b\.?)?")
# "Rock 'N' Roll", "Rock'n'Roll": the 'n' is "and" (before apostrophes join words).
_N_AND = re.compile(r"(?:\s+|(?<=\w))'n'?(?:\s+|(?=\w))")
# "Blue Monday '88" is "Blue Monday 1988"; two-digit years from before 1930 are this century's.
_SHORT_YEAR = re.compile(r"(?<![\w'])['\u2019](\d{2})\b")
# Spellings the same word takes in titles and names ("Acid Trax", "Tonite", "Luv", "Rock
# 'N' Roll", "Wrong Side Of Da Tracks", "Tha Crossroads"): compared as the plain word. Whole tokens only, after folding.
SPELLINGS = {"trax": "tracks", "nite": "night", "tonite": "tonight", "luv": "love", "thru": "through",
             "u": "you", "ur": "your", "n": "and", "cuz": "because", "lite": "light", "xmas": "christmas",
             "rmx": "remix", "da": "the", "tha": "the", "feat": "featuring", "ft": "featuring", "vs": "versus",
             "saint": "st", "ouverture": "overture"}
# Numbers spelling a word before a pronoun ("Nothing Compares 2 U", "4 Ever"): the word.
_NUMBER_HOMOPHONE = re.compile(r"(?<!part )(?<!vol )(?<!no )(?<!track )\b([24])\s+(?=(?:u|you|me|ya|ever)\b)")
_HOMOPHONES = {"2": "to ", "4": "for "}
# A pipe between letters is a stylised "l" ("d|p 1.1" is "dlp 1.1").
_PIPE_L = re.compile(r"(?<=[^\W\d_])\|(?=[^\W\d_])")
# Words that number a part ("part", "vol", "no"...): cheap test before the rewrites.
_NUMBERABLE = re.compile(r"\b(?:part|parts|vol|volume|chapter|mk|no|movement|act|book|op)\b")
# Mis-decoded UTF-8 ("Take Ü There" exported as "Take ÌÏ There"): a whole word made
# only of Latin-1 supplement characters is not a real word ("Þór" keeps its "r").
_MOJIBAKE = re.compile(r"(?<!\S)[\u0080-\u00ff]{2,}(?!\S)")
# An apostrophe inside a word is an elision ("Don't" is "dont"); one after a word and
# before a space is a dropped letter ("Lil' Louis", "Rockin' Robin"): the words stay apart.
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
# Store exports tokenise contractions ("It 's", "Do n't"): put them back together.
_CLITIC = re.compile(r"\s+('(?:s|re|ve|ll|d|m)\b|n't\b)")
# Single quotes around a word are quotes, not elisions: "Steve 'Silk' Hurley".
_QUOTED = re.compile(r"(?<!\w)'([^']+?)'(?!\w)")
# The marks that voice a kana ("カ" -> "ガ") make another syllable, not an accent.
_KANA_VOICING = "\u3099\u309a"
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_LEADING_THE = re.compile(r"^the\s+")


_NUMERO = re.compile(r"\bn\s*\u00b0\s*")
# Classical titles in German, French, Italian, Spanish and Hungarian, as streaming
# catalogues write them in English (see :func:`in_english`).
_MODES = {"dur": "major", "moll": "minor", "majeur": "major", "mineur": "minor", "maggiore": "major",
          "minore": "minor", "mayor": "major", "menor": "minor"}
_SOLFEGE = {"ut": "c", "do": "c", "re": "d", "mi": "e", "fa": "f", "sol": "g", "la": "a", "si": "b"}
_GERMAN_KEY = re.compile(r"\b(?P<letter>[a-h]|as|es)(?P<accidental>is|es|s)?\s+(?P<mode>dur|moll)\b")
_ROMANCE_KEY = re.compile(r"\b(?P<note>ut|do|re|mi|fa|sol|la|si)(?:\s+(?P<accidental>diese|diesis|bemol|bemolle))?"
                          r"\s+(?P<mode>majeur|mineur|maggiore|minore|mayor|menor)\b")
_CLASSICAL_WORDS = {
    "sinfonie": "symphony", "symphonie": "symphony", "sinfonia": "symphony", "konzert": "concerto",
    "klavierkonzert": "piano concerto", "violinkonzert": "violin concerto", "sonate": "sonata",
    "rhapsodie": "rhapsody", "rapsodia": "rhapsody", "hongroise": "hungarian", "ungarischer": "hungarian",
    "ungarische": "hungarian", "magyar": "hungarian", "tanz": "dance", "tanze": "dances", "danse": "dance",
    "danses": "dances", "tanc": "dance", "streichquartett": "string quartet", "quatuor": "quartet",
    "quartett": "quartet", "walzer": "waltz", "valse": "waltz", "praludium": "prelude", "nr": "no", "en": "in",
    "satz": "movement"}
_CLASSICAL_HINT = re.compile(r"\b(?:" + "|".join((*_CLASSICAL_WORDS, *_MODES, "symphony", "concerto", "sonata",
                                                   "rhapsody", "quartet", "nocturne", "prelude", "etude", "waltz"))
                             + r")\b")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip diacritics ("Café" -> "cafe", "Ø" -> "o", "ı" -> "i")."""
    if text.isascii():  # the common case, and ten times cheaper than decomposing
        return text.replace("`", "'").casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES).casefold().translate(LATIN_BASE_LETTERS))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c in _KANA_VOICING)
    # Composed again: Hangul decomposes into letters, and "シ" with its mark is "ジ".
    return unicodedata.normalize("NFC", kept).casefold()


def roman_number(numeral: str) -> int:
    """The value of a lower-case Roman numeral of i, v, x and l ("xiv" -> 14)."""
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def _part_number(match: re.Match[str]) -> str:
    return f"part {match['n'] or match['m'] or _ORDINAL_WORDS[match['w']]}"


def _movement_number(match: re.Match[str]) -> str:
    # "I", "V" and "X" alone only number a movement after the work's colon ("Who Am I.").
    before = match.string[:match.start()].rstrip()
    if len(match[1]) == 1 and before and not before.endswith(":"):
        return match[0]
    return f"{roman_number(match[1])}."


def _short_year(match: re.Match[str]) -> str:
    year = int(match[1])
    return f"{1900 + year if year >= 30 else 2000 + year}"


# Entries each memoised text function keeps (least recently used go first). A search's
# candidates and a release's tracks repeat their titles within moments; a collection's
# hundred thousand titles must not all stay in memory (a sync of 20,000 releases stays
# flat at this size and scores as fast).
TEXT_CACHE = 8192


@lru_cache(maxsize=TEXT_CACHE)
def in_figures(text: str) -> str:
    """``text`` in comparison form with its numbers up to ninety-nine in figures ("one
    thing" -> "1 thing", "seventeen year old" -> "17 year old", "twenty one" -> "21")."""
    return _COUNT.sub(_count, text)


def _count(match: re.Match[str]) -> str:
    if match["tens"]:
        return str(_TENS[match["tens"]] + (int(_NUMBER_WORDS[match["unit"]]) if match["unit"] else 0))
    return _NUMBER_WORDS.get(match["small"]) or str(_TEENS[match["small"]])


@lru_cache(maxsize=TEXT_CACHE)
def norm(text: str | None) -> str:
    """Comparison form of a title or name: folded, "and"/"part" spelled out, part numbers
    as digits, two-digit years in full, common spellings as the plain word, no punctuation."""
    if not text:
        return ""
    # Each rewrite runs only when its trigger is in the text: most titles need none, and
    # norm runs for every candidate of every search.
    text = fold(text if text.isascii() else _MOJIBAKE.sub(" ", text))
    if "\u00b0" in text:
        text = _NUMERO.sub("no ", text)  # "N° 2" is "No. 2"
    if "|" in text:
        text = _PIPE_L.sub("l", text)
    if "'" in text:
        text = _N_AND.sub(" and ", _SHORT_YEAR.sub(_short_year, text))
    if ":" in text:
        text = _WHOLE_HOUR.sub(r"\1", text)
    if "." in text:
        text = _INITIALISM.sub(lambda m: m[0].replace(".", ""), text)
    if text.count("-") >= 2:  # (a letter by letter word has two hyphens at least)
        text = _SPELLED_OUT.sub(lambda m: m[0].replace("-", ""), text)
    if "." in text or ":" in text:
        text = _MOVEMENT_NUMERAL.sub(_movement_number, text)
    if "&" in text or "+" in text:
        text = _AMPERSAND.sub(" and ", text)
    if "pt" in text or "prt" in text:
        text = _PARTS.sub("parts ", _PART.sub("part ", text))
    if "parti" in text or "parte" in text or "teil" in text:
        text = _PART_OTHER_LANGUAGE.sub(_part_number, text)
    if text.endswith(_TRAILING_ROMAN_ENDINGS):
        # "Zauberberg III" is "Zauberberg 3" (not "I", "V", "X" alone: "Who Am I", "Malcolm X").
        text = _TRAILING_ROMAN.sub(lambda m: f" {roman_number(m[1])}", text)
    if _NUMBERABLE.search(text):
        text = _NUMBERED.sub(lambda m: f"{m[1]} {_NUMBER_WORDS[m[2]]}", text)
        text = _ROMAN_NUMBERED.sub(lambda m: f"{m[1]} {roman_number(m[2])}" if m[2] else m[0], text)
    if "'" in text:
        text = _APOSTROPHE.sub("", _CLITIC.sub(r"\1", _QUOTED.sub(r" \1 ", text)))
    if "2 " in text or "4 " in text:
        text = _NUMBER_HOMOPHONE.sub(lambda m: _HOMOPHONES[m[1]], text)
    words = _NON_WORD.sub(" ", text).replace("_", " ").split()
    return " ".join(SPELLINGS.get(w, w) for w in words)


@lru_cache(maxsize=TEXT_CACHE)
def classical(text: str) -> bool:
    """Whether a title in comparison form names a classical work: a form ("symphony",
    "rhapsodie", "streichquartett") or a key ("c sharp minor", "cis moll", "ut mineur")."""
    return _CLASSICAL_HINT.search(text) is not None


@lru_cache(maxsize=TEXT_CACHE)
def in_english(text: str) -> str:
    """A classical title in comparison form with its forms and keys named in English, as
    streaming catalogues name them ("rhapsodie hongroise no 2 en ut diese mineur" ->
    "hungarian rhapsody no 2 in c sharp minor", "streichquartett c dur" -> "string
    quartet c major")."""
    text = _GERMAN_KEY.sub(_german_key, text)
    text = _ROMANCE_KEY.sub(_romance_key, text)
    return " ".join(_CLASSICAL_WORDS.get(w, w) for w in text.split())


def _german_key(match: re.Match[str]) -> str:
    letter, accidental = match["letter"], match["accidental"] or ""
    if letter == "h":
        return f"b {_MODES[match['mode']]}"  # (German "h" is B; "b" is B flat)
    name = {"b": "b flat", "as": "a flat", "es": "e flat"}.get(letter + accidental) or \
        f"{letter} {'sharp' if accidental == 'is' else 'flat' if accidental in ('es', 's') else ''}".strip()
    return f"{name} {_MODES[match['mode']]}"


def _romance_key(match: re.Match[str]) -> str:
    accidental = {"diese": " sharp", "diesis": " sharp", "bemol": " flat", "bemolle": " flat"}.get(
        match["accidental"] or "", "")
    return f"{_SOLFEGE[match['note']]}{accidental} {_MODES[match['mode']]}"


def display_artist(name: str) -> str:
    """Discogs artist name as people write it: no "(2)" suffix, article put back in front."""
    name = _DISCOGS_SUFFIX.sub("", name or "").strip()
    inverted = _INVERTED_ARTICLE.match(name)
    if inverted:
        name = f"{inverted['article']} {inverted['name']}"
    return name


@lru_cache(maxsize=TEXT_CACHE)
def norm_artist(name: str | None) -> str:
    """Comparison form of one artist name: as :func:`norm`, without a leading "the"."""
    return _LEADING_THE.sub("", norm(display_artist(name or "")))


LATIN, OTHER_SCRIPT = "latin", "other"
# A kana of the i row and a small ya/yu/yo are one syllable ("ショ" is "sho", not "shiyo").
_YOON = re.compile(r"([きぎしじちぢにひびぴみりキギシジチヂニヒビピミリ])([ゃゅょャュョ])")
# ...and a small vowel makes one with the kana before it ("ティ" is "ti", "フォ" "fo").
_SMALL_VOWEL = re.compile(r"([ぁ-ゖァ-ヺ])([ぁぃぅぇぉァィゥェォ])")
# A small "tsu" doubles the consonant after it ("ック" is "kku").
_SOKUON = re.compile(r"[っッ]([ぁ-ゖァ-ヺ])")
_VOWELS = re.compile(r"[aeiouwy]")
# Consonants one script writes with one letter and romanisations with several: "l" and
# "r" in Japanese ("カリフォルニア" / "California"), "b"/"v" and "p"/"f" in Hebrew ("בגני"
# / "Begani"), "c", "k" and "q" in loanwords and Arabic ("gh" too in Persian: "قول" /
# "Ghol").
_GH = re.compile(r"(?<!n)gh")  # (not "ng" before "h": "Yanghwa")
_KIN_CONSONANTS = str.maketrans({"l": "r", "c": "k", "q": "k", "v": "b", "f": "p"})
_DIGRAPHS = re.compile(r"[szkpt]h")
_SOUNDS = str.maketrans({"y": "i", "j": "i", "e": "i", "o": "u"})
_DOUBLED = re.compile(r"(.)\1+")
# Long vowels romanise doubled or not ("Tatsurou"/"Tatsuro", "Yuuki"/"Yuki"): one letter.
_LONG_VOWEL = re.compile(r"([aeiou])\1+|(?<=o)u")


@lru_cache(maxsize=TEXT_CACHE)
def script(name: str) -> str | None:
    """:data:`LATIN` when every letter of ``name`` is Latin, :data:`OTHER_SCRIPT` when
    none is ("椎名林檎", "Кино"), ``None`` when it mixes both or has no letter."""
    if name.isascii():
        return LATIN if any(ch.isalpha() for ch in name) else None
    letters = {unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha()}
    if len(letters) != 1:
        return None
    return LATIN if True in letters else OTHER_SCRIPT


_OPENING = {"(": ")", "[": "]"}
# A bracket, or a word: the parts :func:`in_script` keeps or drops.
_SCRIPT_PARTS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\S+")
_LOOSE_ENDS = " /|-~\u00b7\u2022\u2013\u2014"


def _in_script_part(part: str, wanted: str) -> str:
    """A word, or a bracket as a whole, of :func:`in_script`'s text as it keeps it: a
    bracket with words in another script and none in ``wanted`` goes whole ("[Warner
    Music Taiwan 5050466-5232-2]" of a Chinese title), figures and all."""
    words = part.split()
    scripts = {script(w) for w in words}
    if len(words) > 1 and part[:1] in _OPENING:
        return part if wanted in scripts or scripts <= {None} else ""
    return part if script(part) in (wanted, None) else ""


@lru_cache(maxsize=TEXT_CACHE)
def in_script(text: str, wanted: str) -> str:
    """``text`` without its words in a script other than ``wanted`` (:data:`LATIN` or
    :data:`OTHER_SCRIPT`): a title glossed in two scripts read in one ("遇見 Encounter" ->
    "遇見", "Dance In The Rhythm (리듬 속의 그 춤을) 1987" -> "리듬 속의 그 춤을 1987").
    Words of both scripts or of none (figures) stay; a bracket left holding the whole
    title opens up; empty when nothing of ``wanted`` is left."""
    kept = " ".join(filter(None, (_in_script_part(part, wanted) for part in _SCRIPT_PARTS.findall(text))))
    kept = kept.strip(_LOOSE_ENDS)
    closing = _OPENING.get(kept[:1])
    if closing and closing in kept:
        inner, _, after = kept[1:].partition(closing)
        if not any(script(w) == wanted for w in after.split()):
            kept = " ".join(f"{inner} {after}".split())
    return kept if any(script(w) == wanted for w in kept.split()) else ""


@lru_cache(maxsize=TEXT_CACHE)
def romanised(name: str) -> str:
    """``name`` in Latin letters, lower case, without spaces or punctuation, long vowels
    single: a comparison form across scripts ("スピッツ" -> "supitsu", "Кино" -> "kino").
    Kana, Hangul, Cyrillic and Greek romanise as people write them; Chinese characters
    read as Mandarin (:func:`readings` adds how Japanese reads them)."""
    if _KANA.search(name):
        name = _SOKUON.sub(_doubled, _SMALL_VOWEL.sub(_mora, _YOON.sub(_syllable, name)))
    if _GREEK.search(name):
        name = _GREEK_DIGRAPH.sub(lambda m: _GREEK_SOUNDS[m[0]], name)
    if "\u05d5" in name:
        name = name.replace("\u05d5", "w")  # Hebrew "ו" mostly writes a vowel: "הללויה" is "Halleluyah"
    return _LONG_VOWEL.sub(r"\1", re.sub(r"[^a-z0-9]", "", anyascii(name).casefold()))


_KANA = re.compile(r"[ぁ-ゖァ-ヺ]")
# Greek letter pairs read as one sound, as Greek names are romanised ("Τσαουσάκης" is
# "Tsaousakis", "Νταλάρας" "Dalaras", "Μπέλλου" "Bellou").
_GREEK = re.compile(r"[\u0370-\u03ff]")
_GREEK_SOUNDS = {"ου": "ou", "μπ": "b", "ντ": "d", "γκ": "g"}
_GREEK_DIGRAPH = re.compile("|".join(_GREEK_SOUNDS))
# Chinese characters: anyascii reads them as Mandarin, Japanese reads them otherwise.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PARTICLE = "助詞"  # (MeCab's part of speech for "は", "へ": read "wa", "e" there)
_READING, _PRONUNCIATION = 7, 8  # (fields of an IPADIC word's features)


@lru_cache(maxsize=TEXT_CACHE)
def readings(name: str) -> tuple[str, ...]:
    """``name``'s comparison forms across scripts: :func:`romanised`, and when it has
    Chinese characters also as Japanese reads them ("丸ノ内サディスティック" ->
    "marunouchisadisutiku", "冨田勲" -> "tomitaisao"), the way its romanisations are
    written. Text without Chinese characters has one reading."""
    own = romanised(name)
    if not _HAN.search(name):
        return (own,)
    japanese = romanised("".join(_read(word.surface, word.feature) for word in _japanese_tagger()(name)))
    return (own,) if japanese in {own, ""} else (own, japanese)


def _read(surface: str, feature: tuple[str, ...]) -> str:
    """One word in kana: its reading, a particle as it is pronounced, an unknown word as
    written."""
    if len(feature) <= _READING or feature[_READING] == "*":
        return surface
    return feature[_PRONUNCIATION] if feature[0] == _PARTICLE else feature[_READING]


@lru_cache(maxsize=1)
def _japanese_tagger():
    """MeCab with the IPA dictionary, loaded at the first text that needs it."""
    import fugashi
    import ipadic

    return fugashi.GenericTagger(ipadic.MECAB_ARGS)


@lru_cache(maxsize=TEXT_CACHE)
def skeleton(name: str) -> str:
    """:func:`romanised` without vowels (nor "w", "y"): what Arabic and Hebrew write, whose
    short vowels each romanisation fills in its own way ("كيفك إنت" / "Kifak Inta" -> "kfknt")."""
    return _VOWELS.sub("", _GH.sub("k", romanised(name))).translate(_KIN_CONSONANTS)


@lru_cache(maxsize=TEXT_CACHE)
def sounded(name: str) -> str:
    """:func:`romanised` as it sounds rather than as one system spells it: "sh", "zh",
    "kh", "ph" and "th" as one letter, "y" and "j" as "i", "e" and "o" as "i" and "u",
    doubled letters once. Transliterations of one name meet there ("Γειά" / "Gia",
    "Рыжий" / "Ryzhij", "死ぬのがいいわ" / "Shinunoga E-Wa")."""
    key = _DIGRAPHS.sub(lambda m: m[0][0], romanised(name)).translate(_SOUNDS)
    return _DOUBLED.sub(r"\1", key)


def _mora(match: re.Match[str]) -> str:
    kana, vowel = anyascii(match[1]), anyascii(match[2])
    return ("w" if kana == "u" else kana[:-1]) + vowel


def _doubled(match: re.Match[str]) -> str:
    kana = anyascii(match[1])
    return kana[0] + kana


def _syllable(match: re.Match[str]) -> str:
    consonant, glide = anyascii(match[1])[:-1], anyascii(match[2]).casefold()
    # "shi", "chi", "ji" already carry the glide: "sho", "chu", "ja".
    return consonant + (glide[1:] if consonant.endswith("h") or consonant == "j" else glide)
