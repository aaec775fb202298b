"""A command as it may be recorded (the record of an export names the command that made it):
the values of ``--reporter`` and ``--phone`` masked whole, personal data elsewhere masked where
:func:`~liuliqiao_cli.complaints.privacy.scrub` finds it."""

from __future__ import annotations

from collections.abc import Iterable

from liuliqiao_cli.complaints.privacy import mask_name, mask_phone, normalise_phone, scrub
from liuliqiao_cli.errors import UsageError


def mask_argument(value: str) -> str:
    """A command-line argument as it may be recorded: personal data in it masked."""
    return scrub(value).text


def mask_command(args: Iterable[str]) -> list[str]:
    """The command as typed, for the record of an export: the values of ``--reporter`` and
    ``--phone`` masked whole, personal data in any other argument masked where found."""
    out: list[str] = []
    hide_next: str | None = None
    for arg in args:
        if hide_next is not None:
            out.append(_mask_option(hide_next, arg))
            hide_next = None
            continue
        option, eq, value = arg.partition("=")
        if option in ("--reporter", "--phone"):
            if eq:
                out.append(f"{option}={_mask_option(option, value)}")
            else:
                out.append(arg)
                hide_next = option
            continue
        out.append(mask_argument(arg))
    return out


def _mask_option(option: str, value: str) -> str:
    if option == "--reporter":
        return mask_name(value)
    try:
        return mask_phone(normalise_phone(value))
    except UsageError:  # not a phone: hide it all the same
        return "*" * len(value)
