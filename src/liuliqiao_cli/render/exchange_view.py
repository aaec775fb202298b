"""How imports, exports and checks look: columns for ``emit`` and the summary lines."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from liuliqiao_cli.i18n import current_language, t
from liuliqiao_cli.render.output import Column

TEXT_PREVIEW = 40


def csv_columns() -> list[Column]:
    """The columns of ``list --format csv`` (complaints.LIST_COLUMNS), same keys."""
    from liuliqiao_cli.complaints.read import LIST_COLUMNS

    return [Column(key, key) for key in LIST_COLUMNS]


def workorder_columns(
    lang: str, *, written: bool, label: Callable[[int], str] = str
) -> list[Column]:
    """``label``: a new complaint as a table shows it (its name, B17, where it has one; JSON
    and CSV keep the number)."""
    return [
        Column("row", t("workorders.col.row"), justify="right"),
        *([Column("id", t("workorders.col.id"), justify="right", fmt=label)] if written else []),
        Column("ref", t("workorders.col.ref")),
        Column("received_at", t("workorders.col.received")),
        Column("location", t("workorders.col.location")),
        Column("item", t("workorders.col.item")),
        Column("company", t("workorders.col.company")),
        Column("duplicate_of", t("workorders.col.duplicate_of")),
        Column("text", t("workorders.col.text")),
    ]


def plan_rows(report: Any, lang: str) -> Iterator[dict[str, Any]]:
    from liuliqiao_cli.complaints.location import location_text

    names = report.names if lang == "zh" else report.names_en
    for p in report.planned:
        v = p.values
        text = v["text"]
        yield {
            "row": p.row,
            "id": p.id,
            "ref": p.ref,
            "received_at": v["received_at"],
            "location": location_text(v),
            "item": names.get(v["item"], v["item"]),
            "company": names.get(v["company"], v["company"]),
            "duplicate_of": f"#{report.label(p.duplicate_of)}" if p.duplicate_of else "",
            "text": text if len(text) <= TEXT_PREVIEW else text[:TEXT_PREVIEW] + "...",
        }


DUPLICATE_GROUPS = 20  # problems listed with their duplicate rows; the rest are counted


def duplicate_lines(report: Any, *, dry_run: bool) -> list[str]:
    """The rows of a work-order import linked as likely duplicates, by the problem they repeat
    (rows as runs: 第 3-20001 行)."""
    if not report.duplicate_rows:
        return []
    sep = "、" if current_language() == "zh" else ", "
    lines = [
        t(
            "workorders.duplicates_dry" if dry_run else "workorders.duplicates",
            rows=report.duplicate_rows,
        )
    ]
    groups = list(report.duplicates.items())
    for original, runs in groups[:DUPLICATE_GROUPS]:
        new = report.first_new is not None and original >= report.first_new
        lines.append(
            t(
                "workorders.duplicate_line",
                original=report.label(original),
                new=t("workorders.duplicate_new") if new else "",
                rows=sep.join(str(a) if a == b else f"{a}-{b}" for a, b in runs),
                count=sum(b - a + 1 for a, b in runs),
            )
        )
    if len(groups) > DUPLICATE_GROUPS:
        lines.append(t("workorders.more_duplicates", n=len(groups) - DUPLICATE_GROUPS))
    return lines


def merge_lines(report: Any, *, dry_run: bool) -> list[str]:
    def counts(what: dict[str, int]) -> str:
        return ", ".join(f"{t('exchange.kind.' + k)} {n}" for k, n in what.items() if n) or "0"

    lines = []
    for c in report.conflicts:
        lines.append(
            t(
                "exchange.conflict_line",
                line=c.line,
                type=t("exchange.kind." + c.type),
                number=f"#{c.number}" if c.number else "-",
                uuid=c.uuid,
                reason=t(c.reason, **_readable(c.params)),
            )
        )
    if report.conflict_count > len(report.conflicts):
        lines.append(
            t("exchange.more_conflicts", count=report.conflict_count - len(report.conflicts))
        )
    if report.kept and not dry_run:
        lines.append(t("exchange.kept_conflicts", count=report.kept))
    lines.append(
        t(
            "exchange.merge_dry" if dry_run else "exchange.merged",
            estate=report.estate,
            added=counts(report.added),
            updated=counts(report.updated),
            unchanged=counts(report.unchanged),
            skipped=counts(report.skipped),
            conflicts=report.conflict_count,
        )
    )
    return lines


def _readable(params: dict[str, Any]) -> dict[str, Any]:
    """A conflict's part in words (状态, 负责公司, 标签“急” ...)."""
    if "part" not in params:
        return params
    from liuliqiao_cli.render.merge_view import part_label

    return {**params, "part": part_label(params["part"])}


def check_columns() -> list[Column]:
    return [
        Column("check", t("check.col.check"), fmt=lambda name: t(f"check.name.{name}")),
        Column("ok", t("check.col.ok"), fmt=lambda ok: t("check.ok") if ok else t("check.bad")),
        Column("detail", t("check.col.detail")),
        Column("problems", t("check.col.problems")),
    ]


def check_rows(results: list[Any]) -> Iterator[dict[str, Any]]:
    for r in results:
        yield {
            "check": r.name,
            "ok": r.ok,
            "detail": t(r.detail_key, **r.params),
            "problems": "; ".join(r.problems),
        }


@contextmanager
def workorder_progress(quiet: bool = False) -> Iterator[Callable[[int], None] | None]:
    """A spinner on stderr counting the rows of a spreadsheet being read, on a terminal only
    and not with ``--quiet`` (``None`` elsewhere: nothing to update)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from liuliqiao_cli.render.output import console

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        console=console(stderr=True),
        transient=True,
    )
    task = bar.add_task(t("workorders.progress", row=0))
    bar.start()
    try:
        yield lambda row: bar.update(task, description=t("workorders.progress", row=row))
    finally:
        bar.stop()
