"""Options shared by several commands (typer only: cheap to import)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", "-f", help="输出格式 / output format: table | json | csv", case_sensitive=False
    ),
]
