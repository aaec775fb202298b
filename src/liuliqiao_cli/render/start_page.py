"""What ``liuliqiao`` alone prints: where the ledger is, how to try the sample, the commands of a
day and where the rest is. It reads no ledger (a first run has none) and imports nothing heavy:
the CLI passes the ledger's path, whether it exists, and the commands to create or use it."""

from __future__ import annotations

from pathlib import Path

from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.text import cells

# The commands of a grid worker's day, in the order of a complaint's life (the follow-up call is
# named in resolve's line: it comes days later, not the same day).
DAY = (
    ('add "3号楼2单元楼道灯坏了"', "start.day.add"),
    ("list --open", "start.day.list"),
    ("show 421", "start.day.show"),
    ("dispatch 421", "start.day.dispatch"),
    ("resolve 421", "start.day.resolve"),
)


WIDTH = 80  # the page fits a terminal of 80 columns


def _aligned(rows: list[tuple[str, str]]) -> list[str]:
    """Command and what it does side by side; each on its own line when that would not fit (a
    long ``--db`` path)."""
    width = max(cells(command) for command, _ in rows)
    if 2 + width + 3 + max(cells(what) for _, what in rows) <= WIDTH:
        return [f"  {c}{' ' * (width - cells(c))}   {what}" for c, what in rows]
    return [line for c, what in rows for line in (f"  {c}", f"      {what}")]


def start_page(*, path: Path, exists: bool, prefix: str, init_command: str) -> str:
    """The page. ``path`` is the ledger's absolute path; ``prefix`` is how to call the tool on
    it (``liuliqiao``, or ``liuliqiao --db FILE`` when the user named one); ``init_command``
    creates it."""
    lines = [t("start.title"), ""]
    if exists:
        lines.append(t("start.ledger_exists", path=path))
    else:
        lines.append(t("start.ledger_missing", path=path))
        lines.append(t("start.ledger_create", command=init_command))
    lines += [
        "",
        t("start.sample"),
        *_aligned(
            [
                ("liuliqiao db sample sample.db", t("start.sample.write")),
                ("liuliqiao --db sample.db list --open", t("start.sample.look")),
            ]
        ),
        "",
        t("start.day"),
        *_aligned([(f"{prefix} {command}", t(key)) for command, key in DAY]),
        "",
        t("start.more"),
    ]
    return "\n".join(lines) + "\n"
