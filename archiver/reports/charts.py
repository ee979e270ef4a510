"""Small inline SVG charts for report.html: no script, no fonts or styles from outside."""

from __future__ import annotations

from html import escape

BAR_HEIGHT = 22
LABEL_WIDTH = 210
CHART_WIDTH = 640


def bar_chart(name: str, bars: list[tuple[str, float]], *, percent: bool = False) -> str:
    """Horizontal bars, one per (label, value); `percent`: values are shares 0..1."""
    if not bars:
        return '<p class="none">none</p>'
    top = 1.0 if percent else max(value for _, value in bars) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 70
    rows = []
    for index, (label, value) in enumerate(bars):
        y = index * BAR_HEIGHT
        width = max(1.0, room * value / top) if value else 0
        shown = f"{value:.0%}" if percent else f"{value:g}"
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="{BAR_HEIGHT - 6}">'
            f"<title>{escape(label)}: {shown}</title></rect>"
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 15}">{shown}</text>')
    height = len(bars) * BAR_HEIGHT
    return (f'<svg class="chart" data-chart="{escape(name)}" role="img" '
            f'aria-label="{escape(name)}" width="{CHART_WIDTH}" height="{height}" '
            f'viewBox="0 0 {CHART_WIDTH} {height}">{"".join(rows)}</svg>')


def column_chart(name: str, counts: list[int], *, first: str, last: str, unit: str) -> str:
    """Columns over time: counts per bucket, the first and last bucket's times as axis labels."""
    if not counts or not any(counts):
        return '<p class="none">no fetches recorded</p>'
    plot_height, top = 160, max(counts)
    width = (CHART_WIDTH - 40) / len(counts)
    columns = []
    for index, count in enumerate(counts):
        height = plot_height * count / top
        x = 30 + index * width
        columns.append(
            f'<rect x="{x + 1:.1f}" y="{plot_height - height + 10:.1f}" '
            f'width="{max(width - 2, 1):.1f}" height="{height:.1f}"><title>{count} {unit}'
            f"</title></rect>")
    axis = (f'<line x1="30" y1="{plot_height + 10}" x2="{CHART_WIDTH - 10}" '
            f'y2="{plot_height + 10}" class="axis"/>'
            f'<text x="26" y="20" text-anchor="end">{top}</text>'
            f'<text x="30" y="{plot_height + 28}">{escape(first)}</text>'
            f'<text x="{CHART_WIDTH - 10}" y="{plot_height + 28}" text-anchor="end">'
            f"{escape(last)}</text>")
    total = plot_height + 36
    return (f'<svg class="chart" data-chart="{escape(name)}" role="img" '
            f'aria-label="{escape(name)}" width="{CHART_WIDTH}" height="{total}" '
            f'viewBox="0 0 {CHART_WIDTH} {total}">{axis}{"".join(columns)}</svg>')
