"""The dossier as one self-contained HTML file: inline CSS, a CJK font stack, small inline SVG bar
charts; no scripts and no external requests. Every text is escaped.

On a screen it reads at any width: the text column grows to a comfortable maximum on a wide
screen, and on a narrow one (a phone) each wide table scrolls sideways inside its own box rather
than squeezing its columns to a character or two. Printed, it is laid out like the Word file: A4
landscape throughout (no forced page breaks, hence no near-empty pages), column widths of the
agenda from its content, header rows repeated on every page, no row split across two pages, a
short table kept on one page and the signatures kept with the decisions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import Dossier
from liuliqiao_cli.render import charts
from liuliqiao_cli.render import dossier_common as c
from liuliqiao_cli.render.dossier_widths import column_widths, printed_width
from liuliqiao_cli.render.text import html_text as escape

CSS = """
@page { size: A4 landscape; margin: 12mm 12mm 12mm 12mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
       "Microsoft YaHei", "WenQuanYi Micro Hei", "SimSun", "Songti SC", sans-serif;
       font-size: 15px; line-height: 1.5; color: #111; margin: 0 auto; max-width: 1240px;
       padding: 0 16px 24px; }
h1 { font-size: 1.6em; text-align: center; margin: 0.8em 0 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1.5px solid #333; padding-bottom: 0.15em; margin: 1.4em 0 0.5em;
     break-after: avoid; }
h3 { font-size: 1.05em; margin: 1em 0 0.3em; break-after: avoid; }
p.intro { break-after: avoid; }
p.lead { text-align: center; color: #555; font-size: 0.85em; margin: 0 0 1em; }
.scroll { overflow-x: auto; margin: 0.2em 0 0.8em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 0.6px solid #777; padding: 0.25em 0.45em; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #eee; font-weight: bold; overflow-wrap: normal; word-break: keep-all; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.short { break-inside: avoid; }
table.kv { width: auto; min-width: 50%; }
table.kv th { white-space: nowrap; }
table.agenda { font-size: 0.82em; table-layout: fixed; min-width: 1080px; }
table.followup, table.decisions { min-width: 640px; }
tr.overdue td:nth-child(6) { color: #b00; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
.charts { display: flex; gap: 24px; flex-wrap: wrap; break-inside: avoid; }
.chart { flex: 1 1 320px; break-inside: avoid; }
.chart svg { max-width: 100%; height: auto; }
.chart.wide { flex: 2 1 480px; }
table.trend { font-size: 0.8em; min-width: 720px; }
p.note { color: #555; font-size: 0.85em; }
.chart h4 { font-size: 0.95em; margin: 0.3em 0; }
table.decisions td { height: 2.4em; }
.sign { break-inside: avoid; break-before: avoid; display: grid;
        grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 8mm 10mm; margin-top: 8mm; }
.sign div { border-bottom: 0.8px solid #333; padding-top: 10mm; font-size: 0.95em; }
@media (max-width: 600px) {
  body { font-size: 14px; padding: 0 10px 16px; }
  table.kv { width: 100%; }
  table.kv th { white-space: normal; width: 30%; }
}
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 13pt; margin: 4mm 0 2mm; }
  h3 { font-size: 11pt; margin: 3mm 0 1mm; }
  p.lead { font-size: 9pt; }
  .scroll { overflow: visible; margin: 1mm 0 3mm; }
  table { font-size: 9pt; min-width: 0 !important; }
  table.agenda { font-size: 8pt; }
  table.decisions td { height: 8.5mm; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
# A table this short is kept on one page when printed.
KEEP_TOGETHER_ROWS = 15
# The printed agenda: A4 landscape less the margins, at 8 pt, with a 1.5 mm cell padding.
_AGENDA_PT = 8.0
_PRINT_WIDTH_MM = 297 - 24
_PADDING_MM = 3.2


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    cls: str = "",
    numeric: Sequence[int] = (),
    widths: Sequence[float] = (),
    marked: Iterable[bool] | None = None,
    keep_together: bool | None = None,
) -> Iterator[str]:
    """A table in a box that scrolls sideways on a narrow screen; ``widths`` in percent (fixed
    layout), ``marked`` rows get class "overdue"; kept on one printed page when
    ``keep_together`` (by default: when it has at most KEEP_TOGETHER_ROWS rows)."""
    rows = list(rows)
    if keep_together is None:
        keep_together = len(rows) <= KEEP_TOGETHER_ROWS
    classes = " ".join(x for x in (cls, "short" if keep_together else "") if x)
    yield (
        f'<div class="scroll"><table class="{classes}">'
        if classes
        else '<div class="scroll"><table>'
    )
    if widths:
        yield (
            "<colgroup>" + "".join(f'<col style="width:{w:.1f}%">' for w in widths) + "</colgroup>"
        )
    yield "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead><tbody>"
    flags = iter(marked) if marked is not None else None
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            attr = ' class="num"' if i in numeric else ""
            cells.append(f"<td{attr}>{escape(v).replace(chr(10), '<br>')}</td>")
        mark = ' class="overdue"' if flags is not None and next(flags, False) else ""
        yield f"<tr{mark}>" + "".join(cells) + "</tr>"
    yield "</tbody></table></div>"


def agenda_widths(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    """Percent widths of the agenda columns from their content (the same in every group's
    table), measured as the Word file measures them on its landscape page."""
    cell_mm = _AGENDA_PT / 2 * 25.4 / 72 * 1.08
    available = (_PRINT_WIDTH_MM - len(header) * _PADDING_MM) / cell_mm
    widths = [
        w * cell_mm + _PADDING_MM for w in column_widths(header, rows, available, printed_width)
    ]
    total = sum(widths)
    # Written to 0.1%: rounded here, the rounding's remainder given to the widest column, so
    # that the printed widths add up to 100.0 whatever the content.
    shares = [round(100 * w / total, 1) for w in widths]
    widest = shares.index(max(shares))
    shares[widest] = round(shares[widest] + 100 - sum(shares), 1)
    return shares


def _kv(rows: Iterable[tuple[str, str]]) -> Iterator[str]:
    yield '<table class="kv short"><tbody>'
    for k, v in rows:
        yield f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>"
    yield "</tbody></table>"


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
        yield f'<p class="intro">{escape(d.followup_of)}</p>'
    if d.followup:
        yield from _table(c.followup_header(), c.followup_rows(d), "followup")
    else:
        yield f"<p>{escape(t('dossier.no_followup'))}</p>"
    yield '<section class="agenda">'
    yield f"<h2>{escape(h[3])}</h2>"
    yield f'<p class="intro">{escape(t("dossier.agenda_count", count=len(d.agenda)))}</p>'
    header = c.agenda_header()
    cells = {a.id: c.agenda_cells(a) for a in d.agenda}
    widths = agenda_widths(header, list(cells.values()))
    for company, building, items in d.groups():
        yield f"<h3>{escape(c.group_title(company, building, len(items)))}</h3>"
        yield from _table(
            header,
            [cells[a.id] for a in items],
            "agenda",
            numeric=(0, 6),
            widths=widths,
            marked=(a.overdue for a in items),
        )
    yield "</section>"
    yield f"<h2>{escape(h[4])}</h2>"
    period = t("dossier.period", since=d.figures.since, until=d.figures.until)
    yield f'<p class="intro">{escape(period)}</p>'
    yield from _kv(c.figure_rows(d))
    yield '<div class="charts">'
    for title, pairs, color in (
        (t("dossier.chart_building"), d.figures.by_building, charts.COLORS[0]),
        (t("dossier.chart_company"), d.figures.by_company, charts.COLORS[1]),
    ):
        svg = charts.svg_bars(title, pairs, color)
        yield f'<div class="chart"><h4>{escape(title)}</h4>{svg}</div>'
    yield "</div>"
    yield from _trend(d)
    yield f"<h3>{escape(t('dossier.by_item'))}</h3>"
    yield from _table(
        (t("dossier.by_item"), t("dossier.col.count")),
        ((k, str(v)) for k, v in d.figures.by_item),
        numeric=(1,),
    )
    yield f"<h2>{escape(h[5])}</h2>"
    # The decisions may break across pages; the signatures stay with their last rows.
    yield from _table(
        c.decision_header(),
        c.decision_rows(d),
        "decisions",
        widths=(6, 10, 42, 14, 12, 16),
        keep_together=False,
    )
    yield '<div class="sign">'
    for who in d.signatures:
        yield f"<div>{escape(t('dossier.sign_who', who=who))}</div>"
    yield "</div>"
    yield "</body></html>"


def _trend(d: Dossier) -> Iterator[str]:
    """Twelve months: received and closed as columns, each rate as a line per company, and the
    numbers with their counts below."""
    f = d.figures
    if not f.trend_months:
        return
    title = t("dossier.chart_trend")
    series = [(t("dossier.n.received"), f.trend_received), (t("dossier.n.closed"), f.trend_closed)]
    yield f"<h3>{escape(title)}</h3>"
    yield '<div class="charts">'
    yield f'<div class="chart wide">{charts.svg_columns(title, f.trend_months, series)}</div>'
    yield "</div>"
    rates_title = t("dossier.chart_rates")
    yield f"<h3>{escape(rates_title)}</h3>"
    yield '<div class="charts">'
    for key in dict.fromkeys(s.key for s in f.trend_rates):
        lines_ = [
            (s.company_name, [charts.percent(*v) for v in s.values])
            for s in f.trend_rates
            if s.key == key
        ]
        name = next(s.name for s in f.trend_rates if s.key == key)
        svg = charts.svg_lines(name, f.trend_months, lines_)
        yield f'<div class="chart"><h4>{escape(name)}</h4>{svg}</div>'
    yield "</div>"
    yield from _table(c.rate_trend_header(d), c.rate_trend_rows(d), "trend")
    yield f'<p class="note">{escape(t("dossier.trend_note", until=f.until))}</p>'


def write(d: Dossier, out: TextIO) -> None:
    for line in lines(d):
        out.write(line + "\n")
