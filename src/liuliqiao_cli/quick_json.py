"""``json.loads`` and ``json.dumps`` for the modules every ``add`` imports, without importing the
``json`` package: its import compiles six regular expressions and builds its escape tables, ~1.3
ms of each one-line command's start-up, for a few lists of aliases and one event's data.

The work is done by the same C functions ``json`` itself ends in (``_json``'s scanner and
encoder), called with the settings ``json.loads`` and ``json.dumps`` pass them, so the results
are the same (tests/test_quick_json.py compares them on random values). What those fast paths do
not cover (leading or trailing white space, an error to explain, indentation, an interpreter
without ``_json``) is handed to ``json`` itself.
"""

from typing import Any

_c: Any
try:
    import _json as _c
except ImportError:  # pragma: no cover - an interpreter without json's C accelerator
    _c = None


class _Decoding:
    """What the C scanner reads from a ``json.JSONDecoder()`` made with no arguments."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {
        "-Infinity": float("-inf"),
        "Infinity": float("inf"),
        "NaN": float("nan"),
    }.__getitem__


_scan = _c.make_scanner(_Decoding()) if _c is not None else None


def loads(text: str) -> Any:
    """``json.loads(text)``."""
    if _scan is not None and isinstance(text, str):
        try:
            value, end = _scan(text, 0)
        except StopIteration:  # white space first, or no value: json reads it or says why
            pass
        else:
            if end == len(text):
                return value
    import json

    return json.loads(text)


def _default(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def dumps(value: Any, *, ensure_ascii: bool = True, sort_keys: bool = False) -> str:
    """``json.dumps(value, ensure_ascii=..., sort_keys=...)`` (the default separators)."""
    if _c is None:  # pragma: no cover
        import json

        return json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
    strings = _c.encode_basestring_ascii if ensure_ascii else _c.encode_basestring
    if isinstance(value, str):
        return strings(value)
    encoder = _c.make_encoder({}, _default, strings, None, ": ", ", ", sort_keys, False, True)
    return "".join(encoder(value, 0))
