"""Scoring behaviour a user notices: the right version wins, absent data costs nothing."""

from dataclasses import replace

import pytest

from song_automations.matching.score import parse_source, score
from song_automations.settings import MatchWeights

from .helpers import sc, source, sp

WEIGHTS = MatchWeights()


def _score(track, cand, weights=WEIGHTS):
    return score(parse_source(track), cand, weights)


def test_wrong_remix_loses_to_right_remix():
    track = source(remixers=("Three 'N One",))
    right = _score(track, sp("r", "Café Del Mar - Three 'N One Remix"))
    wrong = _score(track, sp("w", "Café Del Mar - Hardfloor Remix"))
    original = _score(track, sp("o", "Café Del Mar"))
    assert right.score > wrong.score + 0.2 and right.score > original.score + 0.2
    assert right.components["version"] == 1.0 and wrong.components["version"] == 0.0


def test_radio_edit_and_extended_mix_told_apart_by_duration():
    radio = source(title="Show Me Love (Radio Edit)", artists=("Robin S.",), duration_s=210)
    extended = source(title="Show Me Love", artists=("Robin S.",), duration_s=456)
    short = sp("short", "Show Me Love - Radio Edit", artist="Robin S", duration_s=212)
    long = sp("long", "Show Me Love - Extended Mix", artist="Robin S", duration_s=455)
    assert _score(radio, short).score > _score(radio, long).score + 0.2
    assert _score(extended, long).score > _score(extended, short).score + 0.2
    assert _score(radio, long).components["duration"] == 0.0


def test_absent_popularity_is_renormalised_not_counted_as_zero():
    track = source()
    without = sp("x", "Café Del Mar - Three 'N One Remix")
    assert without.popularity is None
    weights = replace(WEIGHTS, version_match_bonus=0.0)
    never_had_it = _score(track, without, replace(weights, popularity=0.0, verified=0.0))
    assert _score(track, without, weights).score == pytest.approx(never_had_it.score)
    zero = sp("x", "Café Del Mar - Three 'N One Remix", popularity=0)
    assert _score(track, zero, weights).score < _score(track, without, weights).score


def test_soundcloud_without_verified_flag_scores_like_spotify():
    track = source()
    spotify_total = _score(track, sp("x", "Café Del Mar - Three 'N One Remix")).score
    soundcloud_total = _score(track, sc(1, "Energy 52 - Café Del Mar (Three 'N One Remix)")).score
    assert soundcloud_total == pytest.approx(spotify_total)


def test_equal_isrc_is_decisive():
    parsed = replace(parse_source(source()), isrc="GB-AAA-00-00001")
    odd = sp("x", "Completely Different Name", artist="Someone Else", external_ids={"isrc": "GBAAA0000001"})
    scored = score(parsed, odd, WEIGHTS)
    assert scored.score == 1.0 and scored.components["isrc"] == 1.0


def test_label_upload_scores_the_label_component():
    track = source(labels=("Eye Q Records",), catnos=("EYEQ 027",))
    upload = sc(2, "Premiere: Energy 52 - Cafe Del Mar (Three N One Remix) [EYEQ027]", username="Trance Classics")
    assert _score(track, upload).components["label"] == 1.0
    assert _score(source(), upload).components["label"] is None


def test_total_and_components_stay_in_range():
    weights = MatchWeights(artist=1, title=1, verified=1, popularity=1, version=1, duration=1, label=1, isrc=1,
                           version_match_bonus=1)
    scored = _score(source(remixers=("Three 'N One",)), sp("x", "Café Del Mar - Three 'N One Remix", popularity=100),
                    weights)
    assert scored.score == 1.0
    assert all(v is None or 0.0 <= v <= 1.0 for v in scored.components.values())


def test_another_song_of_the_same_artist_is_not_a_match():
    track = source(title="Illusion (feat. Echosmith)", artists=("Zedd",), duration_s=390)
    other = sp("o", "Transmission (feat. X Ambassadors)", artist="Zedd", duration_s=390)
    assert _score(track, other).score < 0.55


def test_unmarked_track_of_a_live_album_prefers_the_live_take_of_that_show():
    track = source(title="Roads", artists=("Portishead",), duration_s=360, release_title="Roseland NYC Live")
    roseland = _score(track, sp("r", "Roads - Live at Roseland", artist="Portishead", duration_s=361))
    studio = _score(track, sp("s", "Roads", artist="Portishead", duration_s=305))
    glastonbury = _score(track, sp("g", "Roads - Live at Glastonbury 2013", artist="Portishead", duration_s=343))
    assert roseland.score > glastonbury.score > studio.score


def test_closer_duration_breaks_a_tie_between_equal_titles():
    track = source(title="D.A.N.C.E.", artists=("Justice",), duration_s=242)
    exact = _score(track, sp("a", "DANCE", artist="Justice", duration_s=242.4))
    off = _score(track, sp("b", "Dance", artist="Justice", duration_s=247))
    assert exact.score > off.score


def test_a_guest_inside_the_artist_name_is_not_a_missing_performer():
    # Stores and older Discogs entries put the guest in the name field itself.
    track = source(title="Stay With Me", artists=("Guy Called Gerald featuring Simone",), featured=("Simone",))
    by_performer = _score(track, sp("g", "Stay With Me", artist="Guy Called Gerald"))
    by_someone_else = _score(track, sp("s", "Stay With Me", artist="Simone Angel"))
    assert by_performer.components["artist"] >= 0.95
    assert by_performer.score > by_someone_else.score + 0.2
