"""What a command's exit status means, for scripts, cron and systemd (README: "Exit codes").

The CLI is the only place that turns outcomes into these (a sync's through
:func:`song_automations.outcomes.exit_code`); they are defined once here.
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


# What each code means to a person, for ``--help`` (and so the README's command reference).
MEANING: dict[ExitCode, str] = {
    ExitCode.OK: "done, nothing needs you",
    ExitCode.FAILED: "failed (what was done is kept)",
    ExitCode.USAGE: "bad arguments or settings, nothing done",
    ExitCode.ATTENTION: "done, but removals were held back or new matches wait for review",
    ExitCode.PARTIAL: "done except releases or searches that failed; the next run retries them",
}


def described() -> str:
    """``"0 done, nothing needs you; 1 failed ...; 4 ..."`` for help texts."""
    return "; ".join(f"{int(code)} {text}" for code, text in MEANING.items()) + "."
