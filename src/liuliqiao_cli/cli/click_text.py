"""Click's and Typer's own words in the user's language: usage errors and ``--help``.

Typer 0.28 vendors click (``typer._click``) without click's gettext calls, so its messages are
English literals. Two ways in, both here:

- :func:`message` re-words a usage error from its exception type and the parameter it names, in
  the current language, naming the parameter as the user types it (``--reason``; an argument by
  its catalogue label ``arg.<name>``, "诉求编号", never the internal ``complaint_id``). A message
  this module does not know keeps click's words.
- :func:`install` hooks the few places that write help's own words (Usage, Options, Arguments,
  Commands, [default: ...], [required], the help option's text): Typer's ``gettext`` in
  ``typer.core``, the constants of ``typer.rich_utils`` (read when rich help is drawn), click's
  usage prefix and help option. Each hook reads the current language when it runs, so one
  process (the shell) can switch between Chinese and English. Installing costs a few attribute
  assignments; rich is imported only by rich help itself, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from liuliqiao_cli.i18n import current_language, has, t

# Typer's gettext message ids (typer.core, typer.rich_utils) -> catalogue keys.
_TYPER_WORDS = {
    "Arguments": "click.help.arguments",
    "Options": "click.help.options",
    "Commands": "click.help.commands",
    "default: {default}": "click.help.default",
    "required": "click.help.required",
    "env var: {var}": "click.help.env_var",
    "(dynamic)": "click.help.dynamic",
    "Aborted!": "click.aborted",
}
# typer.rich_utils constants -> catalogue keys (computed once at its import, in English).
_RICH_CONSTANTS = {
    "DEPRECATED_STRING": "click.help.deprecated",
    "DEFAULT_STRING": "click.help.rich_default",
    "ENVVAR_STRING": "click.help.rich_env_var",
    "REQUIRED_LONG_STRING": "click.help.rich_required",
    "ARGUMENTS_PANEL_TITLE": "click.help.arguments",
    "OPTIONS_PANEL_TITLE": "click.help.options",
    "COMMANDS_PANEL_TITLE": "click.help.commands",
    "ERRORS_PANEL_TITLE": "click.help.error",
    "ABORTED_TEXT": "click.aborted",
    "RICH_HELP": "click.help.try_help",
}
# Typer's own options on the root command.
_ROOT_OPTIONS = {
    "install_completion": "click.help.install_completion",
    "show_completion": "click.help.show_completion",
}


def _gettext(text: str) -> str:
    key = _TYPER_WORDS.get(text)
    return t(key) if key else text


def param_name(param: Any) -> str:
    """A parameter as the user types it: an option by its long flag (``--reason``), an argument
    by what it is ("诉求编号" / "complaint number")."""
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "option":
        opts = list(getattr(param, "opts", []) or [])
        longs = [o for o in opts if o.startswith("--")]
        return (longs or opts or [str(param.name)])[0]
    key = f"arg.{param.name}"
    return t(key) if has(key) else str(param.name).upper()


def _literal(text: str) -> str:
    """A value click quoted with repr() (``'lsit'``), as it was typed."""
    import ast  # only on an error: 2 ms of start-up otherwise

    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text.strip("'\"")
    return str(value)


_NO_SUCH_COMMAND = r"(?s)^No such command (?P<name>'.*'|\".*\")\.(?: Did you mean (?P<s>.+)\?)?$"
_EXTRA_ARGS = r"(?s)^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$"
_NOT_A_CHOICE = r"(?s)^(?P<value>'.*'|\".*\") is not one of (?P<choices>.*)\.$"
_NOT_A_NUMBER = r"(?s)^(?P<value>'.*'|\".*\") is not a valid (?P<kind>int|integer|float)\.$"
_OUT_OF_RANGE = r"(?s)^(?P<value>\S+) is not in the range (?P<range>.+)\.$"
_NOT_A_BOOLEAN = r"(?s)^(?P<value>'.*'|\".*\") is not a valid boolean\."
_NEEDS_VALUES = r"(?s)^Option '.*' requires (?P<n>\d+) arguments\.$"
_SUGGESTION = r"'([^']*)'"


def _quoted_list(text: str) -> list[str]:
    return re.findall(_SUGGESTION, text)


def _invalid_value(exc: Any) -> str:
    """``Invalid value for X: detail`` with the detail re-worded when it is one of click's."""
    detail = str(exc.message)
    name = param_name(exc.param) if exc.param is not None else ""
    match = re.match(_NOT_A_CHOICE, detail)
    if match:
        choices = _quoted_list(match["choices"])
        detail = t(
            "click.not_a_choice",
            value=_literal(match["value"]),
            choices="、".join(choices) if current_language() == "zh" else ", ".join(choices),
        )
    elif match := re.match(_NOT_A_NUMBER, detail):
        detail = t("click.not_a_number", value=_literal(match["value"]))
    elif match := re.match(_OUT_OF_RANGE, detail):
        detail = t("click.out_of_range", value=match["value"], range=match["range"])
    elif match := re.match(_NOT_A_BOOLEAN, detail):
        detail = t("click.not_a_boolean", value=_literal(match["value"]))
    if not name:
        return t("click.invalid_value_bare", detail=detail)
    if exc.param.param_type_name == "argument":
        return t("click.invalid_argument", name=name, detail=detail)
    return t("click.invalid_value", name=name, detail=detail)


def message(exc: Any) -> str:
    """The usage error ``exc`` (a click exception) in the current language."""
    from typer._click import exceptions as click

    try:
        return _message(exc, click)
    except Exception:  # a message that does not fit: click's own words, never a crash
        return str(exc.format_message())


def _message(exc: Any, click: Any) -> str:
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        kind = exc.param_type or (param.param_type_name if param is not None else "parameter")
        key = "click.missing_option" if kind == "option" else "click.missing_argument"
        return t(key, name=param_name(param))
    if isinstance(exc, click.NoSuchOption):
        possibilities = sorted(exc.possibilities or [])
        if possibilities:
            return t(
                "click.no_such_option_suggest",
                option=exc.option_name,
                suggestions=_or(possibilities),
            )
        return t("click.no_such_option", option=exc.option_name)
    if isinstance(exc, click.BadOptionUsage):
        text = str(exc.message)
        if text.endswith("does not take a value."):
            return t("click.option_takes_no_value", option=exc.option_name)
        match = re.match(_NEEDS_VALUES, text)
        if match:
            return t("click.option_needs_values", option=exc.option_name, n=int(match["n"]))
        if "requires an argument" in text:
            return t("click.option_needs_value", option=exc.option_name)
        return str(exc.format_message())
    if isinstance(exc, click.BadParameter):
        return _invalid_value(exc)
    if isinstance(exc, click.UsageError):
        return _usage(str(exc.message))
    if isinstance(exc, click.FileError):
        return t("click.file_error", file=exc.ui_filename, reason=exc.message)
    return str(exc.format_message())


def _usage(text: str) -> str:
    match = re.match(_NO_SUCH_COMMAND, text)
    if match:
        name = _literal(match["name"])
        if match["s"]:
            return t(
                "click.no_such_command_suggest",
                name=name,
                suggestions=_or(_quoted_list(match["s"])),
            )
        return t("click.no_such_command", name=name)
    if text == "Missing command.":
        return t("click.missing_command")
    match = re.match(_EXTRA_ARGS, text)
    if match:
        return t("click.extra_arguments", args=match["args"])
    return text


def _or(values: list[str]) -> str:
    quoted = [t("click.quoted", value=v) for v in values]
    return t("click.or").join(quoted)


# --- help's own words ---------------------------------------------------------------------

_installed = False


def install() -> None:
    """Hook help's own words (once per process); each hook reads the current language."""
    global _installed
    if _installed:
        return
    from typer import core
    from typer._click import core as click_core
    from typer._click import formatting

    core._ = _gettext  # type: ignore[assignment]  # typer.core's gettext, read at call time

    write_usage = formatting.HelpFormatter.write_usage

    def usage_in_language(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, t("click.help.usage") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = usage_in_language  # type: ignore[method-assign]

    get_help_option = click_core.Command.get_help_option

    def help_option_in_language(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = t("click.help.help_option")
        return option

    click_core.Command.get_help_option = help_option_in_language  # type: ignore[method-assign]

    for cls in (core.TyperCommand, core.TyperGroup):
        cls.format_help = _help_in_language(cls.format_help)  # type: ignore[method-assign]
    _installed = True


# The usage line's placeholders, in either language (a command's own, like duty's, stays).
_METAVARS = {
    "options": ("[OPTIONS]", "[选项]"),
    "commands": ("COMMAND [ARGS]...", "命令 [参数]..."),
}


def _help_in_language(format_help: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(self: Any, ctx: Any, formatter: Any) -> Any:
        _rich_words()
        if self.options_metavar in _METAVARS["options"]:
            self.options_metavar = t("click.help.options_metavar")
        if getattr(self, "subcommand_metavar", None) in _METAVARS["commands"]:
            self.subcommand_metavar = t("click.help.commands_metavar")
        for param in ctx.command.params:
            key = _ROOT_OPTIONS.get(param.name)
            if key:
                param.help = t(key)
        return format_help(self, ctx, formatter)

    return wrapped


def _rich_words() -> None:
    """The constants of typer.rich_utils in the current language (only when rich help is drawn:
    importing it is what rich help costs anyway)."""
    from typer import core

    if not core.HAS_RICH:
        return
    from typer import rich_utils

    for name, key in _RICH_CONSTANTS.items():
        setattr(rich_utils, name, t(key))
