"""The floor for a Typer CLI: a minimal one-command app (bench/run.py times `--name bench`)."""

import typer

app = typer.Typer(add_completion=False)


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


if __name__ == "__main__":
    app()
