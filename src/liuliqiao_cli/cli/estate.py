"""`liuliqiao estate`: the estate as the ledger holds it."""

from liuliqiao_cli.cli.options import TABLE, FormatOption
from liuliqiao_cli.cli.session import session
from liuliqiao_cli.estate import duty_ledger, model
from liuliqiao_cli.render import estate_view

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.


def show_estate(fmt: FormatOption = TABLE) -> None:
    """小区概况：楼栋、单元、物业公司、服务项目清单 / The estate: buildings, units, companies, service items."""
    with session() as s:
        data = model.load(s.conn)
        versions, _ = duty_ledger.load_rotation(s.conn)
    estate_view.render(data, versions, fmt.value, s.lang)
