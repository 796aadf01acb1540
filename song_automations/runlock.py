"""One sync at a time per data directory: ``DATA_DIR/sync.lock``.

Two syncs on the same tracker and the same playlists would plan against each other's
half-made changes. The lock is an exclusive ``flock`` on the file, taken without
waiting: a second sync (the CLI, or the app's Sync button while the CLI runs) is
refused at once with a sentence naming the one that holds it (its process id, command
and start time, which the holder writes into the file).

The kernel drops a ``flock`` when its process dies, however it dies (SIGKILL, power
loss aside), so a lock left by a dead process never blocks anyone: the next sync takes
it over and says so in the log. Nothing depends on process ids being alive or unique.
POSIX only (``fcntl``), like the rest of the product's file handling.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from .errors import AlreadyRunning

log = logging.getLogger(__name__)

LOCK_FILE = "sync.lock"


def _describe(holder: dict) -> str:
    started = holder.get("started_at")
    when = datetime.fromisoformat(started).astimezone().strftime("%Y-%m-%d %H:%M:%S") if started else "unknown"
    return f"process {holder.get('pid', '?')} (`{holder.get('command') or 'a sync'}`, started {when})"


def current_command() -> str:
    """How this process was started, as a person would recognise it."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return " ".join([name, *sys.argv[1:]])[:200]


class RunLock:
    """The run lock of one data directory. Use as a context manager around a sync.

    Raises :class:`AlreadyRunning` on entry when another process (or another sync in
    this one) holds it.
    """

    def __init__(self, data_dir: Path | str, command: str | None = None) -> None:
        self.path = Path(data_dir) / LOCK_FILE
        self.command = command or current_command()
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise AlreadyRunning(
                f"Another sync is already running on {self.path.parent}: {_describe(holder)}. "
                "Wait for it to finish (or stop it), then run this again."
            ) from None
        previous = _read(fd)
        if previous.get("pid"):
            # The holder wrote its details and never cleared them: it died mid-run.
            log.warning("taking over the run lock left by %s, which ended without releasing it",
                        _describe(previous))
        _write(fd, {"pid": os.getpid(), "command": self.command,
                    "started_at": datetime.now(UTC).isoformat(timespec="seconds")})
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _write(self._fd, {})  # a clean end: nothing for the next sync to take over
        finally:
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def _read(fd: int) -> dict:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 4096)
    try:
        holder = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}


def _write(fd: int, holder: dict) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, json.dumps(holder).encode())
    os.fsync(fd)
