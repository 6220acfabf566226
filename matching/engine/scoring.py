"""Matching engine: scores every mentee × mentor pair and proposes the best set of pairs.

Pure Python + numpy/scipy/OR-Tools. It imports nothing from Django or the rest of the
project: matching/services.py loads Candidates, calls `propose`, and stores the Proposal.

Contract the callers rely on:
- Inputs are sorted by id internally, so the same people in any order give the same Proposal.
- `fixed` pairs are matches a coordinator already approved. They appear in `Proposal.pairs`
  (and in `Proposal.fixed`), their mentees are never proposed again, and each one uses a unit
  of its mentor's capacity (more fixed pairs than capacity simply leave no room). Score, parts
  and shared interests are filled in when both people are in the inputs, else zero / empty.
  They are not re-checked for feasibility: approval is the coordinator's call. A mentee may be
  in one fixed pair at most, and a pair cannot be both fixed and blocked.
- `blocked` pairs naming people not in the inputs are ignored (the person may have left).
- Ids name people, not roles: a mentee and a mentor with the same id are one person enrolled
  twice, and that pair is infeasible (nobody mentors themselves).
- Every unmatched mentee gets one reason. With no feasible, unblocked mentor it is the first
  rule that, applied on top of the earlier ones, leaves nobody (language, slot, format/area,
  minors, capacity, themselves, then coordinator blocks); otherwise REASON_AT_CAPACITY, which
  includes mentors whose room was taken by fixed pairs.
- `Proposal.matched` and `Proposal.total` count fixed pairs too. Pairs and `unmatched` are
  ordered by mentee id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matching.engine import assignment
from matching.engine.blocks import Blocks
from matching.engine.blocks import shares

REASON_NO_MENTORS = "there are no mentors to match with"
REASON_NO_LANGUAGE = "no mentor shares a language"
REASON_NO_SLOT = "no mentor shares an availability slot"
REASON_NO_FORMAT = "no mentor meets online or in the same area"
REASON_NEEDS_CLEARED = "needs a mentor cleared for minors"
REASON_NO_CAPACITY = "no compatible mentor has capacity"
REASON_ONLY_SELF = "the only compatible mentor is themselves"
REASON_ALL_BLOCKED = "every compatible mentor was ruled out by a coordinator"
REASON_AT_CAPACITY = "all compatible mentors are at capacity"

CATEGORIES = ("career", "academic", "personal")
MODES = ("exact", "fast")


@dataclass(frozen=True)
class Candidate:
    id: int
    career: frozenset[str] = frozenset()
    academic: frozenset[str] = frozenset()
    personal: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    formats: frozenset[str] = frozenset()  # subset of {"online", "in_person"}
    # Weekly times, every person's on one clock: the caller turns each person's local slots into
    # UTC hours ("mon-23"), so equal names are the same moment. Any names work if they are.
    availability: frozenset[str] = frozenset()
    area: str = ""  # where in-person meetings can happen
    capacity: int = 1  # mentors only
    is_minor: bool = False  # mentees only
    cleared_for_minors: bool = False  # mentors only


@dataclass(frozen=True)
class Weights:
    career: float = 0.5
    academic: float = 0.3
    personal: float = 0.2  # normalised to sum to 1 before use

    def normalised(self) -> tuple[float, float, float]:
        raw = (self.career, self.academic, self.personal)
        if not all(np.isfinite(w) for w in raw):
            raise ValueError(f"Weights must be finite numbers, got {raw}.")
        if any(w < 0 for w in raw):
            raise ValueError(f"Weights cannot be negative, got {raw}.")
        total = sum(raw)
        if total <= 0:
            raise ValueError("At least one weight must be above zero.")
        return (raw[0] / total, raw[1] / total, raw[2] / total)


@dataclass(frozen=True)
class Pair:
    mentee_id: int
    mentor_id: int
    score: float
    parts: dict[str, float]  # points per category, summing to score
    shared: dict[str, tuple[str, ...]]  # interests both named, per category, sorted


@dataclass(frozen=True)
class Proposal:
    pairs: list[Pair]
    unmatched: dict[int, str]  # mentee id → why nobody was proposed
    fixed: frozenset[tuple[int, int]] = frozenset()  # the (mentee, mentor) pairs given as fixed

    @property
    def matched(self) -> int:
        """Mentees with a mentor, fixed pairs included."""
        return len(self.pairs)

    @property
    def total(self) -> float:
        return float(sum(p.score for p in self.pairs))


def _check_people(mentees: Sequence[Candidate], mentors: Sequence[Candidate]) -> None:
    for role, people in (("mentee", mentees), ("mentor", mentors)):
        dupes = sorted(i for i, k in Counter(p.id for p in people).items() if k > 1)
        if dupes:
            raise ValueError(f"Each {role} must appear once; duplicate ids: {dupes[:5]}.")
    negative = [p.id for p in mentors if p.capacity < 0]
    if negative:
        raise ValueError(f"Mentor capacity cannot be negative (mentor ids {negative[:5]}).")


def _items(
    a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.intp]:
    """(row, column) of every item each side named, columns in one shared vocabulary."""
    vocab: dict[str, int] = {}
    out: list[np.ndarray] = []
    for sets in (a, b):
        rows = [r for r, s in enumerate(sets) for _ in s]
        cols = [vocab.setdefault(x, len(vocab)) for s in sets for x in s]
        out += [np.asarray(rows, np.intp), np.asarray(cols, np.intp)]
    ra, ca, rb, cb = out
    return ra, ca, rb, cb, np.intp(len(vocab))


def _bitmasks(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> list[np.ndarray]:
    """Each side's sets packed into uint64 words, so "share one?" is an AND per word."""
    ra, ca, rb, cb, size = _items(a, b)
    words = max(1, (int(size) + 63) // 64)
    packed = []
    for n, rows, cols in ((len(a), ra, ca), (len(b), rb, cb)):
        bits = np.zeros((n, words), np.uint64)
        np.bitwise_or.at(
            bits, (rows, cols // 64), np.left_shift(np.uint64(1), (cols % 64).astype(np.uint64))
        )
        packed.append(bits)
    return packed


class _Features:
    """Both sides encoded once as arrays, then scored and checked a block of mentees at a time."""

    def __init__(self, mentees: Sequence[Candidate], mentors: Sequence[Candidate]) -> None:
        self.n, self.m = len(mentees), len(mentors)
        self.interests = []
        for c in CATEGORIES:
            ra, ca, rb, cb, v = _items(
                [getattr(p, c) for p in mentees], [getattr(p, c) for p in mentors]
            )
            # 0/1 floats keep counts exact. Sparse × dense runs single-threaded: multithreaded
            # BLAS on these thin products stalled badly whenever another process held a core.
            a = sparse.csr_array((np.ones(len(ra)), (ra, ca)), shape=(self.n, v))
            bt = np.zeros((v, self.m))
            bt[cb, rb] = 1.0
            na, nb = np.bincount(ra, minlength=self.n)[:, None].astype(float), bt.sum(axis=0)
            both_empty = bool((na == 0).any() and (nb == 0).any())
            self.interests.append((a, bt, na, nb, both_empty))
        self.lang = _bitmasks([p.languages for p in mentees], [p.languages for p in mentors])
        self.slot = _bitmasks([p.availability for p in mentees], [p.availability for p in mentors])
        self.online = [
            np.array([("online" in p.formats) for p in s], bool) for s in (mentees, mentors)
        ]
        # In-person needs the same non-empty area; distinct sentinels make "no area" never equal.
        areas = {a: k for k, a in enumerate(sorted({p.area for p in (*mentees, *mentors)} - {""}))}
        self.place = [
            np.array(
                [areas[p.area] if "in_person" in p.formats and p.area else fill for p in s], int
            )
            for s, fill in ((mentees, -1), (mentors, -2))
        ]
        self.minor = np.array([p.is_minor for p in mentees], bool)
        self.cleared = np.array([p.cleared_for_minors for p in mentors], bool)
        self.open = np.array([p.capacity > 0 for p in mentors], bool)
        # Column of the mentor who is this very mentee, or -1: ids are unique per side, so a
        # mentee has at most one such column, and a lookup replaces an N×M comparison.
        column = {p.id: j for j, p in enumerate(mentors)}
        self.itself = np.array([column.get(p.id, -1) for p in mentees], np.intp)
        rows = min(self.n, max(1, assignment.BLOCK_CELLS // max(1, self.m)))
        self.scratch = np.empty((2, rows, self.m))

    def blocks(self) -> list[slice]:
        return assignment.row_blocks(self.n, self.m)

    def scores(self, rows: slice, weights: tuple[float, float, float]) -> np.ndarray:
        """Σ w_c·J_c for a block of mentees, in a scratch buffer the next call overwrites.

        Reusing buffers matters: fresh multi-MB temporaries cost a page fault per 4 KiB,
        which took longer than the arithmetic itself."""
        total, union = (buf[: rows.stop - rows.start] for buf in self.scratch)
        for k, (w, (a, bt, na, nb, both_empty)) in enumerate(
            zip(weights, self.interests, strict=True)
        ):
            inter = a[rows] @ bt
            np.add(na[rows], nb, out=union)
            union -= inter
            if both_empty:  # J is 0 when both sides are empty, and 0 / 1 is 0
                np.maximum(union, 1.0, out=union)
            inter /= union
            if k == 0:
                np.multiply(inter, w, out=total)
            else:
                inter *= w
                total += inter
        return total

    def _not_themselves(self, rows: slice | np.ndarray, out: np.ndarray) -> np.ndarray:
        """Clear, in a block of rows, the cell pairing each mentee with themselves."""
        column = self.itself[rows]
        hit = np.flatnonzero(column >= 0)
        out[hit, column[hit]] = False
        return out

    def rules(self, rows: slice | np.ndarray) -> list[tuple[str, np.ndarray]]:
        """The hard constraints, in the order unmatched reasons are checked."""
        meet = self.online[0][rows, None] & self.online[1][None, :]
        meet |= self.place[0][rows, None] == self.place[1][None, :]
        return [
            (REASON_NO_LANGUAGE, shares(self.lang[0][rows], self.lang[1])),
            (REASON_NO_SLOT, shares(self.slot[0][rows], self.slot[1])),
            (REASON_NO_FORMAT, meet),
            (REASON_NEEDS_CLEARED, ~self.minor[rows, None] | self.cleared[None, :]),
            (REASON_NO_CAPACITY, np.broadcast_to(self.open, meet.shape)),
            (REASON_ONLY_SELF, self._not_themselves(rows, np.ones(meet.shape, bool))),
        ]

    def feasible(self, rows: slice) -> np.ndarray:
        """All rules at once; the same as AND-ing `rules`, with fewer passes over the block."""
        out = shares(self.lang[0][rows], self.lang[1])
        out &= shares(self.slot[0][rows], self.slot[1])
        meet = self.online[0][rows, None] & self.online[1][None, :]
        meet |= self.place[0][rows, None] == self.place[1][None, :]
        out &= meet
        out &= self.open
        minors = np.flatnonzero(self.minor[rows])
        out[minors] &= self.cleared
        return self._not_themselves(rows, out)


def score_matrix(
    mentees: Sequence[Candidate], mentors: Sequence[Candidate], weights: Weights = Weights()
) -> tuple[np.ndarray, np.ndarray]:
    """(scores N×M float in [0, 1], feasible N×M bool), rows and columns in input order.

    `feasible` covers every hard rule except coordinator blocks, which only `propose` sees.
    """
    w = weights.normalised()
    _check_people(mentees, mentors)
    features = _Features(mentees, mentors)
    scores = np.zeros((features.n, features.m))
    feasible = np.zeros((features.n, features.m), bool)
    for rows in features.blocks():
        scores[rows] = features.scores(rows, w)
        feasible[rows] = features.feasible(rows)
    return scores, feasible


def _explain(mentee: Candidate, mentor: Candidate, w: tuple[float, float, float]) -> Pair:
    parts: dict[str, float] = {}
    shared: dict[str, tuple[str, ...]] = {}
    for c, wc in zip(CATEGORIES, w, strict=True):
        a, b = getattr(mentee, c), getattr(mentor, c)
        both = a & b
        union = len(a) + len(b) - len(both)  # one set operation per category, not three
        parts[c] = wc * (len(both) / union) if union else 0.0
        shared[c] = tuple(sorted(both))
    score = parts["career"] + parts["academic"] + parts["personal"]
    return Pair(mentee.id, mentor.id, score, parts, shared)


def _reasons(features: _Features, rows: np.ndarray) -> list[str]:
    """Why each of these mentees has no feasible mentor: the first rule that, applied on top of
    the earlier ones, leaves nobody."""
    if features.m == 0:
        return [REASON_NO_MENTORS] * len(rows)
    out: list[str] = []
    for chunk in assignment.row_blocks(len(rows), features.m):
        left = np.ones((len(rows[chunk]), features.m), bool)
        reason = np.full(len(left), REASON_ALL_BLOCKED, dtype=object)
        for text, mask in features.rules(rows[chunk]):
            left &= mask
            emptied = ~left.any(axis=1) & (reason == REASON_ALL_BLOCKED)
            reason[emptied] = text
        out += list(reason)
    return out


def _checked_pairs(pairs: Iterable[tuple[int, int]], what: str) -> list[tuple[int, int]]:
    out = []
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"Each {what} pair must be (mentee_id, mentor_id), got {pair!r}.")
        out.append((pair[0], pair[1]))
    return sorted(set(out))


def propose(
    mentees: Sequence[Candidate],
    mentors: Sequence[Candidate],
    weights: Weights = Weights(),
    *,
    mode: str = "exact",
    blocked: Iterable[tuple[int, int]] = frozenset(),
    fixed: Iterable[tuple[int, int]] = (),
) -> Proposal:
    """Propose pairs: as many mentees matched as possible, then the largest total score.

    mode="exact" is optimal (scores are rounded to 1/SCALE for the solver). mode="fast" matches
    just as many mentees but stops improving the score early: on realistic programs it loses
    well under 0.1 % of the total. `blocked` pairs are never proposed; `fixed` pairs are
    already approved (see the module docstring).
    """
    if mode not in MODES:
        raise ValueError(f"Unknown mode {mode!r}; use one of {', '.join(MODES)}.")
    w = weights.normalised()
    _check_people(mentees, mentors)
    blocked_pairs, fixed_pairs = _checked_pairs(blocked, "blocked"), _checked_pairs(fixed, "fixed")
    both = set(blocked_pairs) & set(fixed_pairs)
    if both:
        raise ValueError(f"A pair cannot be both fixed and blocked: {sorted(both)[:5]}.")
    fixed_mentees = [a for a, _ in fixed_pairs]
    set_of_fixed = set(fixed_mentees)
    if len(set_of_fixed) != len(fixed_mentees):
        raise ValueError("A mentee can be in only one fixed pair.")

    # Sorting by id makes the result independent of input order, tie-breaks included.
    mentees, mentors = sorted(mentees, key=lambda p: p.id), sorted(mentors, key=lambda p: p.id)
    mentee_by_id, column = {p.id: p for p in mentees}, {p.id: j for j, p in enumerate(mentors)}
    free = [p for p in mentees if p.id not in set_of_fixed]
    row = {p.id: i for i, p in enumerate(free)}
    taken = np.bincount([column[b] for _, b in fixed_pairs if b in column], minlength=len(mentors))
    room = np.maximum(np.array([p.capacity for p in mentors], int) - taken, 0)
    ruled_out = [(row[a], column[b]) for a, b in blocked_pairs if a in row and b in column]
    ruled_out_arrays = np.array(sorted(ruled_out), int).reshape(-1, 2).T

    blocks = Blocks(free, mentors, w, room, ruled_out_arrays)
    mate, has_option = assignment.solve(blocks, room, mode)

    pairs = [
        _explain(mentee_by_id[a], mentors[column[b]], w)
        if a in mentee_by_id and b in column
        else Pair(a, b, 0.0, dict.fromkeys(CATEGORIES, 0.0), dict.fromkeys(CATEGORIES, ()))
        for a, b in fixed_pairs
    ]
    pairs += [_explain(free[i], mentors[j], w) for i, j in enumerate(mate) if j >= 0]
    lonely = np.flatnonzero(mate < 0)
    no_option = lonely[~has_option[lonely]]
    # The rule-by-rule features are built only when somebody has no option at all.
    why = _reasons(_Features(free, mentors), no_option) if len(no_option) else []
    reasons = dict(zip(no_option.tolist(), why, strict=True))
    unmatched = {free[i].id: reasons.get(i, REASON_AT_CAPACITY) for i in lonely.tolist()}
    return Proposal(sorted(pairs, key=lambda p: p.mentee_id), unmatched, frozenset(fixed_pairs))
