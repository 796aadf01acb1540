"""Wiring a ready-to-run :class:`SyncEngine` from settings (CLI, notebooks, benchmarks)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace

from ..auth import TokenStore
from ..clients.discogs import DiscogsClient
from ..http import HttpPolicy
from ..platforms import PLATFORMS, client_class
from ..runlock import RunLock
from ..settings import Settings
from ..tracker import Tracker
from ..traffic import RequestTally
from .engine import SyncEngine
from .progress import ProgressCallback


@contextmanager
def sync_session(
    settings: Settings,
    destinations: tuple[str, ...] = PLATFORMS,
    progress: ProgressCallback | None = None,
    policy: HttpPolicy | None = None,
    tracker: Tracker | None = None,
) -> Iterator[SyncEngine]:
    """A :class:`SyncEngine` with the Discogs client, one client per destination and the
    tracker at ``settings.tracker_path`` (unless ``tracker`` is given), all closed on exit.

    Holds the data directory's run lock for the whole session. Raises
    :class:`~song_automations.errors.AlreadyRunning` at once when another sync holds it,
    and :class:`~song_automations.errors.AuthRequired` when a service has no usable
    credentials, before anything is synced. Every client shares ``policy``, given a
    :class:`RequestTally` when it has none, so each run records the requests it sent.
    """
    policy = policy or HttpPolicy()
    if policy.tally is None:
        policy = replace(policy, tally=RequestTally())
    store = TokenStore(settings.token_dir)
    with ExitStack() as stack:
        stack.enter_context(RunLock(settings.data_dir))
        if tracker is None:
            tracker = stack.enter_context(Tracker(settings.tracker_path))
        discogs = DiscogsClient(settings, policy=policy)
        stack.callback(discogs.close)
        clients = {}
        for name in destinations:
            clients[name] = client_class(name)(settings, store, policy=policy)
            stack.callback(clients[name].close)
        yield SyncEngine(settings, discogs, clients, tracker, progress=progress, traffic=policy.tally,
                         faults=policy.faults)
