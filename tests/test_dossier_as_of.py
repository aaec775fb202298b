"""A dossier is the record of its meeting: built from the ledger as it stood when the meeting sat,
so that exporting it again later gives the same file, whatever happened since (issue 19).

The ledger is made step by step through the real commands, the clock moved between them
(LIULIQIAO_NOW); the dossier exported at the meeting itself (nothing after it yet, so nothing to
put back) is the reference the later exports must equal.
"""

from __future__ import annotations

import pytest
from conftest import dump

MEETING = ("meeting", "add", "--kind", "joint", "--date", "2026-11-19", "--time", "14:30")


def _at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("LIULIQIAO_NOW", when)


def _ok(result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def held(db, cli, monkeypatch):
    """A ledger with complaints at several stages, and meetings 1 (2026-10-20) and 2
    (2026-11-19 14:30): meeting 2's agenda and a decision of meeting 1 to follow up."""
    _at(monkeypatch, "2026-10-12 09:00:00")
    _ok(cli("add", "3号楼2单元502楼道灯不亮", "--reporter", "王秀英", "--phone", "13800001234"))
    _ok(cli("add", "北门垃圾站满了没人清", "--source", "hotline"))
    _ok(cli("add", "1号楼1单元101门口的绿化带没人修剪", "--item", "greenery"))
    _at(monkeypatch, "2026-10-13 10:00:00")
    for n in ("1", "2", "3"):
        _ok(cli("dispatch", n))
    _ok(cli("respond", "1"))
    _at(monkeypatch, "2026-10-20 09:00:00")
    _ok(cli("meeting", "add", "--kind", "joint", "--date", "2026-10-20", "--time", "09:30"))
    _at(monkeypatch, "2026-10-20 10:30:00")
    _ok(cli("meeting", "decide", "1", "--decision", "限期修好楼道灯", "--complaint", "1",
            "--owner", "chengjian", "--due", "2026-11-25", "--add-to-agenda"))  # fmt: skip
    _ok(cli("meeting", "decide", "1", "--decision", "增设两条长椅", "--owner", "shouhua",
            "--due", "2026-11-30"))  # fmt: skip
    _at(monkeypatch, "2026-11-02 16:00:00")
    _ok(cli("resolve", "2"))
    _ok(cli("add", "4号楼3单元顶楼屋顶漏雨", "--source", "phone"))
    _at(monkeypatch, "2026-11-05 11:00:00")
    _ok(cli("followup", "2", "--resolved", "yes", "--satisfied", "basic"))
    _at(monkeypatch, "2026-11-18 09:00:00")
    _ok(cli(*MEETING, "--place", "社区会议室"))
    _ok(cli("meeting", "agenda", "2", "--add", "1", "3", "4"))
    _at(monkeypatch, "2026-11-19 14:30:00")
    return db


def _export(cli, tmp_path, name: str) -> dict[str, bytes]:
    out = {}
    for fmt in ("md", "html", "json", "docx", "xlsx"):
        path = tmp_path / f"{name}.{fmt}"
        _ok(cli("dossier", "2", "-o", str(path)))
        out[fmt] = path.read_bytes()
    return out


def _happen_later(cli, monkeypatch) -> None:
    """Everything that can change after a meeting: steps, follow-ups, a company override, an
    agenda change, decisions recorded and marked done, a duty override, new complaints."""
    _at(monkeypatch, "2026-11-19 15:30:00")
    _ok(cli("meeting", "decide", "2", "--decision", "城建物业本周内修复", "--complaint", "4",
            "--owner", "chengjian", "--votes", "12/0/1", "--add-to-agenda"))  # fmt: skip
    _at(monkeypatch, "2026-11-21 10:00:00")
    _ok(cli("resolve", "1"))
    _ok(cli("respond", "3"))
    _ok(cli("dispatch", "4"))
    _ok(cli("tag", "3", "--company", "chengjian", "--reason", "协商会决定改派"))
    _ok(cli("meeting", "agenda", "2", "--remove", "3"))
    _ok(cli("meeting", "agenda", "2", "--add", "2"))
    _ok(cli("meeting", "done", "2", "--date", "2026-11-20"))
    _ok(cli("duty", "override", "2026-11-18", "2026-11-30", "shouhua", "--reason", "临时调班"))
    _at(monkeypatch, "2026-11-24 16:00:00")
    _ok(cli("followup", "1", "--resolved", "no", "--satisfied", "no"))
    _ok(cli("add", "2号楼3单元楼道堆放杂物", "--received", "2026-11-19 08:00"))
    _ok(cli("add", "小区主路井盖松动"))


@pytest.mark.slow
def test_a_held_meetings_dossier_stays_what_the_meeting_saw(held, cli, monkeypatch, tmp_path):
    at_the_meeting = _export(cli, tmp_path, "then")
    text = at_the_meeting["md"].decode()
    assert "数据截至 2026-11-19 14:30（会议召开时的台账，此后的变化不计）" in text
    _happen_later(cli, monkeypatch)
    _at(monkeypatch, "2026-11-27 10:00:00")
    later = _export(cli, tmp_path, "later")
    for fmt, content in at_the_meeting.items():
        assert later[fmt] == content, fmt
    # Today's view is another thing, and says so.
    today = _ok(cli("dossier", "2", "--as-of", "now"))
    assert "数据截至 2026-11-27 10:00（导出时的台账）" in today
    assert today != text


def test_the_record_keeps_its_own_decisions_and_follows_up_the_last_meeting(held, cli, monkeypatch):
    _happen_later(cli, monkeypatch)
    _at(monkeypatch, "2026-11-27 10:00:00")
    text = _ok(cli("dossier", "2"))
    followup = text.split("## 三、")[1].split("## 四、")[0]
    # Complaint 1 was in progress at the meeting (resolved two days later): pending, not done;
    # the benches were marked done after the meeting.
    assert "| 1 | 限期修好楼道灯 | 城建物业 | 2026-11-25 | 处理中 | 推进中 |" in followup
    assert "|  | 增设两条长椅 | 首华物业 | 2026-11-30 |  | 推进中 |" in followup
    # The paper the meeting had on its table: its decisions, recorded after it sat, are not
    # on it; today's view has them.
    assert "城建物业本周内修复" not in text
    agenda = text.split("## 四、")[1].split("## 五、")[0]
    assert "| 3 |" in agenda and "| 2 |" not in agenda  # the agenda as it was
    assert "2号楼3单元楼道堆放杂物" not in text  # recorded later, though received that morning
    now_view = _ok(cli("dossier", "2", "--as-of", "now"))
    assert "| 1 | 4 | 城建物业本周内修复 | 城建物业 |  | 12/0/1 |" in now_view
    assert "| 1 | 限期修好楼道灯 | 城建物业 | 2026-11-25 | 重新办理 | 逾期未落实 |" in now_view


def test_as_of_a_day_in_between(held, cli, monkeypatch):
    _happen_later(cli, monkeypatch)
    _at(monkeypatch, "2026-11-27 10:00:00")
    text = _ok(cli("dossier", "2", "--as-of", "2026-11-21"))
    assert "数据截至 2026-11-21 23:59（按 --as-of 指定的时刻）" in text
    agenda = text.split("## 四、")[1].split("## 五、")[0]
    assert "| 1 | 3号楼2单元502 |" in agenda and "已办结" in agenda


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("dossier", "2", "--as-of", "2026-12-01"), "将来"),
        (("dossier", "2", "--as-of", "2026-10-11"), "早于台账的第一条诉求"),
        (("dossier", "2", "--as-of", "明年"), "无法识别的日期"),
        (("dossier", "3", "--as-of", "2026-11-20"), "尚未召开"),
        (
            ("dossier", "--since", "2026-10-01", "--until", "2026-10-31", "--as-of", "2027-01-01"),
            "将来",
        ),  # fmt: skip
    ],
)
def test_as_of_bad_input_is_one_line_and_writes_nothing(
    held, cli, monkeypatch, tmp_path, args, key
):
    monkeypatch.setenv("LIULIQIAO_LANG", "zh")
    _at(monkeypatch, "2026-11-27 10:00:00")
    _ok(cli("meeting", "add", "--kind", "joint", "--date", "2026-12-05"))
    before = dump(held)
    target = tmp_path / "out.docx"
    result = cli(*args, "-o", str(target))
    assert result.exit_code == 2
    assert key in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not target.exists()
    assert dump(held) == before


def test_counted_in_python_agrees_with_the_triggers_sql(sample_db):
    """reports.as_of.counted mirrors store.counts.contribution (the SQL the triggers run): the two
    agree on every complaint of the sample, at a moment that leaves some responses late."""
    import sqlite3

    from liuliqiao_cli.reports import as_of
    from liuliqiao_cli.store import counts

    conn = sqlite3.connect(sample_db)
    conn.row_factory = sqlite3.Row
    moment = "2026-11-20 12:00:00"
    c = counts.contribution("c")
    keys = counts.dimensions("c")
    sql = (
        f"SELECT c.*, {c['day']} AS day_, {c['cohort']} AS cohort_,"
        + ", ".join(f"{expr} AS k_{dim}" for dim, expr in keys.items())
        + ", "
        + ", ".join(f"({c[s]}) AS s_{s}" for s in counts.SUMS)
        + ", (c.dispatched_at IS NOT NULL AND c.responded_at IS NULL AND c.resolved_at IS NULL"
        " AND c.respond_by < ?) AS late_ FROM complaints c"
    )
    rows = conn.execute(sql, (moment,)).fetchall()
    assert len(rows) > 400
    late = 0
    for r in rows:
        got = as_of.counted(dict(r), moment)
        assert got.day == r["day_"] and got.cohort == r["cohort_"], r["id"]
        assert got.keys == {dim: str(r[f"k_{dim}"]) for dim in keys}, r["id"]
        assert got.sums == {s: int(r[f"s_{s}"]) for s in counts.SUMS}, r["id"]
        assert got.late == bool(r["late_"]), r["id"]
        late += got.late
    assert {r["cohort_"] for r in rows} == {0, 1, 2}
    assert late == 5  # dispatched, never answered, past the limit: the rates' pending part


def _chases(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("| 催办（按物业公司） |"))


def test_chases_are_counted_as_they_stood(held, cli, monkeypatch):
    """催办 in the figures: those recorded by the meeting and not undone by then. The running
    totals hold the chases not undone now; those recorded after the meeting (on its own day)
    are taken out, and one undone only after the meeting is put back."""
    _at(monkeypatch, "2026-11-19 09:00:00")
    _ok(cli("tag", "3", "--company", "shouhua", "--reason", "协商会前改派"))
    _at(monkeypatch, "2026-11-19 10:00:00")
    for n in ("1", "3", "4"):
        _ok(cli("remind", n))
    _at(monkeypatch, "2026-11-19 11:30:00")
    _ok(cli("undo", "-y"))  # complaint 4's chase, undone before the meeting
    _at(monkeypatch, "2026-11-19 13:00:00")
    _ok(cli("remind", "3"))
    _at(monkeypatch, "2026-11-19 14:30:00")
    at_the_meeting = _chases(_ok(cli("dossier", "2")))
    assert at_the_meeting == "| 催办（按物业公司） | 首华物业 2，城建物业 1 |"
    _at(monkeypatch, "2026-11-20 09:00:00")
    _ok(cli("undo", "-y"))  # complaint 3's second chase, undone after the meeting
    _at(monkeypatch, "2026-11-19 16:00:00")
    _ok(cli("remind", "1"))  # after the meeting, on its day
    _at(monkeypatch, "2026-11-27 10:00:00")
    assert _chases(_ok(cli("dossier", "2"))) == at_the_meeting
    # After the period (the meeting's day): its chases as they stood at its end, the evening's
    # counted, the one undone on the 20th too, whether seen on the 20th or today.
    for moment in ("2026-11-20 08:00", "now"):
        assert _chases(_ok(cli("dossier", "2", "--as-of", moment))) == (
            "| 催办（按物业公司） | 首华物业 2，城建物业 2 |"
        ), moment


def test_a_change_counted_alike_is_left_out_only_when_it_counts_the_same(sample_db):
    """changes_since leaves out a complaint whose row then and now count alike
    (``as_of._counted_alike``): that must mean ``counted`` gives the same for both. Each row of
    the sample, each column it reads changed to another row's value."""
    import sqlite3

    from liuliqiao_cli.reports import as_of

    conn = sqlite3.connect(sample_db)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM complaints ORDER BY id")]
    moment = "2026-11-20 12:00:00"
    alike = differ = 0
    for i, row in enumerate(rows):
        other = rows[(i * 7 + 3) % len(rows)]
        for column in as_of._COLUMNS:
            changed = {**row, column: other[column]}
            if as_of._counted_alike(row, changed):
                assert as_of.counted(row, moment) == as_of.counted(changed, moment), (row, column)
                alike += row[column] != other[column]
            else:
                differ += 1
    assert alike > 400 and differ > 1000  # resolve_by and open statuses among the first


@pytest.mark.slow
def test_changes_since_reads_only_what_may_count_otherwise(sample_db):
    """reports.as_of.changes_since leaves out, unread, the complaints whose events since the
    moment cannot change what they count (notes and tags; a status that stays in or out of the
    rates); its net effect on the figures is that of putting every changed complaint back row
    by row, at moments across the sample's two last years."""
    import sqlite3
    from datetime import date, datetime, timedelta

    from liuliqiao_cli.complaints.as_of import rewind
    from liuliqiao_cli.complaints.status import OPEN_STATUSES
    from liuliqiao_cli.reports import as_of
    from liuliqiao_cli.store.later import Later

    conn = sqlite3.connect(sample_db)
    columns = ", ".join(as_of._COLUMNS)

    def net(pairs) -> dict:
        out: dict = {}
        for sign, c in pairs:
            if c is not None:
                key = (c.day, c.cohort, tuple(c.keys.items()), tuple(c.sums.items()), c.late)
                out[key] = out.get(key, 0) + sign
        return {k: n for k, n in out.items() if n}

    moments = [datetime(2025, 1, 3, 9, 30) + timedelta(days=9.3 * i) for i in range(75)]
    # and an hour before each complaint was marked a duplicate or rejected (out of the rates)
    moments += [
        datetime.fromisoformat(at) - timedelta(hours=1)
        for (at,) in conn.execute(
            "SELECT at FROM events WHERE kind IN ('duplicate', 'reject') AND at > '2025'"
        )
    ]
    checked = 0
    for moment in moments:
        at = moment.strftime("%Y-%m-%d %H:%M:%S")
        since, until = date(moment.year - 1, moment.month, 1), moment.date()
        got = as_of.changes_since(conn, Later(conn, at), since, until)
        later: dict[int, list] = {}
        for cid, kind, data in conn.execute(
            "SELECT complaint_id, kind, data FROM events WHERE at > ? AND complaint_id IS NOT NULL"
            " AND subject = 'complaint' ORDER BY id",
            (at,),
        ):
            later.setdefault(cid, []).append((kind, data))
        lo, hi = since.isoformat(), (until + timedelta(days=1)).isoformat()
        want, unseen = [], 0
        for cid, events in later.items():
            now = dict(
                zip(("id", *as_of._COLUMNS), conn.execute(
                    f"SELECT id, {columns} FROM complaints WHERE id = ?", (cid,)
                ).fetchone(), strict=True)
            )  # fmt: skip
            then = rewind(now, events)
            if then is None and now["received_at"] < at:
                first = rewind(now, [e for e in events if e[0] != "create"]) or now
                unseen += first["status"] in OPEN_STATUSES
            if lo <= now["received_at"] < hi or (then and lo <= then["received_at"] < hi):
                want += [(-1, as_of.counted(now, at))]
                want += [(1, as_of.counted(then, at) if then else None)]
        assert net(want) == net(
            (sign, c) for ch in got.changed for sign, c in ((-1, ch.now), (1, ch.then))
        ), at
        assert got.open == unseen, at
        checked += len(later)
    assert checked > 3000


@pytest.mark.parametrize(
    "text",
    [
        '{"before": {"status": "received"}}',
        ' {"a": 1}',
        '{"a": 1}\n',
        "[1, 2]",
        '"x"',
        '{"a": 1} x',
        "",
        "{",
        '{"before": {"st\\u0061tus": "\\u53d7\\u7406"}}',
    ],  # fmt: skip
)
def test_event_data_decoded_as_json_loads_does(text):
    """complaints.as_of reads an event's data through json's C scanner (half the cost): the
    same value as json.loads, or the same error."""
    import json

    from liuliqiao_cli.complaints.as_of import _decoded

    try:
        want: object = json.loads(text)
    except json.JSONDecodeError as e:
        want = ("error", str(e))
    try:
        got: object = _decoded(text)
    except json.JSONDecodeError as e:
        got = ("error", str(e))
    assert got == want
