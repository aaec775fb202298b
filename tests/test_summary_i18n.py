"""The summary catalogue: both languages with the same fields; every key the code uses exists;
and the summary of the sample estate."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from conftest import ROOT


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_same_fields_in_both_languages() -> None:
    from liuliqiao_cli.i18n.summary import MESSAGES

    for key, (zh, en) in MESSAGES.items():
        assert key.startswith(("summary.", "rates.")), key
        assert zh.strip() and en.strip(), key
        assert _fields(zh) == _fields(en), key


def test_every_key_used_exists() -> None:
    from liuliqiao_cli import rates, status, summary
    from liuliqiao_cli.i18n import has

    used: set[str] = set()
    for name in ("summary.py", "rates.py", "cli/reports.py", "render/summary_text.py"):
        text = (ROOT / "src" / "liuliqiao_cli" / name).read_text(encoding="utf-8")
        used |= set(re.findall(r'"((?:summary|rates)\.[a-z_.]+[a-z_])"', text))
    used |= {f"summary.source.{s}" for s in status.SOURCES}
    used |= {f"summary.status.{s}" for s in status.STATUSES}
    used |= {f"summary.moved.{k}" for k in summary.MOVED_KINDS}
    used |= {f"summary.rate.{k}" for k in rates.RATE_KINDS}
    used |= {f"summary.title.{k}" for k in ("week", "month", "range")}
    used |= {f"rates.col.{k}" for k in (*rates.BY_CHOICES, "all")}
    used -= {"summary.py", "rates.py"}  # file names in the list above
    used -= {"rates.satisfied_counts_basic", "rates.resolved_counts_partly",  # settings, not messages
             "rates.include_proactive", "rates.small_sample"}
    missing = sorted(k for k in used if not has(k))
    assert not missing


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
