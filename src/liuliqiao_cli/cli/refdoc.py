"""The README's command reference, generated from ``--help`` (the cog pattern of llm and
sqlite-utils): ``python -m liuliqiao_cli.refdoc --write README.md`` refreshes it, and
tests/test_readme.py fails when the README and the help texts drift apart."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

START = "<!-- reference:start -->"
END = "<!-- reference:end -->"


def _commands(command, path: list[str]):  # walks the click tree: (path, command) pairs
    yield path, command
    sub = getattr(command, "commands", None)
    if sub:
        for name in list(sub):  # the order --help shows
            if getattr(sub[name], "hidden", False):
                continue
            yield from _commands(sub[name], [*path, name])


def reference() -> str:
    """Every command's help as plain text (click's formatter at 100 columns), in Markdown.

    Click's own words (Usage, Options ...) are written in English whatever the language of the
    process that generates it: the reference must not depend on who ran it."""
    from liuliqiao_cli import i18n

    was = i18n.current_language()
    i18n.set_language("en")
    try:
        return _reference()
    finally:
        i18n.set_language(was)


def _reference() -> str:
    from typer.main import get_command

    from liuliqiao_cli.cli import app

    try:
        from typer._click import Context
    except ImportError:  # pragma: no cover - Typer < 0.28
        from click import Context  # type: ignore[no-redef,assignment]

    parts = [
        "## Command reference",
        "",
        "Generated from `--help` by `python -m liuliqiao_cli.refdoc --write README.md`; "
        "a test fails if it drifts.",
        "",
    ]
    root = get_command(app)
    contexts: dict[tuple[str, ...], Any] = {}
    for path, command in _commands(root, []):
        command.rich_markup_mode = None  # plain text: rich boxes do not belong in Markdown
        parent = contexts.get(tuple(path[:-1])) if path else None
        ctx = Context(
            command,
            info_name=path[-1] if path else "liuliqiao",
            parent=parent,
            terminal_width=100,
            max_content_width=100,
            # As the root app's context_settings give them (a bare Context does not apply those).
            help_option_names=["-h", "--help"],
        )
        contexts[tuple(path)] = ctx
        text = "\n".join(line.rstrip() for line in command.get_help(ctx).strip("\n").splitlines())
        title = " ".join(["liuliqiao", *path])
        parts += [f"### `{title}`", "", "```", text, "```", ""]
    return "\n".join(parts).rstrip() + "\n"


def replace_in(readme: str, body: str) -> str:
    block = f"{START}\n{body}{END}"
    if START in readme and END in readme:
        return re.sub(
            re.escape(START) + r".*?" + re.escape(END), lambda _: block, readme, flags=re.S
        )
    marker = "<!-- section: reference -->"
    if marker in readme:
        return readme.replace(marker, block)
    return readme.rstrip("\n") + "\n\n" + block + "\n"


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--write":
        target = Path(argv[1])
        target.write_text(
            replace_in(target.read_text(encoding="utf-8"), reference()), encoding="utf-8"
        )
        return 0
    sys.stdout.write(reference())
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    raise SystemExit(main(sys.argv[1:]))
