"""The zh/en message catalogue.

Every user-visible string has a key and a Chinese and an English text. Catalogues are split by
domain (``core``, ``complaints``, ``duty`` ...), each a module with ``MESSAGES = {key: (zh, en)}``;
they are merged on first use. Add a module to ``_CATALOGUES`` to register it: a listed catalogue
that does not exist fails at once.

English plurals: ``{n|record|records}`` in an English text picks the singular when ``n`` is 1.

A missing key or a message whose fields do not match its parameters prints the key (a user is
better served by a key than by a crash), but raises when ``LIULIQIAO_STRICT_MESSAGES`` is set:
the test suite sets it, so such a mistake fails a test instead of reaching a user.

The language is chosen once per process by the CLI: ``--lang``, else ``LIULIQIAO_LANG``, else the
locale (``en*`` -> English; ``zh*``, another language or a locale that names none -> Chinese).
"""

from __future__ import annotations

import os
import re
from typing import Any

LANGS = ("zh", "en")
_CATALOGUES = (
    "core",
    "estate",
    "duty",
    "complaints",
    "find",
    "meetings",
    "summary",
    "exchange",
    "recognise",
    "boundary",
    "privacy",
    "merge",
    "shell",
    "clock",
    "agreement",
)
_messages: dict[str, tuple[str, str]] | None = None
_current: str | None = None


def _load() -> dict[str, tuple[str, str]]:
    global _messages
    if _messages is None:
        import importlib

        merged: dict[str, tuple[str, str]] = {}
        for name in _CATALOGUES:
            merged.update(importlib.import_module(f"liuliqiao_cli.i18n.{name}").MESSAGES)
        _messages = merged
    return _messages


def language_from_environment(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """``LIULIQIAO_LANG``, else the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, ``LANGUAGE``
    that names a language: ``en*`` English, anything else Chinese. A locale that names none
    (unset under cron, ``C``, ``POSIX``, ``C.UTF-8`` on a fresh machine) means Chinese."""
    env = os.environ if environ is None else environ
    explicit = env.get("LIULIQIAO_LANG", "").strip().lower()
    if explicit in LANGS:
        return explicit
    # Chinese first: a locale that names no language (unset under cron, C, POSIX, C.UTF-8 on a
    # fresh machine) means Chinese; English when the locale asks for it (en_*).
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "").strip().lower()
        if value and value.split(".")[0] not in ("c", "posix"):
            return "en" if value.startswith("en") else "zh"
    return "zh"


def set_language(lang: str) -> None:
    global _current
    _current = lang


def current_language() -> str:
    global _current
    if _current is None:
        _current = language_from_environment()
    return _current


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


class MessageError(LookupError):
    """A message key that does not exist, or parameters that do not fit it (strict mode only)."""


def _strict() -> bool:
    return bool(os.environ.get("LIULIQIAO_STRICT_MESSAGES"))


def _plural(text: str, params: dict[str, Any]) -> str:
    def pick(match: re.Match[str]) -> str:
        return match.group(2) if params.get(match.group(1)) == 1 else match.group(3)

    return _PLURAL.sub(pick, text)


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted with params."""
    entry = _load().get(key)
    if entry is None:
        if _strict():
            raise MessageError(f"no message {key!r}")
        text = key
    else:
        text = entry[0] if (lang or current_language()) == "zh" else entry[1]
    if "|" in text:
        text = _plural(text, params)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError) as exc:
            if _strict():
                raise MessageError(f"message {key!r} does not fit {sorted(params)}") from exc
            return text
    return text


def both(key: str, **params: Any) -> str:
    """'中文 / English' for places that must speak both languages (column headers in exports)."""
    return f"{t(key, 'zh', **params)} / {t(key, 'en', **params)}"


def has(key: str) -> bool:
    return key in _load()


def keys() -> list[str]:
    """Every key of the catalogue (the codes it names, e.g. the kinds of events it labels)."""
    return list(_load())
