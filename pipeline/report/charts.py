"""Charts as inline SVG drawn here: no chart library, nothing fetched, readable from file://."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from pipeline.labels import DATE, LOC, ORG, PER

LABEL_COLORS = {PER: "#aa9cfc", ORG: "#7aecec", LOC: "#feca74", DATE: "#bfe1d9"}
"""One colour per label, shared by the charts and the highlighted document text (displaCy's own
colours for PERSON, ORG, GPE and DATE)."""

NEUTRAL = "#9fb3c8"
FONT = 'font-family="sans-serif" font-size="12"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None


def bar_chart(bars: list[Bar], color: str = NEUTRAL, width: int = 460, label_width: int = 190) -> Markup:
    """Horizontal bars, longest first as given; each label links to `href` when it has one."""
    row, top = 20, 4
    height = top + row * len(bars) + 4
    longest = max((bar.value for bar in bars), default=1) or 1
    room = width - label_width - 40
    parts = [f'<svg class="chart" width="{width}" height="{height}" role="img">']
    for i, bar in enumerate(bars):
        y = top + i * row
        text = escape(_shorten(bar.label, label_width // 7))
        label = f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" {FONT}><title>{escape(bar.label)}</title>{text}</text>'
        if bar.href:
            label = f'<a href="{escape(bar.href)}">{label}</a>'
        length = max(round(room * bar.value / longest), 1)
        parts.append(label)
        parts.append(f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{row - 6}" fill="{color}"/>')
        parts.append(f'<text x="{label_width + length + 4}" y="{y + 14}" {FONT}>{bar.value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(values: list[tuple[str, int]], color: str = LABEL_COLORS[DATE], height: int = 180, max_width: int = 1100) -> Markup:
    """Vertical bars over consecutive periods (months or years); about a dozen axis labels."""
    if not values:
        return Markup("")
    axis, top = 34, 16
    step = max(min(40, max_width // len(values)), 3)
    width = step * len(values) + 8
    tallest = max(value for _, value in values) or 1
    every = max(len(values) // 12, 1)
    parts = [f'<svg class="chart" width="{width}" height="{height}" role="img">']
    for i, (period, value) in enumerate(values):
        x = 4 + i * step
        length = round((height - axis - top) * value / tallest)
        y = height - axis - length
        parts.append(f'<rect x="{x}" y="{y}" width="{max(step - 2, 1)}" height="{length}" fill="{color}"><title>{escape(period)}: {value}</title></rect>')
        if value and step >= 18:
            parts.append(f'<text x="{x + step / 2 - 1}" y="{y - 3}" text-anchor="middle" {FONT}>{value}</text>')
        if i % every == 0:
            parts.append(f'<text x="{x}" y="{height - axis + 14}" {FONT}>{escape(period)}</text>')
    parts.append(f'<line x1="0" y1="{height - axis}" x2="{width}" y2="{height - axis}" stroke="#888"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
