"""Property-based tests of the planner: for any desired list and any state the platform
may be in (duplicates, tracks added by hand, our tracks left over, parts over the size
limit), applying the plan the way the platforms do (remove every occurrence, then
append) yields the desired tracks exactly once each, leaves every track the user added
by hand where it was, touches no playlist but the folder's own, and planning again
against the result changes nothing."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from song_automations.sync.plan import ActualPlaylist, PlaylistChange, plan_folder

PROPERTY = settings(max_examples=400, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
URIS = [f"spotify:track:{n:022d}" for n in range(12)]


@st.composite
def states(draw):
    """``(desired, parts, max_size)``: a folder's desired tracks and its playlists' state."""
    desired = draw(st.lists(st.sampled_from(URIS), max_size=10))
    max_size = draw(st.one_of(st.none(), st.integers(1, 5)))
    parts = []
    for n in range(1, draw(st.integers(0, 3)) + 1):
        items = tuple(draw(st.lists(st.sampled_from(URIS), max_size=8)))
        managed = frozenset(draw(st.lists(st.sampled_from(sorted(set(items)) or URIS[:1]), max_size=4))) & set(items)
        parts.append(ActualPlaylist(f"pl{n}", n, f"Discogs - House ({n})" if n > 1 else "Discogs - House",
                                    items, managed))
    return desired, parts, max_size


def apply(changes: list[PlaylistChange], parts: list[ActualPlaylist]) -> list[ActualPlaylist]:
    """The platforms' semantics: removals take every occurrence, additions are appended."""
    by_id = {p.id: p for p in parts}
    after = {p.id: p for p in parts}
    for change in changes:
        old = by_id.get(change.playlist_id) if change.playlist_id else None
        pid = change.playlist_id or f"new{change.part}"
        items = [u for u in (old.items if old else ()) if u not in set(change.remove)] + list(change.add)
        managed = ((old.managed if old else frozenset()) - set(change.remove)) | set(change.add) | set(change.adopt)
        after[pid] = ActualPlaylist(pid, change.part, change.name, tuple(items), frozenset(managed))
    return sorted(after.values(), key=lambda p: p.part)


def plan(desired, parts, max_size) -> list[PlaylistChange]:
    return plan_folder("spotify", 7, "House", "Discogs - House", desired, parts, max_size)


@PROPERTY
@given(states())
def test_the_plan_applied_to_any_state_yields_the_desired_state(state):
    desired, parts, max_size = state
    changes = plan(desired, parts, max_size)
    after = apply(changes, parts)
    held = Counter(u for p in after for u in p.items)
    # Every desired track exactly once, across all parts.
    assert all(held[u] == 1 for u in set(desired))
    # In each playlist: our tracks that left the folder are gone, and every track the
    # user put there by hand (not desired, not ours) is still there as often as before.
    now = {p.id: Counter(p.items) for p in after}
    for part in parts:
        for uri, n in Counter(part.items).items():
            if uri in set(desired):
                continue
            assert now[part.id][uri] == (0 if uri in part.managed else n)
    # Only the folder's own playlists are changed, and new ones are created as parts.
    assert {c.playlist_id for c in changes} <= {p.id for p in parts} | {None}
    assert {c.part for c in changes if c.playlist_id is None}.isdisjoint({p.part for p in parts})
    # Additions never push a part over the size limit.
    if max_size is not None:
        assert all(len(p.items) <= max_size for p in after
                   if any(c.add and (c.playlist_id or f"new{c.part}") == p.id for c in changes))


@PROPERTY
@given(states())
def test_planning_again_after_applying_changes_nothing(state):
    desired, parts, max_size = state
    after = apply(plan(desired, parts, max_size), parts)
    again = plan(desired, after, max_size)
    assert all(not c.add and not c.remove and c.playlist_id is not None for c in again)


@PROPERTY
@given(states())
def test_a_track_already_where_it_belongs_is_never_removed_and_added_again(state):
    desired, parts, max_size = state
    for change in plan(desired, parts, max_size):
        before = Counter(change.before)
        churn = set(change.add) & set(change.remove)
        assert all(before[u] > 1 for u in churn)  # only a duplicate is taken out and put back once
