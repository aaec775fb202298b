"""One vocabulary (issue 19): no code ever reaches a person. Every human-readable output of every
command and format, in both languages, is scanned for the codes of service items, companies,
statuses, urgencies and sources (JSON, CSV and JSON Lines are for scripts and keep them). The
same status names in the CLI and the dossier; buildings named alike by `estate` and `summary`;
timelines in time order.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from liuliqiao_cli.cli.commands import COMMANDS
from liuliqiao_cli.complaints import status

URGENCIES = ("normal", "urgent")

# Read commands: what a person reads on the screen or on paper, in every human format.
READS: list[tuple[str, ...]] = [
    ("list",),
    ("list", "--overdue"),
    ("show", "401"),
    ("show", "391"),
    ("show", "88"),
    ("search", "垃圾"),
    ("search", "灯"),
    ("history", "-n", "80"),
    ("duty",),
    ("duty", "2024-06-27"),
    ("duty", "calendar", "--from", "2024-01-01", "--to", "2026-12-31"),
    ("duty", "overrides"),
    ("duty", "handover"),
    ("meeting", "list"),
    ("meeting", "show", "86"),
    ("meeting", "show", "87"),
    ("dossier", "86"),
    ("dossier", "86", "--as-of", "now"),
    ("dossier", "--since", "2026-10-01", "--until", "2026-11-27"),
    ("dossier", "86", "--format", "html"),
    ("summary",),
    ("summary", "--format", "md"),
    ("summary", "--month", "2026-11"),
    ("rates",),
    ("rates", "--by", "company"),
    ("rates", "--by", "item"),
    ("rates", "--by", "building"),
    ("rates", "--explain"),
    ("settings",),
    ("db", "check"),
    ("merge", "--conflicts", "--all"),  # tests/test_names.py reads a real conflict's names
    ("today",),
    ("today", "--format", "md"),
    ("calls",),
    ("list", "--due-within", "2d"),
    ("estate", "--versions"),
]
# Changes, each on the sample (their confirmations and messages are read too).
WRITES: list[tuple[str, ...]] = [
    ("add", "3号楼2单元502楼道灯不亮", "--reporter", "王秀英", "--phone", "13800001234"),
    ("add", "北门垃圾站满了没人清", "--urgent"),
    ("dispatch", "420"),
    ("respond", "420"),
    ("resolve", "420"),
    ("followup", "420", "--resolved", "yes", "--satisfied", "basic"),
    ("tag", "419", "--company", "shouhua", "--reason", "协商会决定"),
    ("tag", "419", "--item", "greenery"),
    ("dispute", "418", "--reason", "不是我方负责"),
    ("duplicate", "417", "--of", "420"),
    ("reject", "416", "--reason", "非物业事项"),
    ("reopen", "416", "--reason", "居民再次反映"),
    ("note", "415", "已电话联系"),
    ("remind", "415", "--note", "已电话催办"),
    ("undo", "--yes"),
    (
        "meeting",
        "decide",
        "89",
        "--decision",
        "限期整改",
        "--complaint",
        "415",
        "--owner",
        "chengjian",
        "--add-to-agenda",
    ),  # fmt: skip
    ("meeting", "agenda", "89", "--auto"),
    ("duty", "override", "2026-12-01", "2026-12-10", "shouhua", "--reason", "临时调班"),
    ("settings", "set", "rates.small_sample", "10"),
]
# Commands whose output is for scripts or files only, or that need a file to read.
NOT_READ = {
    # `estate` is the one place codes are shown on purpose: a column headed 代码 / Code lists
    # what may be typed (`--item greenery`, `--company chengjian`), beside each name.
    "estate": "lists the codes one may type, in a column headed 代码 / Code",
    "init": "makes a ledger; its one line names a path",
    "import": "reads a spreadsheet or JSON Lines; test_exchange_* read its messages",
    "export": "JSON Lines, Open311 and CSV: machine formats that keep the codes",
    "serve": "a web server: tests/test_serve.py reads its pages (names, never codes)",
    # `shell` runs the other commands, whose output is read above; its own lines are read in
    # test_the_shell_adds_no_code below (tests/test_shell.py: each line's output is the
    # command's own, byte for byte).
    "shell": "runs the commands read here; its own lines: test_the_shell_adds_no_code",
}


def _codes(conn: sqlite3.Connection) -> set[str]:
    items = {r[0] for r in conn.execute("SELECT code FROM items")}
    companies = {r[0] for r in conn.execute("SELECT code FROM companies")}
    return items | companies | set(status.STATUSES) | set(status.SOURCES) | set(URGENCIES)


def _english_words(conn: sqlite3.Connection) -> set[str]:
    """Words of the English names themselves ("closed", "phone", "Property fees"): a code
    spelled like a word of an English name is no leak in English output (the match is
    case-sensitive: "Shouhua Property" does not hide "shouhua"). The Chinese run checks those
    codes too."""
    from liuliqiao_cli.i18n import t

    words: set[str] = set()
    for (name,) in conn.execute(
        "SELECT name_en FROM items UNION ALL SELECT name_en FROM companies"
    ):
        words |= set(re.findall(r"[A-Za-z_]+", name))
    for key in (
        *(f"status.{s}" for s in status.STATUSES),
        *(f"source.{s}" for s in status.SOURCES),
        *(f"urgency.{u}" for u in URGENCIES),
    ):
        words |= set(re.findall(r"[A-Za-z_]+", t(key, "en")))
    return words


# Command lines shown as hints ("liuliqiao meeting show 86", "--company") are not codes.
_HINTS = re.compile(r"liuliqiao(?: [a-z-]+)+|--?[a-z][a-z-]*|\bllq\b")


def _visible(text: str) -> str:
    """An HTML page's text as a reader sees it (no style sheet, no tags or attributes)."""
    if not text.lstrip().startswith("<!DOCTYPE"):
        return text
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    return re.sub(r"<[^>]*>", " ", text)


def leaks(text: str, codes: set[str]) -> set[str]:
    text = _HINTS.sub(" ", _visible(text))
    return {
        c for c in codes if re.search(rf"(?<![A-Za-z0-9_]){re.escape(c)}(?![A-Za-z0-9_])", text)
    }


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(str(path), read_only=True)
    parts = [ws.title for ws in wb.worksheets]
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if isinstance(v, str))
    return "\n".join(parts)


@pytest.fixture
def sample(sample_db, monkeypatch):
    monkeypatch.setenv("LIULIQIAO_DB", str(sample_db))
    return sample_db


def _check(cli, args: tuple[str, ...], lang: str, codes: set[str]) -> str:
    result = cli("--lang", lang, *args)
    assert result.exit_code in (0, 3), (args, result.stderr)
    text = result.stdout + result.stderr
    assert not leaks(text, codes), (args, lang, leaks(text, codes))
    return text


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_code_reaches_a_person(sample, cli, lang, tmp_path):
    conn = sqlite3.connect(sample)
    every = _codes(conn)
    codes = every if lang == "zh" else every - _english_words(conn)
    for args in READS:
        _check(cli, args, lang, codes)
    for fmt, read in (("docx", _docx_text), ("xlsx", _xlsx_text), ("html", Path.read_text)):
        for meeting in ("86", "89"):
            path = tmp_path / f"{meeting}-{lang}.{fmt}"
            _check(cli, ("dossier", meeting, "-o", str(path)), lang, codes)
            text = read(path)  # type: ignore[operator]
            assert not leaks(text, codes), (fmt, meeting, lang, leaks(text, codes))
    for args in WRITES:
        _check(cli, args, lang, codes)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_version_of_the_estate_names_no_code(sample, cli, lang, tmp_path, monkeypatch):
    """Issue 20: the preview of ``estate apply``, the versions, the history of a version, the
    complaints it passes on and its undo, in names."""
    from test_estate_versions import agreement_text

    conn = sqlite3.connect(sample)
    every = _codes(conn)
    codes = every if lang == "zh" else every - _english_words(conn)
    path = tmp_path / "agreement.toml"
    path.write_text(agreement_text(), encoding="utf-8")
    apply = ("estate", "apply", str(path), "--from", "2027-03-01")
    _check(cli, (*apply, "--dry-run"), lang, codes)
    _check(cli, (*apply, "--yes"), lang, codes)
    for args in (
        ("estate", "--versions"),
        ("history", "-n", "3"),
        ("summary", "--week", "2027-W09"),
    ):
        _check(cli, args, lang, codes)
    monkeypatch.setenv("LIULIQIAO_NOW", "2027-03-02 09:00:00")
    for args in (("show", "407"), ("list", "--open"), ("today",)):
        _check(cli, args, lang, codes)
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-11-27 10:00:00")
    _check(cli, ("undo", "--yes"), lang, codes)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_shell_adds_no_code(sample, cli, lang, monkeypatch):
    """The shell's own words (refusals, a line it cannot run) around the commands it runs, and
    list and search in their compact form at 80 columns (the company written short)."""
    monkeypatch.setenv("COLUMNS", "80")
    conn = sqlite3.connect(sample)
    every = _codes(conn)
    codes = every if lang == "zh" else every - _english_words(conn)
    lines = ["list --open --limit 5", "search 垃圾", "show 419", "lsit", 'add "3号楼', "exit now"]
    result = cli("--lang", lang, "shell", input="\n".join(lines) + "\n")
    text = result.stdout + result.stderr
    assert "419" in text and text.count("\n") > 10
    assert not leaks(text, codes), (lang, leaks(text, codes))


def test_every_command_is_read_or_says_why_not():
    covered = {args[0] for args in READS + WRITES} | set(NOT_READ)
    assert covered == set(COMMANDS)


def test_the_scan_finds_a_code():
    codes = {"chengjian", "in_progress", "normal"}
    assert leaks("决定 391 chengjian 2026-12-19", codes) == {"chengjian"}
    assert leaks("紧急程度 normal", codes) == {"normal"}
    assert leaks("liuliqiao tag 3 --company chengjian", codes) == {"chengjian"}
    assert leaks("用 --in_progress 查看", codes) == set()


def test_closed_is_named_alike_by_the_cli_and_the_dossier(sample, cli):
    shown = cli("--lang", "zh", "show", "395").stdout
    dossier = cli("--lang", "zh", "dossier", "86").stdout
    assert "已结案" in shown and "| 395 |" in dossier
    row = next(line for line in dossier.splitlines() if line.startswith("| 395 |"))
    # The dossier adds whether it was done in time, as show's deadline lines say it (issue 15).
    assert re.search(r"\| 已结案(（超时办理）)? \|", row)
    assert ("超时办理" in row) == ("超时" in shown)
    assert "已回访结案" not in dossier


def test_buildings_are_named_alike_by_estate_and_summary(sample, cli):
    estate = cli("--lang", "en", "estate").stdout
    summary = cli("--lang", "en", "summary", "--month", "2026-11").stdout
    assert "1号楼" in estate and "1号楼" in summary
    assert "Bldg" not in summary


def test_timelines_in_time_order(sample, cli):
    text = cli("--lang", "zh", "show", "401").stdout
    stamps = re.findall(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2})  ", text, flags=re.M)
    assert len(stamps) >= 8
    assert stamps == sorted(stamps)
    # The meeting's events sit among the complaint's own, at their time.
    lines = text.splitlines()
    agenda = next(i for i, line in enumerate(lines) if "列入会议议题" in line or "议题" in line)
    dispatched = next(i for i, line in enumerate(lines) if "派单" in line and "2026-11-17" in line)
    assert agenda < dispatched
