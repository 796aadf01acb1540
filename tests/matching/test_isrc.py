"""ISRCs carried across platforms: asked for first where the platform searches by them,
decisive when equal, strong evidence against when different."""

from song_automations.adapters.soundcloud import format_query as format_soundcloud_query
from song_automations.adapters.spotify import format_query as format_spotify_query
from song_automations.matching.matcher import Matcher
from song_automations.matching.score import ISRC_VETO, VETO, parse_source, score
from song_automations.models import Decision
from song_automations.settings import MatchWeights

from .helpers import sc, source, sp

RIGHT_ISRC = "GBAAA9600001"


class Recording:
    """A fake search that records what it was asked and answers the same page."""

    def __init__(self, page):
        self.page, self.calls = page, []

    def __call__(self, query):
        self.calls.append(query)
        return self.page


def test_a_known_isrc_is_asked_for_first_where_the_platform_searches_by_it():
    search = Recording([sp("right", "Café Del Mar - Three 'N One Remix", external_ids={"isrc": RIGHT_ISRC})])
    matcher = Matcher(search, platform="spotify", format_query=format_spotify_query, isrc_search=True)
    result = matcher.match(source(remixers=("Three 'N One",)), isrc=RIGHT_ISRC)
    assert [q.isrc for q in search.calls] == [RIGHT_ISRC]  # one query: the equal ISRC settles it
    assert result.queries == (f"isrc:{RIGHT_ISRC}",)
    assert result.decision is Decision.ACCEPTED and result.chosen.score == 1.0


def test_the_isrc_query_counts_within_the_search_budget():
    search = Recording([])
    matcher = Matcher(search, platform="spotify", format_query=format_spotify_query, isrc_search=True)
    matcher.match(source(remixers=("Three 'N One",)), isrc=RIGHT_ISRC, max_queries=1)
    assert [q.isrc for q in search.calls] == [RIGHT_ISRC]


def test_a_platform_without_isrc_search_is_not_asked_for_one_but_scores_by_it():
    upload = sc(1, "Energy 52 - Café Del Mar (Three 'N One Remix)", username="Energy 52", isrc=RIGHT_ISRC)
    search = Recording([upload])
    result = Matcher(search, platform="soundcloud", format_query=format_soundcloud_query).match(
        source(remixers=("Three 'N One",)), isrc=RIGHT_ISRC)
    assert all(q.isrc is None for q in search.calls)
    assert result.chosen.components["isrc"] == 1.0 and result.chosen.score == 1.0


def test_a_different_isrc_is_strong_evidence_against():
    track = source(remixers=("Three 'N One",))
    upload = sc(1, "Energy 52 - Café Del Mar (Three 'N One Remix)", username="Energy 52", isrc="USBBB0500002")
    unknown = score(parse_source(track), upload, MatchWeights())
    other = score(parse_source(track, isrc=RIGHT_ISRC), upload, MatchWeights())
    assert other.components["isrc"] == 0.0 and other.components[VETO] == ISRC_VETO
    assert other.score == unknown.score * ISRC_VETO
