"""Pictures of figures, for where people would rather look than read: bars of text for Markdown
and Word (a table of bars needs no image library and prints in the document's own font), and
small SVG charts for HTML (bars, grouped columns, lines). Labels and numbers are escaped; no
scripts; nothing here queries the ledger.
"""

from __future__ import annotations

from collections.abc import Sequence

# A bar of text: whole blocks and one partial block (eighths), so that 7 and 8 differ.
_FULL = "█"
_EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
BAR_WIDTH = 20
COLORS = ("#3b6ea8", "#c0703a", "#5b8c4a", "#8a5aa8", "#b0463c", "#4a9aa0")


def text_bar(n: int | float, peak: int | float, width: int = BAR_WIDTH) -> str:
    """``n`` as a bar of block characters, ``peak`` filling ``width`` of them ("" for 0)."""
    if peak <= 0 or n <= 0:
        return ""
    eighths = max(1, round(8 * width * n / peak))
    return _FULL * (eighths // 8) + _EIGHTHS[eighths % 8]


def percent(numerator: int, denominator: int) -> float | None:
    return 100.0 * numerator / denominator if denominator else None


def percent_text(numerator: int, denominator: int) -> str:
    """``63% (19/30)``, or ``-`` when there is nothing to rate."""
    value = percent(numerator, denominator)
    return "-" if value is None else f"{value:.0f}% ({numerator}/{denominator})"


def _escape(text: str) -> str:
    """``html.escape``, imported when a picture is drawn: Markdown and Word draw bars of text
    only, and the html module costs their start-up ~1.5 ms."""
    from html import escape as html_escape

    return html_escape(text)


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" aria-label="{_escape(title)}"'
        ' font-family="inherit">'
    )


def svg_bars(title: str, pairs: Sequence[tuple[str, int]], color: str = COLORS[0]) -> str:
    """Horizontal bars, one per (label, count)."""
    width, label_w, bar_h, gap, top = 320, 90, 16, 6, 4
    height = top + len(pairs) * (bar_h + gap) + 2
    peak = max((n for _, n in pairs), default=0) or 1
    span = width - label_w - 40
    parts = [_svg_open(width, height, title)]
    for i, (label, n) in enumerate(pairs):
        y = top + i * (bar_h + gap)
        w = round(span * n / peak, 1)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 4}" font-size="11" text-anchor="end">'
            f"{_escape(label)}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{color}"/>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + bar_h - 4}" font-size="11">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _legend(names: Sequence[str], x: int, y: int) -> list[str]:
    parts = []
    for i, name in enumerate(names):
        left = x + i * 110
        color = COLORS[i % len(COLORS)]
        parts.append(f'<rect x="{left}" y="{y - 9}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{left + 14}" y="{y}" font-size="11">{_escape(name)}</text>')
    return parts


def _month_labels(months: Sequence[str], x0: float, step: float, y: int) -> list[str]:
    return [
        f'<text x="{x0 + i * step + step / 2:.1f}" y="{y}" font-size="10" text-anchor="middle">'
        f"{_escape(m[2:4] + '/' + m[5:7] if m.endswith('-01') else m[5:7])}</text>"
        for i, m in enumerate(months)
    ]


def svg_columns(title: str, months: Sequence[str], series: Sequence[tuple[str, list[int]]]) -> str:
    """Grouped columns per month (received and closed ...), with a legend and the peak value."""
    width, height, left, top, bottom = 480, 200, 36, 24, 34
    plot_h = height - top - bottom
    step = (width - left - 8) / max(len(months), 1)
    peak = max((v for _, values in series for v in values), default=0) or 1
    bar_w = max(2.0, (step - 6) / max(len(series), 1))
    parts = [_svg_open(width, height, title)]
    parts += _legend([name for name, _ in series], left, 12)
    base = top + plot_h
    parts.append(
        f'<line x1="{left}" y1="{base}" x2="{width - 8}" y2="{base}" stroke="#777" stroke-width="0.6"/>'
    )
    parts.append(
        f'<text x="{left - 4}" y="{top + 8}" font-size="10" text-anchor="end">{peak}</text>'
    )
    for i in range(len(months)):
        for j, (_, values) in enumerate(series):
            v = values[i]
            h = round(plot_h * v / peak, 1)
            x = left + i * step + 3 + j * bar_w
            color = COLORS[j % len(COLORS)]
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h}"'
                f' fill="{color}"><title>{_escape(months[i])}: {v}</title></rect>'
            )
    parts += _month_labels(months, left, step, height - bottom + 14)
    parts.append("</svg>")
    return "".join(parts)


def svg_lines(
    title: str, months: Sequence[str], series: Sequence[tuple[str, list[float | None]]]
) -> str:
    """Lines of percentages per month (0 to 100), one per series; a month with nothing to rate
    breaks the line."""
    width, height, left, top, bottom = 320, 170, 36, 24, 30
    plot_h = height - top - bottom
    step = (width - left - 8) / max(len(months), 1)
    base = top + plot_h
    parts = [_svg_open(width, height, title)]
    parts += _legend([name for name, _ in series], left, 12)
    for pct in (0, 50, 100):
        y = base - plot_h * pct / 100
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="#ccc"'
            ' stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="10" text-anchor="end">{pct}%</text>'
        )
    for j, (_, values) in enumerate(series):
        color = COLORS[j % len(COLORS)]
        runs: list[list[str]] = [[]]
        for i, v in enumerate(values):
            if v is None:
                runs.append([])
                continue
            x, y = left + i * step + step / 2, base - plot_h * v / 100
            runs[-1].append(f"{x:.1f},{y:.1f}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{color}">'
                f"<title>{_escape(months[i])}: {v:.0f}%</title></circle>"
            )
        for run in runs:
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}"'
                    ' stroke-width="1.5"/>'
                )
    parts += _month_labels(months, left, step, height - bottom + 14)
    parts.append("</svg>")
    return "".join(parts)
