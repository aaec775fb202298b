"""A ledger whose every free text is hostile: terminal control and escape sequences (OSC title
and clipboard, CSI colour and erase, C1, BEL, backspace, CR, bidirectional override) and the
metacharacters of Markdown, CSV and HTML (| , " newline < > * #). Built through the CLI, as a
worker would type it, on a copy of sample.db; the fuzz test and test_bad_input read it back
through every command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# The escape sequences a terminal obeys: none of them may come out raw.
SEQUENCES = ("\x1b]0;PWN\x07", "\x1b]52;c;cHduZWQ=\x07", "\x1b[31m", "\x1b[2J", "\x9b1A")
HOSTILE = (
    'OSC\x1b]0;PWN\x07|bar\nnew=1+1\x1b[31mRED\x1b[2J\x9b1A\u202eRLO,"q"\x08\r*x*<b>#'
    "\x1b]52;c;cHduZWQ=\x07\u2028end"
)
PLACE = '东|门\n<b>二</b>,"x"'  # a free-text place: Markdown and CSV metacharacters, a line break


def build(cli: Any, ledger: Path) -> dict[str, int]:
    """Write the hostile texts into ``ledger`` (already a copy of sample.db, set as
    LIULIQIAO_DB); returns the numbers of what was added."""
    x = HOSTILE

    def ok(*args: str) -> str:
        result = cli("--db", str(ledger), *args)
        assert result.exit_code == 0, (args[:2], result.stderr)
        return str(result.stdout)

    def added(*args: str) -> int:
        return int(json.loads(ok("add", *args, "--format", "json"))["id"])

    first = added("北门垃圾桶满了" + x, "--place", "北门", "-t", "t|\x1b[1m", "--ref", "R|x")
    second = added("3号楼2单元楼道灯坏了" + x, "-b", "3", "-u", "2", "--reporter", "王|*x*")
    for day in ("2026-11-17", "2026-11-18", "2026-11-19"):  # recurring in last week's summary
        added("垃圾桶满了", "--place", PLACE, "--received", f"{day} 09:00")
    ok("note", str(first), "note" + x)
    ok("dispatch", str(first), "--note", "dispatched" + x)
    ok("dispute", str(first), "--reason", "reason" + x)
    ok("tag", str(first), "-c", "城建", "--reason", "override" + x)
    ok("dispatch", str(second))
    ok("respond", str(second))
    ok("resolve", str(second), "--note", "resolved" + x)
    ok("duty", "override", "2026-11-20", "2026-11-30", "城建", "--reason", "调班" + x)
    ok(
        "meeting",
        "add",
        "--kind",
        "council",
        "--date",
        "2026-11-28",
        "--place",
        "活动室|" + x[:20],
        "--host",
        "主持" + x[:20],
        "--recorder",
        "记录" + x[:20],
        "--title",
        "主题" + x[:90],
    )
    meeting = json.loads(ok("meeting", "list", "--format", "json"))
    meeting_id = max(m["id"] for m in meeting)
    ok("meeting", "agenda", str(meeting_id), "--add", f"{first},{second}")
    ok("meeting", "attend", str(meeting_id), "--present", "张三" + x[:12], "李四")
    ok(
        "meeting",
        "decide",
        str(meeting_id),
        "--decision",
        "决定" + x,
        "--complaint",
        str(first),
        "--owner",
        "城建" + x[:12],
        "--due",
        "2026-12-05",
    )
    return {"complaint": first, "resolved": second, "meeting": meeting_id}
