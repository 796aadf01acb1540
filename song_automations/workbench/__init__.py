"""Package-side logic of the marimo notebooks (``notebooks/*.py``).

The notebooks only wire UI elements to these functions, so everything here is tested
in ``tests/workbench`` without a browser:

* :mod:`.session`: one runtime (demo emulator or real services) per process, closed at exit;
* :mod:`.syncing`: a sync run in a worker thread, its progress as one bar, its tables;
* :mod:`.charts`: the altair charts of results, tuning and benchmarks;
* :mod:`.review`: flagged matches, their candidates, and approve/reject/override;
* :mod:`.tuning`: re-scoring labelled sets and stored history with new weights;
* :mod:`.benchresults`: benchmark results JSON as frames;
* :mod:`.diagnostics`: Spotify vs SoundCloud for one track, and where they disagree.
"""

from .session import close_shared_runtimes, shared_runtime, shared_tracker, wants_demo

__all__ = ["close_shared_runtimes", "shared_runtime", "shared_tracker", "wants_demo"]
