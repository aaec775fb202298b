"""The summary's bars on a terminal: the period's complaints by building and by company."""

from __future__ import annotations

from typing import Any

from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.summary_text import Names
from liuliqiao_cli.reports.summary import Summary


def draw_bars(s: Summary, estate: Any, lang: str, console: Any) -> None:
    """The period's complaints by building and by company as simple bars (terminal only)."""
    from rich.bar import Bar
    from rich.table import Table

    names = Names(estate, lang)
    r = s.received
    if not r.total:
        return
    top = max([*r.by_building.values(), *r.by_company.values(), 1])
    for title, counts, name in (
        (t("summary.bars.building", lang), r.by_building, names.building),
        (t("summary.bars.company", lang), r.by_company, names.company),
    ):
        table = Table(
            title=title,
            box=None,
            show_header=False,
            pad_edge=False,
            title_justify="left",
            title_style="none",
        )  # colour only: NO_COLOR then leaves no escape code at all
        table.add_column(no_wrap=True)
        table.add_column(justify="right")
        table.add_column(width=40)
        for key, n in counts.items():
            table.add_row(name(key), str(n), Bar(top, 0, n, color="cyan"))
        console.print(table)
