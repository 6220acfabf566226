"""Chart geometry for server-rendered SVG: series in, rectangles, polylines and axis ticks out.

Pure arithmetic, no app and no template: a page turns a few numbers per period into shapes,
and its template only writes them out as <rect>, <polyline> and <text>. Nothing is drawn in the
browser, so a chart needs no script, no third-party request and no style attribute (the
Content-Security-Policy allows neither); the data table beside each chart carries the numbers
for screen readers and keyboards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace

# Okabe–Ito hues, darkened where needed so every one keeps 3:1 against a white page (WCAG
# 1.4.11) and stays apart for the common colour-vision deficiencies.
PALETTE = ("#0072b2", "#d55e00", "#007a5e", "#aa3377", "#6b5a00", "#4d4d4d", "#5e3c99")

WIDTH, HEIGHT = 640, 240
# Room for the tick labels on the left and the period labels below the plot.
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 26
MOST_X_LABELS = 8


@dataclass(frozen=True)
class Series:
    name: str
    # None where there is no value (no match approved that week): a gap, not a zero.
    values: tuple[float | None, ...]

    @property
    def total(self) -> float:
        return sum(v for v in self.values if v is not None)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True)
class Polyline:
    points: str  # "x,y x,y …", as <polyline points> takes it
    dots: tuple[tuple[float, float], ...]
    colour: str


@dataclass(frozen=True)
class Tick:
    at: float  # x for a period label, y for a value
    label: str


@dataclass(frozen=True)
class Key:
    name: str
    colour: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    rects: tuple[Rect, ...] = ()
    lines: tuple[Polyline, ...] = ()
    keys: tuple[Key, ...] = ()

    @property
    def y_label_x(self) -> float:
        return self.left - 6  # value labels end just left of the plot

    @property
    def x_label_y(self) -> float:
        return self.height - 8  # period labels sit under the plot


def nice_top(largest: float) -> tuple[float, float]:
    """(axis top, tick step): four or five round steps (1, 2 or 5 × 10ⁿ) covering `largest`."""
    if largest <= 0:
        return 1.0, 1.0
    raw = largest / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1 and largest >= 1:
        step = 1.0
    return round(step * math.ceil(largest / step), 9), step


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _frame(labels: Sequence[str], largest: float) -> tuple[Chart, float, float]:
    """The empty chart with its axes, the value-to-pixels scale and the width of one period."""
    top, step = nice_top(largest)
    plot_h = HEIGHT - TOP - BOTTOM
    scale = plot_h / top
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    y_ticks = tuple(
        Tick(round(HEIGHT - BOTTOM - i * step * scale, 1), _number(round(i * step, 6)))
        for i in range(int(round(top / step)) + 1)
    )
    every = max(1, math.ceil(len(labels) / MOST_X_LABELS))
    x_ticks = tuple(
        Tick(round(LEFT + (i + 0.5) * slot, 1), label)
        for i, label in enumerate(labels)
        if i % every == 0
    )
    frame = Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM, y_ticks, x_ticks)
    return frame, scale, slot


def _keys(series: Sequence[Series]) -> tuple[Key, ...]:
    return tuple(Key(s.name, PALETTE[i % len(PALETTE)]) for i, s in enumerate(series))


def bar_chart(labels: Sequence[str], series: Sequence[Series], *, stacked: bool = False) -> Chart:
    """Bars per period: side by side, or stacked into one bar whose height is the total."""
    per_period = [[s.values[i] or 0 for s in series] for i in range(len(labels))]
    largest = max((sum(v) if stacked else max(v, default=0) for v in per_period), default=0)
    frame, scale, slot = _frame(labels, largest)
    keys = _keys(series)
    inner = slot * 0.8
    width = inner if stacked else inner / max(len(series), 1)
    rects = []
    for i, values in enumerate(per_period):
        base, x = frame.bottom, LEFT + i * slot + (slot - inner) / 2
        for j, value in enumerate(values):
            height = value * scale
            if value:
                left = x if stacked else x + j * width
                y = base - height
                rects.append(
                    Rect(
                        round(left, 1),
                        round(y, 1),
                        round(width, 1),
                        round(height, 1),
                        keys[j].colour,
                    )
                )
            if stacked:
                base -= height
    return replace(frame, rects=tuple(rects), keys=keys)


def line_chart(labels: Sequence[str], series: Sequence[Series]) -> Chart:
    """One line per series through the middle of each period; a missing value breaks it."""
    values = [v for s in series for v in s.values if v is not None]
    frame, scale, slot = _frame(labels, max(values, default=0))
    keys = _keys(series)
    lines = []
    for key, one in zip(keys, series, strict=True):
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(one.values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(
                (round(LEFT + (i + 0.5) * slot, 1), round(frame.bottom - value * scale, 1))
            )
        lines += [
            Polyline(" ".join(f"{x},{y}" for x, y in run), tuple(run), key.colour)
            for run in runs
            if run
        ]
    return replace(frame, lines=tuple(lines), keys=keys)
