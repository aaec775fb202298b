"""The dossier as one self-contained, printable HTML file: inline CSS, A4 pages, a CJK font
stack, small inline SVG bar charts; no scripts and no external requests. Every text is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from html import escape
from typing import TextIO

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import Dossier
from liuliqiao_cli.render import dossier_common as c

CSS = """
@page { size: A4; margin: 16mm 14mm 16mm 14mm; }
@page agenda { size: A4 landscape; margin: 12mm 12mm 12mm 12mm; }
section.agenda { page: agenda; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
       "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", "Songti SC", sans-serif;
       font-size: 10.5pt; line-height: 1.45; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 17pt; text-align: center; margin: 4mm 0 2mm; }
h2 { font-size: 13pt; border-bottom: 1.5px solid #333; padding-bottom: 1mm; margin: 6mm 0 2mm;
     break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; break-after: avoid; }
p.lead { text-align: center; color: #555; font-size: 9pt; margin: 0 0 4mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; font-size: 9pt; }
th, td { border: 0.6px solid #777; padding: 1mm 1.5mm; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #eee; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.kv th { width: 28%; }
table.agenda { font-size: 8pt; table-layout: fixed; }
tr.overdue td:nth-child(6) { color: #b00; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
.charts { display: flex; gap: 6mm; flex-wrap: wrap; break-inside: avoid; }
.chart { flex: 1 1 80mm; break-inside: avoid; }
.chart h4 { font-size: 9.5pt; margin: 1mm 0; }
table.decisions td { height: 9mm; }
.sign { break-inside: avoid; display: grid; grid-template-columns: 1fr 1fr; gap: 8mm 10mm; margin-top: 8mm; }
.sign div { border-bottom: 0.8px solid #333; padding-top: 10mm; font-size: 10pt; }
@media print { body { max-width: none; } }
"""


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    cls: str = "",
    numeric: Sequence[int] = (),
    widths: Sequence[int] = (),
    marked: Iterable[bool] | None = None,
) -> Iterator[str]:
    """A table; ``widths`` in percent (fixed layout), ``marked`` rows get class "overdue"."""
    yield f'<table class="{cls}">' if cls else "<table>"
    if widths:
        yield "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
    yield "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead><tbody>"
    flags = iter(marked) if marked is not None else None
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            attr = ' class="num"' if i in numeric else ""
            cells.append(f"<td{attr}>{escape(v).replace(chr(10), '<br>')}</td>")
        mark = ' class="overdue"' if flags is not None and next(flags, False) else ""
        yield f"<tr{mark}>" + "".join(cells) + "</tr>"
    yield "</tbody></table>"


# Percent widths of the agenda columns (id, where, item, source, received, status, days, deadline,
# text, contact, history, reason): the same in every group's table.
AGENDA_WIDTHS = (6, 8, 9, 6, 8, 8, 5, 8, 18, 8, 9, 7)


def _kv(rows: Iterable[tuple[str, str]]) -> Iterator[str]:
    yield '<table class="kv"><tbody>'
    for k, v in rows:
        yield f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>"
    yield "</tbody></table>"


def bar_chart(title: str, pairs: Sequence[tuple[str, int]], color: str = "#3b6ea8") -> str:
    """A small horizontal bar chart as inline SVG (labels and numbers escaped)."""
    width, label_w, bar_h, gap = 320, 90, 16, 6
    top = 4
    height = top + len(pairs) * (bar_h + gap) + 2
    peak = max((n for _, n in pairs), default=0) or 1
    span = width - label_w - 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
    ]
    for i, (label, n) in enumerate(pairs):
        y = top + i * (bar_h + gap)
        w = round(span * n / peak, 1)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 4}" font-size="11" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{color}"/>')
        parts.append(f'<text x="{label_w + w + 4}" y="{y + bar_h - 4}" font-size="11">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def lines(d: Dossier) -> Iterator[str]:
    h = c.headings()
    yield "<!DOCTYPE html>"
    yield '<html lang="zh-CN">' if d.lang == "zh" else '<html lang="en">'
    yield '<head><meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    yield f"<title>{escape(d.title)}</title>"
    yield f"<style>{CSS}</style></head><body>"
    yield f"<h1>{escape(d.title)}</h1>"
    yield f'<p class="lead">{escape(c.lead(d))}</p>'
    yield f"<h2>{escape(h[0])}</h2>"
    yield from _kv(c.facts_rows(d))
    yield f"<h2>{escape(h[1])}</h2>"
    yield from _kv(c.duty_rows(d))
    yield f"<h3>{escape(t('dossier.overrides'))}</h3>"
    if d.duty.overrides:
        yield from _table(c.override_header(), c.override_rows(d))
    else:
        yield f"<p>{escape(t('dossier.none'))}</p>"
    yield f"<h3>{escape(t('dossier.buildings'))}</h3>"
    yield from _table(c.building_header(), c.building_rows(d))
    yield f"<h2>{escape(h[2])}</h2>"
    if d.followup_of:
        yield f"<p>{escape(d.followup_of)}</p>"
    if d.followup:
        yield from _table(c.followup_header(), c.followup_rows(d))
    else:
        yield f"<p>{escape(t('dossier.no_followup'))}</p>"
    yield '<section class="agenda">'
    yield f"<h2>{escape(h[3])}</h2>"
    yield f"<p>{escape(t('dossier.agenda_count', count=len(d.agenda)))}</p>"
    header = c.agenda_header()
    for company, building, items in d.groups():
        yield f"<h3>{escape(c.group_title(company, building, len(items)))}</h3>"
        yield from _table(
            header,
            (c.agenda_cells(a) for a in items),
            "agenda",
            numeric=(0, 6),
            widths=AGENDA_WIDTHS,
            marked=(a.overdue for a in items),
        )
    yield "</section>"
    yield f"<h2>{escape(h[4])}</h2>"
    yield f"<p>{escape(t('dossier.period', since=d.figures.since, until=d.figures.until))}</p>"
    yield from _kv(c.figure_rows(d))
    yield '<div class="charts">'
    for title, pairs, color in (
        (t("dossier.chart_building"), d.figures.by_building, "#3b6ea8"),
        (t("dossier.chart_company"), d.figures.by_company, "#c0703a"),
    ):
        yield f'<div class="chart"><h4>{escape(title)}</h4>{bar_chart(title, pairs, color)}</div>'
    yield "</div>"
    yield f"<h3>{escape(t('dossier.by_item'))}</h3>"
    yield from _table(
        (t("dossier.by_item"), t("dossier.col.count")),
        ((k, str(v)) for k, v in d.figures.by_item),
        numeric=(1,),
    )
    yield f"<h2>{escape(h[5])}</h2>"
    yield from _table(
        c.decision_header(), c.decision_rows(d), "decisions", widths=(6, 10, 42, 14, 12, 16)
    )
    yield '<div class="sign">'
    for who in d.signatures:
        yield f"<div>{escape(t('dossier.sign_who', who=who))}</div>"
    yield "</div>"
    yield "</body></html>"


def write(d: Dossier, out: TextIO) -> None:
    for line in lines(d):
        out.write(line + "\n")
