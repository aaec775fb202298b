"""What the fuzz tests share: the commands read from the Typer app, the values that reached
users before (issue 13), the ledger every run starts from, one run in a scratch folder, and what
every outcome must be (tests/test_fuzz.py draws random command lines, tests/test_fuzz_edges.py
puts each edge value in each parameter)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conftest import companion_of, copy_ledger, dump

from liuliqiao_cli.render.text import UNSAFE

EXIT_CODES = {0, 1, 2, 3}
# Slow by design (rebuilds a whole sample ledger); exercised by its own tests.
# Slow by design (rebuilds a whole sample ledger), or a server that runs until stopped
# (serve: tests/test_serve.py); exercised by their own tests.
SKIP = {("db", "sample"), ("serve",)}
LEDGER = "sample.db"  # the ledger's name in each run's folder


def commands() -> list[tuple[tuple[str, ...], Any]]:
    import typer.main

    from liuliqiao_cli.cli import app

    found = []

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in sorted(subs.items()):
                walk(sub, (*path, name))
        if (not subs or getattr(cmd, "invoke_without_command", False)) and path not in SKIP:
            found.append((path, cmd))  # a group that answers by itself too: `duty [DATE]`

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = commands()

# --- the values issue 13 found reaching users ----------------------------------------------------

BIG_NUMBERS = [
    "9223372036854775808",  # 2**63: one past what SQLite holds
    "-9223372036854775809",
    "99999999999999999999",
    "#99999999999999999999",
    "9" * 400,
    "²",  # str.isdigit, yet int() refuses it
    "١٢",
    "１２",
    "1_000",
]
UNDECODABLE = [
    "\udcff",
    "北门\udcfe垃圾",
    "a\udcc3",
]  # bytes that are not UTF-8, as Python reads argv
EMPTY = ["", " ", "\t", "\u3000"]
ESCAPE_TEXTS = [
    f"北门{seq}垃圾"
    for seq in (
        "\x1b]0;PWN\x07",  # set the window title
        "\x1b]52;c;cHduZWQ=\x07",  # write the clipboard
        "\x1b[31m",
        "\x1b[2J",
        "\x9b1A",  # C1 CSI: cursor up
        "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
        "\x85",
        "\u2028",
        "\u202e",
        "\x08x",
        "\r",
    )
]
METACHARACTERS = ["a|b", "a\nb", '"q",x', "<b>x</b>", "*x*", "# h", "- item", "=cmd|' /C calc'!A0"]
COMPANION = companion_of(Path(LEDGER)).name  # its companion contacts file
LEDGER_PATHS = [
    LEDGER,
    f"./{LEDGER}",
    f"{LEDGER}-wal",
    f"{LEDGER}-shm",
    f"{LEDGER}-journal",
    COMPANION,
    f"{COMPANION}-wal",
]


def undecodable(value: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in value)


def names_ledger(value: str) -> bool:
    return value.removeprefix("./") in {
        name + side for name in (LEDGER, COMPANION) for side in ("", "-wal", "-shm", "-journal")
    }


def is_path(param: Any) -> bool:
    return type(param.type).__name__ in ("Path", "TyperPath", "File")


def is_int(param: Any) -> bool:
    return type(param.type).__name__ in ("IntParamType", "IntRange")


# --- what every outcome must be ------------------------------------------------------------------

_SGR = re.compile(r"\x1b\[[0-9;]*m")  # styles: let through on a terminal
_RED = "\x1b[31mRED"  # the hostile ledger's own style sequence as typed (tests/hostile.py)


def raw_controls(text: str, *, terminal: bool = False) -> list[str]:
    """Control characters in ``text`` that a terminal would obey: all of them except line
    breaks, tabs, CR LF and a byte order mark opening the output; on a terminal, styles too,
    but none that came from the ledger's text."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if terminal:
        if _RED in text:
            return [repr(_RED)]
        text = _SGR.sub("", text)
    return sorted({repr(ch) for ch in re.findall(UNSAFE, text) if ch not in "\n\t"})


def broken_tables(text: str) -> list[str]:
    """Markdown table rows whose number of cells differs from the row above."""
    broken, previous = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            previous = None
            continue
        pipes = len(re.findall(r"(?<!\\)\|", line.replace("\\\\", "")))
        if previous is not None and pipes != previous:
            broken.append(line)
        previous = pipes
    return broken


def broken_csv(text: str) -> bool:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    return not rows or any(len(row) != len(rows[0]) for row in rows)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        try:
            for line in text.split("\n"):  # not splitlines: U+2028 may stand in JSON text
                if line:
                    json.loads(line)
        except ValueError:
            return False
    return True


def check_written(folder: Path, before: dict[str, bytes]) -> list[str]:
    """What is wrong with the files a command wrote (new or changed) in ``folder``."""
    problems = []
    for file in folder.iterdir():
        if not file.is_file() or before.get(file.name) == (data := file.read_bytes()):
            continue
        if file.name.startswith(LEDGER) or data.startswith(b"SQLite format 3\x00"):
            continue  # the ledger, a backup
        text = data.decode("utf-8", "replace")
        if _is_json(text):  # whatever its name: JSON escapes what it must itself
            continue
        if text.startswith("BEGIN:VCALENDAR"):  # whatever its name
            problems += [f"{file.name}: raw {raw_controls(text)}"] if raw_controls(text) else []
            continue
        if file.suffix in (".md", ".csv", ".html") and raw_controls(text):
            problems.append(f"{file.name}: raw {raw_controls(text)}")
        if file.suffix == ".md" and broken_tables(text):
            problems.append(f"{file.name}: broken table rows {broken_tables(text)[:2]}")
        if file.suffix == ".csv" and broken_csv(text):
            problems.append(f"{file.name}: rows of different lengths")
    return problems


@dataclass
class Source:
    """The ledger every run starts from: a copy of the hostile ledger (sample.db with every free
    text hostile), upgraded and checkpointed once, with its bytes and dump for comparison."""

    path: Path
    numbers: dict[str, int]
    data: bytes = b""
    dump: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, template: Path, numbers: dict[str, int], folder: Path) -> Source:
        from liuliqiao_cli.store.ledger import open_ledger

        path = copy_ledger(template, folder / LEDGER)
        conn = open_ledger(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        return cls(path, numbers, path.read_bytes(), dump(path))

    def unchanged(self, ledger: Path) -> bool:
        """Same bytes and no write-ahead log holding changes: certainly unchanged; otherwise
        compare the dumps."""
        wal = Path(f"{ledger}-wal")
        if (not wal.exists() or wal.stat().st_size == 0) and ledger.read_bytes() == self.data:
            return True
        return dump(ledger) == self.dump


@dataclass
class Line:
    """A command line, and what it holds that decides the outcome."""

    args: list[str]
    blank_option: bool = False  # an option given "" (or only spaces): refused, exit 2
    names_ledger: bool = False  # a file argument naming the ledger or its side files: refused
    undecodable: bool = False  # an argument with bytes that are not UTF-8: refused, exit 2
    csv_out: bool = False  # --format csv

    def __repr__(self) -> str:
        return repr(self.args)


def run_and_check(
    path: tuple[str, ...], line: Line, source: Source, folder: Path, *, terminal: bool
) -> None:
    """Run ``path`` with ``line`` in ``folder`` on a copy of ``source`` (as into a pipe, or as
    onto a terminal) and assert everything an outcome must be."""
    from typer.testing import CliRunner

    from liuliqiao_cli.cli import STATE, app

    ledger = copy_ledger(source.path, folder / LEDGER)  # one ledger, two files
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    STATE.db = STATE.lang = STATE.actor = None
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(
            app,
            ["--db", str(ledger), *path, *line.args],
            input="",
            env={"FORCE_COLOR": "1"} if terminal else None,
            color=terminal,  # else click.echo strips what a terminal would get
        )
    finally:
        os.chdir(cwd)
    out, err = result.stdout, result.stderr
    shown = (
        f"{' '.join(path)} {line.args!r} terminal={terminal}: exit {result.exit_code}\n{err[-500:]}"
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert "Traceback" not in out + err, shown
    assert result.exit_code in EXIT_CODES, shown
    assert "内部错误" not in err and "数据库错误" not in err, shown  # each a bug
    assert raw_controls(out, terminal=terminal) == [], shown
    assert raw_controls(err, terminal=terminal) == [], shown
    assert broken_tables(out) == [], shown
    assert check_written(folder, before) == [], shown
    if line.blank_option or line.undecodable:
        assert result.exit_code == 2, shown
    if line.names_ledger:
        assert result.exit_code not in (0, 3), shown
    if result.exit_code in (0, 3):
        if line.csv_out:
            assert not broken_csv(out), shown
        return
    lines = err.strip().splitlines()
    if path != ("db", "check"):  # which says "1 check found problems" in its verdict
        assert [x for x in lines if x.startswith("错误：")] == lines[-1:], shown
    assert source.unchanged(ledger), shown
    strays = {p.name for p in folder.iterdir()} - set(before)
    assert strays <= {f"{LEDGER}-wal", f"{LEDGER}-shm"}, shown
