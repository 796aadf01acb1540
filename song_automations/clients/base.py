"""What the two playlist clients share: the retry policy, the platform login, closing."""

from __future__ import annotations

import httpx

from ..auth import TokenManager, TokenStore
from ..http import HttpPolicy


class LoggedInClient:
    """A platform client holding the user's login (``tokens``) under one ``policy``.

    Subclasses set ``platform``, ``max_playlist_size`` and ``search_limit`` (the
    :class:`~song_automations.clients.PlaylistClient` facts) and define ``close``.
    """

    platform: str
    max_playlist_size: int | None = None
    search_limit: int

    def __init__(self, settings, token_store: TokenStore, *, policy: HttpPolicy | None = None,
                 token_transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy or HttpPolicy()
        self.tokens = TokenManager(self.platform, settings, token_store, policy=self.policy,
                                   transport=token_transport)

    def check_login(self) -> None:
        """Make sure the login can give an access token now (refreshing it if it is due).

        Raises :class:`~song_automations.errors.AuthExpired` naming the ``auth`` command
        when the refresh token is expired or revoked.
        """
        self.tokens.access_token()

    def close(self) -> None:
        """Release connections (the login's own client included)."""
        self.tokens.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
