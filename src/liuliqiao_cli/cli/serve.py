"""`liuliqiao serve`: the office's read-only view of the ledger in a browser (Datasette)."""

import socket
from datetime import datetime, timedelta
from typing import Annotated

import typer

from liuliqiao_cli.cli.session import session
from liuliqiao_cli.errors import UsageError
from liuliqiao_cli.i18n import t

# No ``from __future__ import annotations`` in command modules: Typer would eval every
# parameter's annotation string on each run, which costs start-up time.

DEFAULT_PORT = 8001


def build_datasette(conn, path, now: datetime, fixed: bool):  # -> datasette.app.Datasette
    """A Datasette over the ledger ``path`` with the office's metadata (exchange/office_view.py);
    raises UsageError when the office extra is not installed."""
    try:
        from datasette import handle_exception
        from datasette.app import Datasette
        from datasette.database import Database
    except ImportError:
        raise UsageError("serve.no_datasette") from None
    # Datasette prints every refused or missing page's traceback with its local variables
    # (rich's show_locals) on the console: rows of the ledger among them. Not here.
    handle_exception.rich = None
    from liuliqiao_cli import dates
    from liuliqiao_cli.estate import duty, duty_ledger
    from liuliqiao_cli.exchange import office_view
    from liuliqiao_cli.reports.rates import load_settings
    from liuliqiao_cli.store import ledger

    estate_name = conn.execute("SELECT value FROM settings WHERE key = 'estate.name'").fetchone()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    versions, overrides = duty_ledger.load_rotation(conn)
    today = now.date()
    try:
        periods = [
            (p.start.isoformat(), p.end.isoformat(), p.company or "", p.source)
            for p in duty.calendar(
                versions, overrides, today - timedelta(days=400), today + timedelta(days=400)
            )
            if p.company
        ]
    except duty.NoRotation:
        periods = []
    offset = dates.zone(ledger.zone_name(conn)).utcoffset(datetime.utcnow())
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    now_sql = office_view.now_sql(now if fixed else None, minutes)
    metadata = office_view.metadata(
        estate_name[0] if estate_name else "", tables, now_sql, load_settings(conn), periods
    )
    ds = Datasette(
        metadata=metadata,
        settings={"allow_download": False, "allow_csv_stream": False, "default_page_size": 100},
        cors=False,
    )
    # Named "ledger" whatever the file is called: the pages' addresses stay the same.
    ds.add_database(Database(ds, path=str(path), is_mutable=True), name=office_view.DATABASE)
    return ds


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host", help="监听地址（默认仅本机）/ address to listen on (this machine only)"
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", "-p", help="端口 / port", min=1, max=65535)
    ] = DEFAULT_PORT,
) -> None:
    """在浏览器中只读查看台账（Datasette，需安装 office 扩展）/ The ledger in a browser, read-only (Datasette; the office extra)."""
    import os

    with session() as s:
        ds = build_datasette(s.conn, s.path, s.now, fixed=bool(os.environ.get("LIULIQIAO_NOW")))
        path = s.path
    if not _port_free(host, port):
        raise UsageError("serve.port_in_use", host=host, port=port)
    import uvicorn

    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    typer.echo(t("serve.started", url=url, path=path), err=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
