"""A sync in a child process, for the crash tests: settings from the environment,
one line per progress event on stderr (so the parent can kill it at a chosen moment)."""

import sys

from song_automations.settings import load_settings
from song_automations.sync.session import sync_session


def main() -> int:
    settings = load_settings()

    def progress(event) -> None:
        sys.stderr.write(f"progress {event.stage} {event.done}\n")
        sys.stderr.flush()

    with sync_session(settings, progress=progress) as engine:
        engine.run("all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
