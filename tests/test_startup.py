"""Start-up budget: `--help` and `duty` must not import the heavy modules (issue 2, issue 8),
and `add` nothing it does not use (issues 12, 14, 18).

Each check runs in a fresh interpreter (a subprocess), runs the CLI's main() with the given
arguments, and reports which modules ended up in sys.modules. Timing is for benchmarks/startup.py;
this test only guards the cause of slow start-ups: an import moved to a module's top level.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = (
    "sqlite_utils",
    "dateutil",
    "rich.table",
    "docx",
    "openpyxl",
    "icalendar",
    "pydantic",
    "prompt_toolkit",
)

DRIVER = r"""
import json, sys
args, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
code = None
if args is not None:
    sys.argv = ["liuliqiao", *args]
    import liuliqiao_cli.cli as cli
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code
else:
    import liuliqiao_cli.cli  # noqa: F401
loaded = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))
print(json.dumps({"code": code, "loaded": loaded}))
"""

MINIMAL_HELP = r"""
import json, runpy, sys
app = sys.argv[1]
sys.argv = [app, "--help"]
try:
    runpy.run_path(app, run_name="__main__")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m == "rich.table")))
"""


# What `add` uses no part of (issues 12, 14 and 18: add at most 1.4x the minimal Typer app): the
# listing's renderer and csv, the lifecycle's steps, the deadlines' outcomes (show's), and the
# message catalogues of other commands.
NOT_FOR_ADD = (
    *HEAVY,
    "csv",
    "dataclasses",  # defining a dataclass costs ~0.5-1 ms: add's types are NamedTuples or plain
    "liuliqiao_cli.complaints.lifecycle",
    "liuliqiao_cli.complaints.deadlines",
    "liuliqiao_cli.render.complaint_list",
    "liuliqiao_cli.render.complaint_table",
    "liuliqiao_cli.render.output",
    "liuliqiao_cli.i18n.find",
    "liuliqiao_cli.i18n.meetings",
    "liuliqiao_cli.i18n.summary",
    "liuliqiao_cli.i18n.exchange",
    "liuliqiao_cli.i18n.merge",
)


def loaded_after(
    args: list[str] | None, env: dict[str, str], unwanted: tuple[str, ...] = HEAVY
) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(args), json.dumps(unwanted)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    import os

    from liuliqiao_cli.store.ledger import open_ledger

    ledger = tmp_path / "sample.db"
    shutil.copy(ROOT / "sample.db", ledger)
    # Upgrade once here: a pending migration imports sqlite-utils, once per ledger, by design;
    # what is measured is the command on an up-to-date ledger.
    open_ledger(ledger).close()
    return {**os.environ, "LIULIQIAO_DB": str(ledger)}


def test_importing_the_cli_loads_nothing_heavy(env):
    assert loaded_after(None, env)["loaded"] == []


def test_duty_loads_nothing_heavy(env):
    result = loaded_after(["duty"], env)
    if result["code"] == 2:
        pytest.skip("`duty` does not exist yet")
    assert result["code"] in (0, None)
    assert result["loaded"] == []


@pytest.mark.parametrize(
    "text",
    [
        "北门垃圾站满了没人清",  # jointly managed: duty rotation, a limit in working days
        "3号楼2单元楼道灯坏了好几天",  # separately managed: the building's company
    ],
)
def test_add_loads_only_what_it_uses(env, text):
    result = loaded_after(["add", text], env, NOT_FOR_ADD)
    assert result["code"] in (0, None)
    assert result["loaded"] == []


# What a listing uses no part of (issue 15: `list --due-within 24h` at most 1.6x the minimal Typer
# app): add's recogniser, router and duplicate lookup, the views of one complaint, csv,
# dataclasses (their types are NamedTuples: defining a dataclass costs ~0.3 ms), and the record
# of exports (a table on screen without contacts is none).
NOT_FOR_LIST = (
    *HEAVY,
    "csv",
    "dataclasses",
    "liuliqiao_cli.store.exports",
    "liuliqiao_cli.complaints.adding",
    "liuliqiao_cli.complaints.record",
    "liuliqiao_cli.complaints.recognise",
    "liuliqiao_cli.complaints.address",
    "liuliqiao_cli.complaints.duplicates",
    "liuliqiao_cli.render.complaint_added",
    "liuliqiao_cli.render.deadline_view",
)


@pytest.mark.parametrize(
    "args",
    [["list", "--due-within", "24h"], ["list", "--open", "--building", "3", "--limit", "50"]],
)
def test_list_loads_only_what_it_uses(env, args):
    result = loaded_after(args, env, NOT_FOR_LIST)
    assert result["code"] in (0, None)
    assert result["loaded"] == []


def test_help_loads_nothing_heavy_beyond_typers_own_rich_help(env):
    result = loaded_after(["--help"], env)
    assert result["code"] in (0, None)
    # Typer's rich help renders with rich.table: the minimal one-command Typer app loads it too,
    # so it is the floor's cost, not ours. Anything else heavy is ours.
    app = ROOT / "benchmarks" / "minimal_typer_app.py"
    floor = subprocess.run(
        [sys.executable, "-c", MINIMAL_HELP, str(app)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    typer_loads = set(json.loads(floor.stdout.strip().splitlines()[-1]))
    assert set(result["loaded"]) - typer_loads == set()


@pytest.mark.parametrize(
    ("args", "needed"),
    [
        ([], True),  # the start page: root options listed
        (["--help"], True),
        (["--install-completion"], True),
        (["--show-completion"], True),
        (["--db", "x.db", "--help", "add"], True),
        (["--instal", "add"], True),  # the typo's suggestion may name them
        (["--db", "x.db", "--lang=en", "--traceback", "add", "text"], False),
        (["--actor", "wang", "add", "--install-completion"], False),  # add's own (refused) option
        (["--db=x.db", "duty"], False),
        (["nosuchcommand"], True),
    ],
)
def test_completion_options_are_built_only_where_they_can_be_used(args, needed):
    from liuliqiao_cli.cli import _completion_options_needed

    assert _completion_options_needed(args) is needed


def test_root_help_and_the_completion_options_still_work(env, tmp_path):
    """The two options are left out when a command is run: root help still lists them, and
    --show-completion still prints a script."""
    exe = [sys.executable, "-c", "from liuliqiao_cli.cli import main; main()"]
    shown = subprocess.run([*exe, "--help"], env=env, capture_output=True, text=True, check=True)
    assert "--install-completion" in shown.stdout and "--show-completion" in shown.stdout
    # The shell named, not guessed from the processes above this one (a test run started
    # under `timeout` or by CI may have no shell among them: "Shell  not supported").
    named = {**env, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    script = subprocess.run(
        [*exe, "--show-completion", "bash"], env=named, capture_output=True, text=True
    )
    assert script.returncode == 0 and "complete" in script.stdout
    refused = subprocess.run(
        [*exe, "--db", str(tmp_path / "x.db"), "add", "--show-completion"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "--show-completion" in refused.stderr


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_office_dossiers_load_no_office_library(env, tmp_path, fmt):
    """The Excel and Word dossiers are written by render/xlsx_writer.py and render/dossier_docx.py:
    importing openpyxl or python-docx alone cost more than the minimal Typer app's whole run
    (issue 19)."""
    out = tmp_path / f"d.{fmt}"
    result = loaded_after(["dossier", "86", "-o", str(out)], env, ("openpyxl", "lxml", "docx"))
    assert result["code"] in (0, None)
    assert result["loaded"] == []
    assert out.read_bytes()[:2] == b"PK"
