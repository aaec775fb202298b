"""The zh/en message catalogue.

Every user-visible string has a key and a Chinese and an English text. Catalogues are split by
domain (``core``, ``complaints``, ``duty`` ...), each a module with ``MESSAGES = {key: (zh, en)}``;
they are loaded as keys are asked for, in the order of ``_CATALOGUES``, until the key is found
(a key lives in one catalogue only: a test checks it). Add a module to ``_CATALOGUES`` to register
it: a listed catalogue that does not exist fails at the first key it is searched for.

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
# In the order they are searched: those every command reads (core; shell holds Click's own words)
# and those of `add`, whose start-up matters most, first: `add` loads five of the fifteen.
_CATALOGUES = (
    "core",
    "shell",
    "estate",
    "complaints",
    "recognise",
    "boundary",
    "duty",
    "clock",
    "find",
    "meetings",
    "summary",
    "exchange",
    "merge",
    "privacy",
    "agreement",
)
_messages: dict[str, tuple[str, str]] = {}  # the catalogues loaded so far, merged
_loaded: set[str] = set()  # their names (a set, not a count: the shell's threads ask too)
_current: str | None = None


def _entry(key: str) -> tuple[str, str] | None:
    """The texts of ``key``, loading the catalogues not yet loaded until one has it."""
    entry = _messages.get(key)
    if entry is None:
        import importlib

        for name in _CATALOGUES:
            if name not in _loaded:
                _messages.update(importlib.import_module(f"liuliqiao_cli.i18n.{name}").MESSAGES)
                _loaded.add(name)
                entry = _messages.get(key)
                if entry is not None:
                    break
    return entry


def _load() -> dict[str, tuple[str, str]]:
    """Every catalogue, merged."""
    _entry("")  # no key is empty: this loads them all
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
    entry = _entry(key)
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
    return _entry(key) is not None


def keys() -> list[str]:
    """Every key of the catalogue (the codes it names, e.g. the kinds of events it labels)."""
    return list(_load())
