"""Ledger administration: init, estate, db sample."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from liuliqiao_cli.cli.options import FormatOption, OutputFormat

db_app = typer.Typer(help="台账文件维护 / ledger file maintenance", no_args_is_help=True)


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
    from liuliqiao_cli.cli import ledger_path, now_for
    from liuliqiao_cli.estate import definition as estate_definition
    from liuliqiao_cli.estate import model
    from liuliqiao_cli.i18n import t
    from liuliqiao_cli.store import ledger

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
                    model.install(conn, definition, now=now_for(conn))
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


def show_estate(fmt: FormatOption = OutputFormat.table) -> None:
    """小区概况：楼栋、单元、物业公司、服务项目清单 / The estate: buildings, units, companies, service items."""
    from liuliqiao_cli.cli import lang, open_ledger
    from liuliqiao_cli.estate import duty, model
    from liuliqiao_cli.render import estate_view

    conn = open_ledger()
    try:
        data = model.load(conn)
        versions, _ = duty.load_rotation(conn)
    finally:
        conn.close()
    estate_view.render(data, versions, fmt.value, lang())


def sample(
    out: Annotated[Path, typer.Argument(help="输出文件 / file to write", dir_okay=False)],
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有文件 / overwrite an existing file")
    ] = False,
) -> None:
    """生成确定性的样例台账（即 sample.db）/ Write the deterministic sample ledger (sample.db)."""
    from liuliqiao_cli.cli import ledger_path
    from liuliqiao_cli.i18n import t
    from liuliqiao_cli.sample import generate
    from liuliqiao_cli.store import files

    files.check_target(out, force=force, ledger=ledger_path())
    counts = generate.build(out)
    summary = ", ".join(f"{k} {v}" for k, v in counts.items() if v and not k.startswith("_"))
    typer.echo(t("sample.written", path=out, summary=summary), err=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("estate")(show_estate)
    db_app.command("sample")(sample)
    app.add_typer(db_app, name="db")
