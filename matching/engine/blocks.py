"""Scores for a block of mentee rows at a time, so nothing ever holds the mentees × mentors matrix.

Two precisions, each where it pays:
- `Blocks.approx` scores a block of rows against a run of mentor columns in float32, with the
  hard rules applied (−1 where a pair cannot be proposed). It is only used to choose arcs and to
  find where a certificate might fail, so it may be off by up to EPS.
- `Blocks.exact` gives the integer cost of single arcs, from bit sets, exactly as the solver
  needs it: the same float64 operations in the same order whatever the block or thread.

Intersection counts come from gathering 0/1 byte rows of the mentors' item matrix, one per item
the mentee named: a handful of cheap byte adds per cell instead of a multiply over the vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

CATEGORIES = ("career", "academic", "personal")
# |float32 score − exact score| stays far below this: a few rounding steps of 6e-8 on values ≤ 1.
EPS = 1e-5


def _vocab(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> dict[str, int]:
    """Every item either side names, numbered in sorted order: fixed whatever the input order,
    and one C-level union instead of a sort per set."""
    return {x: k for k, x in enumerate(sorted(frozenset().union(*a, *b)))}


def _bits(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> np.ndarray:
    """Sets as rows of uint64 words, one bit per vocabulary item."""
    out = np.zeros((len(sets), max(1, (len(vocab) + 63) // 64)), np.uint64)
    rows = [r for r, s in enumerate(sets) for _ in s]
    cols = np.array([vocab[x] for s in sets for x in s], np.int64)
    np.bitwise_or.at(
        out,
        (np.array(rows, np.intp), cols // 64),
        np.left_shift(np.uint64(1), (cols % 64).astype(np.uint64)),
    )
    return out


def shares(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For bit-set rows a (R×W) and b (C×W): do they share a bit, as an R×C bool block."""
    out = np.zeros((a.shape[0], b.shape[0]), bool)
    word = np.empty(out.shape, np.uint64)
    for w in range(a.shape[1]):
        np.bitwise_and(a[:, w, None], b[None, :, w], out=word)
        out |= word != 0
    return out


def cells(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of the True cells of a 2-D block, row by row: np.nonzero's answer, but
    numpy's 2-D nonzero walks every cell at ~3 ns, the flat one at ~0.2 ns, and a block has
    hundreds of thousands of cells for a few hundred kept."""
    rows, cols = np.divmod(np.flatnonzero(mask), max(1, mask.shape[1]))
    return rows, cols


def _narrow(bits: np.ndarray) -> np.ndarray:
    """One word narrowed to the smallest unsigned type that holds it: fewer bytes per cell."""
    if bits.shape[1] == 1:
        top = int(bits.max(initial=0))
        for kind in (np.uint8, np.uint16, np.uint32):
            if top <= np.iinfo(kind).max:
                return bits.astype(kind)
    return bits


class Blocks:
    """Both sides encoded once; mentor columns may be put in any order with `reorder`."""

    def __init__(
        self,
        mentees: Sequence[Any],
        mentors: Sequence[Any],
        weights: tuple[float, float, float],
        room: np.ndarray,
        blocked: np.ndarray,
    ) -> None:
        self.n, self.m = len(mentees), len(mentors)
        self.weights = weights
        self.order = np.arange(self.m)  # column k of a block is mentor order[k]
        self.cats: list[dict[str, np.ndarray]] = []
        for c in CATEGORIES:
            a, b = [getattr(p, c) for p in mentees], [getattr(p, c) for p in mentors]
            vocab = _vocab(a, b)
            items = np.zeros((len(vocab) + 1, self.m), np.uint8)  # last row: nobody, for padding
            cols = [vocab[x] for s in b for x in s]
            items[cols, [j for j, s in enumerate(b) for _ in s]] = 1
            width = max((len(s) for s in a), default=0)
            named = np.full((self.n, width), len(vocab), np.intp)
            for i, s in enumerate(a):
                named[i, : len(s)] = [vocab[x] for x in s]
            na = np.array([len(s) for s in a], np.int64)
            nb = np.array([len(s) for s in b], np.int64)
            # Bytes hold the counts unless someone names over a hundred items in one category.
            small = na.max(initial=0) + nb.max(initial=0) < 255
            count_type = np.uint8 if small else np.uint32
            # An empty mentor set counts as one item, so 0 / 0 never happens: the
            # intersection is 0 either way.
            nb8 = np.where(nb > 0, nb, 1).astype(count_type)
            self.cats.append(
                {
                    "items": items.astype(count_type),
                    "named": named,
                    "na8": na.astype(count_type),
                    "nb8": nb8,
                    "na": na,
                    "nb": nb,
                    "abits": _bits(a, vocab),
                    "bbits": _bits(b, vocab),
                }
            )
        # Rules that depend only on a person's kind (languages, how and where they meet, minor /
        # cleared, capacity) are worked out once per kind of mentee against every mentor.
        lang_vocab = _vocab([p.languages for p in mentees], [p.languages for p in mentors])
        lang_a, lang_b = (
            _bits([p.languages for p in mentees], lang_vocab),
            _bits([p.languages for p in mentors], lang_vocab),
        )
        areas = {a: k for k, a in enumerate(sorted({p.area for p in (*mentees, *mentors)} - {""}))}
        place_a = np.array(
            [areas[p.area] if "in_person" in p.formats and p.area else -1 for p in mentees], int
        )
        place_b = np.array(
            [areas[p.area] if "in_person" in p.formats and p.area else -2 for p in mentors], int
        )
        online_a = np.array([("online" in p.formats) for p in mentees], bool)
        online_b = np.array([("online" in p.formats) for p in mentors], bool)
        minor = np.array([p.is_minor for p in mentees], bool)
        cleared = np.array([p.cleared_for_minors for p in mentors], bool)
        capable = np.array([p.capacity > 0 for p in mentors], bool)
        kinds = np.column_stack([lang_a.view(np.int64), place_a, online_a, minor])
        if self.n:
            _, first, kind = np.unique(kinds, axis=0, return_index=True, return_inverse=True)
        else:
            first, kind = np.zeros(0, np.intp), np.zeros(0, np.intp)
        self.kind = kind.ravel()
        rule = shares(lang_a[first], lang_b)
        rule &= (online_a[first, None] & online_b[None, :]) | (
            place_a[first, None] == place_b[None, :]
        )
        rule &= ~minor[first, None] | cleared[None, :]
        rule &= capable
        self.rule = rule
        slot_vocab = _vocab([p.availability for p in mentees], [p.availability for p in mentors])
        self.slot_a = _narrow(_bits([p.availability for p in mentees], slot_vocab))
        self.slot_b = _narrow(_bits([p.availability for p in mentors], slot_vocab))
        self.room = room > 0
        column = {p.id: j for j, p in enumerate(mentors)}
        self.itself = np.array([column.get(p.id, -1) for p in mentees], np.intp)
        self.blocked = blocked  # (rows, columns), sorted by row
        # Where each mentor sits in `order`, and a trailing −1 for "no such mentor".
        self.position = np.append(np.arange(self.m), -1)

    def reorder(self, order: np.ndarray) -> Blocks:
        """The same scorer with mentor columns in `order` (mentor indices)."""
        out = object.__new__(Blocks)
        out.__dict__.update(self.__dict__)
        out.order = np.asarray(order, np.intp)
        out.position = np.full(self.m + 1, -1, np.intp)
        out.position[out.order] = np.arange(len(out.order))
        # take, not [:, order]: fancy indexing on the last axis returns a column-major copy,
        # and every block read along a row of it would then stride across memory (10× slower).
        out.cats = [
            {**cat, "items": cat["items"].take(out.order, axis=1), "nb8": cat["nb8"][out.order]}
            for cat in self.cats
        ]
        out.rule = self.rule.take(out.order, axis=1)
        out.slot_b = self.slot_b[out.order]
        out.room = self.room[out.order]
        return out

    def allowed(self, rows: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """(which pairs of `rows` × columns [0, stop) could be proposed: feasible, unblocked,
        with room; whether each row has any feasible, unblocked mentor, room or not)."""
        ok = self.rule[self.kind[rows], :stop]
        if len(self.slot_a) and self.slot_a.shape[1] == 1 and self.slot_a.dtype != np.uint64:
            ok &= (self.slot_a[rows, 0, None] & self.slot_b[None, :stop, 0]) != 0
        else:
            ok &= shares(self.slot_a[rows], self.slot_b[:stop])
        where = self.position[self.itself[rows]]  # −1 (nobody) reads the trailing −1
        hit = np.flatnonzero((where >= 0) & (where < stop))
        ok[hit, where[hit]] = False
        self._unblock(rows, stop, ok)
        has_option = np.asarray(ok.any(axis=1))  # an array per row (numpy's types allow a scalar)
        ok &= self.room[:stop]
        return ok, has_option

    def approx(self, rows: np.ndarray, stop: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(float32 scores of `rows` against columns [0, stop), −1 where infeasible, blocked or
        without room; whether each row has any feasible, unblocked mentor, room or not)."""
        stop = len(self.order) if stop is None else stop
        ok, has_option = self.allowed(rows, stop)
        total = np.zeros(ok.shape, np.float32)
        ratio = np.empty(ok.shape, np.float32)
        for w, cat in zip(self.weights, self.cats, strict=True):
            named, items = cat["named"][rows], cat["items"][:, :stop]
            if not named.shape[1]:
                continue
            count, part, union = (np.empty(ok.shape, items.dtype) for _ in range(3))
            np.take(items, named[:, 0], axis=0, out=count)
            for k in range(1, named.shape[1]):
                np.take(items, named[:, k], axis=0, out=part)
                count += part
            # Byte arithmetic for the union; a union of 0 (both sides empty) divides 0 by 1.
            np.add(cat["na8"][rows, None], cat["nb8"][None, :stop], out=union)
            union -= count
            np.divide(count, union, out=ratio, dtype=np.float32)
            ratio *= np.float32(w)
            total += ratio
        total += 1
        total *= ok
        total -= 1
        return total, has_option

    def _unblock(self, rows: np.ndarray, stop: int, ok: np.ndarray) -> None:
        """Clear coordinator-blocked cells of a block."""
        b_rows, b_cols = self.blocked
        if not len(b_rows):
            return
        local = np.full(self.n, -1, np.intp)
        local[rows] = np.arange(len(rows))
        r, c = local[b_rows], self.position[b_cols]
        hit = (r >= 0) & (c >= 0) & (c < stop)
        ok[r[hit], c[hit]] = False

    def exact(self, rows: np.ndarray, mentors: np.ndarray, scale: float) -> np.ndarray:
        """Integer cost (score × scale, rounded) of each arc (rows[k], mentors[k])."""
        total = np.zeros(len(rows))
        for w, cat in zip(self.weights, self.cats, strict=True):
            both = np.bitwise_count(cat["abits"][rows] & cat["bbits"][mentors]).sum(axis=1)
            union = cat["na"][rows] + cat["nb"][mentors] - both
            ratio = both / np.maximum(union, 1)
            total += ratio * (w * scale)
        return np.rint(total).astype(np.int64)
