"""`liuliqiao init`: create the ledger with its estate, or upgrade an existing one.

The one command that creates the ledger file, so it opens the file itself instead of with
session(); and the one that reads an estate definition (TOML), so `estate` does not pay for it."""

from pathlib import Path
from typing import Annotated

import typer

from liuliqiao_cli.cli.session import clock, ledger_path
from liuliqiao_cli.estate import definition as estate_definition
from liuliqiao_cli.estate import model
from liuliqiao_cli.i18n import t
from liuliqiao_cli.store import ledger

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.


def init(
    estate_file: Annotated[
        Path | None,
        typer.Option(
            "--estate",
            help="小区定义 TOML（默认：望园西里北区）/ estate definition TOML (default: Wangyuan Xili North)",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """新建台账（已存在则不做更改）/ Create the ledger with the estate configured (harmless if it exists)."""
    definition = (
        estate_definition.read_definition_file(estate_file)
        if estate_file
        else estate_definition.load_definition(
            estate_definition.default_definition_text(), source="wangyuan_xili_north.toml"
        )
    )
    path = ledger_path()
    conn, created = ledger.create_ledger(path)
    try:
        if created:
            try:
                ledger.migrate(conn)
                with ledger.transaction(conn):
                    model.install(conn, definition, now=clock(conn))
            except BaseException:
                conn.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                raise
            typer.echo(t("init.created", path=path, estate=definition.info["name"]), err=True)
            return
        applied = ledger.migrate(conn)
        name = model.load(conn).name
        typer.echo(
            t("init.upgraded" if applied else "init.exists", path=path, estate=name), err=True
        )
    finally:
        conn.close()
