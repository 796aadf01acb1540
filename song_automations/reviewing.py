"""The review actions (approve, reject, override) and what they say, for the CLI and the app.

Both front-ends call :func:`decide`; each action is written once, here, on top of the
tracker's own operations. An override needs the platform's view of the chosen track,
so the caller passes ``resolve(destination, reference)``: the destination's client
turning a URL, URI, id or URN into a :class:`~song_automations.models.Candidate`.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import ConfigError, TrackerError
from .matching.score import BONUS, WEIGHTED, parse_source, score_all
from .models import Candidate, ScoredCandidate, SearchQuery
from .names import platform_artist, track_line
from .settings import MatchWeights
from .tracker import ReviewAction

Resolver = Callable[[str, str], Candidate]
Search = Callable[[SearchQuery], list[Candidate]]
ACTIONS: tuple[str, ...] = tuple(a.value for a in ReviewAction)


def breakdown(components: dict) -> str:
    """``"artist 1.00 title 0.93 ..."``: the components a score was made of, in the
    weights' order (absent ones left out)."""
    order = {name: i for i, name in enumerate((*WEIGHTED, BONUS))}
    ranked = sorted(components.items(), key=lambda item: order.get(item[0], len(order)))
    return " ".join(f"{name} {value:.2f}" for name, value in ranked if value is not None)


def approve(tracker, review_id: int) -> str:
    """Keep the match for good. Raises :class:`~song_automations.errors.TrackerError`
    for an unknown id or a track with nothing to approve."""
    tracker.approve(review_id)
    return f"Approved {review_id}."


def reject(tracker, review_id: int) -> str:
    """Refuse the match: it leaves the playlist and is never picked again."""
    tracker.reject(review_id)
    return f"Rejected {review_id}; the next sync removes it and searches again."


def override(tracker, review_id: int, reference: str, resolve: Resolver) -> str:
    """Pin the track to ``reference`` (a platform URL, URI, id or URN) on its destination.

    Raises :class:`ConfigError` for an empty reference, ``TrackerError`` for an unknown
    review id, and the client's errors when the platform cannot resolve the track.
    """
    if not reference.strip():
        raise ConfigError("Give the track to pin: a platform URL, URI, id or URN.")
    match = tracker.match_by_review_id(review_id)
    return pin(tracker, review_id, resolve(match.destination, reference.strip()))


def pin(tracker, review_id: int, candidate: Candidate) -> str:
    """Pin the track to ``candidate`` (one the platform already returned, e.g. from
    :func:`search_again`): an override, for good. Raises ``TrackerError`` for an unknown
    review id and :class:`ConfigError` for a track of another platform."""
    match = tracker.match_by_review_id(review_id)
    if candidate.platform and candidate.platform != match.destination:
        raise ConfigError(f"Review {review_id} is on {match.destination}; {candidate.uri} is a "
                          f"{candidate.platform} track.")
    tracker.override(review_id, candidate.uri, candidate.title, candidate.artists, candidate.uploader,
                     isrc=candidate.isrc)
    # The title without the artist prefix SoundCloud uploads carry, so the artist is named once.
    return f"Pinned {review_id} to {track_line(platform_artist(candidate.artists, candidate.uploader), candidate.title)}."


def search_again(tracker, review_id: int, text: str, search: Search, weights: MatchWeights) -> list[ScoredCandidate]:
    """Run a new search for the track behind ``review_id`` with the words ``text`` and score
    every result against the Discogs track, best first, as a sync would have (nothing is
    stored; :func:`pin` keeps the one a person chooses). Raises :class:`ConfigError` for
    empty words, ``TrackerError`` for an unknown id or an uncached track, and the
    client's errors."""
    words = " ".join(text.split())
    if not words:
        raise ConfigError("Type the words to search for, e.g. the artist and the title.")
    match = tracker.match_by_review_id(review_id)
    source = next((t for t in tracker.source_tracks(match.release_id) if t.position == match.position), None)
    if source is None:
        raise TrackerError(f"The Discogs track of review {review_id} is not cached; run a sync first.")
    parsed = parse_source(source)
    results = score_all(parsed, search(SearchQuery(artist="", title="", text=words)), weights, query=words)
    return sorted(results, key=lambda s: -s.score)


def decide(tracker, review_id: int, action: str, reference: str = "", resolve: Resolver | None = None) -> str:
    """Carry out ``action`` (one of :data:`ACTIONS`) on ``review_id``; returns the sentence
    to show. Raises :class:`ConfigError` for an unknown action or an override without a
    resolver."""
    if action == ReviewAction.APPROVE:
        return approve(tracker, review_id)
    if action == ReviewAction.REJECT:
        return reject(tracker, review_id)
    if action != ReviewAction.OVERRIDE:
        raise ConfigError(f"Unknown review action {action!r}; choose from {', '.join(ACTIONS)}.")
    if resolve is None:
        raise ConfigError("An override needs the platform to look the track up.")
    return override(tracker, review_id, reference, resolve)
