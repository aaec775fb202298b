"""`liuliqiao db`: the ledger file's maintenance: sample, backup, check."""

from pathlib import Path
from typing import Annotated

import typer

from liuliqiao_cli.cli import recorded
from liuliqiao_cli.cli.options import TABLE, ForceOption, FormatOption, QuietOption
from liuliqiao_cli.cli.session import ledger_path, session
from liuliqiao_cli.exchange import backup as backup_mod
from liuliqiao_cli.exchange import privacy_checks
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.exchange_view import check_columns, check_rows
from liuliqiao_cli.render.output import emit
from liuliqiao_cli.sample import generate

db_app = typer.Typer(help="台账文件维护 / ledger file maintenance", no_args_is_help=True)


@db_app.command("sample")
def sample(
    out: Annotated[Path, typer.Argument(help="输出文件 / file to write", dir_okay=False)],
    force: ForceOption = False,
) -> None:
    """生成确定性的样例台账（即 sample.db）/ Write the deterministic sample ledger (sample.db)."""
    counts = generate.write_sample(out, force=force, ledger=ledger_path())
    summary = ", ".join(f"{k} {v}" for k, v in counts.items() if v and not k.startswith("_"))
    typer.echo(t("sample.written", path=out, summary=summary), err=True)


@db_app.command("backup")
def backup(
    target: Annotated[
        Path,
        typer.Argument(help="备份文件 / backup file, e.g. backups/2026-11-27.db", dir_okay=False),
    ],
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """在线备份台账（使用中也安全）/ Online backup of the ledger (safe while it is in use)."""
    from liuliqiao_cli.render.progress import bar, counted

    with session() as s:
        privacy_checks.check_backup_target(s.conn, target, force=force)
        with (
            recorded.export(s, "backup", "db", target, always_contacts=True) as tally,
            bar("progress.backup", quiet=quiet, unit="pages") as progress,
        ):
            result = backup_mod.backup(s.conn, target, force=force, progress=counted(progress))
            kept = privacy_checks.backup_companion(s.conn, target)
            tally.rows = result.complaints
    typer.echo(
        t(
            "backup.done",
            path=result.path,
            size=f"{result.bytes / 1024:.0f}",
            complaints=result.complaints,
            events=result.events,
        ),
        err=True,
    )
    if kept is not None:
        typer.echo(t("backup.companion_done", path=kept), err=True)


@db_app.command("check")
def check(
    fmt: FormatOption = TABLE,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="重建全文索引和统计汇总（由记录推算，不改记录）后再检查 / Rebuild the search index and running totals (derived, records untouched), then check",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """检查台账：完整性、外键、全文索引、统计汇总、历史、结构版本 / Check integrity, foreign keys, search index, running totals, history, schema."""
    from liuliqiao_cli.render.progress import bar, counted

    with session() as s:
        if repair:
            backup_mod.repair(s.conn)
            typer.echo(t("check.repaired"), err=True)
        with bar("progress.check", quiet=quiet, unit="checks") as progress:
            results = backup_mod.check(s.conn, progress=counted(progress))
        results += privacy_checks.check(s.conn)
    emit(check_columns(), check_rows(results), fmt.value)
    bad = [r for r in results if not r.ok]
    typer.echo(t("check.verdict_bad", count=len(bad)) if bad else t("check.verdict_ok"), err=True)
    if bad:
        raise typer.Exit(code=1)


@db_app.command("recompute-deadlines")
def recompute_deadlines(
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="只列出将改变的时限，不写入 / list the changes, write nothing"
        ),
    ] = False,
    fmt: FormatOption = TABLE,
) -> None:
    """按现行时限和工作日重算未办结诉求的时限（每条记一笔）/ Recompute open complaints' deadlines with today's limits and working days, one event each."""
    from liuliqiao_cli.complaints import deadlines
    from liuliqiao_cli.render import deadline_view

    with session() as s:
        changed = deadlines.recompute(s.conn, now=s.now, actor=s.actor, dry_run=dry_run)
    emit(deadline_view.recompute_columns(), deadline_view.recompute_rows(changed), fmt.value)
    key = "recompute.dry_run" if dry_run else "recompute.done"
    typer.echo(t(key, count=len(changed)), err=True)
    deadline_view.warn_unknown_years(sorted({y for c in changed for y in c.unknown_years}))


@db_app.command("workdays")
def workdays(
    source: Annotated[
        Path | None,
        typer.Argument(
            help="含 [workdays] 表的 TOML 文件（省略则显示现有的）/ a TOML file with a [workdays] table (omitted: show the current ones)",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """办公日历：录入法定节假日安排、调休和本地停工日 / The office's working days: holidays, 调休, closures."""
    from liuliqiao_cli.estate import office_days

    with session() as s:
        if source is None:
            days = office_days.current(s.conn)
        else:
            days = office_days.read(source)
            office_days.replace(s.conn, days, now=s.now, actor=s.actor)
    typer.echo(
        t(
            "workdays.summary",
            off=len(days.off),
            worked=len(days.worked),
            years=", ".join(str(y) for y in sorted(days.years)) or "-",
        )
    )
    for day in sorted(days.off):
        typer.echo(t("workdays.off_line", date=day.isoformat()))
    for day in sorted(days.worked):
        typer.echo(t("workdays.worked_line", date=day.isoformat()))
    if source is not None:
        typer.echo(t("workdays.replaced"), err=True)


@db_app.command("station")
def station(
    letters: Annotated[
        str | None,
        typer.Argument(
            help="本台账的站点字母，如 B（不给则显示）/ this ledger's station letter, e.g. B (none: show it)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """站点字母：此后登记的诉求名为 B1、B2……，在每台电脑上都一样 / The station letter: complaints recorded here are named B1, B2 ... on every laptop."""
    from liuliqiao_cli.complaints import names

    with session() as s:
        if letters is None:
            current = names.station(s.conn)
            if current is None:
                typer.echo(t("names.station_none"), err=True)
                return
            row = s.conn.execute(
                "SELECT value FROM settings WHERE key = ?", (names.NEXT_KEY,)
            ).fetchone()
            typer.echo(
                t("names.station_is", station=current, next=f"{current}{row[0] if row else 1}")
            )
            return
        change = names.set_station(s.conn, letters, now=s.now, actor=s.actor)
    typer.echo(t("names.station_set", station=change.station, first=change.next_name), err=True)
