"""`liuliqiao serve`: the office's read-only view through Datasette, tested with Datasette's own
test client (``datasette.client``): Chinese pages, nothing of residents' identities, tables
refused rather than hidden, bound to this machine, clear errors."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import sys
from datetime import date, datetime

import pytest
from conftest import companion_of, dump

pytest.importorskip("datasette")

NOW = datetime(2026, 11, 27, 10, 0, 0)


@pytest.fixture
def ds(sample_db):
    from liuliqiao_cli.cli.serve import build_datasette
    from liuliqiao_cli.store import ledger

    conn = ledger.open_ledger(sample_db)
    try:
        yield build_datasette(conn, sample_db, NOW, fixed=True)
    finally:
        conn.close()


def get(ds, path: str):
    async def fetch():
        return await ds.client.get(path)

    return asyncio.run(fetch())


def rows(ds, page: str) -> list[dict]:
    response = get(ds, f"/ledger/{page}.json?_shape=array&_size=max")
    assert response.status_code == 200, response.text
    return response.json()


def test_pages_answer_in_chinese(ds, sample_db):
    conn = sqlite3.connect(sample_db)
    overdue = conn.execute(
        "SELECT count(*) FROM complaints WHERE status IN"
        " ('received', 'dispatched', 'in_progress', 'disputed', 'reopened') AND"
        " ((responded_at IS NULL AND respond_by < '2026-11-27 10:00:00')"
        " OR resolve_by < '2026-11-27 10:00:00')"
    ).fetchone()[0]
    open_ = rows(ds, "open_overdue")
    assert list(open_[0]) == [
        "编号", "受理时间", "状态", "地点", "服务项目", "负责公司", "来源", "响应时限", "办结时限",
        "诉求内容", "是否超期",
    ]  # fmt: skip
    assert sum(r["是否超期"] == "超期" for r in open_) == overdue > 0
    assert open_[0]["是否超期"] == "超期"  # overdue first
    assert {r["状态"] for r in open_} <= {"已受理", "已派单", "处理中", "责任有争议", "重新办理"}
    week = rows(ds, "this_week")
    assert week and all(r["受理时间"] >= "2026-11-23" for r in week)
    duty = rows(ds, "duty_this_month")
    assert duty == [
        {"起": "2026-03-09", "止": "2027-02-28", "当值物业": "城建物业", "依据": "年度轮值"}
    ]
    decisions = rows(ds, "meeting_decisions")
    assert {r["落实情况"] for r in decisions} <= {"已落实", "逾期未落实", "推进中"}
    assert not {r["责任方"] for r in decisions} & {"shouhua", "chengjian"}
    page = get(ds, "/ledger/open_overdue").text
    assert "未办结与超期诉求" in page


def test_rates_by_company_agree_with_the_rates_command(ds, sample_db):
    from liuliqiao_cli.reports import rates

    conn = sqlite3.connect(sample_db)
    conn.row_factory = sqlite3.Row
    want = {
        g.group: g
        for g in rates.rates(conn, date(2026, 1, 1), date(2026, 11, 27), "company", now=NOW)
    }
    names = {"首华物业": "shouhua", "城建物业": "chengjian"}
    for r in rows(ds, "rates_by_company"):
        g = want[names[r["物业公司"]]]
        assert (r["响应率分子"], r["响应率分母"]) == (g.response.numerator, g.response.denominator)
        assert (r["解决率分子"], r["解决率分母"]) == (
            g.resolution.numerator,
            g.resolution.denominator,
        )
        assert (r["满意率分子"], r["满意率分母"]) == (
            g.satisfaction.numerator,
            g.satisfaction.denominator,
        )
        assert r["响应率"].endswith("%")


@pytest.mark.parametrize(
    "path",
    [
        "/ledger/contacts",
        "/ledger/contacts.json",
        "/ledger/complaints.json",
        "/ledger/events.json",
        "/ledger/settings.json",
        "/ledger/complaints_fts.json",
        "/ledger.json?sql=select+name,phone+from+contacts",
        "/ledger?sql=select+1",
        "/ledger.db",
    ],
)
def test_identities_and_own_sql_are_refused(ds, path):
    assert get(ds, path).status_code == 403


def test_only_the_ledger_is_served_and_contacts_have_no_name_label(ds, sample_db):
    assert [name for name in ds.databases if not name.startswith("_")] == ["ledger"]
    assert all(not db.path or not db.path.endswith(".contacts.db") for db in ds.databases.values())
    contacts = ds.metadata()["databases"]["ledger"]["tables"]["contacts"]
    assert contacts["label_column"] == "id" and contacts["allow"] is False


def test_the_contacts_file_is_refused_as_a_ledger(cli, sample_db):
    companion = companion_of(sample_db)
    before = companion.read_bytes()
    result = cli("--db", str(companion), "serve")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"错误：{companion} 是台账的居民联系方式文件，不是台账本身：请打开台账 {sample_db}"
        f"（--db {sample_db}）\n"
    )
    assert companion.read_bytes() == before


def test_no_residents_names_or_phones_anywhere(ds, sample_db):
    # The originals live in the companion contacts file (the ledger holds masked forms only):
    # the residents' names and phones, and what was found in the texts.
    conn = sqlite3.connect(companion_of(sample_db))
    secrets = [
        value
        for name, phone in conn.execute("SELECT name, phone FROM contacts")
        for value in (name, phone)
        if len(value) >= 2
    ]
    secrets += [r[0] for r in conn.execute("SELECT original FROM found") if len(r[0]) >= 2]
    conn.close()
    assert len(secrets) > 20
    import json

    pages = [
        "open_overdue",
        "this_week",
        "rates_by_company",
        "duty_this_month",
        "meeting_decisions",
    ]
    pages += ["meetings", "meeting_decisions", "meeting_agenda", "meeting_attendance", "items"]
    text = "".join(
        json.dumps(get(ds, f"/ledger/{p}.json?_size=max").json(), ensure_ascii=False) for p in pages
    )
    text += get(ds, "/").text + get(ds, "/ledger").text + get(ds, "/ledger/open_overdue").text
    assert "社区会议室" in text  # the pages were read
    assert [s for s in secrets if s in text] == []
    listing = get(ds, "/ledger").text
    assert "contacts" not in listing and "未办结与超期诉求" in listing


def test_serve_binds_this_machine_by_default(sample_db, cli, monkeypatch):
    monkeypatch.setenv("LIULIQIAO_DB", str(sample_db))
    seen = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    result = cli("--lang", "zh", "serve", "--port", "8799")
    assert result.exit_code == 0, result.stderr
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8799
    assert "http://127.0.0.1:8799/" in result.stderr


def test_port_in_use_is_one_line_and_changes_nothing(sample_db, cli, monkeypatch):
    monkeypatch.setenv("LIULIQIAO_DB", str(sample_db))
    before = dump(sample_db)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("--lang", "zh", "serve", "--port", str(port))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"错误：127.0.0.1 的端口 {port} 已被占用：用 --port 换一个"
    assert dump(sample_db) == before


def test_missing_ledger_and_missing_datasette(tmp_path, cli, monkeypatch, sample_db):
    monkeypatch.setenv("LIULIQIAO_DB", str(tmp_path / "none.db"))
    result = cli("--lang", "zh", "serve")
    assert result.exit_code != 0 and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()
    monkeypatch.setenv("LIULIQIAO_DB", str(sample_db))
    monkeypatch.setitem(sys.modules, "datasette", None)
    result = cli("--lang", "zh", "serve")
    assert result.exit_code == 2
    assert ".[office]" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_pages_name_complaints_as_everywhere(cli, sample_db):
    """A complaint with a name (B1) is shown by it on the office's pages too; one without keeps
    its number."""
    from liuliqiao_cli.cli.serve import build_datasette
    from liuliqiao_cli.store import ledger

    assert cli("--db", str(sample_db), "db", "station", "B").exit_code == 0
    assert cli("--db", str(sample_db), "add", "北门垃圾站满了没人清").exit_code == 0
    conn = ledger.open_ledger(sample_db)
    try:
        office = build_datasette(conn, sample_db, datetime(2026, 11, 27, 10, 30), fixed=True)
        week = rows(office, "this_week")
    finally:
        conn.close()
    shown = [r["编号"] for r in week]
    assert shown.count("B1") == 1 and len(shown) > 1
    assert all(isinstance(n, int) for n in shown if n != "B1")
