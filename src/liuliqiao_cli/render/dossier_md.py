"""The dossier as Markdown: the canonical text (golden-file tested)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from liuliqiao_cli.i18n import t
from liuliqiao_cli.meetings.dossier_model import Dossier
from liuliqiao_cli.render import dossier_common as c
from liuliqiao_cli.render.text import visible


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell: | and backslashes escaped, line breaks become
    <br>, and < > & are entities so that complaint text cannot inject HTML into a viewer."""
    text = visible(value, newlines=True)
    text = (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\\", "\\\\")
        .replace("|", "\\|")
    )
    return "<br>".join(
        part.strip() for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    yield "| " + " | ".join(cell(h) for h in header) + " |"
    yield "|" + "---|" * len(header)
    for row in rows:
        yield "| " + " | ".join(cell(v) for v in row) + " |"


def lines(d: Dossier) -> Iterator[str]:
    h = c.headings()
    yield f"# {cell(d.title)}"
    yield ""
    yield f"> {cell(c.lead(d))}"
    yield ""
    yield f"## {h[0]}"
    yield ""
    yield from _table((t("dossier.col.field"), t("dossier.col.value")), c.facts_rows(d))
    yield ""
    yield f"## {h[1]}"
    yield ""
    yield from _table((t("dossier.col.field"), t("dossier.col.value")), c.duty_rows(d))
    yield ""
    yield f"**{t('dossier.overrides')}**"
    yield ""
    if d.duty.overrides:
        yield from _table(c.override_header(), c.override_rows(d))
    else:
        yield t("dossier.none")
    yield ""
    yield f"**{t('dossier.buildings')}**"
    yield ""
    yield from _table(c.building_header(), c.building_rows(d))
    yield ""
    yield f"## {h[2]}"
    yield ""
    if d.followup_of:
        yield cell(d.followup_of)
        yield ""
    if d.followup:
        yield from _table(c.followup_header(), c.followup_rows(d))
    else:
        yield t("dossier.no_followup")
    yield ""
    yield f"## {h[3]}"
    yield ""
    yield t("dossier.agenda_count", count=len(d.agenda))
    header = c.agenda_header()
    for company, building, items in d.groups():
        yield ""
        yield f"### {cell(c.group_title(company, building, len(items)))}"
        yield ""
        yield from _table(header, (c.agenda_cells(a) for a in items))
    yield ""
    yield f"## {h[4]}"
    yield ""
    yield t("dossier.period", since=d.figures.since, until=d.figures.until)
    yield ""
    yield from _table((t("dossier.col.figure"), t("dossier.col.value")), c.figure_rows(d))
    for title, pairs in (
        (t("dossier.by_building"), d.figures.by_building),
        (t("dossier.by_company"), d.figures.by_company),
        (t("dossier.by_item"), d.figures.by_item),
    ):
        yield ""
        yield f"**{title}**"
        yield ""
        yield from _table(
            (title, t("dossier.col.count"), t("dossier.col.chart")), c.breakdown_rows(pairs)
        )
    if d.figures.trend_months:
        yield ""
        yield f"**{t('dossier.chart_trend')}**"
        yield ""
        yield from _table(c.trend_header(), c.trend_rows(d))
        yield ""
        yield f"**{t('dossier.chart_rates')}**"
        yield ""
        yield from _table(c.rate_trend_header(d), c.rate_trend_rows(d))
        yield ""
        yield t("dossier.trend_note", until=d.figures.until)
    yield ""
    yield f"## {h[5]}"
    yield ""
    yield from _table(c.decision_header(), c.decision_rows(d))
    yield ""
    for line in c.signature_lines(d):
        yield line
        yield ""


def write(d: Dossier, out: TextIO) -> None:
    for line in lines(d):
        out.write(line + "\n")
