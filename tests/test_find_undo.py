"""undo: preview, confirmation, what goes back, what is refused (and then nothing changes)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import find_seed
import pytest
from conftest import dump

from liuliqiao_cli import errors
from liuliqiao_cli.cli import find as cli_find
from liuliqiao_cli.complaints import undo as complaints_undo

LATER = datetime(2026, 11, 26, 15, 0)


def _row(conn, cid: int) -> dict:
    return dict(conn.execute("SELECT * FROM complaints WHERE id = ?", (cid,)).fetchone())


def _undo_events(conn) -> list[dict]:
    return [dict(r) for r in conn.execute("SELECT * FROM events WHERE kind = 'undo' ORDER BY id")]


@pytest.fixture
def dispatched(conn):
    cid = find_seed.add(conn, "楼道灯坏了")
    eid = find_seed.change(
        conn,
        cid,
        "dispatch",
        {"status": "dispatched", "dispatched_at": "2026-11-26 15:00:00"},
        at=LATER,
    )
    return cid, eid


def test_undo_status_change_with_yes(cli, conn, dispatched) -> None:
    cid, eid = dispatched
    result = cli("undo", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"将撤销 #{cid} 的“派单”（记录 #{eid}" in result.stderr
    assert "状态：已派单 -> 已受理" in result.stderr
    assert "派单时间：2026-11-26 15:00:00 -> （空）" in result.stderr
    assert f"已撤销记录 #{eid}" in result.stderr
    row = _row(conn, cid)
    assert row["status"] == "received" and row["dispatched_at"] is None
    assert row["updated_at"] == "2026-11-27 10:00:00"
    (undo,) = _undo_events(conn)
    assert undo["undoes"] == eid and undo["complaint_id"] == cid and undo["actor"] == "测试员"
    data = json.loads(undo["data"])
    assert data["before"]["status"] == "dispatched" and data["after"]["status"] == "received"
    history = json.loads(cli("history", "-f", "json").stdout)
    assert history[0]["kind"] == "undo" and history[0]["undoes"] == eid
    assert history[0]["change"].startswith(f"撤销记录 #{eid}（派单）；状态 已派单 -> 已受理")


def test_undo_twice_goes_further_back_then_create_rejects(cli, conn, dispatched) -> None:
    cid, _ = dispatched
    assert cli("undo", "--yes").exit_code == 0
    result = cli("undo", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "撤销登记" in result.stderr
    assert _row(conn, cid)["status"] == "rejected"
    assert len(_undo_events(conn)) == 2
    # An undo is never undone: nothing is left.
    before = dump(Path(conn.execute("PRAGMA database_list").fetchone()[2]))
    result = cli("undo", "--yes")
    assert result.exit_code == 1
    assert "没有可撤销的更改" in result.stderr
    assert dump(Path(conn.execute("PRAGMA database_list").fetchone()[2])) == before


def test_undo_without_terminal_refuses(cli, db: Path, dispatched) -> None:
    cid, eid = dispatched
    before = dump(db)
    result = cli("undo")
    assert result.exit_code == 1
    assert (
        f"将撤销记录 #{eid}（诉求 #{cid} 的“派单”）" in result.stderr and "--yes" in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(db) == before


def test_undo_asks_on_terminal(cli, conn, db: Path, dispatched, monkeypatch) -> None:
    cid, _ = dispatched
    monkeypatch.setattr(cli_find, "_on_terminal", lambda: True)
    before = dump(db)
    result = cli("undo", input="n\n")
    assert result.exit_code == 1
    assert "已取消" in result.stderr and "状态：已派单 -> 已受理" in result.stderr
    assert dump(db) == before
    result = cli("undo", input="y\n")
    assert result.exit_code == 0, result.stderr
    assert _row(conn, cid)["status"] == "received"


def test_undo_tags(cli, conn) -> None:
    cid = find_seed.add(conn, "垃圾站满了", tags=("盼",))
    find_seed.tag(conn, cid, add=("急",), remove=("盼",))
    result = cli("undo", "-y")
    assert result.exit_code == 0, result.stderr
    assert "去掉标签：急" in result.stderr and "恢复标签：盼" in result.stderr
    assert find_seed.tags_of(conn, cid) == {"盼"}


def test_undo_route_restores_company(cli, conn) -> None:
    cid = find_seed.add(conn, "北门垃圾站满了", building=None, place="北门")
    routed = _row(conn, cid)
    find_seed.change(
        conn,
        cid,
        "route",
        {"company": "shouhua", "routing": "override", "routing_note": "三方协议第5条"},
        reason="三方协议第5条",
    )
    result = cli("undo", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "物业公司：首华物业 -> 城建物业" in result.stderr
    row = _row(conn, cid)
    assert (row["company"], row["routing"], row["routing_note"]) == (
        "chengjian",
        "duty",
        routed["routing_note"],
    )


def test_undo_followup_pair_together(cli, conn) -> None:
    cid = find_seed.add(conn, "楼道灯坏了", state="resolved")
    first = find_seed.change(
        conn,
        cid,
        "followup",
        {
            "followup_at": "2026-11-26 15:00:00",
            "followup_resolved": "yes",
            "followup_satisfied": "basic",
        },
        at=LATER,
        resolved="yes",
        satisfied="basic",
    )
    second = find_seed.change(
        conn, cid, "close", {"status": "closed", "closed_at": "2026-11-26 15:00:00"}, at=LATER
    )
    result = cli("undo", "--yes")
    assert result.exit_code == 0, result.stderr
    row = _row(conn, cid)
    assert (
        row["status"] == "resolved"
        and row["followup_resolved"] is None
        and row["closed_at"] is None
    )
    assert [e["undoes"] for e in _undo_events(conn)] == [second, first]


def test_undo_note_marks_it_withdrawn(cli, conn, db: Path) -> None:
    cid = find_seed.add(conn, "楼道灯坏了")
    eid = find_seed.event(conn, "note", cid=cid, data={"note": "已电话联系"}, at=LATER)
    complaint = _row(conn, cid)
    result = cli("undo", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "备注将标记为已撤回" in result.stderr
    assert _row(conn, cid) == complaint
    assert [e["undoes"] for e in _undo_events(conn)] == [eid]


def test_contacts_events_are_not_changes(cli, conn, dispatched) -> None:
    cid, eid = dispatched
    find_seed.event(conn, "contacts", cid=cid, data={"command": "show"}, at=LATER)
    find_seed.event(conn, "contacts", cid=None, data={"command": "list"}, at=LATER)
    assert complaints_undo.plan_undo(conn).event_ids == [eid]


def test_undo_refuses_when_complaint_changed_since(cli, conn, db: Path, dispatched) -> None:
    cid, eid = dispatched
    with conn:  # a change that left no event (a direct edit, an import ...)
        conn.execute("UPDATE complaints SET status = 'in_progress' WHERE id = ?", (cid,))
    before = dump(db)
    result = cli("undo", "--yes")
    assert result.exit_code == 1
    assert f"无法撤销记录 #{eid}" in result.stderr and "“状态”此后已被修改" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(db) == before


def test_undo_refuses_other_subjects(cli, conn, db: Path, dispatched) -> None:
    eid = find_seed.event(
        conn,
        "create",
        subject="override",
        subject_id=4,
        data={"start": "2026-12-01", "end": "2026-12-31", "company": "shouhua"},
        at=LATER,
    )
    before = dump(db)
    result = cli("undo", "--yes")
    assert result.exit_code == 1
    assert "调班 #4" in result.stderr and f"记录 #{eid}" in result.stderr
    assert dump(db) == before


def test_undo_refuses_unknown_event_shape(cli, conn, db: Path) -> None:
    cid = find_seed.add(conn, "楼道灯坏了")
    find_seed.event(conn, "mystery", cid=cid, data={"x": 1}, at=LATER)
    before = dump(db)
    result = cli("undo", "--yes")
    assert result.exit_code == 1
    assert "没有可还原的内容" in result.stderr
    assert dump(db) == before


def test_undo_refuses_when_ledger_moved_after_preview(conn, dispatched) -> None:
    cid, eid = dispatched
    plan = complaints_undo.plan_undo(conn)
    newer = find_seed.event(conn, "note", cid=cid, data={"note": "又来电"}, at=LATER)
    with pytest.raises(errors.LedgerError) as caught:
        complaints_undo.undo(conn, event_ids=plan.event_ids, now=LATER, actor="x")
    assert caught.value.key == "find.undo_moved"
    assert complaints_undo.plan_undo(conn).event_ids == [newer]
    assert _row(conn, cid)["status"] == "dispatched"


def test_undo_nothing_on_empty_ledger(cli, db: Path) -> None:
    before = dump(db)
    result = cli("undo")
    assert result.exit_code == 1
    assert result.stderr.strip() == "错误：没有可撤销的更改"
    assert dump(db) == before


def test_undo_english(cli, conn, dispatched) -> None:
    result = cli("--lang", "en", "undo", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "status: dispatched -> received" in result.stderr


def test_undo_after_real_commands(cli, conn) -> None:
    """The complaint commands' own events are reverted one command at a time."""
    assert cli("add", "北门垃圾站满了没人清", "--source", "patrol").exit_code == 0
    cid = conn.execute("SELECT max(id) FROM complaints").fetchone()[0]
    for args in (
        ["dispatch", str(cid)],
        ["tag", str(cid), "--company", "shouhua", "--reason", "三方协议第5条"],
        ["tag", str(cid), "--add", "急"],
        ["resolve", str(cid)],
        ["followup", str(cid), "--resolved", "yes", "--satisfied", "basic"],
    ):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
    assert _row(conn, cid)["status"] == "closed"
    steps = [
        ("resolved", {"急"}, "shouhua"),
        ("dispatched", {"急"}, "shouhua"),
        ("dispatched", set(), "shouhua"),
        ("dispatched", set(), "chengjian"),
        ("received", set(), "chengjian"),
        ("rejected", set(), "chengjian"),
    ]
    for state, tags, company in steps:
        result = cli("undo", "--yes")
        assert result.exit_code == 0, result.stderr
        row = _row(conn, cid)
        assert (row["status"], find_seed.tags_of(conn, cid), row["company"]) == (
            state,
            tags,
            company,
        )
    assert _row(conn, cid)["followup_resolved"] is None
    assert cli("undo", "--yes").exit_code == 1
