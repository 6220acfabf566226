"""The matching engine: pure numpy/scipy/OR-Tools, no Django and nothing else of ours.

`scoring` turns candidates into scores, feasibility and explanations; `assignment` solves the
min-cost flow and proves it optimal. The names below are the engine's public surface.
"""

from matching.engine.scoring import CATEGORIES
from matching.engine.scoring import MODES
from matching.engine.scoring import REASON_ALL_BLOCKED
from matching.engine.scoring import REASON_AT_CAPACITY
from matching.engine.scoring import REASON_NEEDS_CLEARED
from matching.engine.scoring import REASON_NO_CAPACITY
from matching.engine.scoring import REASON_NO_FORMAT
from matching.engine.scoring import REASON_NO_LANGUAGE
from matching.engine.scoring import REASON_NO_MENTORS
from matching.engine.scoring import REASON_NO_SLOT
from matching.engine.scoring import REASON_ONLY_SELF
from matching.engine.scoring import Candidate
from matching.engine.scoring import Pair
from matching.engine.scoring import Proposal
from matching.engine.scoring import Weights
from matching.engine.scoring import propose
from matching.engine.scoring import score_matrix

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
