"""The matcher against a fake search: query plans, early exit, dedupe, rejections."""

from song_automations.adapters.spotify import format_query as format_spotify_query
from song_automations.matching.matcher import Matcher
from song_automations.matching.queries import query_plan
from song_automations.models import Decision

from .helpers import source, sp


class FakeSearch:
    def __init__(self, pages):
        self.pages, self.calls = pages, []

    def __call__(self, query):
        self.calls.append(query)
        return self.pages[min(len(self.calls), len(self.pages)) - 1]


def test_query_plan_for_a_remix_never_drops_the_version():
    plan = query_plan(source(remixers=("Three 'N One",), labels=("Eye Q Records",)), max_queries=5)
    assert plan[0].artist == "Energy 52" and plan[0].title == "Café Del Mar" and plan[0].version == "Three 'N One Remix"
    assert all(q.version == "Three 'N One Remix" or q.text for q in plan)
    assert len(query_plan(source(), max_queries=2)) == 2


def test_query_plan_for_an_original_falls_back_without_version():
    plan = query_plan(source(title="Show Me Love (Radio Edit)", artists=("Robin S. (2)",)))
    assert [(q.artist, q.title, q.version) for q in plan[:2]] == [
        ("Robin S.", "Show Me Love", "Radio Edit"), ("Robin S.", "Show Me Love", None)]


def test_early_exit_stops_querying_once_a_candidate_reaches_095():
    right = sp("right", "Café Del Mar - Three 'N One Remix")
    search = FakeSearch([[sp("w", "Café Del Mar - Hardfloor Remix"), right]])
    result = Matcher(search, platform="spotify", format_query=format_spotify_query).match(
        source(remixers=("Three 'N One",)))
    assert len(search.calls) == 1
    assert result.chosen.candidate.id == "right" and result.decision is Decision.ACCEPTED
    assert result.queries == ('track:"Café Del Mar" artist:"Energy 52" Three \'N One Remix',)


def test_without_a_good_candidate_every_planned_query_is_sent_and_results_deduped():
    wrong = sp("w", "Café Del Mar - Hardfloor Remix")
    search = FakeSearch([[wrong], [wrong], [wrong]])
    result = Matcher(search, max_queries=3).match(source(remixers=("Three 'N One",)))
    assert len(search.calls) == 3 and len(result.considered) == 1
    assert not result.decision.adds


def test_rejected_candidate_is_skipped_and_does_not_end_the_search():
    right = sp("right", "Café Del Mar - Three 'N One Remix")
    twin = sp("twin", "Café Del Mar - Three 'N One Remix")
    search = FakeSearch([[right], [twin]])
    result = Matcher(search).match(source(remixers=("Three 'N One",)), exclude={"right"})
    assert len(search.calls) == 2 and result.chosen.candidate.id == "twin"
