"""The README's command reference is generated from --help and must not drift."""

from __future__ import annotations

from conftest import ROOT

from liuliqiao_cli.cli import refdoc


def test_reference_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert refdoc.START in readme, "run: python -m liuliqiao_cli.refdoc --write README.md"
    expected = refdoc.replace_in(readme, refdoc.reference())
    assert readme == expected, (
        "README reference is stale: python -m liuliqiao_cli.refdoc --write README.md"
    )


def test_readme_quick_start_matches_ci() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = '.venv/bin/pip install -q -e ".[test]" && .venv/bin/python -m pytest -q'
    assert test_command in readme
    assert test_command in ci
