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
