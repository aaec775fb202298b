"""Writing files the user names (store/files.py): the target checks and the atomic write, and every
command that writes a file refusing the ledger itself."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import dump

from liuliqiao_cli.errors import LedgerFileError
from liuliqiao_cli.store import files


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize(
    "name,force,key",
    [
        ("folder", False, "file.is_dir"),
        ("nowhere/x.md", True, "file.no_folder"),
        ("a-file/x.md", True, "file.no_folder"),
        ("old.md", False, "file.exists"),
        ("ledger.db", True, "file.is_ledger"),
        ("ledger.db-wal", True, "file.is_ledger"),
        ("ledger.db-shm", True, "file.is_ledger"),
        ("ledger.db-journal", True, "file.is_ledger"),
        ("link.db", True, "file.is_ledger"),
        ("hard.db", True, "file.is_ledger"),
    ],
)
def test_check_target_refuses(tmp_path: Path, name: str, force: bool, key: str) -> None:
    ledger = tmp_path / "ledger.db"
    ledger.write_bytes(b"x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "old.md").write_text("old")
    (tmp_path / "link.db").symlink_to(ledger)
    os.link(ledger, tmp_path / "hard.db")
    with pytest.raises(LedgerFileError) as err:
        files.check_target(tmp_path / name, force=force, ledger=ledger)
    assert err.value.key == key


def test_check_target_accepts(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.db"
    (tmp_path / "old.md").write_text("old")
    files.check_target(tmp_path / "new.md", force=False, ledger=ledger)
    files.check_target(tmp_path / "old.md", force=True, ledger=ledger)
    files.check_target(tmp_path / "ledger.db.md", force=False, ledger=ledger)
    files.check_target(tmp_path / "ledger.db", force=False, ledger=None)


def test_the_ledger_is_refused_before_asking_for_force(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.db"
    ledger.write_bytes(b"x")
    with pytest.raises(LedgerFileError) as err:
        files.check_target(ledger, force=False, ledger=ledger, same_key="backup.same_file")
    assert err.value.key == "backup.same_file"


@pytest.mark.parametrize("private", [False, True])
def test_replacing_writes_atomically_with_the_mode(tmp_path: Path, private: bool) -> None:
    old = os.umask(0o022)
    try:
        new, kept = tmp_path / "new.txt", tmp_path / "kept.txt"
        kept.write_text("old")
        kept.chmod(0o640)
        for target in (new, kept):
            with files.replacing(target, private=private) as tmp:
                assert tmp.parent == tmp_path and tmp.exists() and _mode(tmp) == 0o600
                tmp.write_text("new")
                assert (target.read_text() if target.exists() else None) in (None, "old")
            assert target.read_text() == "new"
        assert _mode(new) == (0o600 if private else 0o644)
        assert _mode(kept) == (0o600 if private else 0o640)  # a replaced file keeps its mode
    finally:
        os.umask(old)
    assert _hidden(tmp_path) == []


def test_replacing_that_fails_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "b.db"
    target.write_text("old")
    with pytest.raises(RuntimeError), files.replacing(target) as tmp:
        tmp.write_text("half")
        Path(f"{tmp}-wal").write_text("side file")
        raise RuntimeError
    assert target.read_text() == "old"
    assert _hidden(tmp_path) == []


def test_write_bytes_checks_then_writes(tmp_path: Path) -> None:
    target = tmp_path / "x.ics"
    files.write_bytes(target, b"one", force=False, ledger=None)
    with pytest.raises(LedgerFileError):
        files.write_bytes(target, b"two", force=False, ledger=None)
    files.write_bytes(target, b"two", force=True, ledger=None)
    assert target.read_bytes() == b"two"


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--force", "-o"],
        ["export", "--format", "csv", "--force", "-o"],
        ["dossier", "--since", "2026-11-01", "--until", "2026-11-30", "-f", "md", "--force", "-o"],
        ["duty", "ics", "--force", "-o"],
        ["db", "sample", "--force"],
        ["db", "backup", "--force"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_no_command_writes_over_the_ledger(cli, db: Path, args: list[str], suffix: str) -> None:
    target = Path(f"{db}{suffix}")
    before = dump(db)
    existed = target.exists()
    content = target.read_bytes() if existed else None
    result = cli(*args, str(target))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "台账本身" in result.stderr and "--force" not in result.stderr
    assert dump(db) == before
    assert (target.read_bytes() if target.exists() else None) == content


def test_files_with_contacts_are_private(cli, db: Path, tmp_path: Path) -> None:
    assert (
        cli(
            "add", "3号楼2单元502下水堵了", "--reporter", "王大爷", "--phone", "13812345678"
        ).exit_code
        == 0
    )
    old = os.umask(0o022)
    try:
        for name, args in (
            ("plain.jsonl", []),
            ("contacts.jsonl", ["--with-contacts"]),
        ):
            assert cli("export", "-o", str(tmp_path / name), *args).exit_code == 0
        period = ["--since", "2026-11-01", "--until", "2026-11-30"]
        assert cli("dossier", *period, "-o", str(tmp_path / "plain.md")).exit_code == 0
        with_contacts = cli(
            "dossier", *period, "-o", str(tmp_path / "contacts.md"), "--with-contacts"
        )
        assert with_contacts.exit_code == 0, with_contacts.stderr
    finally:
        os.umask(old)
    assert _mode(tmp_path / "plain.jsonl") == _mode(tmp_path / "plain.md") == 0o644
    assert _mode(tmp_path / "contacts.jsonl") == _mode(tmp_path / "contacts.md") == 0o600
