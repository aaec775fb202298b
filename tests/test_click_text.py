"""Click's own words in the user's language: usage errors name the parameter as she types it,
and ``--help``'s own words (Usage, Options, Arguments, [default], [required] ...) follow --lang.
Every bad input is one line on stderr, exit 2, and the ledger unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import dump

from liuliqiao_cli.cli import app
from liuliqiao_cli.i18n import has

CASES = [
    (
        ["lsit"],
        "没有“lsit”这个命令，是不是“list”？",
        "No such command 'lsit'. Did you mean 'list'?",
    ),
    (["frobnicate"], "没有“frobnicate”这个命令", "No such command 'frobnicate'"),
    (["show"], "缺少参数：诉求编号", "Missing argument: complaint number"),
    (["dispute", "3"], "缺少选项 --reason", "Missing option --reason"),
    (["tag", "3", "--reason"], "选项 --reason 后面要写一个值", "Option --reason needs a value"),
    (["list", "--bogus"], "没有 --bogus 这个选项", "No such option: --bogus"),
    (
        ["list", "--buildin", "3"],
        "没有 --buildin 这个选项，是不是“--building”或“--until”？",
        "No such option: --buildin. Did you mean '--building' or '--until'?",
    ),
    (
        ["estate", "-f", "xml"],
        "--format 的值无效：“xml”不可用，可用：table、json、csv",
        "Invalid value for --format: 'xml' is not one of table, json, csv",
    ),
    (
        ["list", "--limit", "abc"],
        "--limit 的值无效：“abc”不是整数",
        "Invalid value for --limit: 'abc' is not a whole number",
    ),
    (
        ["duty", "revoke", "x"],
        "调班编号无效：“x”不是整数",
        "Invalid override number: 'x' is not a whole number",
    ),
    (["show", "1", "2", "3"], "多余的参数：2 3", "Unexpected extra argument(s): 2 3"),
    (["list", "--open=yes"], "选项 --open 不带值", "Option --open does not take a value"),
    (["meeting", "show"], "缺少参数：会议编号", "Missing argument: meeting number"),
]


@pytest.mark.parametrize(("args", "zh", "en"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_usage_errors_in_both_languages(cli, sample_db: Path, args, zh, en) -> None:
    before = dump(sample_db)
    for lang, words, prefix in (
        ("zh", zh, "错误：用法错误："),
        ("en", en, "Error: Usage error: "),
    ):
        result = cli("--lang", lang, *args)
        assert result.exit_code == 2
        suffix = "（用 --help 查看用法）" if lang == "zh" else " (see --help)"
        assert result.stderr == f"{prefix}{words}{suffix}\n"
        assert result.stdout == ""
    assert dump(sample_db) == before


def _arguments() -> list[tuple[str, str]]:
    from typer.main import get_command

    found: list[tuple[str, str]] = []

    def walk(command, path: str) -> None:
        for name in getattr(command, "commands", {}):
            walk(command.commands[name], f"{path} {name}".strip())
        for param in getattr(command, "params", []):
            if param.param_type_name == "argument":
                found.append((path, param.name))

    walk(get_command(app), "")
    return found


def test_every_argument_has_a_name_in_both_languages() -> None:
    arguments = _arguments()
    assert ("show", "complaint_id") in arguments
    missing = [(path, name) for path, name in arguments if not has(f"arg.{name}")]
    assert missing == []


ENGLISH_HELP_WORDS = (
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "[default:",
    "[required]",
    "Show this message and exit.",
    "Install completion for the current shell.",
)


def _commands() -> list[list[str]]:
    from liuliqiao_cli.cli.commands import COMMANDS

    paths = [[name] for name in COMMANDS]
    paths += [["duty", "calendar"], ["meeting", "add"], ["db", "check"]]
    return [[]] + paths


def _help(args: list[str], *, rich: bool, lang: str) -> str:
    """``--help`` as a user sees it: in a fresh interpreter, on a pipe (plain) or with rich."""
    env = {**os.environ, "TYPER_USE_RICH": "1" if rich else "0", "LIULIQIAO_LANG": lang}
    env.pop("LIULIQIAO_STRICT_MESSAGES", None)
    out = subprocess.run(
        [sys.executable, "-m", "liuliqiao_cli", *args, "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.slow
@pytest.mark.parametrize("rich", [False, True], ids=["plain", "rich"])
def test_help_words_in_chinese(rich: bool) -> None:
    for args in _commands()[:4]:
        text = _help(args, rich=rich, lang="zh")
        assert "用法：liuliqiao" in text
        assert "选项" in text
        found = [w for w in ENGLISH_HELP_WORDS if w in text]
        assert found == [], (args, found)
    english = _help(["show"], rich=rich, lang="en")
    assert "Usage: liuliqiao show" in english and "Show this message and exit." in english


def test_help_words_every_command_in_process(cli) -> None:
    """Every command's help in Chinese (plain, in process: quick), then in English again."""
    for args in _commands():
        result = cli("--lang", "zh", *args, "--help")
        assert result.exit_code == 0, args
        found = [w for w in ENGLISH_HELP_WORDS if w in result.stdout]
        assert found == [], (args, found)
        assert "显示此帮助并退出。" in result.stdout
    result = cli("--lang", "en", "show", "--help")
    assert "Usage: liuliqiao show" in result.stdout
    assert "Arguments" in result.stdout and "[required]" in result.stdout


def test_an_unknown_click_message_keeps_its_words() -> None:
    from typer._click.exceptions import UsageError

    from liuliqiao_cli.cli import click_text

    assert click_text.message(UsageError("Something new.")) == "Something new."
