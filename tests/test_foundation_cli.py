"""init, estate, the error boundary, language and the ledger file's bad cases."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import dump


def test_init_creates_ledger_0600(cli, isolated: Path) -> None:
    result = cli("init")
    assert result.exit_code == 0, result.stderr
    assert isolated.exists()
    assert stat.S_IMODE(os.stat(isolated).st_mode) == 0o600
    assert "已创建台账" in result.stderr
    assert result.stdout == ""
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT count(*) FROM buildings").fetchone()[0] == 4


def test_init_creates_parent_folders(cli, tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "ledger.db"
    result = cli("--db", str(target), "init")
    assert result.exit_code == 0, result.stderr
    assert target.exists()


def test_init_twice_is_harmless(cli, isolated: Path) -> None:
    cli("init")
    before = dump(isolated)
    result = cli("init")
    assert result.exit_code == 0
    assert "未做任何更改" in result.stderr
    assert dump(isolated) == before


def test_init_refuses_non_ledger_sqlite(cli, isolated: Path) -> None:
    conn = sqlite3.connect(isolated)
    conn.execute("CREATE TABLE mine (x)")
    conn.execute("INSERT INTO mine VALUES (1)")
    conn.commit()
    conn.close()
    before = dump(isolated)
    result = cli("init")
    assert result.exit_code == 1
    assert "不是诉求台账" in result.stderr
    assert dump(isolated) == before


def test_init_refuses_garbage_file(cli, isolated: Path) -> None:
    isolated.write_bytes(b"this is not sqlite at all, just a text file\n" * 20)
    before = isolated.read_bytes()
    result = cli("init")
    assert result.exit_code == 1
    assert "不是 SQLite" in result.stderr
    assert isolated.read_bytes() == before


def test_init_unwritable_location(cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = cli("--db", str(blocker / "sub" / "ledger.db"), "init")
    assert result.exit_code == 1
    assert "无法在" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [["estate"], ["estate", "--format", "json"]])
def test_read_on_missing_file_creates_nothing(cli, isolated: Path, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert str(isolated) in result.stderr
    assert "liuliqiao init" in result.stderr
    assert not isolated.exists()
    assert not Path(f"{isolated}-wal").exists()


def test_not_a_database(cli, isolated: Path) -> None:
    isolated.write_text("not a database\n")
    result = cli("estate")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert isolated.read_text() == "not a database\n"


def test_sqlite_but_not_ledger(cli, isolated: Path) -> None:
    conn = sqlite3.connect(isolated)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = dump(isolated)
    result = cli("estate")
    assert result.exit_code == 1
    assert "不是诉求台账" in result.stderr
    assert dump(isolated) == before


def test_newer_ledger_refused(cli, db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('liuliqiao', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    before = dump(db)
    result = cli("estate")
    assert result.exit_code == 1
    assert "更新版本" in result.stderr
    assert "m999_from_the_future" in result.stderr
    assert dump(db) == before


def test_estate_table_zh(cli, db: Path) -> None:
    result = cli("estate")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "望园西里北区" in out
    assert "4 栋楼，20 个单元，240 户" in out
    assert "首华物业" in out and "城建物业" in out
    assert "共同管理" in out and "分别管理" in out
    assert "每年 3 月 1 日交接" in out


def test_estate_english(cli, db: Path) -> None:
    result = cli("--lang", "en", "estate")
    assert result.exit_code == 0
    assert "4 buildings, 20 units, 240 households" in result.stdout
    assert "Shouhua Property" in result.stdout


def test_estate_json_parses(cli, db: Path) -> None:
    result = cli("estate", "--format", "json")
    data = json.loads(result.stdout)
    assert [b["company"] for b in data["buildings"]] == [
        "shouhua",
        "shouhua",
        "chengjian",
        "chengjian",
    ]
    assert sum(b["households"] for b in data["buildings"]) == 240
    assert data["rotation"][0]["order"] == ["shouhua", "chengjian"]
    assert data["rotation"][0]["effective_from"] == "2023-03-01"
    scopes = {i["code"]: i["scope"] for i in data["items"]}
    assert scopes["garbage"] == "joint" and scopes["roof"] == "separate"


def test_estate_csv_parses(cli, db: Path) -> None:
    import csv
    import io

    result = cli("estate", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 4 and rows[2]["company"] == "chengjian"


def test_unknown_lang(cli, db: Path) -> None:
    result = cli("--lang", "fr", "estate")
    assert result.exit_code == 2
    assert "Unknown language" in result.stderr or "未知语言" in result.stderr


def test_usage_error_is_one_line(cli, db: Path) -> None:
    result = cli("estate", "--format", "xml")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unknown_command_one_line(cli, db: Path) -> None:
    result = cli("no-such-command")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_language_from_environment() -> None:
    from liuliqiao_cli.i18n import language_from_environment

    assert language_from_environment({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert language_from_environment({"LANG": "en_US.UTF-8"}) == "en"
    assert language_from_environment({"LIULIQIAO_LANG": "en", "LANG": "zh_CN.UTF-8"}) == "en"
    assert language_from_environment({}) == "zh"  # cron: no LANG at all
    assert language_from_environment({"LANG": "C.UTF-8"}) == "zh"  # a fresh machine
    assert language_from_environment({"LC_ALL": "C", "LANG": "en_US.UTF-8"}) == "en"
    assert language_from_environment({"LANG": "POSIX"}) == "zh"
    assert language_from_environment({"LC_ALL": "zh_TW", "LANG": "en_US"}) == "zh"


def test_cron_without_lang_speaks_chinese(tmp_path: Path) -> None:
    """Under cron there is no LANG at all: the Monday mail must come in Chinese."""
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "LIULIQIAO_DB": str(tmp_path / "none.db")}
    out = subprocess.run(
        [sys.executable, "-m", "liuliqiao_cli", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert out.stderr.startswith("错误：找不到台账文件"), out.stderr


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("liuliqiao ")


def test_estate_on_a_terminal_uses_rich_tables(
    cli, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FORCE_COLOR stands for a terminal: the rich layout (the plain one serves pipes)."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = cli("estate")
    assert result.exit_code == 0, result.stderr
    assert "首华物业" in result.stdout and "共同管理" in result.stdout
    assert "\x1b[" in result.stdout  # styled headers: the rich path ran


def test_estate_piped_is_plain_aligned_text(cli, db: Path) -> None:
    result = cli("estate")
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("楼号"))
    row = next(line for line in lines if line.startswith("3号楼"))
    assert "\x1b[" not in result.stdout
    assert row.endswith("城建物业")
    assert len(header) > 0
