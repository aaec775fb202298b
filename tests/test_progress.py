"""Progress of import, merge, export, backup and db check: a bar on a terminal only, never in a
pipe or with --quiet; the callbacks the domain functions take; a backup shown with a bar is still
one snapshot while another process writes."""

from __future__ import annotations

import io
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from liuliqiao_cli.render import progress


@pytest.mark.parametrize(
    ("tty", "quiet", "shown"), [(True, False, True), (True, True, False), (False, False, False)]
)
def test_a_bar_only_on_a_terminal_and_not_when_quiet(monkeypatch, tty, quiet, shown) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: tty, raising=False)
    assert progress.wanted(quiet) is shown
    with progress.bar("progress.import", quiet=quiet) as bar:
        assert (bar is not None) is shown


def test_the_bar_counts_rows_per_second(monkeypatch) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    with progress.bar("progress.export", quiet=False, unit="rows") as bar:
        assert bar is not None
        update = progress.counted(bar)
        assert update is not None
        update(10, 100)
        task = bar._progress.tasks[0]
        assert task.total == 100 and task.completed == 10
        assert "行" in task.fields["rate"]


@pytest.mark.parametrize(
    "command",
    [
        ("export", "-o", "{tmp}/x.jsonl"),
        ("db", "backup", "{tmp}/copy.db"),
        ("db", "check"),
    ],
)
def test_nothing_but_the_result_in_a_pipe(cli, db: Path, tmp_path: Path, command) -> None:
    assert cli("add", "北门垃圾站满了").exit_code == 0
    result = cli(*(part.format(tmp=tmp_path) for part in command))
    assert result.exit_code == 0, result.stderr
    assert "\r" not in result.stderr and "\x1b" not in result.stderr
    assert result.stderr.count("\n") <= 2  # the summary line (and the station hint)


def test_import_reports_bytes_and_lines(db: Path, tmp_path: Path) -> None:
    from liuliqiao_cli.exchange import jsonl, jsonl_import
    from liuliqiao_cli.store.ledger import open_ledger

    source = open_ledger(db)
    out = io.StringIO()
    jsonl.export_ledger(source, out, now=datetime(2026, 11, 27, 10))
    source.close()
    other = tmp_path / "other.db"
    import shutil

    from liuliqiao_cli.complaints import names

    shutil.copy(db, other)
    conn = open_ledger(other)
    names.set_station(conn, "Q", now=datetime(2026, 11, 27, 10), actor="测试员")
    seen: list[tuple[int, int]] = []
    phases: list[str] = []

    class Watch:
        def __call__(self, done: int, lines: int) -> None:
            seen.append((done, lines))

        def phase(self, key: str) -> None:
            phases.append(key)

    data = out.getvalue().encode("utf-8")
    jsonl_import.import_ledger(
        conn,
        io.BytesIO(data),
        now=datetime(2026, 11, 27, 10),
        actor="测试员",
        source_name="x.jsonl",
        progress=Watch(),
    )
    conn.close()
    assert seen and seen[-1] == (len(data), data.count(b"\n"))
    assert phases == ["progress.finishing"]


def test_a_backup_with_a_bar_is_one_snapshot(db: Path, tmp_path: Path, monkeypatch) -> None:
    from liuliqiao_cli.exchange import backup
    from liuliqiao_cli.store.ledger import open_ledger

    monkeypatch.setattr(backup, "BACKUP_PAGES", 1)  # many steps, a write between two of them
    conn = open_ledger(db)
    before = conn.execute("SELECT count(*) FROM settings").fetchone()[0]
    writer = sqlite3.connect(db)
    steps: list[tuple[int, int]] = []

    def step(done: int, total: int) -> None:
        if not steps:
            writer.execute("INSERT INTO settings (key, value) VALUES ('bench.x', '1')")
            writer.commit()
        steps.append((done, total))

    result = backup.backup(conn, tmp_path / "copy.db", progress=step)
    conn.close()
    writer.close()
    assert len(steps) > 10 and steps[-1][0] == steps[-1][1]
    copy = sqlite3.connect(result.path)
    assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM settings").fetchone()[0] == before
    assert sqlite3.connect(db).execute("SELECT count(*) FROM settings").fetchone()[0] == before + 1
