"""The matching engine: pure numpy/scipy/OR-Tools, no Django and nothing else of ours.

`scoring` turns candidates into scores, feasibility and explanations; `assignment` solves the
min-cost flow and proves it optimal. The names below are the engine's public surface.
"""

from matching.engine.scoring import (
    CATEGORIES,
    MODES,
    REASON_ALL_BLOCKED,
    REASON_AT_CAPACITY,
    REASON_NEEDS_CLEARED,
    REASON_NO_CAPACITY,
    REASON_NO_FORMAT,
    REASON_NO_LANGUAGE,
    REASON_NO_MENTORS,
    REASON_NO_SLOT,
    REASON_ONLY_SELF,
    Candidate,
    Pair,
    Proposal,
    Weights,
    propose,
    score_matrix,
)

__all__ = [
    "CATEGORIES",
    "MODES",
    "REASON_ALL_BLOCKED",
    "REASON_AT_CAPACITY",
    "REASON_NEEDS_CLEARED",
    "REASON_NO_CAPACITY",
    "REASON_NO_FORMAT",
    "REASON_NO_LANGUAGE",
    "REASON_NO_MENTORS",
    "REASON_NO_SLOT",
    "REASON_ONLY_SELF",
    "Candidate",
    "Pair",
    "Proposal",
    "Weights",
    "propose",
    "score_matrix",
]
