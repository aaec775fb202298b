"""The summary catalogue: both languages with the same fields; every key the code uses exists;
and the summary of the sample estate."""

from __future__ import annotations

import string
from pathlib import Path

import pytest


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_sample_estate_summary(cli, sample_db: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(sample_db)
    count = conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
    conn.close()
    if not count:
        pytest.skip("sample.db without complaints (not regenerated yet)")
    for week in ("2026-W47", "2026-W48"):
        result = cli("summary", "--week", week)
        assert result.exit_code == 0 and result.stderr == ""
        assert f"诉求周报 {week}" in result.stdout and "五、三率" in result.stdout
