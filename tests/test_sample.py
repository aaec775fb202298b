"""sample.db is generated, deterministic, and the committed file is what the generator writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE

from liuliqiao_cli.sample import generate


@pytest.mark.slow  # builds the whole sample ledger
def test_committed_sample_matches_generator(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    generate.build(fresh)
    committed = generate.content_dump(SAMPLE)
    regenerated = generate.content_dump(fresh)
    assert [name for name, _ in committed] == [name for name, _ in regenerated]
    for (name, rows_a), (_, rows_b) in zip(committed, regenerated, strict=True):
        assert rows_a == rows_b, (
            f"table {name} differs: regenerate with `liuliqiao db sample sample.db --force`"
        )


def test_sample_command_refuses_to_overwrite(cli, tmp_path: Path) -> None:
    target = tmp_path / "s.db"
    target.write_text("keep me")
    result = cli("db", "sample", str(target))
    assert result.exit_code == 1
    assert target.read_text() == "keep me"
    result = cli("db", "sample", str(tmp_path / "missing-folder" / "s.db"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1


def test_sample_estate_command_works(cli, sample_db: Path) -> None:
    result = cli("--db", str(sample_db), "estate")
    assert result.exit_code == 0, result.stderr
    assert "望园西里北区" in result.stdout
