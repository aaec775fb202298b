"""The pictures of ``summary --format md``: small tables of bars, for a mail or a wiki page that
people would rather look at than read: the period's complaints by company and by building, and
twelve months of complaints received and closed and of each company's three rates (with their
counts). Blocks of render/summary_text.py, so that Markdown lays them out like the rest."""

from __future__ import annotations

from typing import Any

from liuliqiao_cli.i18n import t
from liuliqiao_cli.render.charts import percent_text, text_bar
from liuliqiao_cli.render.summary_text import Block, Names
from liuliqiao_cli.reports import rates
from liuliqiao_cli.reports.summary import Summary
from liuliqiao_cli.reports.trend import Trend


def chart_blocks(s: Summary, months: Trend, estate: Any, lang: str) -> list[Block]:
    names = Names(estate, lang)
    count, chart = t("summary.col.count", lang), t("summary.col.chart", lang)
    out = [Block("heading", t("summary.h.charts", lang))]
    r = s.received
    for title, head, counts, name in (
        (t("summary.bars.company", lang), "summary.col.company", r.by_company, names.company),
        (t("summary.bars.building", lang), "summary.col.building", r.by_building, names.building),
    ):
        peak = max(counts.values(), default=0)
        out.append(Block("para", f"**{title}**"))
        out.append(
            Block(
                "table",
                headers=(t(head, lang), count, chart),
                rows=tuple((name(k), str(n), text_bar(n, peak)) for k, n in counts.items()),
                right=(False, True, False),
            )
        )
    peak = max([*months.received, *months.closed, 0])
    received, closed = t("summary.trend.received", lang), t("summary.trend.closed", lang)
    out.append(Block("para", f"**{t('summary.trend.title', lang)}**"))
    out.append(
        Block(
            "table",
            headers=(t("summary.col.month", lang), received, chart, closed, chart),
            rows=tuple(
                (m, str(a), text_bar(a, peak, 12), str(b), text_bar(b, peak, 12))
                for m, a, b in zip(months.months, months.received, months.closed, strict=True)
            ),
            right=(False, True, False, True, False),
        )
    )
    heads = [
        t(
            "summary.trend.rate_of",
            lang,
            company=names.company(c.company),
            rate=t(f"summary.rate.{k}", lang),
        )
        for c in months.companies
        for k in rates.RATE_KINDS
    ]
    out.append(Block("para", f"**{t('summary.trend.rates', lang)}**"))
    out.append(
        Block(
            "table",
            headers=(t("summary.col.month", lang), *heads),
            rows=tuple(
                (
                    m,
                    *(
                        percent_text(*c.of(k)[i])
                        for c in months.companies
                        for k in rates.RATE_KINDS
                    ),
                )
                for i, m in enumerate(months.months)
            ),
            right=(False, *([True] * len(heads))),
        )
    )
    out.append(Block("para", t("summary.trend.note", lang, until=months.until)))
    return out
