"""The matcher: query plan -> search -> score -> decide, for one source track on one platform."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from ..models import Candidate, MatchResult, ScoredCandidate, SearchQuery, SourceRelease, SourceTrack
from ..settings import MatchWeights, Settings, Thresholds
from .decide import decide, decision_record
from .queries import DEFAULT_MAX_QUERIES, query_plan
from .release import ReleaseMatcher, StageOutcome
from .score import parse_source, score, settle_content

log = logging.getLogger(__name__)


def _neutral_format(query: SearchQuery) -> str:
    return query.text or " ".join(p for p in (query.artist, query.title, query.version) if p)


class Matcher:
    """Finds a source track on one platform through ``search``.

    ``search`` sends one :class:`SearchQuery` and returns the platform's candidates (the
    client formats the query and adapts the results). ``format_query`` turns a query
    into the string recorded in :attr:`MatchResult.queries` (the platform syntax when
    given, a plain rendering otherwise). ``isrc_search``: the platform finds a track by
    ISRC, so a known ISRC is asked for first. ``release``: the release stage, tried
    before per-track searches (:meth:`match_release`). Errors raised by ``search``
    propagate.
    """

    def __init__(self, search: Callable[[SearchQuery], list[Candidate]], settings: Settings | None = None,
                 *, weights: MatchWeights | None = None, thresholds: Thresholds | None = None,
                 platform: str = "", max_queries: int = DEFAULT_MAX_QUERIES,
                 format_query: Callable[[SearchQuery], str] = _neutral_format,
                 isrc_search: bool = False, release: ReleaseMatcher | None = None) -> None:
        self.search = search
        self.weights = weights or (settings.weights if settings else MatchWeights())
        self.thresholds = thresholds or (settings.thresholds if settings else Thresholds())
        self.platform = platform
        self.max_queries = max_queries
        self.format_query = format_query
        self.isrc_search = isrc_search
        self.release = release

    def match(self, track: SourceTrack, exclude: Iterable[str] = (), isrc: str | None = None,
              max_queries: int | None = None) -> MatchResult:
        """Search, score and decide for ``track``; ``exclude`` = candidate ids a user rejected.

        ``isrc``: the recording's ISRC as another platform's confident match gave it. An
        equal ISRC on a candidate decides; a different one counts against it; where the
        platform searches by ISRC it is asked for first.

        Sends at most ``max_queries`` searches (the matcher's own budget when ``None``),
        the ISRC one first, and stops as soon as a
        non-excluded candidate scores ``thresholds.early_exit`` or more. Candidates
        returned by several queries are scored once.
        """
        banned = set(exclude)
        source = parse_source(track, isrc=isrc)
        scored: dict[str, ScoredCandidate] = {}
        sent: list[str] = []
        budget = self.max_queries if max_queries is None else max_queries
        for query in query_plan(track, budget, isrc=isrc if self.isrc_search else None):
            text = self.format_query(query)
            sent.append(text)
            for cand in self.search(query):
                if cand.id not in scored:
                    scored[cand.id] = score(source, cand, self.weights, query=text)
            if any(s.score >= self.thresholds.early_exit for cid, s in scored.items() if cid not in banned):
                break
        considered = sorted(settle_content(source, list(scored.values()), self.weights), key=lambda s: -s.score)
        decision, chosen, ambiguous = decide(considered, self.thresholds, banned)
        platform = self.platform or (considered[0].candidate.platform if considered else "")
        log.debug("%s %s: %s after %d queries", platform, track.key, decision, len(sent),
                  extra={"match": decision_record(track, platform, decision, chosen, ambiguous, sent)})
        return MatchResult(track=track, platform=platform, decision=decision, chosen=chosen,
                           ambiguous=ambiguous, considered=tuple(considered), queries=tuple(sent))

    def match_release(self, release: SourceRelease, wanted: Iterable[SourceTrack],
                      exclude: Callable[[SourceTrack], set[str]] = lambda track: set()) -> StageOutcome:
        """The release stage's results for the ``wanted`` tracks (none without a release
        stage): see :meth:`ReleaseMatcher.match`. Errors raised by the client propagate."""
        if self.release is None:
            return StageOutcome()
        return self.release.match(release, wanted, exclude)
