"""``liuliqiao shell``: the same commands, output, messages and exit statuses as the CLI run one
process each; bad lines refused in one line while the shell keeps running and nothing is
written; completion and the bottom line at a real prompt (prompt_toolkit's own test input)."""

from __future__ import annotations

import os
import random
import re
import shlex
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import dump

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def same_ledger(path: Path) -> list[str]:
    """The dump with record UUIDs (random by design) left out: what two runs can agree on."""
    return [_UUID.sub("<uuid>", line) for line in dump(path)]


def shell(cli, lines: list[str] | str):
    text = lines if isinstance(lines, str) else "\n".join(lines) + "\n"
    return cli("shell", input=text)


# --- one line, one command ------------------------------------------------------------------


def test_each_line_runs_as_the_command_alone(cli, sample_db: Path) -> None:
    lines = [
        "duty",
        "show 419",
        "show #418",
        "list --open --building 3 --limit 5",
        "search 楼道灯 --limit 3",
        "summary",
        "estate",
        "lsit",
        "show 99999",
        "--lang en duty",
        "history --complaint 419 --format json",
    ]
    alone_out, alone_err, codes = [], [], []
    for line in lines:
        result = cli(*shlex.split(line))
        alone_out.append(result.stdout)
        alone_err.append(result.stderr)
        codes.append(result.exit_code)
    result = shell(cli, lines)
    assert result.stdout == "".join(alone_out)
    assert result.stderr == "".join(alone_err)
    assert codes == [0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0]
    assert result.exit_code == 0  # the last command's status, as in sh


def test_the_status_is_the_last_commands(cli, sample_db: Path) -> None:
    assert shell(cli, ["duty", "show 99999"]).exit_code == 1
    assert shell(cli, ["show 99999", "duty"]).exit_code == 0
    assert shell(cli, ["lsit"]).exit_code == 2
    assert shell(cli, "").exit_code == 0


def test_program_name_comments_blank_lines_help_exit(cli, sample_db: Path) -> None:
    result = shell(cli, ["", "# the Monday list", "liuliqiao duty", "llq duty", "exit", "duty"])
    alone = cli("duty").stdout
    assert result.stdout == alone * 2  # nothing after exit runs
    assert result.stderr == ""
    helped = shell(cli, ["help"])
    assert helped.exit_code == 0 and "用法：liuliqiao [选项] 命令 [参数]..." in helped.stdout
    assert "show" in shell(cli, ["help show"]).stdout


def test_root_options_of_the_shell_hold_for_every_line(cli, sample_db: Path, tmp_path) -> None:
    other = tmp_path / "elsewhere.db"
    result = cli("--db", str(other), "--lang", "en", "shell", input="duty\n")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: No ledger at {other}")
    result = cli("--lang", "en", "shell", input="duty\n--lang zh duty\n")
    assert "On duty" in result.stdout or "on duty" in result.stdout
    assert "当值" in result.stdout


def test_commands_cannot_read_the_script(cli, sample_db: Path) -> None:
    """``undo`` asks on a terminal; in a script its question must not eat the next line."""
    before = same_ledger(sample_db)
    result = shell(cli, ["undo", "duty"])
    assert result.stdout == cli("duty").stdout
    assert same_ledger(sample_db) == before


# --- bad input: one clear line, the shell keeps running, nothing written ----------------------

BAD = [
    ('add "楼道灯坏了', "错误：引号没有配对，未执行（一段文字请放在一对引号里）"),
    ("frobnicate", "错误：用法错误：没有“frobnicate”这个命令（用 --help 查看用法）"),
    ("exit 3", "错误：exit 不带参数：单独输入 exit 或按 Ctrl-D 退出"),
    ("quit now", "错误：quit 不带参数：单独输入 quit 或按 Ctrl-D 退出"),
    ("add " + "很" * 100_000, "错误：这一行有 100004 个字符，超过 8000 个，未执行"),
    ("add 楼道\x00灯坏了 --building 3", "错误：这一行含有空字符（NUL），未执行"),
    ("shell", "错误：已经在 liuliqiao shell 里了，直接输入命令即可"),
    ("add 漏水 --building 9", None),  # the command's own refusal, whatever its words
]


@pytest.mark.parametrize(("line", "message"), BAD, ids=[b[0][:16] for b in BAD])
def test_a_bad_line_is_one_line_and_the_shell_goes_on(cli, db: Path, line, message) -> None:
    before = same_ledger(db)
    result = shell(cli, [line, "duty"])
    errors = result.stderr.splitlines()
    assert len(errors) == 1
    if message is not None:
        assert errors[0] == message
    assert "Traceback" not in result.stderr
    assert result.stdout == cli("duty").stdout  # the next line ran
    assert same_ledger(db) == before


def test_undecodable_bytes_are_refused(db: Path) -> None:
    before = same_ledger(db)
    out = subprocess.run(
        [sys.executable, "-m", "liuliqiao_cli", "shell"],
        input=b"add \xff\xfe --building 3\nduty\n",
        capture_output=True,
        timeout=60,
    )
    assert out.stderr.decode() == "错误：这一行不是 UTF-8 文字，未执行\n"
    assert "当值" in out.stdout.decode()
    assert out.returncode == 0
    assert same_ledger(db) == before


def test_english_refusals(cli, db: Path) -> None:
    result = cli("--lang", "en", "shell", input='add "x\nexit 1\n')
    assert result.stderr.splitlines() == [
        "Error: Unbalanced quotes; not run (put a text between one pair of quotes)",
        "Error: exit takes no arguments: type exit alone or press Ctrl-D to leave",
    ]


# --- a session of mixed commands leaves the ledger as the commands one by one -----------------

TEXTS = [
    "3号楼2单元楼道灯坏了，晚上看不见",
    "垃圾站满了没人清运",
    "小区北门乱停车，消防通道堵了",
    "4号楼1单元502屋顶漏雨",
    "1号楼5单元单元门对讲不好用",
    "小广场的健身器材坏了",
    "2号楼3单元301下水道堵了",
    "噪音扰民，晚上广场舞太吵",
]


def mixed_commands(n: int, seed: int = 18) -> list[str]:
    """``n`` commands a grid worker might type in a day: records, steps (some refused), reads,
    and a few mistakes."""
    rng = random.Random(seed)
    lines: list[str] = []
    added = 0
    for _ in range(n):
        roll = rng.random()
        number = rng.randint(1, max(added, 1))
        if roll < 0.28 or added == 0:
            text = rng.choice(TEXTS)
            lines.append(f"add '{text}' --source {rng.choice(['patrol', 'phone', 'hotline'])}")
            added += 1
        elif roll < 0.40:
            lines.append(f"dispatch {number}")
        elif roll < 0.48:
            lines.append(f"respond {number} --note 已安排")
        elif roll < 0.56:
            lines.append(f"resolve {number}")
        elif roll < 0.61:
            lines.append(f"followup {number} --resolved 是 --satisfied 满意")
        elif roll < 0.66:
            lines.append(f"tag {number} --add 急难愁盼")
        elif roll < 0.70:
            lines.append(f"note {number} '电话回访了'")
        elif roll < 0.73:
            lines.append(f"dispute {number} --reason '不是我们的楼'")
        elif roll < 0.76:
            lines.append(f"reject {number} --reason 非物业事项")
        elif roll < 0.82:
            lines.append(rng.choice(["list --open", "summary", "duty", "rates", "estate"]))
        elif roll < 0.88:
            lines.append(f"show {number}")
        elif roll < 0.92:
            lines.append(f"search {rng.choice(['楼道灯', '漏雨', '垃圾'])}")
        elif roll < 0.95:
            lines.append(f"history --complaint {number}")
        else:
            lines.append(rng.choice(["lsit", "show abc", "resolve", 'add "漏水', "tag 1"]))
    return lines


@pytest.mark.slow
def test_a_session_leaves_the_ledger_as_one_command_each(cli, db: Path, tmp_path: Path) -> None:
    """60 mixed commands: each run on its own (in process) and all in one shell."""
    import shutil

    lines = mixed_commands(60)
    alone = tmp_path / "alone.db"
    shutil.copy(db, alone)
    for line in lines:
        try:
            args = shlex.split(line)
        except ValueError:
            continue  # not a command: the shell refuses it and changes nothing
        cli("--db", str(alone), *args)
    result = shell(cli, lines)
    assert "Traceback" not in result.stderr
    assert same_ledger(db) == same_ledger(alone)
    assert dump(db) != dump(tmp_path / "nothing.db")  # something was recorded


@pytest.mark.slow
def test_200_commands_in_the_shell_and_one_process_each(db: Path, tmp_path: Path) -> None:
    import shutil

    lines = mixed_commands(200)
    alone = tmp_path / "alone.db"
    shutil.copy(db, alone)
    env = {**os.environ, "LIULIQIAO_DB": str(alone)}
    for line in lines:
        try:
            args = shlex.split(line)
        except ValueError:
            continue
        subprocess.run(
            [sys.executable, "-m", "liuliqiao_cli", *args],
            env=env,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
    out = subprocess.run(
        [sys.executable, "-m", "liuliqiao_cli", "shell"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in out.stderr
    assert same_ledger(db) == same_ledger(alone)


# --- the prompt on a terminal (prompt_toolkit's own test input) --------------------------------


def _prompt(keys: list[str], tmp_path: Path, monkeypatch) -> tuple[list[str], str]:
    """Drive the prompt with ``keys`` (sent one chunk at a time); the lines it ran and the
    bottom line shown at the end."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from liuliqiao_cli.cli import shell as shell_module
    from liuliqiao_cli.cli import shell_prompt

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    the_shell = shell_module.Shell([])
    ran: list[str] = []
    run = the_shell.run

    def recording(line: str) -> int | None:
        ran.append(line)
        return run(line)

    the_shell.run = recording  # type: ignore[method-assign]
    with create_pipe_input() as keyboard:

        def type_keys() -> None:
            for chunk in keys:
                time.sleep(0.2)
                keyboard.send_text(chunk)

        threading.Thread(target=type_keys, daemon=True).start()
        shell_prompt.run(the_shell, session_input=keyboard, session_output=DummyOutput())
    return ran, the_shell.status_line()


@pytest.mark.slow
def test_completion_at_the_prompt(sample_db: Path, tmp_path: Path, monkeypatch) -> None:
    ran, bottom = _prompt(
        [
            "show 旧家具",  # a complaint number by its text
            "\t",
            "\r",
            "list --building 3",  # a building that exists
            "号\t",
            " --item ljz",  # an item by pinyin initials
            "\t",
            " --limit 1\r",
            "resol\t41\t",  # a command, then an open complaint's number
            "\x03",  # Ctrl-C clears the line
            "\x04",  # Ctrl-D leaves
        ],
        tmp_path,
        monkeypatch,
    )
    assert ran == ["show 410", "list --building 3号楼 --item 垃圾桶站 --limit 1"]
    assert bottom == "今天 2026-11-27  当值：城建物业  超期：10 条"


def test_history_is_per_ledger_and_masked(sample_db: Path, tmp_path: Path, monkeypatch) -> None:
    from liuliqiao_cli.cli import shell_history

    _prompt(
        ["add 漏水 --building 3 --reporter 王阿姨 --phone 13800001234 --item pipes\r", "\x04"],
        tmp_path,
        monkeypatch,
    )
    files = list((tmp_path / "config").rglob("*.txt"))
    assert [f.name.startswith("sample-") for f in files] == [True]
    assert files[0] == shell_history.history_path(sample_db, tmp_path / "config" / "liuliqiao")
    text = files[0].read_text(encoding="utf-8")
    assert "+add 漏水 --building 3 --reporter 王** --phone 138****1234 --item pipes" in text
    assert "13800001234" not in text and "王阿姨" not in text
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("add 漏水 --phone 13800001234", "add 漏水 --phone 138****1234"),
        ("add 漏水 --phone=010-63000001", "add 漏水 --phone=010-****0001"),
        (
            'add "王先生 电话 138 0000 1234" --reporter 王先生',
            'add "王先生 电话 138****1234" --reporter 王**',
        ),
        ("add x --phone '+86 139-1234-5678'", "add x --phone '139****5678'"),
        ("add 请打 010-63000001 联系", "add 请打 010-****0001 联系"),
        ("show 1234567", "show 1234567"),  # a complaint number is not a phone
        (  # what the ledger keeps out of its texts (issue 16), kept out of the history too
            "add 3号楼漏水，联系人王秀兰，身份证110101199003071233",
            "add 3号楼漏水，联系人王**，身份证110***********1233",
        ),
    ],
)
def test_mask_line(line: str, kept: str) -> None:
    from liuliqiao_cli.cli.shell_history import mask_line

    assert mask_line(line) == kept


def test_only_the_shell_imports_prompt_toolkit(sample_db: Path) -> None:
    code = (
        "import sys, liuliqiao_cli.cli as c\n"
        "sys.argv = ['liuliqiao', 'shell']\n"
        "try:\n    c.main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('prompt_toolkit'))[:1])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input="duty\n", capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"  # not on a pipe either


# --- the shell's one connection: fresh snapshots, no lock held, a replaced file noticed --------


def _shell_session(capsys):
    from liuliqiao_cli.cli import session
    from liuliqiao_cli.cli import shell as shell_module

    the_shell = shell_module.Shell([])

    def run(line: str) -> str:
        capsys.readouterr()
        the_shell.run(line)
        return capsys.readouterr().out

    return the_shell, run, session


def test_the_kept_connection_sees_other_writers_and_holds_no_lock(sample_db: Path, capsys) -> None:
    import sqlite3

    the_shell, run, session = _shell_session(capsys)
    try:
        assert "已派单" in run("show 419").splitlines()[0]
        kept = session._kept.conn
        assert kept is not None and not kept.in_transaction
        other = sqlite3.connect(sample_db, timeout=0)  # another process: no waiting at all
        other.execute("BEGIN IMMEDIATE")  # the shell holds no lock between commands
        other.execute("UPDATE complaints SET status = 'in_progress' WHERE id = 419")
        other.execute("COMMIT")
        assert "处理中" in run("show 419").splitlines()[0]  # a new snapshot for each command
        assert session._kept.conn is kept  # the same connection
        run("list --limit 1")  # a listing that stops early leaves no statement open ...
        other.execute("UPDATE complaints SET status = 'resolved' WHERE id = 419")
        other.commit()
        assert "已办结" in run("show 419").splitlines()[0]  # ... so the next one sees this
        other.close()
    finally:
        session.close_kept()


def test_a_replaced_file_and_a_failure_get_a_fresh_connection(
    sample_db: Path, db: Path, capsys, monkeypatch
) -> None:
    import shutil

    monkeypatch.setenv("LIULIQIAO_DB", str(sample_db))
    the_shell, run, session = _shell_session(capsys)
    try:
        assert run("show 419")
        first = session._kept.conn
        replacement = sample_db.with_name("restored.db")
        shutil.copy(db, replacement)  # an empty ledger, as a restored backup
        replacement.replace(sample_db)
        assert run("show 419") == ""  # not found in the new file
        assert session._kept.conn is None  # the failure closed it
        run("duty")
        assert session._kept.conn is not None and session._kept.conn is not first
        run("db check")  # maintenance opens its own
        assert session._kept.conn is None
    finally:
        session.close_kept()


def test_a_command_in_the_shell_stands_behind_one_guard(sample_db: Path, monkeypatch) -> None:
    """A line's command gets the CLI's output guard in front of the terminal itself, not in
    front of the shell's guard: what it draws (cursor moves of a prompt or a progress bar)
    reaches the terminal through one drawing side instead of being escaped by the shell's."""
    import io

    from liuliqiao_cli.cli import app
    from liuliqiao_cli.render import complaint_list
    from liuliqiao_cli.render.text import GuardedStream

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    behind: list[object] = []
    render = complaint_list.render_list

    def drawing_list(*args, **kwargs):
        behind.append(sys.stdout.guarded)
        sys.stdout.drawing.write("\x1b[2A")  # a cursor move, as a prompt draws
        return render(*args, **kwargs)

    monkeypatch.setattr(complaint_list, "render_list", drawing_list)
    monkeypatch.setattr(sys, "stdout", GuardedStream(terminal))  # the shell's own guard
    from typer.main import get_command

    code = get_command(app).main(
        ["--db", str(sample_db), "list", "--limit", "1"], standalone_mode=False
    )
    assert code == 0
    assert behind == [terminal]
    assert terminal.getvalue().startswith("\x1b[2A")


@pytest.mark.slow
def test_a_real_terminal(sample_db: Path, tmp_path: Path) -> None:
    """``liuliqiao shell`` on a pseudo-terminal, as she uses it: the prompt, the bottom line, an
    item completed from its pinyin initials, the answer (drawn through the output guard, not
    escaped by it), Ctrl-D."""
    import pty
    import select

    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "XDG_CONFIG_HOME": str(tmp_path), "COLUMNS": "100"}
    env.pop("NO_COLOR", None)  # colours, as on her terminal
    proc = subprocess.Popen(
        [sys.executable, "-m", "liuliqiao_cli", "shell"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    screen = b""

    def read_until(needle: bytes, seconds: float = 30) -> None:
        nonlocal screen
        end = time.time() + seconds
        while needle not in screen and time.time() < end:
            if select.select([master], [], [], 0.2)[0]:
                chunk = os.read(master, 65536)
                screen += chunk
                if b"\x1b[6n" in chunk:  # a terminal answers where its cursor is
                    os.write(master, b"\x1b[24;1R")
        assert needle in screen, screen[-2000:]

    try:
        read_until("超期：10 条".encode())
        for key in (b"list --item ljz", b"\t", b" --limit 1\r"):
            os.write(master, key)
            time.sleep(0.5)
        read_until("共 1 条".encode())
        plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", screen).decode()
        assert "list --item 垃圾桶站 --limit 1" in plain
        assert "垃圾分类桶不够用" in plain
        # The CLI's output guard stands once between the terminal and the prompt or a command's
        # table: cursor moves and colours arrive as they are, never as escapes.
        assert b"\\u001b" not in screen and b"\\x1b" not in screen
        assert "\x1b[1m编号\x1b[0m".encode() in screen
        os.write(master, b"\x04")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)


def test_the_history_files_name_keeps_its_digest() -> None:
    """CPython's own sha256 stands in for hashlib's (OpenSSL's start-up): the same digest, so a
    history written before keeps its file."""
    import hashlib

    from liuliqiao_cli.cli import shell_history

    for data in (b"", b"/home/wang/liuliqiao.db", "网格员/台账.db".encode() * 50):
        assert shell_history._sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_the_prompt_is_imported_without_ssl_and_ssl_still_imports() -> None:
    """asyncio's TLS support is left out while the prompt is imported (asyncio falls back on its
    own), and ssl imports as usual afterwards: checked in a fresh interpreter."""
    code = (
        "import sys\n"
        "from liuliqiao_cli.cli import shell\n"
        "shell._import_prompt()\n"
        "assert 'asyncio' in sys.modules and 'prompt_toolkit' in sys.modules\n"
        "assert 'ssl' not in sys.modules and 'hashlib' not in sys.modules\n"
        "import ssl, asyncio.base_events\n"
        "assert ssl.PROTOCOL_TLS_CLIENT and asyncio.base_events.ssl is None\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
