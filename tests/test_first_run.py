"""A first run: `liuliqiao` alone prints the start page; a missing ledger's hint repeats --db."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import dump

START_ZH = """\
liuliqiao：居民诉求台账（登记、派单、跟踪、回访）

台账文件：{path}（还没有）
新建台账：liuliqiao init

先用样例台账试试（一个独立的文件，不碰你的台账）：
  liuliqiao db sample sample.db          写出样例台账
  liuliqiao --db sample.db list --open   看看其中未办结的诉求

一天里常用的五条命令：
  liuliqiao add "3号楼2单元楼道灯坏了"   登记诉求，当场判定负责公司
  liuliqiao list --open                  未办结的诉求（--overdue：逾期的）
  liuliqiao show 421                     一条诉求的时限和处理记录
  liuliqiao dispatch 421                 派单给负责的物业公司
  liuliqiao resolve 421                  办结，之后回访（followup）结案

全部命令：liuliqiao --help；某条命令的用法：liuliqiao add --help
"""

START_EN_EXISTS = """\
liuliqiao: the residents' complaint ledger (record, dispatch, follow up)

Ledger file: {path} (exists)

Try the sample estate first (a separate file; your ledger is not touched):
  liuliqiao db sample sample.db          write the sample ledger
  liuliqiao --db sample.db list --open   see its open complaints

The five commands of a day:
  liuliqiao add "3号楼2单元楼道灯坏了"   record a complaint, routed at once
  liuliqiao list --open                  open complaints (--overdue: late ones)
  liuliqiao show 421                     one complaint: deadlines, history
  liuliqiao dispatch 421                 send it to the responsible company
  liuliqiao resolve 421                  mark it resolved (then: followup)

All commands: liuliqiao --help; one command's options: liuliqiao add --help
"""


def test_alone_without_a_ledger_prints_the_start_page(cli, isolated: Path) -> None:
    result = cli()
    assert result.exit_code == 0, result.stderr
    assert result.stdout == START_ZH.format(path=isolated)
    assert result.stderr == ""
    assert not isolated.exists()  # the page creates nothing


def test_start_page_in_english_names_an_existing_ledger(cli, db: Path) -> None:
    before = dump(db)
    result = cli("--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == START_EN_EXISTS.format(path=db)
    assert dump(db) == before


def test_start_page_follows_db_and_resolves_its_path(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("--db", "my ledger.db")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"台账文件：{tmp_path / 'my ledger.db'}（还没有）" in out
    assert "新建台账：liuliqiao --db 'my ledger.db' init" in out
    # The day's commands name the same ledger; too long for 80 columns side by side, each
    # description goes under its command.
    assert "  liuliqiao --db 'my ledger.db' list --open\n      未办结的诉求" in out
    assert max(len(line) for line in out.splitlines() if "台账文件" not in line) <= 80
    assert not (tmp_path / "my ledger.db").exists()


def test_start_page_fits_80_columns(cli) -> None:
    from liuliqiao_cli.render.text import cells

    for lang in ("zh", "en"):
        out = cli("--lang", lang).stdout
        lines = out.replace(os.environ["LIULIQIAO_DB"], "/home/wangge/.config/liuliqiao/ledger.db")
        assert max(cells(line) for line in lines.splitlines()) <= 80, lang


def test_help_still_prints_the_whole_help(cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    # Click's own words in the interface language (issue 18): Chinese here, English with --lang.
    assert "用法：liuliqiao [选项] 命令 [参数]..." in result.stdout
    assert "summary" in result.stdout and "--db" in result.stdout
    assert "一天里常用的五条命令" not in result.stdout
    english = cli("--lang", "en", "--help")
    assert english.exit_code == 0
    assert "Usage: liuliqiao [OPTIONS] COMMAND [ARGS]..." in english.stdout
    assert "summary" in english.stdout and "The five commands" not in english.stdout


def test_bad_global_option_alone_is_still_an_error(cli, isolated: Path) -> None:
    result = cli("--lang", "fr")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert not isolated.exists()


def test_start_page_loads_nothing_heavy(isolated: Path) -> None:
    code = (
        "import sys; sys.argv = ['liuliqiao']\n"
        "import liuliqiao_cli.cli as cli\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('sqlite_utils', 'dateutil', 'rich', 'docx', 'openpyxl', 'icalendar')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


# --- the missing ledger's hint ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["--db", "nope.db", "list"], "liuliqiao --db nope.db init"),
        (["--db", "台账 二.db", "search", "灯"], "liuliqiao --db '台账 二.db' init"),
        (["--db=nope.db", "summary"], "liuliqiao --db nope.db init"),
        (["list"], "liuliqiao init"),  # LIULIQIAO_DB (or the app folder): nothing to repeat
    ],
)
def test_missing_ledger_hint_repeats_db(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], hint: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"新建请运行：{hint}（" in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing created, no -wal either


def test_missing_ledger_hint_in_english(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("--lang", "en", "--db", "nope.db", "show", "1")
    assert result.stderr == (
        "Error: No ledger at nope.db. Create one with: liuliqiao --db nope.db init"
        " (or point --db at an existing ledger)\n"
    )


def test_following_the_hint_creates_that_file(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    hint = cli("--db", "nope.db", "list").stderr.split("新建请运行：")[1].split("（")[0]
    assert cli(*hint.split()[1:]).exit_code == 0
    assert (tmp_path / "nope.db").exists()
    assert cli("--db", "nope.db", "list").exit_code == 0


def test_readme_start_page_is_the_real_one(cli, isolated: Path) -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- example: start-page -->\n```console\n$ liuliqiao\n", 1)[1]
    shown = block.split("```", 1)[0]
    real = cli().stdout.replace(str(isolated), "/home/wangge/.config/liuliqiao/ledger.db")
    assert shown == real
