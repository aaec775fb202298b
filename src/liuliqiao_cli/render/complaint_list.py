"""How `list` looks: a rich table on a terminal, plain aligned text in a pipe, JSON or CSV."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from liuliqiao_cli.complaints.location import location_text
from liuliqiao_cli.i18n import t

if TYPE_CHECKING:  # output pulls in csv; the one-line commands do not need it
    from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.render.complaint_view import (
    _DROP_WHEN_NARROW,
    TEXT_MIN_CELLS,
    _list_columns,
    _on_terminal,
    _status_text,
    _text,
    status_label,
)
from liuliqiao_cli.render.text import visible


def render_list(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    lang: str,
    *,
    cap: int | None = None,
    estate: Estate | None = None,
) -> int:
    """A table on a terminal (coloured statuses), or JSON/CSV with the LIST_COLUMNS keys.

    Every column but the text keeps its full width; the text gets what is left of the
    terminal's width and is cut with "..." (a table is built in memory anyway). With ``cap``,
    at most that many rows are shown and a note says when there were more. The table names
    items and companies in English from ``estate`` when the language is not Chinese."""
    from liuliqiao_cli.render import output

    if fmt in ("json", "csv"):
        return output.emit(_list_columns(), rows, fmt)
    names_en = english_names(estate) if lang != "zh" and estate is not None else None
    if not _on_terminal():
        return _render_list_plain(rows, lang, cap, names_en)
    from rich.cells import cell_len
    from rich.table import Table

    from liuliqiao_cli.render.plain import cut

    headers = [
        t(k)
        for k in (
            "col.id",
            "col.received_at",
            "col.status",
            "col.location",
            "col.item",
            "col.company",
            "col.resolve_by",
            "col.text",
        )
    ]
    cells: list[list[Any]] = []
    texts: list[str] = []
    more = False
    for row in rows:
        if cap is not None and len(cells) >= cap:
            more = True
            break
        status = _status_text(row["status"])
        if row["overdue"]:
            status.append(" !", style="bold red")
        item, company = _item_company(row, lang, names_en)
        cells.append(
            [
                _text(f"#{row.get('name') or row['id']}"),
                _text((row["received_at"] or "")[:16]),
                status,
                _text(location_text(row)),
                _text(item),
                _text(company),
                _text((row["resolve_by"] or "")[:16]),
            ]
        )
        texts.append(" ".join(visible(row["text"], newlines=True).split()))
    con = output.console()
    if cells:
        widths = [max([cell_len(headers[i])] + [c[i].cell_len for c in cells]) for i in range(7)]
        shown = list(range(7))
        for drop in _DROP_WHEN_NARROW:  # a narrow terminal loses deadline, then date, then item
            if sum(widths[i] + 2 for i in shown) + TEXT_MIN_CELLS <= con.width:
                break
            shown.remove(drop)
        budget = max(TEXT_MIN_CELLS, con.width - sum(widths[i] + 2 for i in shown))
        table = Table(box=None, header_style="bold", pad_edge=False)
        for i in shown:
            table.add_column(
                headers[i], justify="right" if i == 0 else "left", no_wrap=True, overflow="crop"
            )
        table.add_column(headers[7], no_wrap=True, overflow="crop")
        for row_cells, text in zip(cells, texts, strict=False):
            table.add_row(*(row_cells[i] for i in shown), _text(cut(text, budget)))
        con.print(table)
    count = len(cells)
    if more:
        output.console(stderr=True).print(t("list.capped", n=count))
    else:
        output.console(stderr=True).print(t("list.count", n=count) if count else t("list.empty"))
    return count


def english_names(estate: Estate) -> dict[str, str]:
    """Item and company code -> English name (a company without one keeps its Chinese name)."""
    names = {code: item.name_en for code, item in estate.items.items()}
    names.update({code: co.name_en or co.name for code, co in estate.companies.items()})
    return names


def _item_company(
    row: dict[str, Any], lang: str, names_en: dict[str, str] | None
) -> tuple[str, str]:
    """The item and company as the table shows them: Chinese names, or English ones (codes
    when no English names were given)."""
    if lang == "zh":
        return row["item_name"], row["company_name"]
    names = names_en or {}
    return names.get(row["item"], row["item"]), names.get(row["company"], row["company"])


def _render_list_plain(
    rows: Iterable[dict[str, Any]], lang: str, cap: int | None, names_en: dict[str, str] | None
) -> int:
    """The listing for a pipe or a file: the same columns, aligned without rich (which costs
    more start-up than the query itself, and colours nothing there anyway)."""
    from liuliqiao_cli.render.output import Column
    from liuliqiao_cli.render.plain import table

    keys = ("id", "received_at", "status", "location", "item", "company", "resolve_by", "text")
    columns = [Column(k, t(f"col.{k}"), justify="right" if k == "id" else "left") for k in keys]
    shown: list[dict[str, Any]] = []
    more = False
    for row in rows:
        if cap is not None and len(shown) >= cap:
            more = True
            break
        item, company = _item_company(row, lang, names_en)
        shown.append(
            {
                "id": f"#{row.get('name') or row['id']}",
                "received_at": (row["received_at"] or "")[:16],
                "status": status_label(row["status"]) + (" !" if row["overdue"] else ""),
                "location": location_text(row),
                "item": item,
                "company": company,
                "resolve_by": (row["resolve_by"] or "")[:16],
                "text": " ".join(visible(row["text"], newlines=True).split()),
            }
        )
    if shown:
        table(columns, shown)
    count = len(shown)
    if more:
        message = t("list.capped", n=count)
    else:
        message = t("list.count", n=count) if count else t("list.empty")
    sys.stderr.write(message + "\n")
    return count
