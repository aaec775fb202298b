"""The rates listing: rows and columns of `rates`."""

from __future__ import annotations

from typing import Any

from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.summary_text import Names
from liuliqiao_cli.reports import rates


def rate_rows_long(
    rows: list[rates.GroupRates], estate: Any, lang: str, by: str | None
) -> list[dict[str, Any]]:
    """One row per (group, rate): the listing of ``rates``."""
    names = Names(estate, lang)
    out = []
    for g in rows:
        for x in g.each():
            out.append(
                {
                    "group": g.group,
                    "name": names.group(by, g.group),
                    "rate_kind": x.kind,
                    "rate": None if x.rate is None else round(x.rate, 4),
                    "numerator": x.numerator,
                    "denominator": x.denominator,
                    "small_sample": x.small,
                }
            )
    return out


def rate_columns(by: str, lang: str, fmt: str = "table", small: int = 5) -> list[Any]:
    """The columns of `rates`: for scripts (json, csv) the group's code and its name; on the
    table only the name, under the group's heading (a code never reaches a person). ``small`` is
    the small-sample threshold (setting ``rates.small_sample``), which the label of a small
    sample names."""
    from liuliqiao_cli.render.output import Column

    def pct(value: Any) -> str:
        return t("summary.na", lang) if value is None else f"{value * 100:.1f}%"

    named = [Column("name", t(f"rates.col.{by}", lang))]
    if fmt != "table":
        named = [
            Column("group", t(f"rates.col.{by}", lang)),
            Column("name", t("rates.col.name", lang)),
        ]
    return [
        *named,
        Column("rate_kind", t("rates.col.kind", lang), fmt=lambda v: t(f"summary.rate.{v}", lang)),
        Column("rate", t("rates.col.rate", lang), justify="right", fmt=pct),
        Column("numerator", t("rates.col.numerator", lang), justify="right"),
        Column("denominator", t("rates.col.denominator", lang), justify="right"),
        Column(
            "small_sample",
            t("rates.col.small", lang),
            fmt=lambda v: t("rates.small_yes", lang, small=small) if v else "",
        ),
    ]
