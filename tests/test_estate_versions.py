"""Issue 20: the estate as versions from a date. A renegotiated agreement (building 2 moves to
城建物业 from 2027-03-01; 单元门 becomes jointly managed) recorded with ``estate apply``: what it
changes, routing by the version of each complaint's day (before, on and after the date), the
rates and the summary across it, the open complaints it passes on (移交待确认, confirmed by
``duty handover --confirm``), undo, the upgrade of a ledger made before versions, and every
refusal (one line, non-zero exit, the ledger dump-for-dump unchanged)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, dump

from liuliqiao_cli.estate import model, versions
from liuliqiao_cli.estate.definition import as_estate, default_definition_text, load_definition

DEFAULT = default_definition_text()
FROM = "2027-03-01"
AFTER = "2027-03-05 10:00:00"  # the clock once the version is in force


def agreement_text(text: str = DEFAULT) -> str:
    """The sample estate renegotiated: building 2 to 城建物业, 单元门 jointly managed."""
    building_2 = 'number = 2\nunits = 5\nfloors = 6\nrooms_per_floor = 2\ncompany = "shouhua"'
    unit_door = 'code = "unit_door"\nname = "单元门"\nname_en = "Unit doors"\nscope = "separate"'
    assert building_2 in text and unit_door in text
    return text.replace(building_2, building_2.replace("shouhua", "chengjian")).replace(
        unit_door, unit_door.replace("separate", "joint")
    )


@pytest.fixture
def agreement(tmp_path: Path) -> Path:
    path = tmp_path / "agreement-2027.toml"
    path.write_text(agreement_text(), encoding="utf-8")
    return path


def applied(cli, path: Path, since: str = FROM, *extra: str):
    result = cli(
        "estate",
        "apply",
        str(path),
        "--from",
        since,
        "--reason",
        "三方协议补充条款",
        "--yes",
        *extra,
    )
    assert result.exit_code == 0, result.stderr
    return result


def one_error_line(result, code: int = 1) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# --- the preview, the record, the versions ----------------------------------------------------


def test_dry_run_lists_the_changes_and_the_complaints_passed_on(cli, sample_db, agreement):
    before = dump(sample_db)
    result = cli("estate", "apply", str(agreement), "--from", FROM, "--dry-run")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "小区定义第 2 版：自 2027-03-01 起执行（此前为第 1 版）" in out
    assert "  - 2号楼：首华物业 → 城建物业" in out
    assert "  - 单元门：分别管理 → 共同管理" in out
    assert "5 件未办结诉求的负责公司将改变" in out and "移交待确认" in out
    # building 2's separately managed complaints to 城建; 3号楼's unit doors to the company on
    # duty on 2027-03-01 (首华); the open joint complaints of 城建 are the duty handover's own
    assert "#407  2号楼3单元601  屋顶漏雨：首华物业 → 城建物业" in out
    assert "#402  3号楼3单元501  单元门：城建物业 → 首华物业" in out
    assert "#419" not in out
    assert "未做任何更改" in result.stderr
    assert dump(sample_db) == before


def test_english_preview(cli, sample_db, agreement):
    result = cli("--lang", "en", "estate", "apply", str(agreement), "--from", FROM, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "Estate version 2: in force from 2027-03-01 (after version 1)" in result.stdout
    assert "  - building 2: Shouhua Property → Chengjian Property" in result.stdout.replace(
        "2号楼", "building 2"
    )
    assert "  - Unit doors: separate → joint" in result.stdout
    assert "5 open complaints will change company" in result.stdout


def test_off_a_terminal_without_yes_nothing_is_written(cli, sample_db, agreement):
    before = dump(sample_db)
    line = one_error_line(cli("estate", "apply", str(agreement), "--from", FROM))
    assert "--yes" in line and "--dry-run" in line and "未做任何更改" in line
    assert dump(sample_db) == before


def test_a_terminal_asks_and_no_writes_nothing(cli, sample_db, agreement, monkeypatch):
    from liuliqiao_cli.cli import estate as estate_cli

    monkeypatch.setattr(estate_cli, "_on_terminal", lambda: True)
    before = dump(sample_db)
    result = cli("estate", "apply", str(agreement), "--from", FROM, input="n\n")
    assert result.exit_code == 1
    assert "记录这一版本？" in result.stderr and "已取消" in result.stderr
    assert dump(sample_db) == before
    result = cli("estate", "apply", str(agreement), "--from", FROM, input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "已记录第 2 版小区定义" in result.stderr


def test_a_version_is_an_event_with_who_and_why(cli, sample_db, agreement):
    result = applied(cli, agreement)
    assert "已记录第 2 版小区定义，自 2027-03-01 起执行" in result.stderr
    conn = sqlite3.connect(sample_db)
    row = conn.execute(
        "SELECT actor, kind, subject, data FROM events WHERE kind = 'estate_version'"
    ).fetchone()
    assert row[:3] == ("测试员", "estate_version", "estate")
    data = json.loads(row[3])
    assert data["reason"] == "三方协议补充条款" and data["from"] == FROM
    # by UUID, the name every ledger knows them by (the event travels in merges)
    uuids = dict(conn.execute("SELECT uuid, id FROM complaints").fetchall())
    assert [uuids[u] for u in data["affected"]] == [402, 407, 412, 414, 415]
    stored = conn.execute(
        "SELECT from_date, actor, reason, definition IS NOT NULL FROM estate_versions"
        " ORDER BY from_date"
    ).fetchall()
    assert stored == [
        ("0001-01-01", "", "estate definition", 1),
        (FROM, "测试员", "三方协议补充条款", 1),
    ]
    shown = cli("estate", "--versions").stdout
    assert "小区定义版本（2 个）" in shown and "建账时起" in shown
    assert (
        "2027-03-01" in shown and "2号楼：首华物业 → 城建物业；单元门：分别管理 → 共同管理" in shown
    )
    rows = json.loads(cli("estate", "--versions", "--format", "json").stdout)
    assert [(r["number"], r["from"]) for r in rows] == [(1, ""), (2, FROM)]
    history = cli("history", "--since", "2026-11-27", "--until", "2026-11-27").stdout
    assert "小区定义" in history and "自 2027-03-01 起执行：2号楼：首华物业 → 城建物业" in history


def test_estate_as_of_a_day(cli, sample_db, agreement):
    applied(cli, agreement)
    today = cli("estate").stdout
    assert "第 1 版小区定义（建账时起）；共 2 个版本" in today
    assert "2027-03-01 起执行第 2 版" in today
    before = json.loads(cli("estate", "--date", "2027-02-28", "--format", "json").stdout)
    after = json.loads(cli("estate", "--date", "2027-03-01", "--format", "json").stdout)
    company = {b["number"]: b["company"] for b in before["buildings"]}
    assert company == {1: "shouhua", 2: "shouhua", 3: "chengjian", 4: "chengjian"}
    company = {b["number"]: b["company"] for b in after["buildings"]}
    assert company == {1: "shouhua", 2: "chengjian", 3: "chengjian", 4: "chengjian"}
    scope = {i["code"]: i["scope"] for i in after["items"]}
    assert scope["unit_door"] == "joint"
    assert after["version"] == {"number": 2, "from": FROM, "versions": 2, "next": None}
    assert before["version"]["next"] == FROM
    text = cli("estate", "--date", "2027-03-01").stdout
    assert "2027-03-01 执行的小区定义" in text and "第 2 版小区定义（自 2027-03-01 起执行）" in text


# --- routing across the change ----------------------------------------------------------------


def _add(cli, text: str, received: str) -> dict:
    result = cli("add", text, "--received", received, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_routing_by_the_version_of_the_day(cli, sample_db, agreement, monkeypatch):
    applied(cli, agreement)
    monkeypatch.setenv("LIULIQIAO_NOW", AFTER)
    stair = [
        _add(cli, "2号楼3单元楼道灯不亮", when)
        for when in ("2027-02-28 23:59", "2027-03-01 00:00", "2027-03-02 08:00")
    ]
    assert [c["company"] for c in stair] == ["shouhua", "chengjian", "chengjian"]
    assert {c["routing"] for c in stair} == {"separate"}
    door = [
        _add(cli, "3号楼1单元单元门关不上", when)
        for when in ("2027-02-28 23:59", "2027-03-01 00:00", "2027-03-02 08:00")
    ]
    # before: the building's company (城建); from the date: jointly managed, 首华 on duty
    assert [(c["company"], c["scope"]) for c in door] == [
        ("chengjian", "separate"),
        ("shouhua", "joint"),
        ("shouhua", "joint"),
    ]
    # received before the date and still open: awaiting a confirmation, not re-routed
    listed = json.loads(cli("list", "--open", "--format", "json").stdout)
    pending = {r["id"]: r["handover_pending"] for r in listed}
    assert pending[stair[0]["id"]] and pending[door[0]["id"]]
    assert not pending[stair[1]["id"]] and not pending[door[1]["id"]]
    shown = cli("show", str(stair[0]["id"])).stdout
    assert "新版小区定义改由城建物业负责" in shown and "首华物业" in shown
    # a complaint received before the version was recorded keeps its routing until confirmed
    conn = sqlite3.connect(sample_db)
    assert conn.execute("SELECT company FROM complaints WHERE id = 407").fetchone() == ("shouhua",)


def test_rates_and_summary_across_the_change(cli, sample_db, agreement, monkeypatch):
    applied(cli, agreement)
    monkeypatch.setenv("LIULIQIAO_NOW", AFTER)
    for when in ("2027-02-28 09:00", "2027-03-01 09:00", "2027-03-02 09:00"):
        number = str(_add(cli, "2号楼3单元楼道灯不亮", when)["id"])
        assert cli("dispatch", number).exit_code == 0
        assert cli("respond", number).exit_code == 0
    rows = json.loads(
        cli(
            "rates", "--by", "company", "--since", "2027-02-28", "--until", "2027-03-02",
            "--format", "json",
        ).stdout
    )  # fmt: skip
    dispatched = {r["group"]: r["denominator"] for r in rows if r["rate_kind"] == "response"}
    assert dispatched == {"shouhua": 1, "chengjian": 2, "all": 3}
    summary = cli("summary", "--since", "2027-02-24", "--until", "2027-03-02").stdout
    assert "2027-03-01 起执行第 2 版小区定义：2号楼：首华物业 → 城建物业" in summary
    company = summary.split("按物业公司", 1)[1].splitlines()[0]
    assert "首华物业 1" in company and "城建物业 2" in company
    data = json.loads(
        cli("summary", "--since", "2027-02-24", "--until", "2027-03-02", "--format", "json").stdout
    )
    (version,) = data["duty"]["estate_versions"]
    assert version["date"] == FROM and version["number"] == 2
    assert {c["kind"] for c in version["changes"]} == {"building_company", "item_scope"}
    assert data["duty"]["handover_pending"] >= 5
    # a period without the change says nothing of it
    quiet = cli("summary", "--since", "2026-11-01", "--until", "2026-11-07").stdout
    assert "版小区定义：" not in quiet


def test_dossier_says_the_version_changed(cli, sample_db, agreement, monkeypatch):
    applied(cli, agreement)
    monkeypatch.setenv("LIULIQIAO_NOW", AFTER)
    out = cli("dossier", "--since", "2027-02-20", "--until", "2027-03-05").stdout
    assert "| 小区定义变更 | 2027-03-01 起执行第 2 版：2号楼：首华物业 → 城建物业" in out
    buildings = out.split("| 2号楼 |", 1)[1].split("|", 2)
    assert buildings[0].strip() == "城建物业"  # the version of the dossier's day
    assert "单元门" not in buildings[1].split("\n")[0]  # no longer separately managed
    assert "小区定义变更" not in cli("dossier", "86").stdout


def test_handover_confirmation_settles_them(cli, sample_db, agreement, monkeypatch):
    applied(cli, agreement)
    monkeypatch.setenv("LIULIQIAO_NOW", AFTER)
    result = cli("duty", "handover", "--confirm", "407")
    assert result.exit_code == 0, result.stderr
    assert "#407 首华物业 → 城建物业（2027-03-01 起的新版小区定义）" in result.stdout
    result = cli("duty", "handover", "--confirm", "--date", FROM)
    assert result.exit_code == 0, result.stderr
    assert "#402 城建物业 → 首华物业（2027-03-01 起的新版小区定义）" in result.stdout
    assert "（2027-03-01 交接）" in result.stdout  # the duty handover of the same day
    conn = sqlite3.connect(sample_db)
    got = dict(
        ((r[0]), r[1:])
        for r in conn.execute(
            "SELECT id, company, scope, routing FROM complaints WHERE id IN (402, 407, 412, 414, 415)"
        )
    )
    assert got[407] == ("chengjian", "separate", "handover")
    assert got[402] == ("shouhua", "joint", "handover")  # the item is jointly managed now
    listed = json.loads(cli("list", "--open", "--format", "json").stdout)
    assert not any(r["handover_pending"] for r in listed)
    # undo takes the last confirmation back, the scope with it
    assert cli("undo", "--yes").exit_code == 0


def test_undo_of_a_version_restores_the_ledger(cli, sample_db, agreement):
    conn = sqlite3.connect(sample_db)
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r[0] not in ("events",) and not r[0].startswith(("complaints_fts", "sqlite_"))
    ]

    def state() -> dict[str, list]:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}

    def routing_index() -> bool:
        found = "SELECT 1 FROM sqlite_master WHERE name = 'complaints_open_routing'"
        return conn.execute(found).fetchone() is not None

    before = state()
    assert not routing_index()  # a ledger of one version does not pay for it on every write
    applied(cli, agreement)
    assert state() != before and routing_index()
    refused = one_error_line(cli("undo"))
    assert "第 2 版小区定义" in refused and "--yes" in refused
    result = cli("undo", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "第 2 版小区定义，自 2027-03-01 起执行" in result.stderr
    assert state() == before  # the first version is the tables again (definition NULL)
    assert not routing_index()
    # and the version can be recorded again, on the same day
    applied(cli, agreement)


def test_undo_after_a_complaint_takes_the_complaint_back_first(
    cli, sample_db, agreement, monkeypatch
):
    applied(cli, agreement)
    added = _add(cli, "2号楼3单元楼道灯不亮", "2026-11-27 09:00")
    assert cli("undo", "--yes").exit_code == 0  # the complaint (rejected)
    assert cli("undo", "--yes").exit_code == 0  # then the version
    conn = sqlite3.connect(sample_db)
    assert conn.execute("SELECT count(*) FROM estate_versions").fetchone() == (1,)
    assert conn.execute("SELECT status FROM complaints WHERE id = ?", (added["id"],)).fetchone()


# --- refusals: one line, non-zero exit, nothing written ---------------------------------------


def _refused(cli, sample_db: Path, tmp_path: Path, text: str, since: str, lang: str) -> str:
    path = tmp_path / "v.toml"
    path.write_text(text, encoding="utf-8")
    before = dump(sample_db)
    line = one_error_line(
        cli("--lang", lang, "estate", "apply", str(path), "--from", since, "--yes")
    )
    assert dump(sample_db) == before
    return line


def _without(text: str, start: str, end: str) -> str:
    a = text.index(start)
    return text[:a] + text[text.index(end, a + len(start)) :]


BAD = [
    pytest.param(
        agreement_text(),
        "2022-10-01",
        "早于台账的第一条诉求（2022-10-17）；新版本最早从 2022-10-17 起",
        "before the ledger's first complaint (2022-10-17)",
        id="before-first-complaint",
    ),
    pytest.param(
        _without(agreement_text(), '[[items]]\ncode = "unit_door"', '[[items]]\ncode = "fees"'),
        FROM,
        "去掉了服务项目“单元门”，但还有 4 件未办结诉求属于它（如 #402）",
        "drops the item '单元门', but 4 open complaints still belong to it (e.g. #402)",
        id="item-in-use",
    ),
    pytest.param(
        _without(agreement_text(), "[[buildings]]\nnumber = 4", "# Time limits"),
        FROM,
        "新版本只有 3 栋楼，缺少 4号楼（现有 4 栋）",
        "has 3 buildings and lacks building 4 (the estate has 4)",
        id="fewer-buildings",
    ),
    pytest.param(
        agreement_text().replace('name = "首华物业"\nshort_name', 'name = "首华物业\nshort_name'),
        FROM,
        "第 16 行：不是有效的 TOML",
        "line 16: not valid TOML",
        id="toml-error",
    ),
    pytest.param(
        DEFAULT,
        FROM,
        "与现行的第 1 版完全相同",
        "identical to version 1 in force",
        id="no-change",
    ),
    pytest.param(
        agreement_text().replace('timezone = "Asia/Shanghai"', 'timezone = "Asia/Urumqi"'),
        FROM,
        "时区不能改变",
        "the time zone cannot change",
        id="timezone",
    ),
    pytest.param(
        agreement_text().replace("rooms_per_floor = 2", "rooms_per_floor = 1", 1),
        FROM,
        "1号楼的单元数、层数或每层户数比现行版本少",
        "building 1 has fewer units, floors or rooms per floor",
        id="smaller-building",
    ),
]


@pytest.mark.parametrize("text, since, zh, en", BAD)
def test_refused_with_one_line_and_nothing_written(cli, sample_db, tmp_path, text, since, zh, en):
    assert zh in _refused(cli, sample_db, tmp_path, text, since, "zh")
    assert en in _refused(cli, sample_db, tmp_path, text, since, "en")


def test_two_versions_on_the_same_day_are_refused(cli, sample_db, agreement, tmp_path):
    applied(cli, agreement)
    other = agreement_text().replace('name_en = "Unit doors"', 'name_en = "Unit entrance doors"')
    line = _refused(cli, sample_db, tmp_path, other, FROM, "zh")
    assert "已有自 2027-03-01 起执行的第 2 版小区定义，同一天只能有一个版本" in line
    line = _refused(cli, sample_db, tmp_path, other, FROM, "en")
    assert "version 2 of the estate already takes effect on 2027-03-01" in line


def test_bad_dates_and_files(cli, sample_db, agreement, tmp_path):
    before = dump(sample_db)
    assert "日期" in one_error_line(
        cli("estate", "apply", str(agreement), "--from", "2027-02-30", "--yes"), 2
    )
    assert "找不到小区定义文件" in one_error_line(
        cli("estate", "apply", str(tmp_path / "none.toml"), "--from", FROM, "--yes")
    )
    assert "不能同时使用" in one_error_line(
        cli("estate", "apply", str(agreement), "--from", FROM, "--yes", "--dry-run"), 2
    )
    assert "只能选一个" in one_error_line(cli("estate", "--date", FROM, "--versions"), 2)
    assert "不能与 apply 同用" in one_error_line(
        cli("estate", "--versions", "apply", str(agreement), "--from", FROM), 2
    )
    assert dump(sample_db) == before


def test_a_company_left_out_while_it_holds_complaints(cli, sample_db, tmp_path):
    text = agreement_text()
    text = text.replace('company = "shouhua"', 'company = "chengjian"')
    text = _without(text, '[[companies]]\ncode = "shouhua"', '[[companies]]\ncode = "chengjian"')
    text = text.replace('order = ["shouhua", "chengjian"]', 'order = ["chengjian"]')
    line = _refused(cli, sample_db, tmp_path, text, FROM, "zh")
    assert "去掉了“首华物业”，但它还负责" in line


# --- the versions themselves ------------------------------------------------------------------


def test_a_version_round_trips_through_its_json(conn):
    estate = model.load(conn)
    again = model.estate_from_json(conn, versions.estate_json(estate))
    assert again == estate
    defined = as_estate(load_definition(DEFAULT))
    for part in ("companies", "buildings", "items", "places", "cues"):
        assert getattr(again, part) == getattr(defined, part), part


def test_one_version_reads_the_tables(conn):
    (only,) = versions.all_versions(conn)
    assert only.from_date is None and not only.stored
    assert model.load(conn, on=date(2026, 11, 27)) == model.load(conn)


def test_rotation_and_workdays_in_the_file_are_not_applied(cli, sample_db, tmp_path):
    text = agreement_text().replace(
        'order = ["shouhua", "chengjian"]', 'order = ["chengjian", "shouhua"]'
    )
    path = tmp_path / "v.toml"
    path.write_text(text, encoding="utf-8")
    out = cli("estate", "apply", str(path), "--from", FROM, "--dry-run").stdout
    assert "[rotation] 与现行当值轮换不同，未采用" in out


def test_a_version_from_the_past_marks_what_it_listed(cli, sample_db, agreement):
    """Recorded late (in force since 2026-11-01): what was routed under the old version since is
    listed and marked, never re-routed; judged by today's duty (城建 on duty: 3号楼's unit doors
    stay with it)."""

    def pending() -> set[int]:
        listed = json.loads(cli("list", "--open", "--format", "json").stdout)
        return {r["id"] for r in listed if r["handover_pending"]}

    result = cli("estate", "apply", str(agreement), "--from", "2026-11-01", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "自 2026-11-01 起标为“移交待确认”" in result.stdout
    before = pending()  # the duty handovers of 2026-03-01 not yet confirmed
    applied(cli, agreement, "2026-11-01")
    conn = sqlite3.connect(sample_db)
    (data,) = conn.execute("SELECT data FROM events WHERE kind = 'estate_version'").fetchone()
    uuids = dict(conn.execute("SELECT uuid, id FROM complaints").fetchall())
    listed = {uuids[u] for u in json.loads(data)["affected"]}
    assert listed and {f"  #{n}  " in result.stdout for n in listed} == {True}
    assert pending() - before == listed
    assert 402 not in listed


def test_upgrade_of_a_ledger_made_before_versions(cli, sample_db):
    """The committed sample as it was at m011_clock (before this migration) upgrades keeping every
    row: its estate becomes its first version, and a new version can be recorded."""
    conn = sqlite3.connect(sample_db)
    conn.execute("DROP TABLE estate_versions")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_estate_versions'")
    conn.commit()
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not r[0].startswith(("sqlite_", "_sqlite"))
    ]
    rows = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    conn.close()
    result = cli("estate", "--versions", "--format", "json")
    assert result.exit_code == 0, result.stderr
    (first,) = json.loads(result.stdout)
    assert first["number"] == 1 and first["from"] == ""
    conn = sqlite3.connect(sample_db)
    assert {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables} == rows
    assert conn.execute("SELECT from_date, definition FROM estate_versions").fetchall() == [
        ("0001-01-01", None)
    ]
    conn.close()
    path = sample_db.parent / "agreement.toml"
    path.write_text(agreement_text(), encoding="utf-8")
    applied(cli, path)


def test_readme_example_is_real(cli, sample_db, monkeypatch, tmp_path):
    """The README's renegotiated agreement: its sed makes the file these tests use, and each
    command prints what the README shows, run in order on a copy of the sample at its clock."""
    import re
    import shlex
    import subprocess

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sed = re.search(r"<!-- example: agreement-file -->\n```sh\n(.*?)```", readme, re.S)
    assert sed is not None
    command = sed.group(1).replace("src/liuliqiao_cli", str(ROOT / "src" / "liuliqiao_cli"))
    subprocess.run(command, shell=True, check=True, cwd=tmp_path)
    assert (tmp_path / "agreement-2027.toml").read_text(encoding="utf-8") == agreement_text()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LIULIQIAO_ACTOR", "张网格员")
    blocks = re.findall(
        r"<!-- example: (agreement-\d) (\S+ \S+) -->\n```console\n(.*?)```", readme, re.S
    )
    assert [b[0] for b in blocks] == [f"agreement-{n}" for n in range(1, 6)]
    for name, now, body in blocks:
        monkeypatch.setenv("LIULIQIAO_NOW", now)
        line, _, shown = body.partition("\n")
        args = shlex.split(line)[2:]
        result = cli(*args)
        assert result.exit_code == 0, (name, result.stderr)
        assert result.stdout == shown, name
        if name == "agreement-1":  # then recorded, as the README says
            result = cli(*["--yes" if a == "--dry-run" else a for a in args])
            assert result.stdout == shown
            assert result.stderr.strip() in " ".join(readme.split())  # lines joined


def test_today_names_a_version_in_the_week_ahead(cli, sample_db, agreement, monkeypatch):
    applied(cli, agreement)
    monkeypatch.setenv("LIULIQIAO_NOW", "2027-02-25 09:00:00")
    out = cli("today").stdout
    assert "  2027-03-01 起执行第 2 版小区定义：2号楼：首华物业 → 城建物业" in out
    doc = json.loads(cli("today", "-f", "json").stdout)
    assert [(v["date"], v["number"]) for v in doc["estate_versions"]] == [(FROM, 2)]
    monkeypatch.setenv("LIULIQIAO_NOW", "2027-02-20 09:00:00")
    assert "小区定义：" not in cli("today").stdout  # more than 7 days ahead


def test_a_version_between_two_others(cli, sample_db, agreement, tmp_path):
    """Versions are ordered by their first day, not by when they were recorded: one recorded
    later for an earlier day decides the days between, and the tables keep the latest's values."""
    applied(cli, agreement)  # from 2027-03-01
    earlier = tmp_path / "earlier.toml"
    earlier.write_text(
        DEFAULT.replace('name_en = "Unit doors"', 'name_en = "Unit entrance doors"'),
        encoding="utf-8",
    )
    result = applied(cli, earlier, "2026-12-15")
    assert "小区定义第 2 版：自 2026-12-15 起执行（此前为第 1 版）" in result.stdout
    rows = json.loads(cli("estate", "--versions", "--format", "json").stdout)
    assert [r["from"] for r in rows] == ["", "2026-12-15", FROM]
    names = {
        day: {i["code"]: i["name_en"] for i in json.loads(
            cli("estate", "--date", day, "--format", "json").stdout
        )["items"]}["unit_door"]
        for day in ("2026-12-14", "2026-12-15", FROM)
    }  # fmt: skip
    assert names == {
        "2026-12-14": "Unit doors",
        "2026-12-15": "Unit entrance doors",
        FROM: "Unit doors",
    }
    conn = sqlite3.connect(sample_db)
    assert conn.execute("SELECT name_en FROM items WHERE code = 'unit_door'").fetchone() == (
        "Unit doors",
    )
    assert conn.execute("SELECT company FROM buildings WHERE number = 2").fetchone() == (
        "chengjian",
    )
    changes = json.loads(cli("--lang", "en", "estate", "--versions", "-f", "json").stdout)[2]
    assert changes["changes"] == [  # against the version before it, the one recorded later
        "2号楼: Shouhua Property → Chengjian Property",
        "Unit doors: separate → joint",
        "Renamed: Unit entrance doors → Unit doors",
    ]


def test_the_fuzz_file_is_the_agreement():
    """tests/data/agreement-2027.toml: the good value the edge fuzz gives ``estate apply``."""
    committed = ROOT / "tests" / "data" / "agreement-2027.toml"
    assert committed.read_text(encoding="utf-8") == agreement_text()


def test_hostile_ledger_preview_and_versions_stay_clean(
    cli, hostile_template, tmp_path, monkeypatch
):
    """Every free text of the ledger hostile (tests/hostile.py): the preview, the versions, the
    history and a complaint passed on print no raw control character."""
    import shutil

    from fuzz_support import raw_controls

    ledger = tmp_path / "hostile.db"
    shutil.copy(hostile_template[0], ledger)
    monkeypatch.setenv("LIULIQIAO_DB", str(ledger))
    path = tmp_path / "agreement.toml"
    path.write_text(agreement_text(), encoding="utf-8")
    for args in (
        ("estate", "apply", str(path), "--from", FROM, "--reason", "\x1b[2J理由\x07", "--dry-run"),
        ("estate", "apply", str(path), "--from", FROM, "--reason", "\x1b[2J理由\x07", "--yes"),
        ("estate", "--versions"),
        ("history", "--since", "2026-11-27", "--until", "2026-11-27"),
        ("undo", "--yes"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert raw_controls(result.stdout) == [] and raw_controls(result.stderr) == [], args


def test_names_stay_one_per_code(cli, sample_db, tmp_path):
    """Two items may swap names in a new version; a new item may not take the name of one the
    ledger keeps from an earlier version (complaints still name it)."""
    swapped = (
        DEFAULT.replace('name = "楼道保洁"', 'name = "临时名"')
        .replace('name = "楼道照明"', 'name = "楼道保洁"')
        .replace('name = "临时名"', 'name = "楼道照明"')
    )
    path = tmp_path / "swapped.toml"
    path.write_text(swapped, encoding="utf-8")
    applied(cli, path, "2027-01-01")
    conn = sqlite3.connect(sample_db)
    names = dict(conn.execute("SELECT code, name FROM items WHERE code LIKE 'stair%'").fetchall())
    assert names == {"stair_cleaning": "楼道照明", "stair_lighting": "楼道保洁"}
    # a later version drops 供暖 (no open complaint holds it) and gives its name to a new item
    taken = _without(swapped, '[[items]]\ncode = "heating"', "# Separate: outer walls")
    taken = taken.replace('code = "facade"\nname = "外墙与楼体"', 'code = "facade"\nname = "供暖"')
    line = _refused(cli, sample_db, tmp_path, taken, "2027-06-01", "zh")
    assert "名称“供暖”已是另一项（代码 heating）的名称" in line


def test_the_preview_names_every_kind_of_change(cli, sample_db, tmp_path):
    text = agreement_text()
    text = text.replace(  # a limit, a name, a word
        'code = "lift"\nname = "电梯"\nname_en = "Lifts"\nscope = "separate"\nrespond_hours = 12',
        'code = "lift"\nname = "加装电梯"\nname_en = "Lifts"\nscope = "separate"\nrespond_hours = 6',
    )
    text = text.replace('hints = ["树", "浇水"', 'hints = ["树", "浇水", "树坑"')
    text += (
        '\n[[items]]\ncode = "charging"\nname = "充电桩"\nname_en = "Charging piles"\n'
        'scope = "joint"\nrespond_hours = 24\nurgent_respond_hours = 4\nresolve_workdays = 5\n'
    )
    path = tmp_path / "more.toml"
    path.write_text(text, encoding="utf-8")
    zh = cli("estate", "apply", str(path), "--from", FROM, "--dry-run").stdout
    assert "变更 6 项：" in zh
    for line in (
        "  - 2号楼：首华物业 → 城建物业",
        "  - 单元门：分别管理 → 共同管理",
        "  - 新增服务项目：充电桩（共同管理）",
        "  - 加装电梯 时限：响应 12 小时 → 6 小时",
        "  - 更名：电梯 → 加装电梯",
        "  - 公共绿化 识别词：新增 树坑",
    ):
        assert line + "\n" in zh, line
    en = cli("--lang", "en", "estate", "apply", str(path), "--from", FROM, "--dry-run").stdout
    for line in (
        "  - New item: Charging piles (joint)",
        "  - Lifts limits: response 12 h → 6 h",
        "  - Renamed: 电梯 → 加装电梯",
        "  - Public greenery recognition words: added 树坑",
    ):
        assert line + "\n" in en, line
