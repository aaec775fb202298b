"""A step that was undone did not happen: the summary does not count it as moved."""

from __future__ import annotations

import json


def _moved(cli) -> dict:
    result = cli("summary", "--this-week", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["moved"]


def test_undone_dispatch_is_not_counted(cli, db) -> None:
    assert cli("add", "3号楼2单元楼道灯坏了", "--source", "phone").exit_code == 0
    assert cli("dispatch", "1").exit_code == 0
    before = _moved(cli)
    assert cli("undo", "--yes").exit_code == 0
    after = _moved(cli)
    assert before["dispatch"]["total"] == 1
    assert after["dispatch"]["total"] == 0
