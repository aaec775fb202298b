"""``add`` at a real terminal: the installed entry point in a pseudo-terminal (``pty.fork``: the
child's controlling terminal, so Ctrl-C is a real SIGINT from the line discipline), answered as
a grid worker would type."""

from __future__ import annotations

import codecs
import os
import pty
import select
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from conftest import dump

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals only")


class Terminal:
    """A child process on a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the command
            try:
                # As a terminal's shell starts a command: Ctrl-C delivered. A test run started in
                # the background (`cmd &` in a script) ignores SIGINT, and Python keeps an ignored
                # SIGINT ignored, so the command would never hear the key.
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd, self.seen = pid, fd, ""
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")  # chars split by reads

    def expect(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} not shown; the terminal showed:\n{self.seen}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{text!r} never shown; the terminal showed:\n{self.seen}")
                self.seen += self.decoder.decode(chunk)
        return self.seen

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode("utf-8"))

    def wait(self, timeout: float = 20.0, *, again: str = "", after: float = 5.0) -> int:
        """The exit status; ``again`` is typed once if the child still runs ``after`` seconds."""
        deadline = time.monotonic() + timeout
        retype = time.monotonic() + after if again else None
        while time.monotonic() < deadline:
            if retype is not None and time.monotonic() > retype:
                self.type(again)
                retype = None
            try:  # drain, so that the child never blocks on a full terminal
                ready, _, _ = select.select([self.fd], [], [], 0.05)
                if ready:
                    self.seen += self.decoder.decode(os.read(self.fd, 4096))
            except OSError:
                pass
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError(f"still running; the terminal showed:\n{self.seen}")


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(LIULIQIAO_DB=str(db), TERM="xterm", COLUMNS="100")
    return env


def _argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "liuliqiao_cli", *args]


def test_interactive_add_at_a_real_terminal(db: Path) -> None:
    term = Terminal(_argv("add"), _env(db))
    for prompt, answer in [
        ("诉求内容: ", "3号楼2单元502下水堵了"),
        ("楼号 [3]: ", ""),
        ("单元 [2]: ", ""),
        ("户号 [502]: ", ""),
        ("公共场所: ", ""),
        ("服务项目 [楼内管道]: ", ""),
        ("请选择 [6]：", "5"),  # 电话
        ("反映人姓名（可空）: ", "王阿姨"),
        ("联系电话（可空）: ", "13800001234"),
        ("请选择 [1]：", ""),
    ]:
        term.expect(prompt)
        term.type(answer + "\r")
    assert term.wait() == 0, term.seen
    assert "已登记 #1" in term.seen and "城建物业" in term.seen
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT building, unit, room, item, source FROM complaints").fetchone()
    conn.close()
    assert row == (3, 2, "502", "pipes", "phone")


def test_ctrl_c_at_a_question_writes_nothing(db: Path) -> None:
    before = dump(db)
    term = Terminal(_argv("add", "快递柜放在消防通道上了"), _env(db))
    term.expect("请选择 [1]：")
    # A person reads the question first. Typed the instant the prompt shows, the signal can land
    # before Python's readline loop waits on the terminal, and it then waits for a key (CPython's
    # race, not ours: a second Ctrl-C would end it).
    time.sleep(0.5)
    term.type("\x03")  # Ctrl-C: SIGINT from the terminal
    # Should the half second still be too short on a loaded machine, the key waits, and a second
    # Ctrl-C, as a person would press it, ends it the same way.
    assert term.wait(again="\x03") == 130, term.seen
    assert "已中断，未做任何更改" in term.seen
    assert dump(db) == before


def test_ctrl_d_in_the_interactive_add_writes_nothing(db: Path) -> None:
    before = dump(db)
    term = Terminal(_argv("add"), _env(db))
    term.expect("诉求内容: ")
    term.type("北门垃圾站满了\r")
    for prompt in ("楼号: ", "单元: ", "户号: "):
        term.expect(prompt)
        term.type("\r")
    term.expect("公共场所 [北门]: ")
    term.type("\x04")  # Ctrl-D: end of input
    assert term.wait() == 130, term.seen
    assert dump(db) == before


def test_a_possible_duplicate_linked_at_once(db: Path) -> None:
    env = _env(db)
    first = Terminal(_argv("add", "3号楼2单元楼道灯坏了好几天"), env)
    assert first.wait() == 0, first.seen
    term = Terminal(_argv("add", "3号楼2单元的楼道灯还是不亮"), env)
    term.expect("是其中哪一条的重复？")
    assert "1. #1 同一天 3号楼2单元 楼道照明 已受理" in term.seen
    term.type("1\r")
    assert term.wait() == 0, term.seen
    assert "重复于    #1" in term.seen
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, status, duplicate_of FROM complaints ORDER BY id").fetchall()
    kinds = [r[0] for r in conn.execute("SELECT kind FROM events WHERE complaint_id = 2")]
    conn.close()
    assert rows == [(1, "received", None), (2, "duplicate", 1)]
    assert kinds == ["create", "duplicate"]
