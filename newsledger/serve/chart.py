"""The figures ledger as an SVG chart, drawn on the server.

No chart library and no script: a value or a range per source over time,
one colour per source, every label escaped.  Styling is done with SVG
attributes, not ``style=`` (the Content-Security-Policy allows no inline
styles).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

# Okabe-Ito colours: told apart by people with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 70, 180, 20, 50


@dataclass(slots=True)
class Point:
    when: str | None  # ISO date (or datetime) the source gave the figure, if known
    value: float
    value_high: float | None
    source: str
    label: str  # the figure as written


def _day(when: str | None) -> date | None:
    if not when:
        return None
    try:
        return date.fromisoformat(when[:10])
    except ValueError:
        return None


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 or v == int(v) else f"{v:,.2f}"


def svg(points: list[Point], *, title: str = "Figures by source") -> Markup:
    """An accessible SVG (role=img, a <title>) of the points; empty markup for no points."""
    pts = [p for p in points if p.value is not None]
    if not pts:
        return Markup("")
    days = [_day(p.when) for p in pts]
    known = [d for d in days if d is not None]
    lo_day, hi_day = (min(known), max(known)) if known else (None, None)
    lows = [p.value for p in pts]
    highs = [p.value_high if p.value_high is not None else p.value for p in pts]
    y_min, y_max = min(0.0, min(lows)), max(highs)
    if y_max == y_min:
        y_max = y_min + 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(i: int) -> float:
        d = days[i]
        if d is not None and lo_day is not None and hi_day is not None and hi_day > lo_day:
            return LEFT + plot_w * (d - lo_day).days / (hi_day - lo_day).days
        if d is not None:
            return LEFT + plot_w / 2
        # Undated figures stand at the right edge, apart from the dated ones.
        return LEFT + plot_w

    def y_of(v: float) -> float:
        return TOP + plot_h * (1 - (v - y_min) / (y_max - y_min))

    sources: list[str] = []
    for p in pts:
        if p.source not in sources:
            sources.append(p.source)
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sources)}
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ledger-chart" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#555"/>',
    ]
    for k in range(5):
        v = y_min + (y_max - y_min) * k / 4
        y = y_of(v)
        out.append(f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{LEFT + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{escape(_fmt(v))}</text>')
    if lo_day is not None and hi_day is not None:
        out.append(f'<text x="{LEFT}" y="{TOP + plot_h + 18}" font-size="11">{escape(lo_day.isoformat())}</text>')
        if hi_day != lo_day:
            out.append(f'<text x="{LEFT + plot_w}" y="{TOP + plot_h + 18}" text-anchor="end" font-size="11">'
                       f'{escape(hi_day.isoformat())}</text>')
    if any(d is None for d in days):
        out.append(f'<text x="{LEFT + plot_w}" y="{TOP + plot_h + 34}" text-anchor="end" font-size="11">'
                   "undated</text>")
    for i, p in enumerate(pts):
        x = x_of(i)
        c = colour[p.source]
        tip = escape(f"{p.source}: {p.label}" + (f" ({p.when[:10]})" if p.when else ""))
        if p.value_high is not None and p.value_high != p.value:
            y1, y2 = y_of(p.value), y_of(p.value_high)
            out.append(f'<g class="range"><title>{tip}</title>'
                       f'<line x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y2:.1f}" stroke="{c}" stroke-width="3"/>'
                       f'<line x1="{x - 5:.1f}" y1="{y1:.1f}" x2="{x + 5:.1f}" y2="{y1:.1f}" stroke="{c}"/>'
                       f'<line x1="{x - 5:.1f}" y1="{y2:.1f}" x2="{x + 5:.1f}" y2="{y2:.1f}" stroke="{c}"/></g>')
        else:
            out.append(f'<g class="point"><title>{tip}</title>'
                       f'<circle cx="{x:.1f}" cy="{y_of(p.value):.1f}" r="5" fill="{c}"/></g>')
    for i, s in enumerate(sources[:12]):
        y = TOP + 10 + i * 18
        label = s if len(s) <= 24 else s[:23] + "…"
        out.append(f'<rect x="{LEFT + plot_w + 16}" y="{y - 8}" width="10" height="10" fill="{colour[s]}"/>')
        out.append(f'<text x="{LEFT + plot_w + 32}" y="{y + 1}" font-size="11">{escape(label)}</text>')
    if len(sources) > 12:
        out.append(f'<text x="{LEFT + plot_w + 16}" y="{TOP + 10 + 12 * 18}" font-size="11">'
                   f"and {len(sources) - 12} more</text>")
    out.append("</svg>")
    return Markup("".join(out))
