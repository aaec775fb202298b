"""The dossier as JSON: ``dataclasses.asdict`` of the model, for scripts."""

from __future__ import annotations

import json
from typing import TextIO

from liuliqiao_cli.meetings.dossier_model import Dossier, as_dict


def write(d: Dossier, out: TextIO) -> None:
    json.dump(as_dict(d), out, ensure_ascii=False, indent=2)
    out.write("\n")
