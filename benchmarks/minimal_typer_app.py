"""The floor under every Typer CLI: one command, one option, on the pinned Typer.

benchmarks/startup.py and benchmarks/run.py time `python benchmarks/minimal_typer_app.py --name x`
next to liuliqiao's commands, in the same run, so that ratios cancel the machine's noise.
"""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
