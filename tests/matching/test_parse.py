"""Titles from Discogs, Spotify, SoundCloud and iTunes/Amazon split into the same parts."""

import pytest

from song_automations.matching.normalize import (LATIN, OTHER_SCRIPT, classical, in_english, in_script, norm, norm_artist, readings, romanised,
                                                 script, skeleton, sounded)
from song_automations.matching.parse import VersionType, bracketed, parse_title, split_artist_title, strip_prefixes


@pytest.mark.parametrize(
    ("title", "base", "version", "remixers"),
    [
        ("Café Del Mar (Three 'N One Remix)", "Café Del Mar", VersionType.REMIX, ("Three 'N One",)),
        ("Title - Hardfloor Remix", "Title", VersionType.REMIX, ("Hardfloor",)),
        ("Title - Radio Edit", "Title", VersionType.RADIO, ()),
        ("Title - 2012 Remaster", "Title", VersionType.REMASTER, ()),
        ("Love Sensation - 2006 Remaster Radio Edit", "Love Sensation", VersionType.RADIO, ()),
        ("Title (Extended Mix)", "Title", VersionType.EXTENDED, ()),
        ("Title (Original Mix)", "Title", VersionType.ORIGINAL, ()),
        ("Free (Mood II Swing Dub)", "Free", VersionType.DUB, ("Mood II Swing",)),
        ("Song - Live at Fabric", "Song", VersionType.LIVE, ()),
        ("Song (A Cappella)", "Song", VersionType.ACAPPELLA, ()),
        ("Song (Instrumental)", "Song", VersionType.INSTRUMENTAL, ()),
        ("Song (Loco Dice Edit)", "Song", VersionType.EDIT, ("Loco Dice",)),
        ("Live Forever", "Live Forever", VersionType.ORIGINAL, ()),
        ('Enjoy The Silence (7" Version)', "Enjoy The Silence", VersionType.RADIO, ()),
        ("Born Slippy .NUXX - Short", "Born Slippy .NUXX", VersionType.RADIO, ()),
        ("Autonomy ( Cold Blank Mix )", "Autonomy", VersionType.REMIX, ("Cold Blank",)),
        ("Pacific State (Main Mix)", "Pacific State", VersionType.ORIGINAL, ()),
        ("I Have Seen The Rain (Main Version)", "I Have Seen The Rain", VersionType.ORIGINAL, ()),
    ],
)
def test_versions_from_every_convention(title, base, version, remixers):
    parsed = parse_title(title)
    assert (parsed.base, parsed.version, parsed.remixers) == (base, version, remixers)


def test_featured_artists_in_brackets_and_inline():
    assert parse_title("Song (feat. Y & Z)").featured == ("Y", "Z")
    assert parse_title("Illusion ( feat . Echosmith )").featured == ("Echosmith",)
    inline = parse_title("Song feat. Someone")
    assert (inline.base, inline.featured) == ("Song", ("Someone",))


@pytest.mark.parametrize(
    "raw",
    [
        "Premiere: Energy 52 - Cafe Del Mar (Three N One Remix) [EYEQ027]",
        "PREMIERE | Energy 52 - Cafe Del Mar (Three N One Remix) [FREE DL]",
        "Energy 52 - Cafe Del Mar (Three N One Remix) [Eye Q Records]",
        "Energy 52 - Cafe Del Mar (Three N One Remix) - FREE DOWNLOAD",
        "Energy 52 | Cafe Del Mar (Three N One Remix)",
        # What files and feeds leave on an upload's title:
        "01 Energy 52 - Cafe Del Mar (Three N One Remix)",
        "A1. Energy 52 - Cafe Del Mar (Three N One Remix)",
        "EYEQ027 - Energy 52 - Cafe Del Mar (Three N One Remix)",
        "[EYEQ027] | Energy 52 - Cafe Del Mar (Three N One Remix)",
        "\u3010Energy 52\u3011Cafe Del Mar (Three N One Remix)",
        "Energy 52 -- Cafe Del Mar (Three N One Remix)",
        "Energy 52 ~ Cafe Del Mar (Three N One Remix)",
        "Energy 52 - Cafe Del Mar (Three N One Remix).mp3",
        "Energy 52 - Cafe Del Mar (Three N One Remix) HQ #trance #classic",
        "Energy 52 - Cafe Del Mar - Three N One Remix",
        "Energy 52 \u2022 Cafe Del Mar (Three N One Remix)",
        "Energy 52 \u00b7 Cafe Del Mar (Three N One Remix)",
        "Energy 52 // Cafe Del Mar (Three N One Remix)",
        "Energy 52 - Cafe Del Mar (Three N One Remix) | 1993",
        "Cafe Del Mar (Three N One Remix) - Energy 52",
    ],
)
def test_soundcloud_titles_lose_prefixes_labels_and_catalogue_numbers(raw):
    artist, rest = split_artist_title(raw)
    parsed = parse_title(rest)
    assert artist == "Energy 52"
    assert (parsed.base, parsed.version, parsed.remixers) == ("Cafe Del Mar", VersionType.REMIX, ("Three N One",))


@pytest.mark.parametrize("title", ["Love Potion #9", "007 (Shanty Town)", "#1 Crush", "A Day In The Life",
                                   "DJ 3000 - Blue Light"])
def test_numbers_that_belong_to_the_title_stay(title):
    assert strip_prefixes(title) == title


def test_the_artist_the_metadata_names_decides_which_side_of_the_dash_it_is():
    assert split_artist_title("Quadrant Dub - Basic Channel", known="Basic Channel") == ("Basic Channel", "Quadrant Dub")
    assert split_artist_title("Basic Channel - Quadrant Dub", known="Basic Channel") == ("Basic Channel", "Quadrant Dub")
    assert split_artist_title("Basic Channel - Quadrant Dub") == (None, "Basic Channel - Quadrant Dub")
    # The metadata names the same people joined otherwise.
    assert split_artist_title("City of Stars - Ryan Gosling & Emma Stone", known="Ryan Gosling, Emma Stone") == (
        "Ryan Gosling & Emma Stone", "City of Stars")


def test_a_dash_inside_brackets_parts_no_artist_from_its_title():
    assert split_artist_title("Seasons of Love (Rent - Original Broadway Cast)") == (
        None, "Seasons of Love (Rent - Original Broadway Cast)")
    assert split_artist_title("The Cast (Rent) - Seasons of Love") == ("The Cast (Rent)", "Seasons of Love")
    assert split_artist_title("Quadrant Dub - Basic Channel (1994)", known="Basic Channel") == \
        ("Basic Channel", "Quadrant Dub (1994)")


def test_a_note_between_brackets_is_read_as_a_bracket():
    parsed = parse_title("Chime [Oh'Zone ZONE 001] 12'' version (1994)")
    assert (parsed.base, parsed.version_text, parsed.cut_format) == ("Chime", "12'' version", "12inch")
    assert parse_title("My Generation (Brunswick 05944, 1965) mono 45 [HQ]").channels == "mono"


def test_spotify_style_dash_is_not_taken_for_an_artist():
    assert split_artist_title("Title - X Remix") == (None, "Title - X Remix")


def test_nested_and_noise_brackets_from_store_exports():
    parsed = parse_title("The Birds Pt. 2 ( Album Version ( Edited ) ) [ Clean ]")
    assert (parsed.base_norm, parsed.version) == ("the birds part 2", VersionType.ORIGINAL)


def test_normalisation_for_comparison_only():
    assert norm("Café “Del” Mar & Friends, Pt. 2") == "cafe del mar and friends part 2"
    assert norm("Don’t") == norm("Don't") == norm("Do n't") == "dont"
    assert norm("Steve 'Silk' Hurley") == "steve silk hurley"  # quotes, not elisions
    assert norm("Lil' Louis") == norm("Lil Louis") == "lil louis"
    assert norm("Don't Stop 'Til You Get Enough") == "dont stop til you get enough"
    assert norm_artist("Persuader, The") == norm_artist("The Persuader") == "persuader"
    assert norm_artist("Orion (2)") == "orion"


def test_unrecognised_dash_parts_and_subtitles_are_kept_apart_from_the_base():
    fluffy = parse_title("Little Fluffy Clouds - Dance Mk 2")
    assert (fluffy.base, fluffy.extra, fluffy.tail_norm) == ("Little Fluffy Clouds", ("Dance Mk 2",), "dance mk 2")
    assert parse_title("Little Fluffy Clouds (Dance Mk 2)").full_norm == fluffy.full_norm
    fear = parse_title("There Goes The Fear - Unklesounds GU Fear-Edit Part Two - Mixed")
    assert (fear.base, fear.version, fear.extra, fear.dj_mix) == ("There Goes The Fear", VersionType.EDIT, (), True)
    assert parse_title("Tubular Bells (Part One)").full_norm == parse_title("Tubular Bells, Pt. 1").full_norm
    assert parse_title("Goodbye To You ( + Dot Rotten )").featured == ("Dot Rotten",)


def test_other_scripts_keep_what_makes_another_word():
    # A voiced kana is another syllable, not an accented one; Hangul stays in syllables.
    assert norm("ジョーク") != norm("ショーク")
    assert norm("소녀시대") == "소녀시대"
    assert norm("Café") == "cafe"


@pytest.mark.parametrize(("name", "expected_script", "latin"), [
    ("Tatsuro Yamashita", LATIN, "tatsuroyamashita"),
    ("サカナクション", OTHER_SCRIPT, "sakanakushon"),     # a small ョ joins the syllable
    ("たつろう", OTHER_SCRIPT, "tatsuro"),               # long vowels single
    ("Кино", OTHER_SCRIPT, "kino"),
    ("Кино Kino", None, "kinokino"),                     # both scripts: neither
    ("サディスティック", OTHER_SCRIPT, "sadisutikku"),   # "ティ" one syllable, "ッ" doubles the next
    ("123", None, "123"),
])
def test_scripts_and_romanised_forms(name, expected_script, latin):
    assert script(name) == expected_script
    assert romanised(name) == latin


@pytest.mark.parametrize(("text", "wanted", "kept"), [
    ("遇見 Encounter [Warner Music Taiwan 5050466-5232-2]", OTHER_SCRIPT, "遇見"),  # a bracket goes whole
    ("Dance In The Rhythm (리듬 속의 그 춤을) 1987", OTHER_SCRIPT, "리듬 속의 그 춤을 1987"),  # one holding the title opens
    ("クインシー・ジョーンズ / ソウル・ボサ・ノヴァ Soul Bossa Nova (1962)", LATIN, "Soul Bossa Nova (1962)"),
    ("Kim Wan Sun", OTHER_SCRIPT, ""),                                          # nothing left
])
def test_a_text_glossed_in_two_scripts_read_in_one(text, wanted, kept):
    assert in_script(text, wanted) == kept


def test_consonant_skeletons_fold_what_romanisations_write_apart():
    assert skeleton("قول") == skeleton("Ghol")            # Persian "ق" written "gh"
    assert skeleton("בגני") == skeleton("Begani")         # "ב" is "b" or "v"
    assert skeleton("Yanghwa") == "ngh"                    # "ng" then "h" is no "gh"


@pytest.mark.parametrize(("written", "english"), [
    ("Rhapsodie Hongroise N° 2 En Ut Dièse Mineur", "rhapsody hungarian no 2 in c sharp minor"),
    ("Streichquartett C-dur Op. 76 Nr. 3", "string quartet c major op 76 no 3"),
    ("Klavierkonzert Nr. 1 b-Moll", "piano concerto no 1 b flat minor"),   # German "b" is B flat...
    ("Messe h-Moll", "messe b minor"),                                     # ...and "h" is B
    ("Sinfonia in do minore", "symphony in c minor"),
])
def test_classical_titles_named_in_english(written, english):
    assert classical(norm(written))
    assert in_english(norm(written)) == english


def test_chinese_characters_also_read_as_japanese():
    assert readings("冨田勲") == ("futianxun", "tomitaisao")   # as Mandarin, then as Japanese
    assert readings("あの夏へ")[-1] == "anonatsue"              # a particle as it sounds
    assert readings("サカナクション") == ("sakanakushon",)        # no kanji: one reading


@pytest.mark.parametrize(("written", "transliterated"), [("Γειά", "Gia"), ("Рыжий", "Ryzhij"), ("Кино", "Kino"),
                                                         ("死ぬのがいいわ", "Shinunoga E-Wa")])
def test_transliterations_of_one_name_sound_alike(written, transliterated):
    assert sounded(norm(written)) == sounded(norm(transliterated))
    assert sounded(norm(written)) != sounded(norm("Kosmos"))


def test_bracketed_keeps_catalogue_numbers_and_noise():
    assert bracketed("Dance [Lantern LR 45-101] (vinyl rip)") == ("Lantern LR 45-101", "vinyl rip")
    assert bracketed("Dance") == ()


def test_a_version_naming_its_mix_records_the_mix():
    parsed = parse_title("Space (Original Mono Single Edit)")
    assert parsed.channels == "mono" and parsed.version is VersionType.RADIO
