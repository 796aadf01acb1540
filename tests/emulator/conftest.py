"""Fixtures for the emulator's own tests: HTTP clients aimed at one emulator, and a
comparison of payload shapes against the real services' recorded responses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import discogs_client
import httpx
import pytest

TOKEN = "demo-discogs-token"
USER_AGENT = "song-automations-tests/1.0 +https://example.invalid"
USERNAME = "demo_digger"


@pytest.fixture
def http(emulator) -> Iterator[httpx.Client]:
    """An httpx client on the emulator's origin, with a User-Agent (Discogs requires one)."""
    with httpx.Client(base_url=emulator.url, headers={"User-Agent": USER_AGENT}, timeout=10) as client:
        yield client


@pytest.fixture
def discogs_api(emulator) -> discogs_client.Client:
    """python3-discogs-client, unchanged, pointed at the emulator with the demo token."""
    client = discogs_client.Client(USER_AGENT, user_token=TOKEN)
    client._base_url = emulator.url + "/discogs"  # the library's only base-URL knob
    client.backoff_enabled = False  # a 429 must surface, not sleep
    return client


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def shape_differences(ours: Any, real: Any, optional: frozenset[str] = frozenset(), path: str = "$") -> list[str]:
    """Where ``ours`` differs from ``real`` in keys or value types, recursively.

    Keys in ``optional`` may be on either side only. ``null`` on one side matches any
    type on the other (the real payloads use null for "unknown"). Lists compare their
    first elements with each other.
    """
    if ours is None or real is None:
        return []
    if _kind(ours) != _kind(real):
        return [f"{path}: {_kind(ours)} here, {_kind(real)} in the real payload"]
    if isinstance(ours, dict):
        problems = [f"{path}.{k}: missing" for k in sorted(set(real) - set(ours) - optional)]
        problems += [f"{path}.{k}: not in the real payload" for k in sorted(set(ours) - set(real) - optional)]
        for key in sorted(set(ours) & set(real)):
            problems += shape_differences(ours[key], real[key], optional, f"{path}.{key}")
        return problems
    if isinstance(ours, list) and ours and real:
        return shape_differences(ours[0], real[0], optional, f"{path}[0]")
    return []


@pytest.fixture
def assert_same_shape() -> Callable[..., None]:
    def check(ours: Any, real: Any, optional: set[str] | frozenset[str] = frozenset()) -> None:
        problems = shape_differences(ours, real, frozenset(optional))
        assert not problems, "shape differs from the real payload:\n" + "\n".join(problems)

    return check
