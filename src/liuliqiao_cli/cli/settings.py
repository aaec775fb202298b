"""`liuliqiao settings`: list the settings a worker may change; `settings set KEY VALUE`."""

from typing import Annotated

import typer

from liuliqiao_cli.cli.options import TABLE, FormatOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.i18n import t
from liuliqiao_cli.render import privacy_view
from liuliqiao_cli.render.output import emit
from liuliqiao_cli.store import settings as store_settings

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.

settings_app = typer.Typer(
    invoke_without_command=True,
    no_args_is_help=False,
    subcommand_metavar="| set KEY VALUE",
    help="设置：列出每项设置的当前值、默认值和含义；settings set 修改 / Settings: every setting with "
    "its value, default and meaning; settings set changes one.",
)


@settings_app.callback()
def listing(ctx: typer.Context, fmt: FormatOption = TABLE) -> None:
    """列出每项设置：当前值、默认值、可取的值、含义 / Every setting: value, default, allowed values,
    meaning."""
    if ctx.invoked_subcommand is not None:
        return
    with session() as s:
        entries = store_settings.listing(s.conn)
    emit(privacy_view.setting_columns(), privacy_view.setting_rows(entries, s.lang), fmt.value)


@settings_app.command("set")
def set_(
    key: Annotated[
        str,
        typer.Argument(help="设置名，如 rates.small_sample / the setting", show_default=False),
    ],
    value: Annotated[str, typer.Argument(help="新的值 / the new value", show_default=False)],
) -> None:
    """修改一项设置（记入历史，可用 undo 撤销）/ Change a setting (recorded; undo takes it back)."""
    with session() as s:
        before, after = store_settings.set_value(s.conn, key, value, now=s.now, actor=s.actor)
        name = store_settings.spec(key).key
    typer.echo(t("settings.changed", setting=name, before=before, after=after), err=True)
