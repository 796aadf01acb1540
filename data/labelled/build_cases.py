"""Serialise the hand-written match cases in data/labelled/src/ to data/labelled/*.jsonl.

Usage (from the repository root): ``python data/labelled/build_cases.py [--check]``.
The case modules hold one hand-written `case(...)` call per case; this script only
collects them in a fixed order and writes one JSON object per line (sorted keys,
UTF-8), so the output is byte-for-byte reproducible. Two files are written:

- ``cases.jsonl``: the development set (wave 1 to 7 modules), used to develop
  and tune the matcher;
- ``holdout.jsonl``: the holdout modules, never used for tuning and reported
  separately (by genre) so that it keeps measuring what the matcher does on cases
  nobody adjusted it for.

``--check`` compares instead of writing and exits 1 when either file is stale.
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
HOLDOUT_OUTPUT = HERE / "holdout.jsonl"
# Fixed order within each wave: Spotify themes first, then SoundCloud themes.
WAVE1_MODULES = ("sp_house", "sp_techno", "sp_misc", "sp_extra",
                 "sc_house", "sc_techno", "sc_misc", "sc_extra", "sc_hard")
# Wave 2 (issue 15): all genres, tagged genre:<name> and class:<n>.
WAVE2_MODULES = ("sp_w2_rock", "sp_w2_soul_hiphop", "sp_w2_world", "sp_w2_dance",
                 "sc_w2_rock", "sc_w2_soul_hiphop", "sc_w2_world", "sc_w2_dance")
# Wave 3: all genres again (country and folk added), the hardest classes first.
WAVE3_MODULES = ("sp_w3_rock", "sp_w3_soul_hiphop", "sp_w3_world", "sp_w3_dance",
                 "sc_w3_rock", "sc_w3_soul_hiphop", "sc_w3_world", "sc_w3_dance")
# Wave 4: seven files written blind by other writers (FORMAT.md JSON Lines), converted
# to case modules by a script; all genres, both platforms.
WAVE4_MODULES = ("w4_electronic", "w4_genres", "w4_batch3", "w4_batch4", "w4_batch5",
                 "w4_batch6", "w4_final")
# Wave 5: six more files written blind the same way (each first scored before any
# change it prompted), across genres and SoundCloud-heavy.
WAVE5_MODULES = ("w5_batch_a", "w5_batch_b", "w5_batch_c", "w5_batch_d", "w5_batch_e", "w5_batch_f")
# Wave 6: six more blind files, one lane each (electronic, hip-hop and R&B, rock, jazz-soul-
# reggae, the world's languages and classical, a wrong version tempting in every case).
WAVE6_MODULES = ("w6_batch_a", "w6_batch_b", "w6_batch_c", "w6_batch_d", "w6_batch_e", "w6_batch_f")
# Wave 7: six more (electronic of the vinyl era and of today, 60s-90s pop and rock, hip-hop
# and soul 12"s, the world's languages with jazz and classical, a wrong version in every case).
WAVE7_MODULES = ("w7_batch_a", "w7_batch_b", "w7_batch_c", "w7_batch_d", "w7_batch_e", "w7_batch_f")
# Wave 8: six more (electronic credits and aliases, rock and indie since 1990, hip-hop, R&B
# and afrobeats, soul to country of 1950-80, the world's languages and scripts, a wrong
# version in every case).
WAVE8_MODULES = ("w8_batch_a", "w8_batch_b", "w8_batch_c", "w8_batch_d", "w8_batch_e", "w8_batch_f")
# Wave 9: six more (dance music as uploaders title it, rock of every decade, hip-hop and R&B
# on Spotify, jazz to afrobeat of 1940-90, the world's languages and scripts, a wrong
# version in every case).
WAVE9_MODULES = ("w9_batch_a", "w9_batch_b", "w9_batch_c", "w9_batch_d", "w9_batch_e", "w9_batch_f")
MODULES = (WAVE1_MODULES + WAVE2_MODULES + WAVE3_MODULES + WAVE4_MODULES + WAVE5_MODULES + WAVE6_MODULES
           + WAVE7_MODULES + WAVE8_MODULES + WAVE9_MODULES)
# The holdout: written in wave 2 like the modules above, never tuned on.
HOLDOUT_MODULES = ("ho_sp_songs", "ho_sp_dance", "ho_sc_songs", "ho_sc_dance")
OUTPUTS = ((OUTPUT, MODULES), (HOLDOUT_OUTPUT, HOLDOUT_MODULES))

log = logging.getLogger(__name__)


def build(modules: tuple[str, ...] = MODULES) -> list[dict]:
    """The cases of `modules` (default: those of cases.jsonl), in module order.

    Modules not written yet are skipped with a warning.
    """
    if str(SOURCE_DIR) not in sys.path:
        sys.path.insert(0, str(SOURCE_DIR))
    cases: list[dict] = []
    for name in modules:
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
    stale = 0
    for output, modules in OUTPUTS:
        text = render(build(modules))
        if args.check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                log.error("%s is stale: run python data/labelled/build_cases.py", output)
                stale = 1
            else:
                log.info("%s is up to date", output)
            continue
        output.write_text(text, encoding="utf-8")
        log.info("wrote %d cases to %s", text.count("\n"), output)
    return stale


if __name__ == "__main__":
    raise SystemExit(main())
