"""OAuth for Spotify and SoundCloud: the token store, token refresh, and the browser login.

- :class:`TokenStore` keeps one JSON file per service under ``DATA_DIR/tokens/``, mode
  0600, replaced atomically, so a crash mid-write never loses the only refresh token.
- :class:`TokenManager` hands out a valid access token: refreshed when it is about to
  expire or after a 401 (once), single-flight across threads. A refresh token the
  service rotates (SoundCloud's are single-use) is saved the moment it arrives, before
  anything uses it. Headless runs start from ``SPOTIFY_REFRESH_TOKEN`` /
  ``SOUNDCLOUD_REFRESH_TOKEN`` when the store has nothing; the store wins afterwards.
- :func:`run_authorization_flow` is the login: authorization code for Spotify,
  authorization code + PKCE (S256) for SoundCloud, caught by a one-shot callback server
  on the redirect URI's 127.0.0.1 port, with the ``state`` checked.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import secrets
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from .errors import AuthError, AuthExpired, AuthRequired, BadResponse, RequestRejected
from .http import HttpPolicy, ServiceHttp
from .logging import register_secret

log = logging.getLogger(__name__)

SPOTIFY_SCOPES = "playlist-read-private playlist-modify-private playlist-modify-public"
# Kept in the stored token across refreshes: which setting seeded it, and when the login
# happened (``login_at``, from `song-automations auth`) or, for a login seeded from a
# setting, when we first used it (``first_seen_at``: the login was at the latest then).
# Spotify refresh tokens die six months after the login (``doctor`` warns ahead).
LOGIN_FIELDS = ("seed_sha256", "login_at", "first_seen_at")
# Refresh this long before the stated expiry, so a token never dies in flight; a token
# that lives less than four margins (a test's, an emulator's) keeps a quarter of its life.
EXPIRY_MARGIN_S = 60.0
DEFAULT_LIFETIME_S = 3600.0  # what both services grant, and what a stored token without one had


@dataclass(frozen=True)
class OAuthApp:
    """Where and how one service issues tokens (derived from settings)."""

    service: str
    client_id: str
    client_secret: str | None
    redirect_uri: str
    authorize_url: str
    token_url: str
    pkce: bool
    refresh_env: str
    redirect_env: str
    scope: str = ""
    # SoundCloud's refresh tokens work once: the answer to a refresh carries the only valid one.
    single_use_refresh: bool = False

    @property
    def title(self) -> str:
        return {"spotify": "Spotify", "soundcloud": "SoundCloud"}[self.service]


def oauth_app(service: str, settings) -> OAuthApp:
    """The :class:`OAuthApp` for ``"spotify"`` or ``"soundcloud"``.

    Raises :class:`AuthRequired` naming the variables to set when the app's client id
    (or, for Spotify, its secret) is missing.
    """
    if service == "spotify":
        if not settings.spotify_client_id or not settings.spotify_client_secret:
            raise AuthRequired("Spotify is not configured: set SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET "
                               "(from your app at developer.spotify.com).", service=service)
        return OAuthApp(service, settings.spotify_client_id, settings.spotify_client_secret,
                        settings.spotify_redirect_uri, f"{settings.spotify_accounts_url}/authorize",
                        f"{settings.spotify_accounts_url}/api/token", pkce=False,
                        refresh_env="SPOTIFY_REFRESH_TOKEN", redirect_env="SPOTIFY_REDIRECT_URI", scope=SPOTIFY_SCOPES)
    if service == "soundcloud":
        if not settings.soundcloud_client_id:
            raise AuthRequired("SoundCloud is not configured: set SOUNDCLOUD_CLIENT_ID and "
                               "SOUNDCLOUD_CLIENT_SECRET (from your app at soundcloud.com/you/apps).",
                               service=service)
        return OAuthApp(service, settings.soundcloud_client_id, settings.soundcloud_client_secret,
                        settings.soundcloud_redirect_uri, f"{settings.soundcloud_auth_url}/authorize",
                        f"{settings.soundcloud_auth_url}/oauth/token", pkce=True,
                        refresh_env="SOUNDCLOUD_REFRESH_TOKEN", redirect_env="SOUNDCLOUD_REDIRECT_URI",
                        single_use_refresh=True)
    raise AuthError(f"Unknown service {service!r}: expected spotify or soundcloud.", service=service)


class TokenStore:
    """One JSON token file per service in ``directory`` (created 0700), each file 0600."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)

    def path(self, service: str) -> Path:
        return self.directory / f"{service}.json"

    def load(self, service: str) -> dict | None:
        """The stored token dict, or ``None`` when there is none.

        Raises :class:`AuthRequired` when the file exists but cannot be read as a token.
        """
        path = self.path(service)
        if not path.exists():
            return None
        try:
            token = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise AuthRequired(f"The stored {service} login at {path} is unreadable ({exc}); "
                               f"run `song-automations auth {service}` again.", service=service) from exc
        if not isinstance(token, dict) or not token.get("refresh_token"):
            raise AuthRequired(f"The stored {service} login at {path} has no refresh token; "
                               f"run `song-automations auth {service}` again.", service=service)
        return token

    def save(self, service: str, token: dict) -> None:
        """Write ``token`` atomically: a 0600 temp file in the same directory, then rename."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)  # mkdir's mode does not apply to an existing directory
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=f".{service}-", suffix=".tmp")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(token, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path(service))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


class TokenManager:
    """Valid access tokens for one service, refreshed single-flight across threads.

    ``get_access_token(as_dict=False)`` makes it usable as a spotipy auth manager.
    ``clock`` is wall-clock seconds (token expiry is absolute time).
    """

    def __init__(
        self,
        service: str,
        settings,
        store: TokenStore,
        *,
        policy: HttpPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = oauth_app(service, settings)
        self.service = service
        self.store = store
        self._env_refresh = getattr(settings, f"{service}_refresh_token")
        self._clock = clock
        self._lock = threading.Lock()
        self._token: dict | None = None
        self._http = ServiceHttp(f"{service}-accounts", self.app.token_url, policy=policy, transport=transport)
        register_secret(self.app.client_secret)
        register_secret(self._env_refresh)

    def access_token(self) -> str:
        """A token valid for at least another minute. Raises AuthRequired / AuthExpired."""
        with self._lock:
            token = self._current()
            margin = min(EXPIRY_MARGIN_S, float(token.get("expires_in") or DEFAULT_LIFETIME_S) / 4)
            if token.get("access_token") and token.get("expires_at", 0) - margin > self._clock():
                return token["access_token"]
            return self._refresh(token)["access_token"]

    def refresh_after_rejection(self, rejected: str) -> str:
        """A new token after the service answered 401 to ``rejected``.

        If another thread already replaced ``rejected``, its token is returned and no
        second refresh is made.
        """
        with self._lock:
            token = self._current()
            if token.get("access_token") != rejected:
                return token["access_token"]
            return self._refresh(token)["access_token"]

    def get_access_token(self, as_dict: bool = False):
        """spotipy's auth-manager interface: the access token string (``as_dict`` is not supported)."""
        if as_dict:
            raise AuthError("TokenManager hands out token strings only.", service=self.service)
        return self.access_token()

    def _current(self) -> dict:
        if self._token is None:
            stored = self._choose_start(self.store.load(self.service))
            register_secret(stored.get("access_token"))
            register_secret(stored.get("refresh_token"))
            self._token = stored
        return self._token

    def _choose_start(self, stored: dict | None) -> dict:
        """The stored login, or one seeded from the ``*_REFRESH_TOKEN`` setting.

        A login made with ``song-automations auth`` wins over the setting. A login that
        was seeded from the setting (its ``seed_sha256`` remembers which value) keeps
        winning while the setting is unchanged, because its refresh token may have
        rotated since; a *new* value in the setting replaces it.
        """
        env = self._env_refresh
        seed = _sha256(env) if env else None
        if stored is not None and (seed is None or stored.get("seed_sha256") in (None, seed)):
            return stored
        if seed is None:
            raise AuthRequired(
                f"No {self.app.title} login found: run `song-automations auth {self.service}`, or set "
                f"{self.app.refresh_env} for runs without a browser.", service=self.service)
        log.info("%s: starting from %s", self.service, self.app.refresh_env)
        return {"refresh_token": env, "access_token": None, "expires_at": 0, "seed_sha256": seed,
                "first_seen_at": self._clock()}

    def _refresh(self, token: dict) -> dict:
        form = {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
        mark = self._http.policy.faults.mark()
        try:
            payload = request_token(self.app, self._http, form)
        except AuthExpired as exc:
            lost = [f for f in self._http.policy.faults.since(mark) if f.service == self._http.service]
            if lost and self.app.single_use_refresh:
                # The first answer was lost after the service had spent the old token.
                raise AuthExpired(
                    f"{self.app.title} did not answer our login refresh ({lost[-1].message}); its refresh "
                    f"tokens work only once, so the retry was refused and the login is spent. Run "
                    f"`song-automations auth {self.service}` to log in again.", service=self.service) from exc
            raise
        fresh = token_from_response(payload, self._clock(), previous_refresh=token["refresh_token"])
        fresh.update({key: token[key] for key in LOGIN_FIELDS if token.get(key) is not None})
        # Persist first: a rotated refresh token is the only valid one from now on.
        self.store.save(self.service, fresh)
        self._token = fresh
        log.info("%s: access token refreshed (valid %d s)", self.service, int(fresh["expires_at"] - self._clock()))
        return fresh

    def close(self) -> None:
        self._http.close()


def _sha256(value: str) -> str:
    # Remembers which setting value seeded a login without storing that token again.
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def request_token(app: OAuthApp, http: ServiceHttp, form: dict) -> dict:
    """POST ``form`` to the token endpoint with the app's client authentication; returns the JSON.

    Raises :class:`AuthExpired` for ``invalid_grant`` and :class:`AuthRequired` when the
    client id/secret are refused.
    """
    headers = {}
    if app.pkce:
        form = {**form, "client_id": app.client_id, "redirect_uri": app.redirect_uri}
        if app.client_secret:
            form["client_secret"] = app.client_secret
    else:
        basic = base64.b64encode(f"{app.client_id}:{app.client_secret}".encode()).decode()
        headers["Authorization"] = f"Basic {basic}"
    try:
        payload = http.request("POST", app.token_url, route="/token", data=form, headers=headers)
    except RequestRejected as exc:
        if "invalid_grant" in str(exc) or "refresh token" in str(exc).lower():
            raise AuthExpired(
                f"Your {app.title} login has expired or was revoked; run `song-automations auth "
                f"{app.service}` to log in again (or set a new {app.refresh_env}).", service=app.service,
            ) from exc
        raise AuthRequired(f"{app.title} refused our client credentials ({exc}); check the "
                           f"{app.service.upper()}_CLIENT_ID and {app.service.upper()}_CLIENT_SECRET settings.",
                           service=app.service) from exc
    except AuthExpired as exc:  # a 401 from the token endpoint means the client itself is refused
        raise AuthRequired(f"{app.title} refused our client id/secret; check {app.service.upper()}_CLIENT_ID "
                           f"and {app.service.upper()}_CLIENT_SECRET.", service=app.service) from exc
    if not isinstance(payload, dict) or "access_token" not in payload:
        raise BadResponse(f"{app.title}'s token endpoint answered without an access_token.",
                          service=app.service)
    return payload


def token_from_response(payload: dict, now: float, previous_refresh: str | None = None) -> dict:
    """The stored token shape from a token-endpoint answer (``expires_at`` absolute seconds)."""
    token = {
        "access_token": payload["access_token"],
        # Spotify may omit refresh_token on refresh: the previous one stays valid.
        "refresh_token": payload.get("refresh_token") or previous_refresh,
        "expires_at": now + float(payload.get("expires_in", DEFAULT_LIFETIME_S)),
        "expires_in": float(payload.get("expires_in", DEFAULT_LIFETIME_S)),
        "scope": payload.get("scope", ""),
        "token_type": payload.get("token_type", "bearer"),
    }
    register_secret(token["access_token"])
    register_secret(token["refresh_token"])
    return token


class OAuthHeaderAuth(httpx.Auth):
    """httpx auth: ``Authorization: <scheme> <token>``, one refresh and resend after a 401."""

    def __init__(self, manager: TokenManager, scheme: str = "OAuth") -> None:
        self.manager = manager
        self.scheme = scheme

    def auth_flow(self, request: httpx.Request):
        token = self.manager.access_token()
        request.headers["Authorization"] = f"{self.scheme} {token}"
        response = yield request
        if response.status_code == 401:
            token = self.manager.refresh_after_rejection(token)
            request.headers["Authorization"] = f"{self.scheme} {token}"
            yield request


class CallbackServer:
    """A one-shot HTTP server on 127.0.0.1 that catches the OAuth redirect.

    Use as a context manager; :meth:`wait_for_code` returns the ``code`` once a request
    to ``path`` arrives carrying the expected ``state``. A request with another state
    is answered 400 and ignored (it could be a forged redirect), so only the genuine
    redirect completes the login; once it has, any further request (a replay of the
    same redirect included) is answered 400 too.
    """

    def __init__(self, host: str, port: int, path: str, state: str) -> None:
        self.path = path
        self.state = state
        self._done = threading.Event()
        self._accepting = threading.Lock()  # the handler runs one thread per request
        self._code: str | None = None
        self._error: str | None = None
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, name="oauth-callback", daemon=True)

    def __enter__(self) -> CallbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def wait_for_code(self, timeout_s: float) -> str:
        """The authorization code; raises :class:`AuthError` on refusal or timeout."""
        if not self._done.wait(timeout_s):
            raise AuthError(f"No login arrived within {timeout_s:.0f} s; run the command again and "
                            "finish the login in the browser.")
        if self._error or not self._code:
            raise AuthError(f"The login was not completed: {self._error or 'no code in the redirect'}.")
        return self._code

    def _accept(self, query: dict[str, list[str]]) -> tuple[int, str]:
        with self._accepting:
            return self._accept_once(query)

    def _accept_once(self, query: dict[str, list[str]]) -> tuple[int, str]:
        if self._done.is_set():
            # A state is good for one redirect: a replay (or a second tab) changes nothing.
            log.warning("OAuth callback replayed after the login completed; ignored")
            return 400, "This login was already completed; this link cannot be used again."
        if not secrets.compare_digest(query.get("state", [""])[0], self.state):
            log.warning("OAuth callback with a wrong state ignored")
            return 400, "This login link is not the one this program started (state mismatch)."
        if "error" in query:
            self._error = query["error"][0]
        else:
            self._code = query.get("code", [""])[0]
        self._done.set()
        return 200, "Login received; you can close this window."

    def _handler_class(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                url = urlsplit(self.path)
                if url.path != owner.path:
                    status, text = 404, "Not the login callback."
                else:
                    status, text = owner._accept(parse_qs(url.query))
                body = f"<html><body><p>{text}</p></body></html>".encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args) -> None:  # noqa: A002 (base-class signature)
                log.debug("oauth callback: " + format, *args)

        return Handler


def pkce_pair() -> tuple[str, str]:
    """``(code_verifier, code_challenge)`` for PKCE S256 (RFC 7636)."""
    verifier = secrets.token_urlsafe(64)[:96]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def run_authorization_flow(
    service: str,
    settings,
    open_browser: bool = True,
    announce: Callable[[str], None] = log.info,
    *,
    store: TokenStore | None = None,
    timeout_s: float = 300.0,
    transport: httpx.BaseTransport | None = None,
) -> Path:
    """Log in to ``service`` in a browser and store the tokens; returns the token file path.

    ``announce`` receives the URL to open (the CLI prints it). Raises
    :class:`AuthError` when the redirect URI is not a 127.0.0.1 URL with a port, the
    browser login fails or is refused, the ``state`` does not match, or nothing
    arrives within ``timeout_s`` seconds.
    """
    app = oauth_app(service, settings)
    store = store or TokenStore(settings.token_dir)
    redirect = urlsplit(app.redirect_uri)
    if redirect.hostname not in ("127.0.0.1", "localhost") or not redirect.port:
        raise AuthError(f"{app.redirect_env} must be "
                        f"http://127.0.0.1:<port>/<path> for the local login, got {app.redirect_uri!r}.",
                        service=service)
    state = secrets.token_urlsafe(24)
    verifier, challenge = pkce_pair() if app.pkce else (None, None)
    params = {"client_id": app.client_id, "response_type": "code", "redirect_uri": app.redirect_uri,
              "state": state}
    if app.scope:
        params["scope"] = app.scope
    if challenge:
        params.update(code_challenge=challenge, code_challenge_method="S256")
    url = f"{app.authorize_url}?{urlencode(params)}"
    with CallbackServer("127.0.0.1", redirect.port, redirect.path or "/", state) as server:
        announce(f"Open this address to log in to {app.title}: {url}")
        if open_browser:
            webbrowser.open(url)
        code = server.wait_for_code(timeout_s)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri}
    if verifier:
        form["code_verifier"] = verifier
    http = ServiceHttp(f"{service}-accounts", app.token_url, transport=transport)
    try:
        payload = request_token(app, http, form)
    finally:
        http.close()
    now = time.time()
    store.save(service, {**token_from_response(payload, now), "login_at": now})
    log.info("%s: login stored in %s", service, store.path(service))
    return store.path(service)
