"""The best one-to-one assignment of rows to columns of a score matrix (Hungarian method).

A release's tracklist is aligned with an album's as beets assigns tracks to items: each
Discogs track takes at most one album track and the other way round, so a bonus mix
cannot also claim the original's slot. A pair is worth what it scores above the floor
(the line below which a candidate is no match at all), so one sure pair beats two
doubtful ones: "Your Mind" with the album's "Your Mind (Original Mix)" at 0.99 wins
over "Your Mind" with the "Radio Edit" (0.51) plus the instrumental with the original
(0.76), although the second pairing's raw scores add up to more.
"""

from __future__ import annotations

import numpy as np


def best_assignment(scores: np.ndarray, floor: float = 0.0) -> list[tuple[int, int]]:
    """``(row, column)`` pairs maximising the summed gain ``score - floor`` over pairs
    (``scores``: rows × columns, any shape); pairs below ``floor`` are never made (those
    rows stay unassigned). O(n³) for n = max(rows, columns), fine for tracklists."""
    rows, cols = scores.shape
    if rows == 0 or cols == 0:
        return []
    size = max(rows, cols)
    # A below-floor pair gains nothing, as leaving the row empty does.
    value = np.maximum(scores - floor, 0.0)
    cost = np.zeros((size, size))
    cost[:rows, :cols] = value.max() - value
    cost[:rows, cols:] = value.max()  # padding: an unassigned row
    cost[rows:, :] = 0.0
    column_of_row = _hungarian(cost)
    return [(r, c) for r, c in enumerate(column_of_row[:rows]) if c < cols and scores[r, c] >= floor]


def _hungarian(cost: np.ndarray) -> np.ndarray:
    """Minimum-cost perfect matching of a square matrix; the column of each row
    (Kuhn-Munkres with potentials, the e-maxx formulation)."""
    n = cost.shape[0]
    u, v = np.zeros(n + 1), np.zeros(n + 1)
    row_of = np.zeros(n + 1, dtype=int)  # column j (1-based) -> row (1-based), 0 = free
    way = np.zeros(n + 1, dtype=int)
    for i in range(1, n + 1):
        row_of[0] = i
        j0 = 0
        minv = np.full(n + 1, np.inf)
        used = np.zeros(n + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = row_of[j0]
            free = ~used[1:]
            reduced = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (reduced < minv[1:])
            minv[1:][better] = reduced[better]
            way[1:][better] = j0
            candidates = np.where(free, minv[1:], np.inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[row_of[used]] += delta
            v[used] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if row_of[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            row_of[j0] = row_of[j1]
            j0 = j1
    column_of_row = np.zeros(n, dtype=int)
    for j in range(1, n + 1):
        if row_of[j]:
            column_of_row[row_of[j] - 1] = j - 1
    return column_of_row
