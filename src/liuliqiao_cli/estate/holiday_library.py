"""China's public holidays and 调休 working weekends from ``chinese-calendar``, kept in a small
cache file so that a command does not import the library each time it computes a deadline.

Importing chinese-calendar executes ~900 ``date(...)`` constructors and two Enum classes: ~1.8 ms
of every ``add`` (about 3% of its whole process). The cache holds only what the working-day
rules ask of it (which days are off, which weekend days are worked, which years are known), as
day ordinals, and is read in ~0.3 ms. It is keyed by the length and CRC-32 of the library's data
file (``chinese_calendar/constants.py``), so a new release of the library, or any edit of it, is
read afresh: the cache can be stale only if the data file is, never on its own.

It lives in ``$XDG_CACHE_HOME/liuliqiao`` (``~/.cache/liuliqiao``); ``LIULIQIAO_CACHE_DIR`` puts
it elsewhere. It holds no resident's data. A missing, unreadable or corrupt file, or a folder that
cannot be written, only means the library is imported as before.
"""

import marshal
import os
import zlib
from pathlib import Path
from typing import NamedTuple

_FORMAT = 1  # bump when the cached tuple changes shape


class Library(NamedTuple):
    """The library's answers as day ordinals (``date.toordinal()``)."""

    holidays: frozenset[int]  # days off, weekends inside a holiday included
    workdays: frozenset[int]  # weekend days worked in exchange (调休)
    years: frozenset[int]  # years whose notice the library has


def cache_dir() -> Path:
    explicit = os.environ.get("LIULIQIAO_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "liuliqiao"


def _data_file() -> Path | None:
    from importlib.util import find_spec

    spec = find_spec("chinese_calendar")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "constants.py"


def _cache_file() -> Path | None:
    data = _data_file()
    if data is None:
        return None
    try:
        raw = data.read_bytes()
    except OSError:
        return None
    return cache_dir() / f"chinese-calendar-{_FORMAT}-{len(raw)}-{zlib.crc32(raw):08x}.marshal"


def _read(path: Path) -> Library | None:
    try:
        holidays, workdays, years = marshal.loads(path.read_bytes())
        found = Library(frozenset(holidays), frozenset(workdays), frozenset(years))
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not all(isinstance(n, int) for part in found for n in part):
        return None
    return found


def _write(path: Path, library: Library) -> None:
    data = marshal.dumps(tuple(tuple(sorted(part)) for part in library))
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        os.replace(temporary, path)  # whole or not at all, whoever else writes it at once
    except OSError:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass  # the folder itself is not there (or not a folder): nothing was written


def from_library() -> Library:
    from chinese_calendar import holidays, workdays

    return Library(
        frozenset(d.toordinal() for d in holidays),
        frozenset(d.toordinal() for d in workdays),
        frozenset(d.year for d in holidays),
    )


def load() -> Library:
    """The library's days, from the cache when it matches the installed library."""
    path = _cache_file()
    found = _read(path) if path is not None else None
    if found is not None:
        return found
    library = from_library()
    if path is not None:
        _write(path, library)
    return library
