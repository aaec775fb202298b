"""history: changes across complaints, newest first, readable in zh and en; filters; bad input."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import find_seed
import pytest
from conftest import dump

from liuliqiao_cli.complaints import events as complaints_events


@pytest.fixture
def story(conn):
    """Two complaints with a dispatch, a respond, a route override, tags, a note, an override."""
    a = find_seed.add(conn, "楼道灯坏了", at=datetime(2026, 11, 20, 9, 0))
    b = find_seed.add(
        conn, "北门垃圾站满了", building=None, place="北门", at=datetime(2026, 11, 21, 9, 0)
    )
    find_seed.change(conn, a, "dispatch", {"status": "dispatched"}, at=datetime(2026, 11, 22, 9, 0))
    find_seed.change(
        conn,
        a,
        "respond",
        {"status": "in_progress"},
        at=datetime(2026, 11, 23, 9, 0),
        actor="王经理",
    )
    find_seed.change(
        conn,
        b,
        "route",
        {"company": "shouhua", "routing": "override", "routing_note": "三方协议第5条"},
        at=datetime(2026, 11, 24, 9, 0),
        reason="三方协议第5条",
    )
    find_seed.tag(conn, b, add=("急",), remove=(), at=datetime(2026, 11, 25, 9, 0))
    find_seed.event(
        conn, "note", cid=a, data={"note": "已电话联系"}, at=datetime(2026, 11, 26, 9, 0)
    )
    find_seed.event(
        conn,
        "create",
        subject="override",
        subject_id=1,
        data={"start": "2026-12-01", "end": "2026-12-31", "company": "shouhua", "reason": "调班"},
        at=datetime(2026, 11, 26, 10, 0),
    )
    return a, b


def test_history_newest_first_and_readable(cli, story) -> None:
    a, b = story
    result = cli("history", "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["at"] for r in rows] == sorted((r["at"] for r in rows), reverse=True)
    assert list(rows[0]) == [
        "id",
        "at",
        "actor",
        "complaint",
        "subject",
        "subject_id",
        "kind",
        "change",
        "undoes",
    ]
    by_kind = {(r["complaint"], r["kind"]): r for r in rows}
    assert by_kind[(a, "respond")]["change"] == "状态 已派单 -> 处理中"
    assert by_kind[(a, "respond")]["actor"] == "王经理"
    assert by_kind[(b, "route")]["change"] == "物业公司 城建物业 -> 首华物业；原因：三方协议第5条"
    assert by_kind[(b, "tag")]["change"] == "加标签 急"
    assert by_kind[(a, "note")]["change"] == "已电话联系"
    assert by_kind[(a, "create")]["change"] == "3号楼，垃圾桶站，城建物业"
    assert by_kind[(b, "create")]["change"] == "北门，垃圾桶站，城建物业"
    assert by_kind[(a, "respond")]["subject_id"] is None
    override = rows[0]
    assert (override["subject"], override["subject_id"], override["complaint"]) == (
        "override",
        1,
        None,
    )
    assert override["change"] == "开始 2026-12-01；结束 2026-12-31；物业公司 首华物业；原因 调班"


def test_history_english(cli, story) -> None:
    a, _ = story
    rows = json.loads(cli("--lang", "en", "history", "--complaint", str(a), "-f", "json").stdout)
    assert [r["kind"] for r in rows] == ["note", "respond", "dispatch", "create"]
    assert rows[1]["change"] == "status dispatched -> in progress"


def test_history_table(cli, story) -> None:
    result = cli("history")
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if "王经理" in line)
    assert "响应" in line and "状态 已派单 -> 处理中" in line and "2026-11-23 09:00" in line
    assert "调班" in result.stdout


def test_history_filters(conn, story) -> None:
    a, b = story
    events = complaints_events.history(conn, since=date(2026, 11, 22), until=date(2026, 11, 23))
    assert [e.kind for e in events] == ["respond", "dispatch"]
    assert [e.kind for e in complaints_events.history(conn, complaint_id=b)] == [
        "tag",
        "route",
        "create",
    ]
    assert len(complaints_events.history(conn, limit=2)) == 2
    assert [
        e.kind
        for e in complaints_events.history(conn, since=date(2026, 11, 26), until=date(2026, 11, 26))
    ] == ["create", "note"]


def test_history_csv_dates_words(cli, story) -> None:
    # The fixed clock is 2026-11-27: "昨天" is the 26th.
    result = cli("history", "--since", "昨天", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["kind"] for r in rows] == ["create", "note"]


def test_history_empty_period(cli, story) -> None:
    result = cli("history", "--since", "2020-01-01", "--until", "2020-01-31", "-f", "json")
    assert json.loads(result.stdout) == []
    result = cli("history", "--since", "2020-01-01", "--until", "2020-01-31")
    assert "没有任何变更" in result.stderr


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["history", "--complaint", "999"], 1, "没有编号为 #999 的诉求"),
        (["history", "--complaint", "abc"], 2, "不是诉求编号"),
        (["history", "--since", "2026-13-45"], 2, "不存在的日期"),
        (["history", "--since", "last week"], 2, "无法识别的日期"),
        (["history", "--until", "2026/02/30"], 2, "不存在的日期"),
        (["history", "--since", "2026-11-27", "--until", "2026-11-01"], 2, "早于开始日期"),
        (["history", "--limit", "0"], 2, "条数上限"),
    ],
)
def test_history_bad_input(cli, db: Path, story, args, code, message) -> None:
    before = dump(db)
    result = cli(*args)
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert dump(db) == before
