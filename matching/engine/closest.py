"""The k best feasible mentors of each mentee in a block, in one vectorised pass.

For the coordinator's Unmatched page: who would fit if capacity were freed. The scores come
from `score_matrix` for a block of mentees against all mentors; ranking them here is one
argsort over the block, not a Python sort per mentee.
"""

from __future__ import annotations

import numpy as np


def closest(scores: np.ndarray, feasible: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(columns, found): per row, the k best feasible columns, best first, and which are real.

    Ties go to the lower column, as the columns come in the caller's order (mentors by id).
    A row with fewer than k feasible columns has `found` False in the remaining places.
    """
    if scores.shape != feasible.shape:
        raise ValueError(f"scores {scores.shape} and feasible {feasible.shape} must match.")
    k = min(k, scores.shape[1])
    masked = np.where(feasible, scores, -np.inf)
    # A stable sort of the negated scores keeps equal scores in column order.
    columns = np.argsort(-masked, axis=1, kind="stable")[:, :k]
    found = np.take_along_axis(feasible, columns, axis=1)
    return columns, found
