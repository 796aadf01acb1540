"""Convert the iTunes-Amazon benchmark into match cases (../shared/eval/FORMAT.md).

Usage, from the repository root::

    python benchmarks/convert_itunes_amazon.py [--source DIR] [--dest DIR]

Reads ``train.ndjson``, ``valid.ndjson`` and ``test.ndjson`` from ``--source`` (default
``../shared/eval/itunes_amazon`` beside the repository) and writes
``train.jsonl``, ``valid.jsonl`` and ``test.jsonl`` to ``--dest`` (default
``data/itunes_amazon``), following the mapping in the source README ("As match cases"):
the iTunes side becomes the Discogs-like source, the Amazon side one Spotify-shaped
candidate ``amazon-<line number>`` (1-based line of the split file), expected when
``label`` is 1. Text is kept exactly as given (pre-tokenised); genre, price, copyright
and release dates are dropped because the mapping has no place for them.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from song_automations.errors import ConfigError, DataFormatError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "eval" / "itunes_amazon"
DEFAULT_DEST = REPO_ROOT / "data" / "itunes_amazon"
SPLITS = ("train", "valid", "test")
_NEEDED = ("song_name_left", "artist_name_left", "album_name_left", "time_left",
           "song_name_right", "artist_name_right", "album_name_right", "time_right", "label")

log = logging.getLogger(__name__)


def duration_ms(text: str) -> int | None:
    """Milliseconds for "M:SS" or "H:MM:SS"; None for anything else (the set has "--")."""
    fields = text.strip().split(":")
    if len(fields) not in (2, 3) or not all(f.isdigit() for f in fields):
        return None
    seconds = 0
    for field in fields:
        seconds = seconds * 60 + int(field)
    return seconds * 1000


def to_case(pair: dict, split: str, line_number: int) -> dict:
    """One labelled pair as a match case; `line_number` is 1-based within its split.

    Raises DataFormatError when a field the mapping needs is absent or the label is
    not 0 or 1.
    """
    missing = [k for k in _NEEDED if k not in pair]
    if missing or pair["label"] not in (0, 1):
        raise DataFormatError(f"{split}.ndjson line {line_number}: missing {missing} "
                              f"or label {pair.get('label')!r} is not 0 or 1")
    candidate_id = f"amazon-{line_number}"
    ms = duration_ms(pair["time_right"])
    if ms is None:
        log.warning("%s line %d: unreadable time_right %r, duration_ms left null",
                    split, line_number, pair["time_right"])
    return {
        "id": f"itunes-amazon-{split}-{line_number}",
        "platform": "spotify",
        "source": {
            "release": {"title": pair["album_name_left"],
                        "artists": [{"name": pair["artist_name_left"]}]},
            "track": {"title": pair["song_name_left"], "duration": pair["time_left"],
                      "position": ""},
        },
        "candidates": [{
            "id": candidate_id,
            "name": pair["song_name_right"],
            "artists": [{"name": pair["artist_name_right"]}],
            "album": {"name": pair["album_name_right"]},
            "duration_ms": ms,
        }],
        "expected": candidate_id if pair["label"] == 1 else None,
        "tags": ["itunes-amazon", split],
    }


def convert_split(source: Path, split: str) -> str:
    """The JSON Lines text for one split. Raises ConfigError if its file is absent."""
    path = source / f"{split}.ndjson"
    if not path.is_file():
        raise ConfigError(
            f"{path} not found: the iTunes-Amazon benchmark is expected in "
            f"../shared/eval/itunes_amazon beside the repository (or pass --source)")
    lines = []
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            case = to_case(json.loads(raw), split, number)
            lines.append(json.dumps(case, ensure_ascii=False) + "\n")
    return "".join(lines)


def convert(source: Path = DEFAULT_SOURCE, dest: Path = DEFAULT_DEST) -> dict[str, int]:
    """Convert all three splits; returns the number of cases written per split."""
    texts = {split: convert_split(source, split) for split in SPLITS}
    dest.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split, text in texts.items():
        (dest / f"{split}.jsonl").write_text(text, encoding="utf-8")
        counts[split] = text.count("\n")
        log.info("wrote %d cases to %s", counts[split], dest / f"{split}.jsonl")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Convert iTunes-Amazon to match cases.")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        convert(args.source, args.dest)
    except ConfigError as exc:
        log.error("%s", exc)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
