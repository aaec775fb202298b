"""Shell completion from the ledger: right values, never an exception, never a new file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import find_seed
import pytest

from liuliqiao_cli.cli import completion, completion_values
from liuliqiao_cli.complaints import status


class FakeContext:
    """What completion callbacks read from click's context: the root's parsed --db."""

    def __init__(self, db: str | None) -> None:
        self.params = {"db": db}

    def find_root(self) -> FakeContext:
        return self


def test_companies_items_by_code_or_name(db: Path) -> None:
    assert completion_values.complete_company(None, "sh") == [("shouhua", "首华物业")]
    assert completion_values.complete_company(None, "") == [
        ("shouhua", "首华物业"),
        ("chengjian", "城建物业"),
    ]
    assert completion_values.complete_company(None, "城") == [("城建物业", "chengjian")]
    assert ("garbage", "垃圾桶站") in completion_values.complete_item(None, "gar")
    assert completion_values.complete_item(None, "楼道照") == [("楼道照明", "stair_lighting")]


def test_sources_and_statuses_without_ledger(isolated: Path) -> None:
    assert completion_values.complete_source("pa") == [("patrol", "巡查")]
    assert completion_values.complete_status("已派") == [("已派单", "dispatched")]
    assert [v for v, _ in completion_values.complete_status("")] == list(status.STATUSES)
    assert not isolated.exists()


def test_open_complaint_numbers(conn) -> None:
    first = find_seed.add(conn, "楼道灯坏了")
    closed = find_seed.add(conn, "垃圾站满了", state="closed")
    many = [find_seed.add(conn, f"第{i}条") for i in range(10)]
    assert completion.complete_open_complaint(None, "") == [
        (str(i), f"第{i - many[0]}条 [已受理]") for i in reversed(many)
    ] + [(str(first), "楼道灯坏了 [已受理]")]
    assert completion.complete_open_complaint(None, str(closed)) == []
    assert completion.complete_complaint(None, f"#{closed}") == [
        (str(closed), "垃圾站满了 [已结案]")
    ]
    assert [v for v, _ in completion.complete_open_complaint(None, "1")] == ["12", "11", "10", "1"]
    assert completion.complete_open_complaint(None, "abc") == []


def test_ctx_db_option_is_honoured(conn, tmp_path: Path) -> None:
    find_seed.add(conn, "楼道灯坏了")
    other = tmp_path / "other.db"
    assert completion.complete_open_complaint(FakeContext(str(other)), "") == []
    assert not other.exists()


@pytest.mark.parametrize("make", ["missing", "garbage", "folder", "not_ledger"])
def test_never_raises_never_creates(isolated: Path, make: str) -> None:
    if make == "garbage":
        isolated.write_bytes(b"not sqlite\n" * 100)
    elif make == "folder":
        isolated.mkdir()
    elif make == "not_ledger":
        import sqlite3

        c = sqlite3.connect(isolated)
        c.execute("CREATE TABLE x (y)")
        c.commit()
        c.close()
    before = sorted(p.name for p in isolated.parent.iterdir())
    for callback in (
        completion_values.complete_company,
        completion_values.complete_item,
        completion.complete_open_complaint,
        completion.complete_complaint,
    ):
        assert callback(None, "") == []
        assert callback(FakeContext(None), "1") == []
    assert sorted(p.name for p in isolated.parent.iterdir()) == before


def _entry_point() -> str:
    return str(Path(sys.executable).with_name("liuliqiao"))


def test_shell_completion_end_to_end(conn, db: Path) -> None:
    cid = find_seed.add(conn, "楼道灯坏了")
    env = {
        **os.environ,
        "_LIULIQIAO_COMPLETE": "complete_zsh",
        "_TYPER_COMPLETE_ARGS": "liuliqiao history --complaint ",
    }
    out = subprocess.run([_entry_point()], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert f'"{cid}":"楼道灯坏了 [已受理]"' in out.stdout
    assert out.stderr == ""


def test_shell_completion_missing_ledger(tmp_path: Path) -> None:
    target = tmp_path / "nothing.db"
    env = {
        **os.environ,
        "_LIULIQIAO_COMPLETE": "complete_zsh",
        "_TYPER_COMPLETE_ARGS": f"liuliqiao --db {target} history --complaint ",
    }
    out = subprocess.run([_entry_point()], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stderr == ""
    assert not target.exists()
