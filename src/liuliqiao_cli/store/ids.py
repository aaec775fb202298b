"""UUIDs for records that travel between ledgers. Random by default; the sample generator seeds
them so that regenerating ``sample.db`` gives the same content."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only the sample generator seeds: a command does not import random
    import random

_rng: random.Random | None = None


def new_uuid() -> str:
    if _rng is None:
        return str(uuid.uuid4())
    return str(uuid.UUID(int=_rng.getrandbits(128), version=4))


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    import random

    global _rng
    previous, _rng = _rng, random.Random(seed)
    try:
        yield
    finally:
        _rng = previous


# SQLite keeps an integer (a row's id among them) in 8 bytes, signed.
ROW_ID_MAX = 2**63 - 1
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def whole_number(text: str) -> int | None:
    """``1025`` (or full-width ``１０２５``, as a Chinese input method types it) -> 1025; None for
    anything else. Only these digits: ``str.isdigit`` also takes ``²`` (which ``int`` refuses) and
    ``١٢``. A number of more than 19 digits comes back as ``ROW_ID_MAX + 1`` (beyond any id, and
    ``int`` refuses more than 4,300 digits)."""
    digits = text.translate(_FULL_WIDTH_DIGITS)
    if not digits.isascii() or not digits.isdigit():
        return None
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 19 else ROW_ID_MAX + 1
