"""One exception tree for the whole package.

Every error the package raises on purpose derives from :class:`SongAutomationsError`,
so the CLI can turn any of them into one clear sentence and a non-zero exit code::

    SongAutomationsError
    ├── ConfigError              a setting is missing, malformed or out of range
    ├── AuthError                credentials cannot be used
    │   ├── AuthRequired         no usable login: run `song-automations auth ...`
    │   └── AuthExpired          the refresh token was revoked or expired (invalid_grant)
    ├── ApiError                 a service answered in a way we cannot use
    │   ├── NotFound             404: a deleted release, playlist or track
    │   ├── RateLimited          429 whose Retry-After exceeds our cap (.retry_after, seconds)
    │   ├── ServerError          5xx still failing after the retry policy gave up
    │   ├── TransportFailure     connection reset or refused: still failing after retries
    │   │   └── TimedOut         no answer within the client's timeout
    │   ├── BadResponse          a payload that is not the JSON shape we expect
    │   └── RequestRejected      any other 4xx (400, 403, 422): the request itself is wrong
    │       └── PlaylistFull     the platform's playlist size limit was reached
    ├── AlreadyRunning           another sync holds this data directory's run lock
    ├── TrackerError             the tracker database cannot be opened or migrated
    └── DataFormatError          an input file (e.g. match cases) is not in its documented format

Messages are written for the person running the command: they say what happened and
what to do next, and never contain a secret.
"""

from __future__ import annotations


class SongAutomationsError(Exception):
    """Base of every error this package raises deliberately."""


class ConfigError(SongAutomationsError):
    """A setting is missing, malformed or out of its allowed range."""


class AuthError(SongAutomationsError):
    """Credentials for a service cannot be used."""

    def __init__(self, message: str, *, service: str | None = None) -> None:
        super().__init__(message)
        self.service = service


class AuthRequired(AuthError):
    """There is no usable login for the service; the message names the command to run."""


class AuthExpired(AuthError):
    """The stored refresh token was revoked or expired; the user must log in again."""


class ApiError(SongAutomationsError):
    """A service answered with something we cannot use.

    ``status`` is the HTTP status (``None`` for transport failures); ``service`` is
    ``"discogs"``, ``"spotify"`` or ``"soundcloud"``.
    """

    def __init__(
        self,
        message: str,
        *,
        service: str | None = None,
        status: int | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message)
        self.service = service
        self.status = status
        self.method = method
        self.url = url


class NotFound(ApiError):
    """The resource does not exist (any more): a deleted release, playlist or track."""


class RateLimited(ApiError):
    """The service asked us to wait longer than we are willing to block.

    ``retry_after`` is the wait the service asked for, in seconds.
    """

    def __init__(self, message: str, *, retry_after: float, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(ApiError):
    """The service kept answering 5xx after every retry."""


class TransportFailure(ApiError):
    """The connection failed (reset, timeout, refused) after every retry."""


class TimedOut(TransportFailure):
    """The service did not answer within the client's timeout (it may still have acted)."""


class BadResponse(ApiError):
    """The response was not valid JSON, or not the shape the API documents."""


class RequestRejected(ApiError):
    """A 4xx other than 401/404/429: the request itself was refused."""


class PlaylistFull(RequestRejected):
    """The playlist already holds as many tracks as the platform allows."""


class AlreadyRunning(SongAutomationsError):
    """Another sync is running on the same data directory; the message names it."""


class TrackerError(SongAutomationsError):
    """The tracker database cannot be opened, migrated or written."""


class DataFormatError(SongAutomationsError):
    """An input file (e.g. a match-case file) is not in its documented format; the
    message names the file and line."""
