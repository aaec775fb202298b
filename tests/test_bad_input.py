"""Bad input at the edges (issue 13): each case gives one line on stderr in the user's language,
a non-zero exit, the ledger unchanged (dump compared) and no stray file; no output carries a raw
control character; files that hold contacts are 0600.

The fuzz test (tests/test_fuzz.py) generates these classes for every command; here each case of
the issue is pinned with its exact text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE, copy_ledger, dump
from hostile import HOSTILE, PLACE, SEQUENCES

BIG = "99999999999999999999"  # beyond 2**63 - 1
RANGE = "（-9223372036854775808 到 9223372036854775807）"


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def refused(cli, ledger: Path, args: list[str], code: int, line: str) -> None:
    """``args`` fail with exactly ``line`` on stderr and ``code``; nothing written."""
    before, files = dump(ledger), _names(ledger.parent)
    result = cli(*args)
    assert (result.exit_code, result.stderr) == (code, line + "\n"), result.stdout[-300:]
    assert dump(ledger) == before
    sides = {f"{ledger.name}-wal", f"{ledger.name}-shm"}
    assert _names(ledger.parent) - files <= sides, "a stray file was left"


# 1. Numbers beyond 64 bits, wherever a number is taken.
NUMBERS = [
    (["show", BIG], 1, f"错误：没有编号为 #{BIG} 的诉求"),
    (["note", BIG, "x"], 1, f"错误：没有编号为 #{BIG} 的诉求"),
    (["dispatch", f"#{BIG}"], 1, f"错误：没有编号为 #{BIG} 的诉求"),
    (["duplicate", "420", "--of", BIG], 1, f"错误：没有编号为 #{BIG} 的诉求"),
    (["history", "--complaint", BIG], 1, f"错误：没有编号为 #{BIG} 的诉求"),
    (["list", "--limit", BIG], 2, f"错误：--limit 的值 {BIG} 超出范围{RANGE}"),
    (["history", "-n", BIG], 2, f"错误：--limit 的值 {BIG} 超出范围{RANGE}"),
    (["search", "垃圾", "-n", BIG], 2, f"错误：--limit 的值 {BIG} 超出范围{RANGE}"),
    (["meeting", "show", BIG], 2, f"错误：meeting_id 的值 {BIG} 超出范围{RANGE}"),
    (["meeting", "done", BIG], 2, f"错误：decision_id 的值 {BIG} 超出范围{RANGE}"),
    (["meeting", "list", "--year", BIG], 2, f"错误：--year 的值 {BIG} 超出范围{RANGE}"),
    (["meeting", "agenda", "1", "--add", BIG], 1, f"错误：没有编号为 {BIG} 的诉求"),
    (["dossier", BIG], 2, f"错误：meeting_id 的值 {BIG} 超出范围{RANGE}"),
    (["duty", "revoke", BIG, "--reason", "x"], 2, f"错误：override_id 的值 {BIG} 超出范围{RANGE}"),
    (
        ["duty", "override", "2026-12-01", "2026-12-02", "首华", "--reason", "x", "--meeting", BIG],
        2,
        f"错误：--meeting 的值 {BIG} 超出范围{RANGE}",
    ),
    (["show", "²"], 2, "错误：“²”不是诉求编号（如 1025、#1025 或 B17）"),  # isdigit, yet not int()
    (["add", "x", "--unit", "²"], 2, "错误：单元“²”不是数字"),
]


@pytest.mark.parametrize("args, code, line", NUMBERS, ids=lambda v: str(v)[:40])
def test_numbers_beyond_64_bits(cli, sample_db: Path, args, code, line) -> None:
    refused(cli, sample_db, args, code, line)


def test_full_width_numbers_are_numbers(cli, sample_db: Path) -> None:
    assert cli("show", "＃１２", "--format", "json").exit_code == 0


# 2. Arguments that are not UTF-8 (Python hands the bytes on as lone surrogates).
def _undecodable(index: int, shown: str) -> str:
    return f"错误：第 {index} 个参数“{shown}”不是有效的 UTF-8 文本，请检查终端或脚本的字符编码"


@pytest.mark.parametrize(
    "args, index",
    [
        (["add", "北门垃圾\udcff"], 2),
        (["search", "垃\udcff"], 2),
        (["note", "1", "a\udcffb"], 3),
        (["--actor", "a\udcffb", "note", "1", "x"], 2),
        (["tag", "1", "-c", "首华", "--reason", "\udcff"], 6),
        (["meeting", "add", "--kind", "council", "--date", "今天", "--host", "\udcff"], 8),
        (["duty", "override", "2026-12-01", "2026-12-02", "首华", "--reason", "x\udcff"], 7),
    ],
)
def test_undecodable_arguments(cli, sample_db: Path, args, index) -> None:
    shown = args[index - 1].encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    refused(cli, sample_db, args, 2, _undecodable(index, shown))


def _entry_point(*args: bytes | str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "liuliqiao_cli", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        **kw,
    )


def test_undecodable_bytes_from_a_real_command_line(sample_db: Path) -> None:
    before = dump(sample_db)
    result = _entry_point("note", "1", b"a\xffb")
    assert result.returncode == 2
    assert result.stderr.decode() == _undecodable(3, "a\\xffb") + "\n"
    actor = _entry_point("note", "1", "x", env={"LIULIQIAO_ACTOR": os.fsdecode(b"a\xff")})
    assert actor.returncode == 1
    assert actor.stderr.decode() == (
        "错误：输入中有不是有效 UTF-8 的字节（参数、环境变量或文件名）：\\xff\n"
    )
    assert dump(sample_db) == before


def test_a_terminal_that_cannot_show_chinese(sample_db: Path) -> None:
    result = _entry_point("show", "12", env={"PYTHONIOENCODING": "latin-1"})
    assert result.returncode == 1
    assert result.stderr.decode("latin-1") == (
        "Error: The terminal's character encoding iso8859-1 cannot show characters of the "
        "output: use UTF-8 (e.g. export LANG=C.UTF-8), or write to a file with -o\n"
    )


# 3. An empty value is refused, never read as "not given".
@pytest.mark.parametrize(
    "args, name",
    [
        (["add", "北门垃圾桶满了", "--source", ""], "--source"),
        (["add", "北门垃圾桶满了", "--item", " "], "--item"),
        (["add", "北门垃圾桶满了", "--building", ""], "--building"),
        (["add", "北门垃圾桶满了", "--tag", "a", "--tag", ""], "--tag"),
        (["followup", "420", "--resolved", "yes", "--satisfied", ""], "--satisfied"),
        (["tag", "1", "--item", ""], "--item"),
        (["list", "--status", ""], "--status"),
        (["--db", "", "list"], "--db"),
        (["--actor", "", "note", "1", "x"], "--actor"),
        (["export", "-o", ""], "--output"),
        (["db", "backup", ""], "target"),
    ],
)
def test_empty_values(cli, sample_db: Path, args, name) -> None:
    refused(cli, sample_db, args, 2, f"错误：{name} 的值为空")


# 4. db check on a ledger the user may not write; a ledger cut short.
def _as_reader(ledger: Path, *args: str) -> subprocess.CompletedProcess:
    """Run as a user who may read the ledger but not write it (or its folder)."""
    ledger.chmod(0o444)
    ledger.parent.chmod(0o555)
    command = [sys.executable, "-m", "liuliqiao_cli", "--db", str(ledger), *args]
    if os.geteuid() == 0:  # root writes anywhere: take that right away
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        return subprocess.run(command, capture_output=True, text=True)
    finally:
        ledger.parent.chmod(0o755)
        ledger.chmod(0o644)


def test_check_a_ledger_one_may_only_read(tmp_path: Path) -> None:
    ledger = tmp_path / "ro" / "ledger.db"
    ledger.parent.mkdir()
    copy_ledger(SAMPLE, ledger)  # with its companion contacts file: one ledger, two files
    result = _as_reader(ledger, "db", "check", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "结论：台账完好。\n"
    search = next(r for r in json.loads(result.stdout) if r["check"] == "search")
    assert search["ok"] and "台账只读" in search["detail"]
    repair = _as_reader(ledger, "db", "check", "--repair")
    assert repair.returncode == 1
    assert repair.stderr == f"错误：无法修复：没有写入台账 {ledger} 的权限\n"
    write = _as_reader(ledger, "note", "1", "x")
    assert (write.returncode, write.stderr) == (
        1,
        "错误：没有写入台账的权限（只能查看）；台账未被修改\n",
    )


def test_a_ledger_cut_short(cli, tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    half = tmp_path / "half.db"
    half.write_bytes(data[: len(data) // 2])
    for args in (["db", "check"], ["list"]):
        result = cli("--db", str(half), *args)
        assert result.exit_code == 1
        assert result.stderr == (
            f"错误：台账文件 {half} 不完整：只有 {len(data) // 2} 字节，文件头记录的是 {len(data)} "
            "字节（复制或下载没有完成？）。请用最近的备份恢复\n"
        )
    other = tmp_path / "notes.db"
    other.write_bytes(b"not a database at all" * 10)
    assert cli("--db", str(other), "list").stderr == f"错误：{other} 不是 SQLite 数据库文件\n"


# 5. Files holding contacts are 0600 in every format, over an existing world-readable file too.
@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx", "json"])
def test_dossier_with_contacts_is_private(cli, sample_db: Path, tmp_path: Path, fmt) -> None:
    target = tmp_path / f"dossier.{fmt}"
    target.write_bytes(b"old")
    target.chmod(0o644)
    result = cli("dossier", "1", "--with-contacts", "--format", fmt, "-o", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# 6. No raw control character reaches a terminal or a pipe, from any stored free text.
@pytest.fixture
def hostile(hostile_template, sample_db: Path) -> dict[str, int]:
    """The hostile ledger (tests/hostile.py) as this test's sample_db."""
    template, numbers = hostile_template
    copy_ledger(template, sample_db)
    return numbers


def _raw_controls(text: str) -> list[str]:
    """The unsafe characters in ``text`` besides line breaks, tabs and the byte order mark that
    may open a CSV for Excel."""
    from liuliqiao_cli.render.text import UNSAFE

    text = text.removeprefix("\ufeff")
    return sorted({repr(ch) for ch in text if re.match(UNSAFE, ch) and ch not in "\n\t"})


def test_the_duty_reason_is_shown_not_obeyed(cli, hostile) -> None:
    result = cli("duty", "2026-11-25")
    assert result.exit_code == 0 and _raw_controls(result.stdout) == []
    reason = next(line for line in result.stdout.splitlines() if "调班" in line)
    assert reason == (
        "依据：调班 #4（2026-11-20 – 2026-11-30）：调班OSC\\x1b]0;PWN\\x07|bar new=1+1"
        '\\x1b[31mRED\\x1b[2J\\x9b1A\\u202eRLO,"q"\\x08 *x*<b>#\\x1b]52;c;cHduZWQ=\\x07 end'
    )


READERS = [
    ["list"],
    ["list", "--format", "csv"],
    ["list", "--format", "json"],
    ["show", "{complaint}"],
    ["show", "{complaint}", "--format", "json"],
    ["search", "OSC"],
    ["history"],
    ["history", "--format", "csv"],
    ["duty", "2026-11-25"],
    ["duty", "overrides"],
    ["duty", "calendar", "--from", "2026-11-01", "--to", "2026-12-31"],
    ["duty", "ics"],
    ["summary", "--this-week"],
    ["summary", "--this-week", "--format", "md"],
    ["summary", "--this-week", "--format", "json"],
    ["meeting", "show", "{meeting}"],
    ["dossier", "{meeting}"],
    ["dossier", "{meeting}", "--format", "html"],
    ["dossier", "{meeting}", "--format", "json"],
    ["export"],
    ["export", "--format", "csv"],
    ["export", "--format", "open311"],
]


@pytest.mark.slow
@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_no_raw_control_character_in_any_output(cli, hostile, args) -> None:
    result = cli(*(a.format(**hostile) for a in args))
    assert result.exit_code == 0, result.stderr
    assert _raw_controls(result.stdout) == [] and _raw_controls(result.stderr) == []
    if "json" in args:
        json.loads(result.stdout)  # the escapes are JSON's: still a valid document


def test_escapes_keep_json_meaning(cli, hostile) -> None:
    shown = json.loads(cli("show", str(hostile["complaint"]), "--format", "json").stdout)
    assert shown["text"] == "北门垃圾桶满了" + HOSTILE  # escaped on the way out, read back whole


def test_on_a_terminal(hostile, sample_db: Path) -> None:
    """On a terminal rich styles are let through; nothing a resident typed is obeyed."""
    import pty

    for args in (["duty", "2026-11-25"], ["show", str(hostile["complaint"])], ["summary"]):
        primary, secondary = pty.openpty()
        env = {**os.environ, "LIULIQIAO_DB": str(sample_db), "COLUMNS": "160", "TERM": "xterm"}
        env.pop("NO_COLOR", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "liuliqiao_cli", *args],
            stdout=secondary,
            stderr=secondary,
            env=env,
        )
        os.close(secondary)
        out = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        process.wait()
        os.close(primary)
        text = out.decode()
        assert process.returncode == 0, text[-500:]
        for sequence in (*SEQUENCES, "\x07", "\x08", "\u202e", "\x9b"):
            assert sequence not in text, (args, sequence)
        assert "\r" not in text.replace("\r\n", ""), args


# 7. The summary's Markdown holds a place with | and a line break in its table.
def test_summary_markdown_table_holds(cli, hostile) -> None:
    md = cli("summary", "--format", "md").stdout
    rows = [line for line in md.splitlines() if line.startswith("| #") and "东" in line]
    assert rows and all(row.count(" | ") == rows[0].count(" | ") for row in rows)
    assert '东\\|门 &lt;b&gt;二&lt;/b&gt;,"x"' in rows[0]
    exported = cli("list", "--format", "csv").stdout
    places = [r["place"] for r in csv.DictReader(io.StringIO(exported)) if "东" in r["place"]]
    assert places and set(places) == {PLACE}  # CSV quotes what it must; the text is whole


# 8. The ledger and its side files are never a target.
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_backup_onto_the_ledger(cli, sample_db: Path, suffix: str) -> None:
    target = f"{sample_db}{suffix}"
    refused(cli, sample_db, ["db", "backup", target], 1, f"错误：备份目标 {target} 就是台账本身")
    refused(
        cli,
        sample_db,
        ["export", "-o", target, "--force"],
        1,
        f"错误：{target} 就是台账本身（或属于它的 -wal/-shm 文件），不能写入",
    )


# 10. Meeting texts have limits.
@pytest.mark.parametrize(
    "args, line",
    [
        (["--place", "长" * 41], "错误：会议地点太长：41 字，上限 40 字"),
        (["--host", "长" * 41], "错误：主持人太长：41 字，上限 40 字"),
        (["--recorder", "长" * 41], "错误：记录人太长：41 字，上限 40 字"),
        (["--title", "x" * 101], "错误：会议主题太长：101 字，上限 100 字"),
    ],
)
def test_meeting_text_limits(cli, sample_db: Path, args, line) -> None:
    refused(
        cli, sample_db, ["meeting", "add", "--kind", "council", "--date", "今天", *args], 2, line
    )


@pytest.mark.parametrize(
    "args, line",
    [
        (["decide", "1", "--decision", "长" * 1001], "错误：决定内容太长：1001 字，上限 1000 字"),
        (
            ["decide", "1", "--decision", "x", "--owner", "长" * 41],
            "错误：责任方太长：41 字，上限 40 字",
        ),
        (["attend", "1", "--present", "长" * 41], "错误：出席人姓名太长：41 字，上限 40 字"),
    ],
)
def test_decision_and_attendance_limits(cli, sample_db: Path, args, line) -> None:
    refused(cli, sample_db, ["meeting", *args], 2, line)
