"""Pure functions from raw API payloads to platform-neutral models.

``discogs.source_tracks(release)``, ``spotify.candidate(track)``,
``soundcloud.candidate(track)``, and the query formatters each client uses. No I/O here:
the HTTP clients call these, and so does the offline evaluation.

Payloads are not trusted: a field that is missing, null or of the wrong type is read as
absent where the model allows it, and an object that cannot be read at all raises
:class:`~song_automations.errors.BadResponse` (never a ``TypeError`` from deep inside):
:func:`parses` is the backstop every public adapter function wears.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..errors import BadResponse

log = logging.getLogger(__name__)

T = TypeVar("T")
F = TypeVar("F", bound=Callable)

# No recording on a record or a streaming service is a day long: a longer duration is
# a corrupt field, and reads as unknown rather than skewing the duration score.
MAX_DURATION_S = 24 * 3600
# How much of a malformed value an error message quotes (a title may be 10,000 characters).
QUOTED_CHARS = 120
# What reading a malformed payload raises in Python; each becomes a BadResponse.
MALFORMED = (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError)


def parses(service: str, what: str) -> Callable[[F], F]:
    """Decorator: a malformed payload makes the function raise ``BadResponse`` naming
    ``what`` (e.g. "a track object"), with the Python error shortened, instead of the
    ``TypeError``/``KeyError``... it ran into."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except MALFORMED as exc:
                detail = f"{type(exc).__name__}: {exc}"[:QUOTED_CHARS]
                raise BadResponse(f"{service}: {what} is malformed ({detail}).", service=service) from exc

        return inner  # type: ignore[return-value]

    return wrap


def readable(items: Iterable, read: Callable[..., T], what: str, *args) -> list[T]:
    """``read(item, *args)`` for every item that can be read; the others are skipped with
    a warning (one bad search result must not cost the track's whole search)."""
    found = []
    for item in items:
        try:
            found.append(read(item, *args))
        except BadResponse as exc:
            log.warning("skipping %s: %s", what, exc)
    return found


def plausible_duration(seconds: float | None) -> float | None:
    """``seconds`` when it is a finite length between 0 and :data:`MAX_DURATION_S`, else ``None``."""
    if seconds is None or isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        return None
    if not math.isfinite(seconds) or not 0 < seconds <= MAX_DURATION_S:
        return None
    return seconds
