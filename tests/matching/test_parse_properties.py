"""Property-based tests of the title parser and the comparison forms (tests only: the
parser is being reworked; a property that does not hold is reported, not patched here).

Any text a platform may send (emoji, right-to-left scripts, HTML, brackets in any
nesting, 10,000 characters) is parsed without an exception, and the comparison forms
are normal forms: applying them twice changes nothing.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from song_automations.matching.normalize import fold, norm
from song_automations.matching.parse import parse_title, split_artist_title, strip_prefixes

# Deterministic (the same examples in CI every time), no per-example deadline on a busy machine.
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

# Pieces titles are made of, so that the generated text hits the parser's branches.
PIECES = st.sampled_from([
    " (", ")", " [", "]", "{", "}", " - ", " – ", " | ", ": ", " feat. ", " ft ", " with ", " & ", " x ",
    "Remix", "Hardfloor Remix", "Radio Edit", "Dub", "Extended Mix", "2012 Remaster", "Live", "VIP",
    "Premiere: ", "FREE DL", "Out Now", "[EYEQ027]", "Original Mix", "Pt. 2", "Part One", "Vol. 3",
    "Café", "Ø", "ß", "Ǆ", "İ", "ﬁ", "＆", "Ⅳ", "\u0301", "\u200f", "\u202e", "שלום", "مرحبا", "🎧", "👩‍🎤",
    "<b>", "</b>", "<script>alert(1)</script>", "&amp;", "&#39;", "\t", "\n", "  ", "'", '"', "’", "`",
    "Take ÌÏ There", "The", ", The", "(2)", "_", "…",
])
TITLES = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join),
)


@PROPERTY
@given(TITLES)
@example("x" * 10_000)
@example("(" * 5_000 + ")" * 5_000)
@example("Title - " * 1_250)
@example("Premiere: " * 1_000)
@example("🎧 مرحبا <b>שלום</b> (feat. Ø) [FREE DL] - Hardfloor Remix")
def test_parsing_any_title_never_raises(title):
    parsed = parse_title(title)
    assert isinstance(parsed.base, str)
    artist, rest = split_artist_title(title)
    assert artist is None or isinstance(artist, str)
    assert isinstance(rest, str)


@PROPERTY
@given(TITLES)
def test_fold_and_prefix_stripping_are_normal_forms(title):
    assert fold(fold(title)) == fold(title)
    assert strip_prefixes(strip_prefixes(title)) == strip_prefixes(title)


@PROPERTY
@given(TITLES)
@example("0:_0")
@example(";ÆÞ")  # (Latin letters NFKD leaves whole are folded before the mis-decoding test)
def test_norm_is_a_normal_form(title):
    once = norm(title)
    assert norm(once) == once


@PROPERTY
@given(TITLES)
def test_the_parsed_base_is_stripped_and_normalised_by_norm(title):
    parsed = parse_title(title)
    assert parsed.base_norm == norm(parsed.base)
    assert parsed.base == parsed.base.strip()
    assert parsed.version_text is None or parsed.version_text.strip()


def test_a_10000_character_title_parses_quickly():
    for title in ("word " * 2_000, "(" * 10_000, "a - " * 2_500, "🎧" * 10_000, "<b>" * 3_000):
        started = time.perf_counter()
        parse_title(title)
        split_artist_title(title)
        assert time.perf_counter() - started < 2.0, title[:20]


# Reported to the lead: a line break hides an inline featured credit from the parser
# (its pattern's ".+" stops at the newline), so parse_title("A feat. B\nC").base is
# "A feat. B C", and parsing that base again splits the credit off.
BASE_NOT_STABLE = "parse_title('0 FEAT 0\\n0').base == '0 FEAT 0 0', whose own base is '0'"


@pytest.mark.xfail(strict=True, reason=BASE_NOT_STABLE)
@PROPERTY
@given(TITLES)
@example("0 FEAT 0\n0")
def test_the_parsed_base_parses_to_itself(title):
    base = parse_title(title).base
    assert parse_title(base).base == base
