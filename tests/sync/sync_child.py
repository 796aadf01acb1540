"""A sync in a child process, for the crash tests: settings from the environment,
one line per progress event on stderr (so the parent can kill it at a chosen moment).

``KILL_AT=<point>:<n>`` makes the child SIGKILL itself at the n-th occurrence of a
moment the parent cannot hit from outside:

- ``after_write``: a playlist write (create, add, remove, replace, delete) has landed
  on the platform and the tracker has not recorded it yet;
- ``db_write``: inside a tracker transaction, its statements run, before the commit;
- ``refresh_sent``: a login refresh is about to be sent to the token endpoint;
- ``refresh_saved``: a rotated login has just been written to the token store.

``KILL_AT=count`` kills nothing and prints ``count <point> <n>`` for each point at the
end, so the parent can draw moments that really occur.
"""

import os
import signal
import sys
import threading
from collections import Counter
from contextlib import contextmanager

from song_automations import auth
from song_automations.auth import TokenStore
from song_automations.settings import load_settings
from song_automations.sync.session import sync_session
from song_automations.tracker.base import TrackerBase

WRITES = ("create_playlist", "add_items", "remove_items", "replace_items", "delete_playlist")
SEEN: Counter = Counter()
_lock = threading.Lock()


def reached(point: str) -> None:
    """Count one occurrence of ``point``; die here if it is the chosen one."""
    with _lock:
        SEEN[point] += 1
        chosen = os.environ.get("KILL_AT", "")
        if chosen == f"{point}:{SEEN[point]}":
            os.kill(os.getpid(), signal.SIGKILL)


def install_hooks() -> None:
    original_write = TrackerBase.write

    @contextmanager
    def write(self):
        with original_write(self) as db:
            yield db
            reached("db_write")  # the transaction is still open here

    TrackerBase.write = write

    original_request = auth.request_token

    def request_token(app, http, form):
        if form.get("grant_type") == "refresh_token":
            reached("refresh_sent")
        return original_request(app, http, form)

    auth.request_token = request_token

    original_save = TokenStore.save

    def save(self, service, token):
        original_save(self, service, token)
        reached("refresh_saved")

    TokenStore.save = save


def watch_writes(client) -> None:
    """Wrap the playlist-changing methods of one client instance."""
    for name in WRITES:
        method = getattr(client, name)

        def wrapped(*args, _method=method, **kwargs):
            result = _method(*args, **kwargs)
            reached("after_write")
            return result

        setattr(client, name, wrapped)


def main() -> int:
    settings = load_settings()
    install_hooks()

    def progress(event) -> None:
        sys.stderr.write(f"progress {event.stage} {event.done}\n")
        sys.stderr.flush()

    with sync_session(settings, progress=progress) as engine:
        for client in engine.clients.values():
            watch_writes(client)
        engine.run("all", yes=True)
    if os.environ.get("KILL_AT") == "count":
        for point, n in sorted(SEEN.items()):
            sys.stderr.write(f"count {point} {n}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
