"""A big export's lines are built by helper processes (exchange/jsonl_parallel.py): the file is
the same, byte for byte, as the export alone writes it; the export does without them when it
does not go to a file or cannot have the write lock at once; a helper that dies fails the
export."""

from __future__ import annotations

import io
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import pytest

from liuliqiao_cli.errors import LedgerError
from liuliqiao_cli.exchange import jsonl, jsonl_parallel
from liuliqiao_cli.store.ledger import open_ledger

NOW = datetime(2026, 11, 27, 10)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of a few records, so that every helper has many."""
    monkeypatch.setattr(jsonl, "CHUNK_LINES", {"event": 37})
    monkeypatch.setattr(jsonl, "CHUNK_DEFAULT", 5)


def _export(db: Path, out: io.TextIOWrapper | None = None, mode: str = "w") -> bytes:
    conn = open_ledger(db)
    try:
        if out is None:
            path = db.with_name("out.jsonl")
            path.unlink(missing_ok=True)
            with open(path, mode, encoding="utf-8", newline="") as file:
                jsonl.export_ledger(conn, file, now=NOW)
            return path.read_bytes()
        jsonl.export_ledger(conn, out, now=NOW)
        out.flush()
        return out.buffer.getvalue()  # type: ignore[attr-defined]
    finally:
        conn.close()


def _spied(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    started: list[object] = []
    real = jsonl_parallel.Helpers.start

    def start(*args, **kwargs):
        helpers = real(*args, **kwargs)
        started.append(helpers)
        return helpers

    monkeypatch.setattr(jsonl_parallel.Helpers, "start", start)
    return started


@pytest.mark.usefixtures("small_chunks")
def test_helpers_write_the_file_the_export_alone_writes(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _export(sample_db)  # the sample is far below HELPERS_MIN
    monkeypatch.setattr(jsonl_parallel, "HELPERS_MIN", 0)
    monkeypatch.setattr(jsonl_parallel, "cores", lambda: 3)
    started = _spied(monkeypatch)
    helped = _export(sample_db)
    piped = _export(sample_db, io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline=""))
    appended = _export(sample_db, mode="a")  # pwrite would append: alone
    assert [h is not None for h in started] == [True, False, False]
    assert helped == alone and piped == alone and appended == alone
    assert alone.count(b'"type":"event"') > 1000


def test_without_the_write_lock_the_export_goes_alone(
    sample_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _export(sample_db)
    monkeypatch.setattr(jsonl_parallel, "HELPERS_MIN", 0)
    started = _spied(monkeypatch)
    writer = sqlite3.connect(sample_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        assert _export(sample_db) == alone
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert started == [None]


def test_a_helper_that_dies_fails_the_export(
    cli, sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    monkeypatch.setattr(jsonl_parallel, "HELPERS_MIN", 0)
    monkeypatch.setattr(jsonl_parallel, "cores", lambda: 2)
    # it starts, counts no event, and dies before its first chunk
    dies = "import sys; sys.stdout.buffer.write(b'R' + bytes(8)); sys.stdout.flush(); sys.exit(3)"
    monkeypatch.setattr(
        jsonl_parallel,
        "_spawn",
        lambda fd: subprocess.Popen(
            [sys.executable, "-c", dies], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
        ),
    )
    target = tmp_path / "x.jsonl"
    result = cli("export", "-o", str(target))
    assert result.exit_code == 1
    assert "辅助进程" in result.stderr and "3" in result.stderr
    assert not target.exists()
    with pytest.raises(LedgerError) as caught:
        _export(sample_db)
    assert caught.value.key == "exchange.helper_failed"


# Standard output redirected to a file (``export > ledger.jsonl``): the helpers write into it,
# past whatever it already holds, through a copy of descriptor 1 (their own 1 is their pipe).
_TO_STDOUT = """
import sys
from liuliqiao_cli.exchange import jsonl, jsonl_parallel
jsonl_parallel.HELPERS_MIN = 0
jsonl_parallel.cores = lambda: 3
jsonl.CHUNK_LINES, jsonl.CHUNK_DEFAULT = {"event": 37}, 5
started = []
real = jsonl_parallel.Helpers.start
def start(*args, **kwargs):
    started.append(real(*args, **kwargs))
    return started[-1]
jsonl_parallel.Helpers.start = start
sys.argv = ["liuliqiao", "--db", sys.argv[1], "export", *sys.argv[2:]]
from liuliqiao_cli.cli import main
try:
    main()
finally:
    sys.stderr.write("helpers: %s\\n" % [h is not None for h in started])
"""


@pytest.mark.slow  # a CLI in a subprocess with three helpers, twice (CI runs it)
@pytest.mark.parametrize("before", [b"", b"a line of the user's own\n"])
def test_stdout_redirected_to_a_file_gets_what_dash_o_writes(
    sample_db: Path, tmp_path: Path, before: bytes
) -> None:
    import os
    import subprocess

    env = {**os.environ, "LIULIQIAO_NOW": "2026-11-27 10:00:00", "LIULIQIAO_LANG": "zh"}
    dash_o = tmp_path / "o.jsonl"
    run = [sys.executable, "-c", _TO_STDOUT, str(sample_db)]
    done = subprocess.run([*run, "-o", str(dash_o)], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "helpers: [True]" in done.stderr, done.stderr
    redirected = tmp_path / "r.jsonl"
    redirected.write_bytes(before)
    with open(redirected, "r+b") as out:
        out.seek(0, os.SEEK_END)
        done = subprocess.run(run, env=env, stdout=out, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0 and "helpers: [True]" in done.stderr, done.stderr
    assert redirected.read_bytes() == before + dash_o.read_bytes()
    assert dash_o.read_bytes().count(b'"type":"event"') > 1000


@pytest.mark.slow  # a CLI in a subprocess (CI runs it)
def test_stdout_into_a_pipe_goes_through_the_guard_alone(sample_db: Path) -> None:
    import os
    import subprocess

    env = {**os.environ, "LIULIQIAO_NOW": "2026-11-27 10:00:00", "LIULIQIAO_LANG": "zh"}
    done = subprocess.run(
        [sys.executable, "-c", _TO_STDOUT, str(sample_db)], env=env, capture_output=True
    )
    assert done.returncode == 0 and b"helpers: [False]" in done.stderr, done.stderr
    assert done.stdout.count(b'"type":"event"') > 1000
