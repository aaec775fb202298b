"""The table of commands (cli/commands.py) is the one place a command is declared: every command
function or group in the CLI's modules is reachable from it, every entry names one, each summary
is the command's own help, and ``--help`` lists exactly the table without importing a command
module."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import typer
from typer.models import ParameterInfo

import liuliqiao_cli.cli as cli_package
from liuliqiao_cli.cli.commands import COMMANDS


def _cli_modules() -> Iterator[Any]:
    for info in pkgutil.iter_modules(cli_package.__path__):
        yield importlib.import_module(f"liuliqiao_cli.cli.{info.name}")


def _is_command(function: Callable[..., Any]) -> bool:
    """A function whose parameters carry Typer options or arguments: a command's body."""
    hints = typing.get_type_hints(function, include_extras=True)
    for name, parameter in inspect.signature(function).parameters.items():
        if isinstance(parameter.default, ParameterInfo):
            return True
        hint = hints.get(name)
        if typing.get_origin(hint) is typing.Annotated and any(
            isinstance(extra, ParameterInfo) for extra in typing.get_args(hint)[1:]
        ):
            return True
    return False


def _reached(group: typer.Typer) -> Iterator[Any]:
    """The group, its callback, its commands and its subgroups, all the way down."""
    yield group
    if group.registered_callback is not None:
        yield group.registered_callback.callback
    for command in group.registered_commands:
        yield command.callback
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            yield from _reached(sub.typer_instance)


def _table_targets() -> dict[str, Any]:
    return {
        name: getattr(importlib.import_module(f"liuliqiao_cli.cli.{info.module}"), info.attribute)
        for name, info in COMMANDS.items()
    }


def test_every_entry_names_a_command_or_a_group() -> None:
    for name, target in _table_targets().items():
        assert isinstance(target, typer.Typer) or _is_command(target), name


def test_every_command_in_the_cli_modules_is_in_the_table() -> None:
    reachable: set[int] = set()
    for target in _table_targets().values():
        if isinstance(target, typer.Typer):
            reachable |= {id(x) for x in _reached(target)}
        else:
            reachable.add(id(target))
    strays = []
    for module in _cli_modules():
        for attribute, value in vars(module).items():
            defined_here = getattr(value, "__module__", None) == module.__name__
            if isinstance(value, typer.Typer) and attribute != "app":
                if id(value) not in reachable:
                    strays.append(f"{module.__name__}.{attribute}")
            elif inspect.isfunction(value) and defined_here and _is_command(value):
                if id(value) not in reachable:
                    strays.append(f"{module.__name__}.{attribute}")
    assert strays == [], f"commands missing from cli/commands.py: {strays}"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_summary_is_the_commands_own_help(name: str) -> None:
    command = cli_package._LazyCommands({})[name]
    first_paragraph = (command.help or "").split("\n\n")[0]
    assert COMMANDS[name].summary == " ".join(first_paragraph.split())


def test_help_lists_exactly_the_table() -> None:
    """As a user's pipe sees it (plain text): one line per command, in the table's order."""
    out = subprocess.run(
        [sys.executable, "-m", "liuliqiao_cli", "--lang", "en", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    section = out.stdout.split("\nCommands:\n", 1)[1]
    listed = [
        line.split()[0] for line in section.splitlines() if line[:3].strip() and line[2] != " "
    ]
    assert listed == list(COMMANDS)


DRIVER = r"""
import json, sys
sys.argv = ["liuliqiao", *json.loads(sys.argv[1])]
import liuliqiao_cli.cli as cli
try:
    cli.main()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("liuliqiao_cli.cli."))))
"""


@pytest.mark.parametrize(
    "args,expected",
    [
        (["--help"], ["liuliqiao_cli.cli.commands"]),
        (["add", "--help"], ["liuliqiao_cli.cli.commands", "liuliqiao_cli.cli.complaints"]),
    ],
)
def test_help_imports_no_command_module_but_the_one_asked_for(
    args: list[str], expected: list[str]
) -> None:
    out = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    # A command module brings its helpers (options, session, completion): none of the others.
    others = {f"liuliqiao_cli.cli.{info.module}" for info in COMMANDS.values()} - set(expected)
    assert set(expected) <= set(loaded)
    assert not others & set(loaded), sorted(others & set(loaded))
