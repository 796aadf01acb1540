"""The review actions (approve, reject, override) and what they say, for the CLI and the app.

Both front-ends call :func:`decide`; each action is written once, here, on top of the
tracker's own operations. An override needs the platform's view of the chosen track,
so the caller passes ``resolve(destination, reference)``: the destination's client
turning a URL, URI, id or URN into a :class:`~song_automations.models.Candidate`.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import ConfigError
from .models import Candidate
from .tracker import ReviewAction

Resolver = Callable[[str, str], Candidate]
ACTIONS: tuple[str, ...] = tuple(a.value for a in ReviewAction)


def breakdown(components: dict) -> str:
    """``"artist 1.00 title 0.93 ..."``: the components a score was made of (absent ones left out)."""
    return " ".join(f"{name} {value:.2f}" for name, value in components.items() if value is not None)


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
    candidate = resolve(match.destination, reference.strip())
    tracker.override(review_id, candidate.uri, candidate.title, candidate.artists, isrc=candidate.isrc)
    return f"Pinned {review_id} to {', '.join(candidate.artists)} - {candidate.raw_title or candidate.title}."


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
