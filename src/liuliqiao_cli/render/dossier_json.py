"""The dossier as JSON: every field of the model (``dossier_model.as_dict``), for scripts."""

from __future__ import annotations

import json
from typing import TextIO

from liuliqiao_cli.meetings.dossier_model import Dossier, as_dict


def write(d: Dossier, out: TextIO) -> None:
    json.dump(as_dict(d), out, ensure_ascii=False, indent=2)
    out.write("\n")
