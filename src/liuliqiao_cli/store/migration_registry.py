"""The registry of named migrations: the order they were written in, read without importing
sqlite-utils (``migrations.names``), and handed to sqlite-utils' ``Migrations`` to apply them.
The migrations themselves are in :mod:`liuliqiao_cli.store.migrations`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

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
