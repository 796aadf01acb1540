"""Deterministic randomness and identifiers.

Everything random in the generator derives from ``(seed, purpose, key)`` through
SHA-256, never from ``hash()`` (randomised per process) or from the order in which
dicts happen to be filled, so the same seed always yields byte-identical catalogs.
"""

from __future__ import annotations

import hashlib
import random

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def digest(seed: int, *parts: object) -> int:
    """A 256-bit integer that depends only on the seed and the parts."""
    text = "\x1f".join([str(seed), *map(str, parts)])
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


def rng(seed: int, *parts: object) -> random.Random:
    """A private random stream for one decision about one thing."""
    return random.Random(digest(seed, *parts))


def unit(seed: int, *parts: object) -> float:
    """A uniform number in [0, 1) for one decision about one thing."""
    return (digest(seed, *parts) >> 203) / float(1 << 53)


def base62(seed: int, *parts: object, length: int = 22) -> str:
    """A Spotify-style base-62 id (22 characters by default)."""
    value = digest(seed, *parts)
    chars = []
    for _ in range(length):
        value, index = divmod(value, 62)
        chars.append(_BASE62[index])
    return "".join(chars)


def hexid(seed: int, *parts: object, length: int = 40) -> str:
    """Lower-case hex, for image hashes and the like."""
    return hashlib.sha256(f"{seed}\x1f{parts}".encode()).hexdigest()[:length]


class IdPool:
    """Hands out unique integers in ``[low, high)`` derived from keys.

    The same key always gets the same number within one build; on a collision the
    next free number is taken, and since keys are offered in a deterministic order
    the outcome is deterministic too.
    """

    def __init__(self, seed: int, namespace: str, low: int, high: int) -> None:
        self._seed, self._namespace = seed, namespace
        self._low, self._span = low, high - low
        self._by_key: dict[str, int] = {}
        self._taken: set[int] = set()

    def get(self, key: str) -> int:
        if key in self._by_key:
            return self._by_key[key]
        value = self._low + digest(self._seed, self._namespace, key) % self._span
        while value in self._taken:
            value = self._low + (value - self._low + 1) % self._span
        self._taken.add(value)
        self._by_key[key] = value
        return value


class UniqueStrings:
    """Like :class:`IdPool` for base-62 ids: re-derives with a counter on collision."""

    def __init__(self, seed: int, namespace: str, length: int = 22) -> None:
        self._seed, self._namespace, self._length = seed, namespace, length
        self._by_key: dict[str, str] = {}
        self._taken: set[str] = set()

    def get(self, key: str) -> str:
        if key in self._by_key:
            return self._by_key[key]
        attempt = 0
        value = base62(self._seed, self._namespace, key, length=self._length)
        while value in self._taken:
            attempt += 1
            value = base62(self._seed, self._namespace, key, attempt, length=self._length)
        self._taken.add(value)
        self._by_key[key] = value
        return value
