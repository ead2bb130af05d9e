"""Timeline charts as inline SVG, one per actor and topic.

A chart has a lane for stances and texts, a plot per unit for figures, and a
time axis fitted to the chart's own dates (the page notes the whole report's range under each).

- A stance is a coloured band from the day its position was first stated to
  the next position (or its last report); negative stances are also hatched,
  so the bands read in grey print and without colour vision. Texts are grey.
- A figure is a dot at its value and date. What it admits
  (`Quantity.interval()`: "some 20,000" is 18,000–22,000) is a shaded box
  spanning its values vertically and its dates horizontally (a month, or a
  range of days when only that is known). An open end ("at least", "more
  than", "up to") fades to the edge of the plot with an arrow; so does a date
  range reaching beyond the time axis.
- Hedged claims ("reportedly") are drawn hollow and dashed.
- Each mark links to its claim's quote in the page (`#claim-<id>`).

The SVG scales with its container (viewBox, width 100%); colours come from the
page's CSS classes, so print and screen styles live in one stylesheet.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from ist.dates import FuzzyDate
from ist.model import STANCE_POLARITY, Quantity, StanceValue, Value, format_number
from ist.report.markup import Markup, el, join
from ist.semantics import unit_key
from ist.timeline import Evidence, Point, TopicTimeline

WIDTH = 640
LEFT, RIGHT = 58, 16
BAND_H = 22
ROW_H = 38  # a band and the row of claim ticks under it
PLOT_H = 150
AXIS_H = 30
SHARED_H = 14  # the strip under a chart that marks its part of the report's range
GAP = 10
# A date range wider than this does not stretch the time axis: it runs off its edge instead.
WIDE_DAYS = 92
# Character width, in user units, at the chart's font size: for deciding whether a label fits.
CHAR_W = 6.6


# --- scales -------------------------------------------------------------------------------------


def _days(when: FuzzyDate) -> tuple[int, int]:
    """A fuzzy date as [first day, day after the last), in day ordinals."""
    return when.earliest.toordinal(), when.latest.toordinal() + 1


@dataclass(frozen=True)
class Span:
    """Where a mark falls on the time axis, and whether its dates run past either end."""

    x0: float
    x1: float
    cut_left: bool
    cut_right: bool

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Tick:
    """A gridline; `label` is empty when labels would crowd, and only `major` labels stay on a phone."""

    x: float
    label: str
    major: bool


@dataclass(frozen=True)
class TimeScale:
    start: int  # day ordinal of the left edge
    end: int  # day ordinal of the right edge
    x0: float = LEFT
    x1: float = WIDTH - RIGHT

    def x(self, day: float) -> float:
        return self.x0 + (day - self.start) / (self.end - self.start) * (self.x1 - self.x0)

    def span(self, when: FuzzyDate, min_width: float = 6) -> Span:
        lo, hi = _days(when)
        x0, x1 = self.x(max(lo, self.start)), self.x(min(hi, self.end))
        if x1 - x0 < min_width:
            mid = (x0 + x1) / 2
            x0, x1 = max(self.x0, mid - min_width / 2), min(self.x1, mid + min_width / 2)
        return Span(x0, x1, lo < self.start, hi > self.end)

    def centre(self, when: FuzzyDate) -> float | None:
        """The x of a date's middle, or None when that lies off the axis."""
        lo, hi = _days(when)
        mid = (lo + hi) / 2
        return self.x(mid) if self.start <= mid <= self.end else None

    def ticks(self) -> list[Tick]:
        first, last = dt.date.fromordinal(self.start), dt.date.fromordinal(self.end)
        span = self.end - self.start
        if span <= 120:
            step = 1 if span <= 10 else 7
            day = first + dt.timedelta(days=(-first.weekday()) % 7 if step == 7 else 0)
            days = []
            while day <= last:
                days.append(day)
                day += dt.timedelta(days=step)
            labels = [f"{d:%b} {d.day}" for d in days]
        else:
            months = span <= 900
            day = dt.date(first.year, first.month, 1) if months else dt.date(first.year, 1, 1)
            days = []
            while day <= last:
                if day >= first:
                    days.append(day)
                day = _next_month(day) if months else dt.date(day.year + 1, 1, 1)
            labels = [(f"{d:%b %Y}" if i == 0 or d.month == 1 else f"{d:%b}") if months else str(d.year)
                      for i, d in enumerate(days)]
        every = max(1, math.ceil(len(days) / 9))
        return [Tick(self.x(d.toordinal()), label if i % every == 0 else "", i % (2 * every) == 0)
                for i, (d, label) in enumerate(zip(days, labels))]


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def time_scale(dates: Iterable[FuzzyDate]) -> TimeScale:
    """One axis for all the dates: wide ranges ("earlier this year") only have to touch it."""
    narrow, wide = [], []
    for when in dates:
        lo, hi = _days(when)
        (wide if hi - lo > WIDE_DAYS else narrow).append((lo, hi))
    if not narrow and not wide:
        today = dt.date.today().toordinal()
        return TimeScale(today - 30, today + 1)
    if narrow:
        lo = min([a for a, _ in narrow] + [b - 1 for _, b in wide])
        hi = max([b for _, b in narrow] + [a + 1 for a, _ in wide])
    else:
        lo, hi = min(a for a, _ in wide), max(b for _, b in wide)
    pad = max(1, round((hi - lo) * 0.03))
    lo, hi = lo - pad, hi + pad
    if hi - lo < 14:
        lo, hi = lo - (14 - (hi - lo)) // 2, lo + 14
    return TimeScale(lo, hi)


@dataclass(frozen=True)
class ValueScale:
    low: float
    high: float
    top: float
    bottom: float
    step: float

    def y(self, v: float) -> float:
        v = min(max(v, self.low), self.high)
        return self.bottom - (v - self.low) / (self.high - self.low) * (self.bottom - self.top)

    def ticks(self) -> list[float]:
        n = round((self.high - self.low) / self.step)
        return [self.low + i * self.step for i in range(n + 1)]


def _nice_step(rough: float) -> float:
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)


def value_scale(quantities: Iterable[Quantity], top: float, bottom: float) -> ValueScale:
    """From zero (or below, for negative figures) to a round number above the largest finite figure."""
    finite = [v for q in quantities for v in (q.amount, q.upper, q.interval().low, q.interval().high)
              if v is not None and math.isfinite(v)]
    low, high = min([0.0, *finite]), max([0.0, *finite])
    if high == low:
        high = low + 10
    step = _nice_step((high - low) * 1.08 / 4)
    return ValueScale(math.floor(low / step) * step, math.ceil(high * 1.08 / step) * step, top, bottom, step)


def compact(v: float) -> str:
    """Axis numbers: 20k, 1.5M, 1,200, 0.5."""
    for threshold, size, suffix in ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if abs(v) >= threshold:
            return f"{v / size:.3g}{suffix}"
    return format_number(v)


# --- marks --------------------------------------------------------------------------------------


def _arrow(x: float, y: float, direction: str) -> Markup:
    """A small filled triangle pointing up, down, left or right, its tip at (x, y)."""
    s = 5
    points = {
        "up": [(x, y), (x - s, y + s * 1.4), (x + s, y + s * 1.4)],
        "down": [(x, y), (x - s, y - s * 1.4), (x + s, y - s * 1.4)],
        "left": [(x, y), (x + s * 1.4, y - s), (x + s * 1.4, y + s)],
        "right": [(x, y), (x - s * 1.4, y - s), (x - s * 1.4, y + s)],
    }[direction]
    return el("polygon", class_="arrow", points=" ".join(f"{px:.1f},{py:.1f}" for px, py in points))


def _fade(cut_left: bool, cut_right: bool) -> str | None:
    """The mask fading a mark out toward the edge(s) of the time axis its dates run past."""
    if cut_left and cut_right:
        return "url(#ist-fade-x)"
    if cut_left:
        return "url(#ist-fade-left)"
    return "url(#ist-fade-right)" if cut_right else None


def _link(claim: str, tooltip: str, *children: object, hedged: bool = False) -> Markup:
    """A mark that jumps to its claim's quote. Out of the tab order: the chart is one image to assistive
    technology, and the list under it holds the same links for keyboards and screen readers."""
    return el("a", el("title", tooltip), *children, href=f"#claim-{claim}", tabindex=-1,
              class_="mark hedged" if hedged else "mark")


def _tooltip(e: Evidence) -> str:
    parts = [e.value_text, str(e.when), e.outlet or e.source, e.said_by or "unattributed"]
    if e.hedged:
        parts.append("hedged")
    return " · ".join(parts)


@dataclass(frozen=True)
class Anchor:
    """Where a figure's dot is, for its label and the connector to the next figure."""

    x: float
    y: float


def figure_mark(e: Evidence, q: Quantity, xs: TimeScale, ys: ValueScale) -> tuple[Markup, Anchor]:
    """One claimed figure: a box over what it admits, a line at the stated figure, a dot at its date's middle."""
    span = xs.span(e.when)
    iv = q.interval()
    open_up, open_down = math.isinf(iv.high), math.isinf(iv.low)
    y_top = ys.top if open_up else ys.y(iv.high)
    y_bottom = ys.bottom if open_down else ys.y(iv.low)
    if y_bottom - y_top < 6:
        mid = (y_top + y_bottom) / 2
        y_top, y_bottom = mid - 3, mid + 3
    stated = [q.amount, q.upper] if q.upper is not None else [q.amount]
    lines = [el("line", class_="figure", x1=span.x0, x2=span.x1, y1=ys.y(v), y2=ys.y(v)) for v in stated]
    vertical = "url(#ist-fade-up)" if open_up else ("url(#ist-fade-down)" if open_down else None)
    box = el("rect", class_="region", x=span.x0, y=y_top, width=span.x1 - span.x0, height=y_bottom - y_top,
             rx=3, mask=vertical)
    cx = xs.centre(e.when)
    anchor = Anchor(cx if cx is not None else span.mid, ys.y(sum(stated) / len(stated)))
    arrows = []
    if open_up:
        arrows.append(_arrow(anchor.x, ys.top - 2, "up"))
    if open_down:
        arrows.append(_arrow(anchor.x, ys.bottom + 2, "down"))
    if span.cut_left:
        arrows.append(_arrow(xs.x0 - 2, anchor.y, "left"))
    if span.cut_right:
        arrows.append(_arrow(xs.x1 + 2, anchor.y, "right"))
    dot = el("circle", class_="dot", cx=anchor.x, cy=anchor.y, r=4.5) if cx is not None else None
    body = el("g", box, *lines, mask=_fade(span.cut_left, span.cut_right))
    return _link(e.claim, _tooltip(e), body, *arrows, dot, hedged=e.hedged), anchor


def band_class(value: Value) -> str:
    """The colour class of a position: pos2 (supports) … neg2 (refuses), neutral, or text."""
    if not isinstance(value, StanceValue):
        return "text"
    polarity = STANCE_POLARITY[value.stance]
    return {2: "pos2", 1: "pos1", 0: "neutral", -1: "neg1", -2: "neg2"}[polarity]


def band(x0: float, x1: float, y: float, height: float, kind: str, fade: str | None = None,
         hedged: bool = False) -> Markup:
    """A position's band, coloured by `band_class`, hatched when negative, faded where its dates run off the axis."""
    shape = dict(x=x0, y=y, width=max(x1 - x0, 4), height=height, rx=3)
    parts = [el("rect", class_=f"band {kind}" + (" hedged" if hedged else ""), **shape)]
    if kind.startswith("neg"):
        parts.append(el("rect", class_="hatch", **shape))
    return el("g", *parts, mask=fade)


def band_label(text: str, kind: str, x0: float, x1: float, room: float, y: float, hedged: bool) -> Markup | None:
    """Inside the band when it fits, else after it if there is room before `room`, else none (the list has it)."""
    inside, after = int((x1 - x0 - 8) / CHAR_W), int((room - x1 - 8) / CHAR_W)
    if after > inside and inside < len(text) and after >= min(len(text), 6):
        return el("text", _shorten(text, after), class_="band-label outside", x=x1 + 4, y=y)
    if inside >= min(len(text), 6):
        return el("text", _shorten(text, inside), class_=f"band-label {kind}" + (" hedged" if hedged else ""),
                  x=x0 + 4, y=y)
    return None


def _shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


# --- panels -------------------------------------------------------------------------------------


def _position_lane(points: list[Point], xs: TimeScale, top: float) -> tuple[Markup, float]:
    """Stances and texts: each band runs from its first statement to the next position.

    Positions whose dates overlap (two stances reported in the same fortnight) go on rows of their
    own, so no band hides another. Returns the lane and its height.
    """
    label = "stance" if all(isinstance(p.value, StanceValue) for p in points) else "position"
    parts = [el("text", label, class_="lane-label", x=4, y=top + 18)]
    spans = []
    for i, p in enumerate(points):
        start, last = _days(p.when)[0], max(_days(e.when)[1] for e in p.evidence)
        later = [_days(q.when)[0] for q in points[i + 1:] if _days(q.when)[0] > start]
        spans.append((start, min(later) if later else last))
    rows = _rows(spans)
    for i, (p, (start, end), row) in enumerate(zip(points, spans, rows)):
        y = top + row * ROW_H
        x0, x1 = xs.x(max(start, xs.start)), xs.x(min(end, xs.end))
        room = min([xs.x(spans[j][0]) for j in range(i + 1, len(points)) if rows[j] == row] + [xs.x1])
        kind = band_class(p.value)
        shape = band(x0, x1, y + 4, BAND_H, kind, _fade(start < xs.start, end > xs.end), p.hedged)
        text = band_label(p.value_text, kind, x0, x1, room, y + 4 + BAND_H / 2 + 4, p.hedged)
        parts.append(_link(p.claims[0], f"{p.value_text} · from {p.when}", shape, text, hedged=p.hedged))
        for e in p.evidence:
            cx = xs.centre(e.when)
            tick = el("circle", class_="tick", cx=xs.span(e.when).mid if cx is None else cx, cy=y + BAND_H + 10, r=3.2)
            parts.append(_link(e.claim, _tooltip(e), tick, hedged=e.hedged))
    return join(parts), (max(rows) + 1) * ROW_H


def _rows(spans: list[tuple[int, int]]) -> list[int]:
    """The first row each span fits on without overlapping an earlier one."""
    ends: list[int] = []
    rows = []
    for start, end in spans:
        row = next((r for r, last in enumerate(ends) if last <= start), len(ends))
        if row == len(ends):
            ends.append(end)
        ends[row] = max(end, start + 1)
        rows.append(row)
    return rows


def _figure_panel(points: list[Point], values: dict[str, Value], xs: TimeScale, top: float) -> Markup:
    """Figures of one unit: marks for every claim, labels at each position, arrows between positions."""
    unit = points[0].value.unit
    figures = {e.claim: _quantity(values, e, p) for p in points for e in p.evidence}
    ys = value_scale(figures.values(), top + 24, top + PLOT_H - 4)
    parts = [el("text", unit, class_="unit", x=4, y=top + 6)]
    for v in ys.ticks():
        parts.append(el("line", class_="hgrid", x1=xs.x0, x2=xs.x1, y1=ys.y(v), y2=ys.y(v)))
        parts.append(el("text", compact(v), class_="ytick", x=LEFT - 6, y=ys.y(v) + 4))
    marks, heads = [], []
    for p in points:
        for i, e in enumerate(p.evidence):
            mark, anchor = figure_mark(e, figures[e.claim], xs, ys)
            marks.append(mark)
            if i == 0:
                heads.append(anchor)
    connectors = [el("line", class_="connector", x1=a.x, y1=a.y, x2=b.x, y2=b.y, marker_end="url(#ist-arrowhead)")
                  for a, b in zip(heads, heads[1:]) if math.dist((a.x, a.y), (b.x, b.y)) > 16]
    return join(parts, connectors, marks, _labels([p.value_text for p in points], heads, xs))


def _quantity(values: dict[str, Value], e: Evidence, p: Point) -> Quantity:
    """The evidence's own figure ("some 20,000" in a point headed "20,000"), else its point's."""
    value = values.get(e.claim)
    return value if isinstance(value, Quantity) else p.value


# Where a figure's label may go, relative to its dot, in order of preference: (dx, dy, anchored at its end).
_LABEL_SPOTS = ((8, -8, False), (8, 16, False), (-8, -8, True), (-8, 16, True))


def _labels(texts: list[str], anchors: list[Anchor], xs: TimeScale) -> list[Markup]:
    """Each figure's label at the first spot by its dot that stays on the plot and clear of the labels before it."""
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for text, at in zip(texts, anchors):
        width = len(text) * CHAR_W
        boxes = []
        for dx, dy, end in _LABEL_SPOTS:
            x = at.x + dx
            left = x - width if end else x
            boxes.append(((left, at.y + dy - 10, left + width, at.y + dy + 2), x, at.y + dy, end))
        on_plot = [b for b in boxes if xs.x0 <= b[0][0] and b[0][2] <= xs.x1] or boxes
        box, x, y, end = next((b for b in on_plot if not any(_overlap(b[0], p) for p in placed)), on_plot[0])
        placed.append(box)
        out.append(el("text", text, class_="label", x=x, y=y, text_anchor="end" if end else None))
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _axis(xs: TimeScale, top: float, bottom: float) -> Markup:
    parts = []
    for tick in xs.ticks():
        parts.append(el("line", class_="vgrid", x1=tick.x, x2=tick.x, y1=top, y2=bottom))
        if tick.label:
            parts.append(el("text", tick.label, class_="xtick" if tick.major else "xtick minor", x=tick.x, y=bottom + 16))
    parts.append(el("line", class_="axis", x1=xs.x0, x2=xs.x1, y1=bottom, y2=bottom))
    return join(parts)


# --- charts -------------------------------------------------------------------------------------


def shared_range(own: TimeScale, shared: TimeScale, y: float) -> Markup | None:
    """Under a chart whose axis is fitted to its own dates, a strip for the report's whole range with this
    chart's part of it marked, so charts of different spans are not read as side by side."""
    if own.start <= shared.start and own.end >= shared.end:
        return None
    day = lambda ordinal: dt.date.fromordinal(ordinal).isoformat()  # noqa: E731
    here0, here1 = shared.x(max(own.start, shared.start)), shared.x(min(own.end, shared.end))
    return el("g", el("title", f"this chart: {day(own.start)} to {day(own.end)}, of the report's "
                               f"{day(shared.start)} to {day(shared.end)}"),
              el("line", class_="shared-range", x1=shared.x0, x2=shared.x1, y1=y, y2=y),
              el("rect", class_="shared-here", x=round(here0, 1), y=y - 3, width=round(max(here1 - here0, 2), 1),
                 height=6, rx=2))


def timeline_chart(chart_id: str, title: str, desc: str, timeline: TopicTimeline, values: dict[str, Value],
                   xs: TimeScale, shared: TimeScale | None = None) -> Markup:
    """One topic's chart: a lane for positions, a plot per unit of figures, its time axis, and under it, when
    that axis is not the report's, the report's range with this chart's part marked."""
    positions = [p for p in timeline.points if not isinstance(p.value, Quantity)]
    by_unit: dict[str, list[Point]] = {}  # by `unit_key`: "Troops" and "troops" share a plot, as `ist diff` compares them
    for p in timeline.points:
        if isinstance(p.value, Quantity):
            by_unit.setdefault(unit_key(p.value.unit), []).append(p)
    y, panels = 6.0, []
    if positions:
        lane, height = _position_lane(positions, xs, y)
        panels.append(lane)
        y += height + GAP
    for points in by_unit.values():
        panels.append(_figure_panel(points, values, xs, y))
        y += PLOT_H + GAP
    height = y + AXIS_H
    strip = shared_range(xs, shared, height + SHARED_H / 2) if shared is not None else None
    if strip is not None:
        height += SHARED_H
    return el(
        "svg", el("title", title, id=f"{chart_id}-title"), el("desc", desc, id=f"{chart_id}-desc"),
        _axis(xs, 0, y), *panels, strip,
        class_="chart", viewBox=f"0 0 {WIDTH} {height:.0f}", width="100%", role="img",
        aria_labelledby=f"{chart_id}-title {chart_id}-desc", preserveAspectRatio="xMinYMin meet",
        xmlns="http://www.w3.org/2000/svg",
    )


def describe(name: str, timeline: TopicTimeline, change_labels: dict[str, list[str]]) -> str:
    """The chart in words, for screen readers and as alt text: each position, when, and how it was entered.

    `change_labels` maps a point's first claim to the changes into it ("walked back").
    """
    about = f" about {timeline.about_name}" if timeline.about else ""
    steps = []
    for p in timeline.points:
        how = ", ".join(change_labels.get(p.claims[0], []))
        sources = len(p.sources)
        conditions = f" ({'; '.join(p.conditions)})" if p.conditions else ""
        steps.append(f"{how + ': ' if how else ''}{p.value_text}{conditions}, {p.when}"
                     f"{', hedged' if p.hedged else ''} ({sources} source{'s' if sources != 1 else ''})")
    return f"{name} on {timeline.topic}{about}: " + "; then ".join(steps) + "."


def defs() -> Markup:
    """Masks, the hatch and the arrowhead every chart refers to; put once in the page, hidden."""
    def fade(name: str, x1: float, y1: float, x2: float, y2: float, stops: Iterable[tuple[float, str]]) -> Markup:
        gradient = el("linearGradient", *(el("stop", offset=o, stop_color=c) for o, c in stops), id=f"ist-g-{name}",
                      x1=x1, y1=y1, x2=x2, y2=y2)
        mask = el("mask", el("rect", width=1, height=1, fill=f"url(#ist-g-{name})"), id=f"ist-fade-{name}",
                  maskContentUnits="objectBoundingBox", x=-0.1, y=-0.1, width=1.2, height=1.2)
        return join(gradient, mask)

    one_way = [(0, "white"), (0.55, "white"), (1, "#111")]
    both = [(0, "#111"), (0.3, "white"), (0.7, "white"), (1, "#111")]
    hatch = el("pattern", el("line", class_="hatch-line", x1=0, y1=0, x2=0, y2=6), id="ist-hatch", width=6, height=6,
               patternUnits="userSpaceOnUse", patternTransform="rotate(45)")
    arrowhead = el("marker", el("path", class_="arrowhead", d="M0,0 L10,5 L0,10 z"), id="ist-arrowhead",
                   viewBox="0 0 10 10", refX=10, refY=5, markerWidth=7, markerHeight=7, orient="auto")
    return el(
        "svg",
        el("defs", fade("up", 0, 1, 0, 0, one_way), fade("down", 0, 0, 0, 1, one_way),
           fade("left", 1, 0, 0, 0, one_way), fade("right", 0, 0, 1, 0, one_way), fade("x", 0, 0, 1, 0, both),
           hatch, arrowhead),
        class_="defs", width=0, height=0, aria_hidden="true", focusable="false", xmlns="http://www.w3.org/2000/svg",
    )


def swatch(*children: object, width: int = 44, height: int = 22) -> Markup:
    """A small decorative SVG for the legend; the text beside it says what it means."""
    return el("svg", *children, class_="swatch", viewBox=f"0 0 {width} {height}", width=width, height=height,
              aria_hidden="true", focusable="false", xmlns="http://www.w3.org/2000/svg")


def legend_items() -> list[tuple[Markup, str]]:
    """(swatch, meaning) pairs drawn with the charts' own classes."""
    def bar(kind: str) -> Markup:
        return swatch(band(2, 42, 4, 14, kind))

    mark = el("g", el("rect", class_="region", x=10, y=2, width=24, height=18, rx=3),
              el("line", class_="figure", x1=10, x2=34, y1=11, y2=11))
    return [
        (swatch(el("circle", class_="dot", cx=22, cy=11, r=4.5)), "a figure, dated to the day"),
        (swatch(mark, el("circle", class_="dot", cx=22, cy=11, r=4.5)),
         "a figure with what it admits: the box spans its possible values (\"some\" is ±10%, \"between\" its range) "
         "and its possible dates (a month, or a range of days)"),
        (swatch(el("rect", class_="region", x=14, y=6, width=16, height=16, mask="url(#ist-fade-up)"),
                _arrow(22, 2, "up")),
         "open-ended (\"at least\", \"more than\", \"up to\"), or dates running beyond the chart: fades to the edge"),
        (swatch(el("g", el("circle", class_="dot", cx=22, cy=11, r=4.5), class_="hedged")),
         "hollow or dashed: hedged (\"reportedly\")"),
        (bar("pos2"), "supports, offers, willing"),
        (bar("pos1"), "interested, conditional"),
        (bar("neutral"), "hesitant"),
        (bar("neg1"), "opposes"),
        (bar("neg2"), "refuses, rules out, withdraws"),
        (bar("text"), "a statement in words (its text is in the list under the chart)"),
    ]
