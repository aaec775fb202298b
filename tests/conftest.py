"""Every test gets its own ledger location, a fixed clock and a fixed terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample.db"
FIXED_NOW = "2026-11-27 10:00:00"


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole run (the holiday library's cache): never the user's own."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> Path:
    """Point LIULIQIAO_DB at tmp_path (never the user's real ledger), fix clock, language, width."""
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("LIULIQIAO_DB", str(path))
    monkeypatch.setenv("LIULIQIAO_NOW", FIXED_NOW)
    monkeypatch.setenv("LIULIQIAO_LANG", "zh")
    monkeypatch.setenv("LIULIQIAO_ACTOR", "测试员")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LIULIQIAO_STRICT_MESSAGES", "1")  # a missing message key fails the test
    monkeypatch.setenv("LIULIQIAO_CACHE_DIR", str(cache_dir))
    monkeypatch.delenv("LIULIQIAO_NOW_UNSET", raising=False)
    from liuliqiao_cli import i18n

    i18n.set_language("zh")
    from liuliqiao_cli.cli import STATE

    STATE.db = STATE.lang = STATE.actor = None
    return path


@pytest.fixture(scope="session")
def ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One initialised ledger of the default estate per test session (initialising costs
    ~0.1 s); the ``db`` fixture copies it."""
    from datetime import date

    from liuliqiao_cli.dates import parse_datetime
    from liuliqiao_cli.estate import definition, model
    from liuliqiao_cli.store import ledger

    path = tmp_path_factory.mktemp("template") / "ledger.db"
    conn, _ = ledger.create_ledger(path)
    ledger.migrate(conn)
    with ledger.transaction(conn):
        model.install(
            conn,
            definition.load_definition(definition.default_definition_text()),
            now=parse_datetime(FIXED_NOW, today=date(2026, 11, 27)),
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def db(isolated: Path, ledger_template: Path) -> Path:
    """A freshly initialised ledger of the default estate (path; set as LIULIQIAO_DB)."""
    shutil.copy(ledger_template, isolated)
    # its companion contacts file too (store/companion.py): the two files are one ledger
    shutil.copy(
        ledger_template.with_name("ledger.contacts.db"), isolated.with_name("ledger.contacts.db")
    )
    return isolated


@pytest.fixture
def conn(db: Path):
    from liuliqiao_cli.store.ledger import open_ledger

    c = open_ledger(db)
    yield c
    c.close()


@pytest.fixture
def sample_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the committed sample.db (never mutate the committed one)."""
    target = tmp_path / "sample.db"
    shutil.copy(SAMPLE, target)
    shutil.copy(SAMPLE.with_name("sample.contacts.db"), tmp_path / "sample.contacts.db")
    monkeypatch.setenv("LIULIQIAO_DB", str(target))
    return target


def companion_of(ledger: Path) -> Path:
    """The companion contacts file beside ``ledger`` (store/companion.py): x.db -> x.contacts.db."""
    return ledger.with_name(f"{ledger.stem}.contacts{ledger.suffix}")


def copy_ledger(source: Path, target: Path) -> Path:
    """Copy a ledger and its companion contacts file (when it has one): the two are one ledger."""
    shutil.copy(source, target)
    if companion_of(source).exists():
        shutil.copy(companion_of(source), companion_of(target))
    return target


def dump(path: Path) -> list[str]:
    """The whole database as SQL text: "nothing changed" means equal dumps."""
    import sqlite3

    if not path.exists():
        return []
    c = sqlite3.connect(path)
    try:
        return list(c.iterdump())
    finally:
        c.close()


@pytest.fixture
def cli():
    """Run the CLI in-process: cli(args) -> result with exit_code, stdout, stderr."""
    from typer.testing import CliRunner

    from liuliqiao_cli.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """sample.db with every free text hostile (tests/hostile.py), built once per session:
    (path, numbers of what was added). Copy it; never change it."""
    import sqlite3

    from hostile import build
    from typer.testing import CliRunner

    from liuliqiao_cli.cli import STATE, app

    path = copy_ledger(SAMPLE, tmp_path_factory.mktemp("hostile") / "hostile.db")
    runner = CliRunner()

    def run(*args: str):
        STATE.db = STATE.lang = STATE.actor = None
        return runner.invoke(app, list(args), catch_exceptions=False)

    with pytest.MonkeyPatch.context() as env:
        for name, value in {
            "LIULIQIAO_DB": str(path),
            "LIULIQIAO_NOW": FIXED_NOW,
            "LIULIQIAO_LANG": "zh",
            "LIULIQIAO_ACTOR": "测试员",
            "LIULIQIAO_STRICT_MESSAGES": "1",
        }.items():
            env.setenv(name, value)
        numbers = build(run, path)
    for file in (path, companion_of(path)):
        conn = sqlite3.connect(file)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
    return path, numbers
