"""Serialise the hand-written match cases in data/labelled/src/ to data/labelled/cases.jsonl.

Usage (from the repository root): ``python data/labelled/build_cases.py [--check]``.
The case modules hold one hand-written `case(...)` call per case; this script only
collects them in a fixed order and writes one JSON object per line (sorted keys,
UTF-8), so the output is byte-for-byte reproducible. ``--check`` compares instead of
writing and exits 1 when the committed file is stale.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "src"
OUTPUT = HERE / "cases.jsonl"
# Fixed order: Spotify themes first, then SoundCloud themes.
MODULES = ("sp_house", "sp_techno", "sp_misc", "sp_extra",
           "sc_house", "sc_techno", "sc_misc", "sc_extra", "sc_hard")

log = logging.getLogger(__name__)


def build() -> list[dict]:
    """All cases, in module order. Modules not written yet are skipped with a warning."""
    if str(SOURCE_DIR) not in sys.path:
        sys.path.insert(0, str(SOURCE_DIR))
    cases: list[dict] = []
    for name in MODULES:
        if not (SOURCE_DIR / f"{name}.py").exists():
            log.warning("case module %s is missing; skipped", name)
            continue
        cases.extend(importlib.import_module(name).CASES)
    return cases


def render(cases: list[dict]) -> str:
    """JSON Lines text: one case per line, keys sorted, non-ASCII kept as UTF-8."""
    return "".join(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n" for c in cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    text = render(build())
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            log.error("%s is stale: run python data/labelled/build_cases.py", OUTPUT)
            return 1
        log.info("%s is up to date", OUTPUT)
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    log.info("wrote %d cases to %s", text.count("\n"), OUTPUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
