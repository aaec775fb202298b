"""Progress of the long commands (import, merge, export, backup, db check): a rich bar on stderr
with the rows (or pages, or checks) per second and the time left, on a terminal only. In a pipe,
in cron, or with ``--quiet`` there is no bar at all: the commands get ``None`` and report nothing.

The domain functions take a plain callback, ``progress(done)`` (and are told the total up front
through :meth:`Bar.total`), and never import rich.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from liuliqiao_cli.i18n import t


class Bar:
    """What a domain function updates; the terminal is redrawn at most ~10 times a second."""

    def __init__(self, progress: Any, task: Any, unit: str) -> None:
        self._progress = progress
        self._task = task
        self._unit = unit
        self._started = time.monotonic()
        self._last = 0.0
        self.rows = 0

    def total(self, total: int | None) -> None:
        self._progress.update(self._task, total=total)

    def phase(self, key: str) -> None:
        """The last step, that a count cannot show (building indexes ...): say what it is."""
        self._progress.update(self._task, description=t(key), rate="")

    def __call__(self, done: int, rows: int | None = None) -> None:
        now = time.monotonic()
        if rows is not None:
            self.rows = rows
        if now - self._last < 0.1:
            return
        self._last = now
        counted = self.rows if rows is not None else done
        rate = counted / max(now - self._started, 1e-6)
        self._progress.update(
            self._task,
            completed=done,
            rate=t("progress.rate", count=f"{rate:,.0f}", unit=t(f"progress.unit.{self._unit}")),
        )


def counted(progress: Bar | None) -> Callable[[int, int], None] | None:
    """A ``progress(done, total)`` callback for a bar that is told its total once."""
    if progress is None:
        return None
    told: list[int] = []

    def update(done: int, total: int) -> None:
        if not told:
            progress.total(total)
            told.append(total)
        progress(done)

    return update


def wanted(quiet: bool) -> bool:
    """A bar only on a terminal, and not when asked to be quiet."""
    return not quiet and sys.stderr.isatty()


@contextmanager
def bar(
    what: str, *, quiet: bool, unit: str = "rows", total: int | None = None
) -> Iterator[Bar | None]:
    """``with bar("progress.import", quiet=quiet) as progress:`` ... ``progress`` is None when
    nothing is to be shown. ``unit``: rows, pages or checks."""
    if not wanted(quiet):
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from liuliqiao_cli.render.output import console

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = progress.add_task(t(what), total=total, rate="")
    progress.start()
    try:
        yield Bar(progress, task, unit)
    finally:
        progress.stop()
