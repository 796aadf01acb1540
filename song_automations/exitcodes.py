"""What a command's exit status means, for scripts, cron and systemd (README: "Exit codes").

The CLI is the only place that turns outcomes into these; they are defined once here.
When several apply to one run, the highest wins: a failure that needs a re-run outranks
work that waits for a person.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # done; nothing needs you
    FAILED = 1  # the command failed; what it had done so far is kept, nothing else changed
    USAGE = 2  # bad arguments or settings: nothing was done
    ATTENTION = 3  # done, but a person is needed: the safety gate held back removals, or new matches wait for review
    PARTIAL = 4  # done except some playlists or releases that failed this run; the next run retries them
