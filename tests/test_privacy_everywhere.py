"""Residents' personal data planted in every kind of text the ledger takes in (add and its
contact options, note, tag --text, a reason, a 12345 spreadsheet as .csv and .xlsx, a merged
ledger file) never comes out of any command or export unless asked for with --with-contacts, and
then only where the README says, each reveal recorded. The ledger file itself holds none of it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import dump

from liuliqiao_cli.cli.commands import COMMANDS

PHONE = "13912345678"
PHONE_SPACED = "139 1234 5678"
ID = "110101199003071233"
NAME = "王秀兰"
REPORTER, REPORTER_PHONE = "赵桂芳", "13600002222"
CALLER, CALLER_PHONE = "钱振华", "13700003333"
SECRETS = (PHONE, ID, NAME, REPORTER, REPORTER_PHONE, CALLER, CALLER_PHONE)
PERIOD = ("--since", "2026-11-01", "--until", "2026-11-30")


def _leaks(text: str) -> list[str]:
    flat = text.replace(" ", "").replace("-", "")
    return [s for s in SECRETS if s in text or s in flat]


def _ok(result):
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["工单编号", "来电时间", "来电人", "联系电话", "诉求地址", "诉求内容"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["工单编号", "来电时间", "来电人", "联系电话", "诉求地址", "诉求内容"])
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _file_text(path: Path) -> str:
    """Every text a file holds (the XML inside .docx/.xlsx; SQLite files as bytes)."""
    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", "replace")


@pytest.fixture
def planted(cli, db: Path, tmp_path: Path) -> dict[str, object]:
    """A ledger with the secrets planted through every way text comes in; the outputs of the
    commands that planted them are kept to be scanned too."""
    outputs = []

    def run(*args: str):
        result = _ok(cli(*args))
        outputs.append(result.stdout + result.stderr)
        return result

    run(
        "add",
        f"3号楼2单元下水道堵了，联系人{NAME}，电话{PHONE}，身份证{ID}",
        "--reporter",
        REPORTER,
        "--phone",
        REPORTER_PHONE,
        "--source",
        "phone",
    )
    run("add", f"北门垃圾站满了没人清，{NAME}电话{PHONE_SPACED}", "--format", "json")
    run("note", "1", f"{NAME}又来电话催，{PHONE_SPACED}")
    run("tag", "2", "--text", f"北门垃圾站满了，联系人{NAME} 电话{PHONE}，身份证{ID}")
    run("dispatch", "1")
    run("dispute", "1", "--reason", f"城建物业称不归他们管，{NAME}（{PHONE}）坚持")
    run("remind", "1", "--note", f"{NAME}又打来，{PHONE}，请今天派人")
    run("dispatch", "2")
    run("resolve", "2", "--note", f"已清运，{NAME}（{PHONE}）确认")  # now a call waits
    order = f"楼道灯坏了，联系人{NAME}，身份证{ID}，电话{PHONE}"
    csv_file = _csv(
        tmp_path / "orders.csv",
        [["GD-1", "2026-11-20 09:15:00", CALLER, CALLER_PHONE, "望园西里北区4号楼1单元", order]],
    )
    xlsx_file = _xlsx(
        tmp_path / "orders.xlsx",
        [["GD-2", "2026-11-21 10:00:00", CALLER, CALLER_PHONE, "望园西里北区2号楼", order]],
    )
    run("import", str(csv_file), "--dry-run")
    run("import", str(csv_file))
    run("import", str(xlsx_file))
    # a ledger file from another laptop, exported with its contacts
    other = tmp_path / "other.db"
    run("--db", str(other), "init")
    run(
        "--db",
        str(other),
        "add",
        f"1号楼楼道堆放杂物，联系人{NAME} {PHONE}，身份证{ID}",
        "--reporter",
        NAME,
        "--phone",
        PHONE,
    )
    exchange = tmp_path / "other.jsonl"
    run("--db", str(other), "export", "-o", str(exchange), "--with-contacts")
    assert NAME in exchange.read_text(encoding="utf-8")  # the file carries them, as asked
    run("import", str(exchange))
    run("meeting", "add", "--kind", "council", "--date", "2026-11-27")
    run("meeting", "agenda", "1", "--auto")
    return {"db": db, "outputs": outputs, "tmp": tmp_path}


def _masked_runs(cli, tmp: Path) -> dict[str, str]:
    """Every command's output (stdout and stderr), masked, as a user would run it."""
    files = tmp / "out"
    files.mkdir()
    runs: dict[str, list[str]] = {
        "list": ["list"],
        "list json": ["list", "--format", "json"],
        "list csv": ["list", "--format", "csv"],
        "show": ["show", "1"],
        "show json": ["show", "1", "--format", "json"],
        "show csv": ["show", "2", "--format", "csv"],
        "search": ["search", "下水道"],
        "search json": ["search", "楼道", "--format", "json"],
        "search csv": ["search", "垃圾", "--format", "csv"],
        "history": ["history", "-n", "200"],
        "history json": ["history", "-n", "200", "--format", "json"],
        "history csv": ["history", "-n", "200", "--format", "csv"],
        "history exports": ["history", "--exports"],
        "summary": ["summary", *PERIOD],
        "summary md": ["summary", *PERIOD, "--format", "md"],
        "summary json": ["summary", *PERIOD, "--format", "json"],
        "rates": ["rates", "--by", "company"],
        "estate": ["estate"],
        "duty": ["duty"],
        "duty handover": ["duty", "handover", "--format", "json"],
        "duty ics": ["duty", "ics"],
        "meeting list": ["meeting", "list"],
        "meeting show": ["meeting", "show", "1"],
        "meeting show json": ["meeting", "show", "1", "--format", "json"],
        "dossier md": ["dossier", "1", "-f", "md"],
        "dossier html": ["dossier", "1", "-f", "html"],
        "dossier json": ["dossier", *PERIOD, "-f", "json"],
        "dossier docx": ["dossier", "1", "-o", str(files / "d.docx")],
        "dossier xlsx": ["dossier", "1", "-o", str(files / "d.xlsx")],
        "export jsonl": ["export"],
        "export open311": ["export", "--format", "open311"],
        "export csv": ["export", "--format", "csv"],
        "export file": ["export", "-o", str(files / "all.jsonl")],
        "db check": ["db", "check", "--format", "json"],
        "db backup": ["db", "backup", str(files / "backup.db")],
        "settings": ["settings"],
        "merge conflicts": ["merge", "--conflicts", "--all"],
        "merge own file": ["merge", str(files / "all.jsonl"), "--dry-run"],  # refused: its own
        "today": ["today"],
        "today md": ["today", "--format", "md"],
        "today json": ["today", "--format", "json"],
        "calls": ["calls"],
        "calls json": ["calls", "--format", "json"],
        "calls csv": ["calls", "--format", "csv"],
        "undo preview": ["undo"],  # not on a terminal: names the change, changes nothing
        "bad add": ["add", f"9号楼漏水，联系人{NAME}电话{PHONE}", "--building", "9"],
        "bad phone": ["add", "3号楼楼道灯坏了", "--phone", PHONE + "0"],
        "init": ["init"],
    }
    seen = {}
    for name, args in runs.items():
        result = cli(*args)
        seen[name] = result.stdout + result.stderr
    # the same commands at the shell's prompt, one a line from a pipe (issue 18)
    lines = ["show 1", "show 2 --format json", "list", "search 下水道", "history -n 200", "calls"]
    result = cli("shell", input="\n".join([*lines, "today", ""]))
    seen["shell"] = result.stdout + result.stderr
    assert "139****5678" in seen["shell"]
    for path in files.iterdir():
        if not path.name.endswith(".contacts.db"):  # the backup's companion: see below
            seen[f"file {path.name}"] = _file_text(path)
    return seen


def _served(db: Path) -> str:
    """What ``serve`` shows the office: every page and table it offers (Datasette's own test
    client, as tests/test_serve.py); the office extra is installed for the tests."""
    import asyncio
    from datetime import datetime

    from liuliqiao_cli.cli.serve import build_datasette
    from liuliqiao_cli.store import ledger

    conn = ledger.open_ledger(db)
    try:
        ds = build_datasette(conn, db, datetime(2026, 11, 27, 10, 0), fixed=True)
    finally:
        conn.close()
    pages = ["/", "/ledger", "/ledger/open_overdue", "/ledger/this_week"]
    pages += ["/ledger/meeting_decisions", "/ledger/meeting_agenda", "/ledger/contacts"]
    pages += [f"{p}.json?_shape=array&_size=max" for p in pages[2:]]

    async def fetch() -> str:
        return "".join([(await ds.client.get(p)).text for p in pages])

    text = asyncio.run(fetch())
    assert "诉求" in text  # the pages were read
    return text


@pytest.mark.slow
def test_planted_values_never_leave_masked(cli, planted) -> None:
    for text in planted["outputs"]:
        assert _leaks(text) == [], text
    seen = _masked_runs(cli, planted["tmp"])
    seen["serve"] = _served(planted["db"])
    leaking = {name: _leaks(text) for name, text in seen.items() if _leaks(text)}
    assert leaking == {}
    # and the masked forms are what every output shows
    assert "139****5678" in seen["show"] and "王**" in seen["show"]
    assert "110***********1233" in seen["list csv"]
    assert "139****5678" in seen["serve"]  # the office's pages show the texts, masked
    # every command of the tool was run (a new command joins this list)
    covered = {args.split()[0] for args in seen if not args.startswith("file ")}
    written_only = {"tag", "dispatch", "respond", "resolve", "followup", "dispute", "duplicate"}
    written_only |= {"reject", "reopen", "note", "import", "add", "meeting", "remind"}
    assert set(COMMANDS) - covered - written_only <= set(), set(COMMANDS) - covered


def test_ledger_file_alone_holds_no_planted_value(planted) -> None:
    """Opened as SQLite alone (no companion file): no table, no column, no page of the file."""
    db = planted["db"]
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert "contacts" in tables and "complaints_fts_data" in tables
    for table in tables:
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            for value in row:
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                assert _leaks(text) == [], (table, text)
    conn.close()
    raw = db.read_bytes().decode("utf-8", "replace")  # freed pages too (secure_delete)
    assert _leaks(raw) == []
    # the companion file holds them
    kept = db.with_name("ledger.contacts.db").read_bytes().decode("utf-8", "replace")
    assert all(s in kept for s in (PHONE, ID, NAME, REPORTER, REPORTER_PHONE, CALLER))


def _revealing(db: Path) -> int:
    return (
        sqlite3.connect(db)
        .execute(
            "SELECT count(*) FROM events WHERE kind IN ('contacts', 'export')"
            " AND json_extract(data, '$.contacts')"
        )
        .fetchone()[0]
    )


REVEALS = [
    (["show", "1", "--with-contacts"], None),
    (["list", "--with-contacts"], None),
    (["list", "--with-contacts", "--format", "json"], None),
    (["list", "--with-contacts", "--format", "csv"], None),
    (["export", "--with-contacts"], None),
    (["export", "--format", "csv", "--with-contacts"], None),
    (["dossier", "1", "--with-contacts", "-f", "md"], None),
    (["dossier", "1", "--with-contacts"], "d.docx"),
    (["calls", "--with-contacts"], None),
    (["calls", "--with-contacts", "--format", "json"], None),
]


def test_with_contacts_reveals_and_is_recorded(cli, planted) -> None:
    """Where the README says (show, list, export jsonl/csv, the dossier, calls), each reveal one
    event."""
    db = planted["db"]
    for args, where in REVEALS:
        before = _revealing(db)
        if where:
            args = [*args, "-o", str(planted["tmp"] / where)]
        result = _ok(cli(*args))
        text = _file_text(planted["tmp"] / where) if where else result.stdout
        assert PHONE in text.replace(" ", "").replace("-", "") and NAME in text, args
        if args[0] in ("show", "list", "dossier"):
            assert REPORTER in text, args
        assert _revealing(db) == before + 1, args


def test_reveal_with_the_companion_missing(cli, planted) -> None:
    """One clear line, exit 1, the output masked, no reveal recorded."""
    db = planted["db"]
    db.with_name("ledger.contacts.db").rename(db.with_name("elsewhere.db"))
    before = dump(db)
    result = cli("show", "1", "--with-contacts")
    assert result.exit_code == 1
    assert "139****5678" in result.stdout and _leaks(result.stdout) == []
    assert len(result.stderr.strip().splitlines()) == 1  # no "recorded" note: the one error
    assert "ledger.contacts.db" in result.stderr and "打码" in result.stderr
    assert dump(db) == before
    listed = cli("list", "--with-contacts", "--format", "json")
    assert listed.exit_code == 1 and _leaks(listed.stdout) == []
    assert json.loads(listed.stdout)[0]["phone"] in ("", "137****3333", "139****5678")
    # the export happened, masked: recorded as such
    last = (
        sqlite3.connect(db)
        .execute("SELECT json_extract(data, '$.contacts') FROM events ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    assert last == (0,)


def test_reveal_of_a_contact_the_new_contacts_file_lacks(cli, planted) -> None:
    """The contacts file was lost and a new one made since: a reveal says how many stayed masked."""
    db = planted["db"]
    db.with_name("ledger.contacts.db").unlink()
    added = _ok(cli("add", "1号楼楼道灯坏了", "--reporter", "孙丽", "--phone", "13500001111"))
    number = added.stdout.split("#")[1].split()[0]
    result = cli("--lang", "en", "show", "1", "--with-contacts")
    assert result.exit_code == 1 and _leaks(result.stdout) == []
    assert "1 resident's contact is not in" in result.stderr
    fresh = cli("show", number, "--with-contacts")
    assert fresh.exit_code == 0 and "孙丽 13500001111" in fresh.stdout
