"""How `list` looks: a rich table on a terminal, plain aligned text in a pipe, JSON or CSV."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from liuliqiao_cli.complaints.location import location_text
from liuliqiao_cli.i18n import t

if TYPE_CHECKING:  # output pulls in csv; the one-line commands do not need it
    from liuliqiao_cli.estate.model import Estate
from liuliqiao_cli.render import complaint_table
from liuliqiao_cli.render.complaint_view import (
    _list_columns,
    _on_terminal,
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

    The table fits the terminal (render/complaint_table.py: number, date, status, place, item
    and company stay; the text gets the rest), is built in memory anyway, and names items and
    companies in English from ``estate`` when the language is not Chinese. With ``cap``, at most
    that many rows are shown and a note says when there were more."""
    from liuliqiao_cli.render import output

    if fmt in ("json", "csv"):
        return output.emit(_list_columns(), rows, fmt)
    shown, more = _table_rows(rows, lang, cap, estate)
    headers = {k: t(f"col.{k}") for k in complaint_table.KEYS}
    if not _on_terminal():
        from liuliqiao_cli.render.plain import terminal_width

        if shown:
            _write_plain(shown, complaint_table.layout(shown, terminal_width(), headers), headers)
        sys.stderr.write(_count_message(len(shown), more) + "\n")
        return len(shown)
    from liuliqiao_cli.render.complaint_view import STATUS_STYLES
    from liuliqiao_cli.render.plain import terminal_width

    if shown:
        layout = complaint_table.layout(shown, terminal_width(), headers)
        lines = complaint_table.terminal_lines(
            layout, shown, headers, status_style=lambda r: STATUS_STYLES.get(r.status_code)
        )
        sys.stdout.write("\n".join(lines) + "\n")
    sys.stderr.write(_count_message(len(shown), more) + "\n")
    return len(shown)


def _count_message(count: int, more: bool) -> str:
    if more:
        return t("list.capped", n=count)
    return t("list.count", n=count) if count else t("list.empty")


def _table_rows(
    rows: Iterable[dict[str, Any]], lang: str, cap: int | None, estate: Estate | None
) -> tuple[list[complaint_table.Row], bool]:
    """The rows as the table writes them, and whether the cap cut the listing short."""
    names_en = english_names(estate) if lang != "zh" and estate is not None else None
    shorts = _short_names(estate, lang)
    shown: list[complaint_table.Row] = []
    for row in rows:
        if cap is not None and len(shown) >= cap:
            return shown, True
        item, company = _item_company(row, lang, names_en)
        table_row = complaint_table.Row(
            id=f"#{row.get('name') or row['id']}",
            received_at=(row["received_at"] or "")[:16],
            status=status_label(row["status"])
            + (" !" if row["overdue"] else "")
            + (t("list.handover_mark") if row.get("handover_pending") else ""),
            location=location_text(row),
            location_short=complaint_table.short_location(
                row.get("building"), row.get("unit"), row.get("room"), row.get("place")
            ),
            item=item,
            company=company,
            company_short=shorts.get(row["company"], company),
            text=complaint_table.one_line(visible(row["text"], newlines=False)),
            resolve_by=(row["resolve_by"] or "")[:16],
            status_code=row["status"],
        )
        shown.append(table_row)
    return shown, False


def _short_names(estate: Estate | None, lang: str) -> dict[str, str]:
    """Company code -> the company as a compact table writes it: 首华 (its short name), or in
    English the first word of its English name (Shouhua); never the code."""
    if estate is None:
        return {}
    return {
        code: (company.short_name or company.name)
        if lang == "zh"
        else complaint_table.short_english(company.name_en or company.short_name or company.name)
        for code, company in estate.companies.items()
    }


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


def _write_plain(
    shown: list[complaint_table.Row], layout: complaint_table.Layout, headers: dict[str, str]
) -> None:
    """The listing for a pipe or a file: the same columns, aligned without rich (which costs
    more start-up than the query itself, and colours nothing there anyway)."""
    from liuliqiao_cli.render.output import Column
    from liuliqiao_cli.render.plain import table

    columns = [Column(k, headers[k], justify="right" if k == "id" else "left") for k in layout.keys]
    table(
        columns,
        ({k: layout.value(row, k) for k in layout.keys} for row in shown),
        widths=layout.widths,
    )
