"""The registry of the ledger's migrations: each function under its name, in the order written.

Opening a ledger reads ``migrations.names`` to tell "up to date", "needs upgrade" and "newer
than this program" without importing sqlite-utils (~150 ms); creating or upgrading one hands the
functions to sqlite-utils' ``Migrations`` (:meth:`Registry.sqlite_utils`). The migrations
themselves are in ``store/migrations.py`` (m001-m010) and ``store/migrations_later.py`` (m011 on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "liuliqiao"
Migration = TypeVar("Migration", bound=Callable[["Database"], None])


class Registry:
    """The migrations of one set, by name, in the order they were written."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.functions: dict[str, Callable[[Database], None]] = {}

    def __call__(self, *, name: str) -> Callable[[Migration], Migration]:
        def register(function: Migration) -> Migration:
            if name in self.functions:
                raise ValueError(f"migration {name} is registered twice")
            self.functions[name] = function
            return function

        return register

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.functions)

    def sqlite_utils(self) -> Migrations:
        """The same migrations as sqlite-utils' ``Migrations`` (which records them by name in
        ``_sqlite_migrations``)."""
        from sqlite_utils import Migrations

        out = Migrations(self.name)
        for name, function in self.functions.items():
            out(name=name)(function)
        return out


migrations = Registry(MIGRATION_SET)
