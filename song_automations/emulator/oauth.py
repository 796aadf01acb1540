"""OAuth pieces the emulated Spotify and SoundCloud share: codes, tokens, PKCE, client auth.

Each service keeps its own :class:`TokenStore` inside its state section, so tokens
survive a restart with ``--state``. Only SHA-256 digests of codes and tokens are
stored: the state file never holds a usable secret.
"""

from __future__ import annotations

import base64
from abc import ABC, abstractmethod
import binascii
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.routing import BaseRoute, Route
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

from song_automations.emulator.context import EmulatorContext
from song_automations.errors import RequestRejected

CODE_TTL_S = 600  # authorization codes are short-lived and single-use on both services


class OAuthError(RequestRejected):
    """A token-endpoint refusal: ``error`` is the OAuth code (``invalid_grant``, ...)."""

    def __init__(self, error: str, description: str, *, service: str, status: int = 400) -> None:
        super().__init__(description, service=service, status=status)
        self.error = error


async def form_fields(request: Request) -> dict[str, str]:
    """The ``application/x-www-form-urlencoded`` body as a dict (last value wins).

    Unknown fields (spotipy sends ``scope`` and ``state``) are simply carried along.
    """
    raw = await request.body()
    return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))


def digest(secret: str) -> str:
    """The stored form of a code or token: hex SHA-256, never the token itself."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret(nbytes: int = 32) -> str:
    """An opaque URL-safe random token."""
    return secrets.token_urlsafe(nbytes)


def pkce_matches(verifier: str, challenge: str) -> bool:
    """True when ``challenge`` is the S256 transform of ``verifier`` (RFC 7636 4.6)."""
    computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii", "replace")).digest())
    return secrets.compare_digest(computed.rstrip(b"=").decode("ascii"), challenge)


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """``(client_id, client_secret)`` from an ``Authorization: Basic`` header, if well-formed."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, client_secret = decoded.partition(":")
    return (client_id, client_secret) if sep else None


def submitted_client(request: Request, form: dict[str, str]) -> tuple[str, str | None]:
    """``(client_id, client_secret or None)`` from Basic auth, else from the form (PKCE
    public clients send only ``client_id``)."""
    basic = basic_credentials(request)
    return basic if basic else (form.get("client_id", ""), form.get("client_secret"))


def run_grant(form: dict[str, str], grants: dict[str, Callable[..., dict[str, Any]]],
              unsupported: OAuthError, client: Callable[[], tuple[str, bool]]) -> dict[str, Any]:
    """The token payload of the form's ``grant_type``.

    Raises ``unsupported`` for an unknown grant before the client is checked (as the
    real token endpoints answer), then whatever ``client()`` or the grant raises.
    """
    grant = grants.get(form.get("grant_type", ""))
    if grant is None:
        raise unsupported
    return grant(form, *client())


class TokenEndpoint(ABC):
    """The token route both accounts hosts share: read the form, check the client, run
    the grant, answer in the service's own shape.

    Subclasses set ``service`` and give the three grants (``_authorization_code``,
    ``_refresh``, ``_client_credentials``: ``(form, client_id, flag) -> payload``),
    ``_client`` (``(client_id, flag)`` or an :class:`OAuthError`), the error for an
    unknown grant, and how an error and a success are written.
    """

    service: str

    def __init__(self, ctx: EmulatorContext, refresh_token: str, client_id: str) -> None:
        self.ctx = ctx
        self.creds = ctx.config.credentials
        self.client_id = client_id
        self.tokens = TokenStore(ctx, self.service)
        self.tokens.seed_refresh(refresh_token, client_id)

    def routes(self, token_path: str) -> list[BaseRoute]:
        """``/authorize`` (for this service's one known client) and the token route."""
        return [
            Route("/authorize", authorize_endpoint(self.tokens, lambda cid: cid == self.client_id)),
            Route(token_path, self.token, methods=["POST"]),
        ]

    async def token(self, request: Request) -> Response:
        form = await form_fields(request)
        grants = {
            "authorization_code": self._authorization_code,
            "refresh_token": self._refresh,
            "client_credentials": self._client_credentials,
        }
        try:
            payload = run_grant(form, grants, self.unsupported_grant(), lambda: self._client(request, form))
        except OAuthError as exc:
            return self.error_response(exc)
        return self.token_response(payload)

    @abstractmethod
    def unsupported_grant(self) -> OAuthError:
        """The error for an unknown ``grant_type``, worded as the service words it."""

    @abstractmethod
    def error_response(self, exc: OAuthError) -> Response:
        """An :class:`OAuthError` in the service's error body."""

    @abstractmethod
    def _client(self, request: Request, form: dict[str, str]) -> tuple[str, bool]: ...

    @abstractmethod
    def _authorization_code(self, form: dict[str, str], client_id: str, flag: bool) -> dict[str, Any]: ...

    @abstractmethod
    def _refresh(self, form: dict[str, str], client_id: str, flag: bool) -> dict[str, Any]: ...

    @abstractmethod
    def _client_credentials(self, form: dict[str, str], client_id: str, flag: bool) -> dict[str, Any]: ...

    def token_response(self, payload: dict[str, Any]) -> Response:
        return JSONResponse(payload)


def bearer_token(request: Request, schemes: tuple[str, ...] = ("bearer",)) -> str | None:
    """The token of ``Authorization: <scheme> <token>`` when the scheme is one of ``schemes``."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() not in schemes:
        return None
    return value.strip() or None


@dataclass(frozen=True)
class AccessCheck:
    """Outcome of checking an access token: ``status`` is ok, expired or unknown."""

    status: str
    record: dict[str, Any] | None = None


class TokenStore:
    """Codes, access tokens and refresh tokens of one service, kept in its state section.

    Records are keyed by :func:`digest`; times are ``ctx.now()`` seconds. Every method
    takes ``ctx.state.lock`` and saves the state after a change.
    """

    def __init__(self, ctx: EmulatorContext, service: str) -> None:
        self._ctx = ctx
        self._service = service

    def _table(self, name: str) -> dict[str, Any]:
        return self._ctx.state.section(self._service).setdefault("oauth", {}).setdefault(name, {})

    def issue_code(self, **record: Any) -> str:
        """A new authorization code remembering ``record`` (client, redirect, PKCE challenge)."""
        code = new_secret(24)
        with self._ctx.state.lock:
            self._table("codes")[digest(code)] = {**record, "expires_at": self._ctx.now() + CODE_TTL_S}
            self._ctx.state.save()
        return code

    def take_code(self, code: str) -> dict[str, Any] | None:
        """The record of ``code`` if it is known and fresh; a code works only once."""
        with self._ctx.state.lock:
            record = self._table("codes").pop(digest(code), None)
            self._ctx.state.save()
        if record is None or record["expires_at"] < self._ctx.now():
            return None
        return record

    def issue_access(self, client_id: str, scope: str, *, user: bool) -> tuple[str, int]:
        """A new access token and its lifetime in seconds (``ctx.config.access_token_ttl_s``).

        ``user`` tells a user token (authorization code) from an app token (client
        credentials); endpoints about "me" refuse app tokens.
        """
        ttl = int(self._ctx.config.access_token_ttl_s)
        token = new_secret()
        now = self._ctx.now()
        with self._ctx.state.lock:
            table = self._table("access")
            # Forget tokens that expired long ago so a long-running state file stays small.
            for key in [k for k, rec in table.items() if rec["expires_at"] < now - 86400]:
                del table[key]
            table[digest(token)] = {"client_id": client_id, "scope": scope, "user": user, "expires_at": now + ttl}
            self._ctx.state.save()
        return token, ttl

    def check_access(self, token: str | None) -> AccessCheck:
        """Whether ``token`` is a live access token of this service."""
        if not token:
            return AccessCheck("unknown")
        with self._ctx.state.lock:
            record = self._table("access").get(digest(token))
        if record is None:
            return AccessCheck("unknown")
        if record["expires_at"] <= self._ctx.now():
            return AccessCheck("expired", record)
        return AccessCheck("ok", record)

    def issue_refresh(self, client_id: str, scope: str, issued_at: float | None = None, *, user: bool = True) -> str:
        """A new refresh token; ``issued_at`` carries the original login time across rotations.

        ``user`` is False for tokens issued to the app itself (client credentials).
        """
        token = new_secret()
        with self._ctx.state.lock:
            self._table("refresh")[digest(token)] = {
                "client_id": client_id,
                "scope": scope,
                "issued_at": self._ctx.now() if issued_at is None else issued_at,
                "user": user,
            }
            self._ctx.state.save()
        return token

    def refresh_record(self, token: str, *, consume: bool) -> dict[str, Any] | None:
        """The record of refresh ``token`` (None if unknown); ``consume`` makes it single-use."""
        with self._ctx.state.lock:
            table = self._table("refresh")
            record = table.pop(digest(token), None) if consume else table.get(digest(token))
            if consume and record is not None:
                self._ctx.state.save()
        return record

    def seed_refresh(self, token: str, client_id: str) -> None:
        """Register a configured demo refresh token once, as if its user logged in now.

        A demo token already consumed (single-use services) is remembered and never
        comes back, even after a restart with the same state file.
        """
        key = digest(token)
        with self._ctx.state.lock:
            seeded = self._ctx.state.section(self._service).setdefault("oauth", {}).setdefault("seeded", [])
            if key in seeded:
                return
            seeded.append(key)
            record = {"client_id": client_id, "scope": "", "issued_at": self._ctx.now(), "user": True}
            self._table("refresh")[key] = record
            self._ctx.state.save()


def authorize_endpoint(
    store: TokenStore, known_client: Callable[[str], bool]
) -> Callable[[Request], Any]:
    """``GET /authorize``: approve at once and redirect to ``redirect_uri`` with a code.

    The emulator has no user to ask, so consent is implied; the code remembers the
    client, redirect URI, scope and PKCE challenge for the token exchange. Unknown
    clients or a missing ``redirect_uri`` get a 400 page, as the real hosts show an
    error page instead of redirecting.
    """

    async def authorize(request: Request) -> Response:
        params = request.query_params
        client_id = params.get("client_id", "")
        redirect_uri = params.get("redirect_uri", "")
        if not known_client(client_id):
            return PlainTextResponse("INVALID_CLIENT: Invalid client", status_code=400)
        if not redirect_uri or params.get("response_type", "code") != "code":
            return PlainTextResponse("INVALID_REQUEST: redirect_uri and response_type=code are required", 400)
        method = params.get("code_challenge_method")
        if params.get("code_challenge") and method not in (None, "S256"):
            return PlainTextResponse("INVALID_REQUEST: code_challenge_method must be S256", 400)
        code = store.issue_code(
            client_id=client_id,
            redirect_uri=redirect_uri,
            scope=params.get("scope", ""),
            challenge=params.get("code_challenge"),
        )
        extra = {"code": code}
        if "state" in params:
            extra["state"] = params["state"]
        return RedirectResponse(_with_query(redirect_uri, extra), status_code=302)

    return authorize


def _with_query(url: str, extra: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(extra.items())
    return urlunsplit(parts._replace(query=urlencode(query)))
