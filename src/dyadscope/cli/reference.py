"""The command-line reference (docs/cli.md): each command's usage, arguments and options, generated from the code.

    python -m dyadscope.cli.reference          # rewrite the generated blocks of docs/cli.md
    python -m dyadscope.cli.reference --check  # exit 1 when they are out of date (tests/test_cli_reference.py)

docs/cli.md is written by hand (what each command is for, runnable examples) around blocks this module fills:
everything between `<!-- help: NAME -->` and `<!-- /help -->` is replaced by NAME's reference, taken from the
Click command Typer builds, so it cannot drift from the code.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import typer

from dyadscope.cli import app

DOC = Path(__file__).resolve().parents[3] / "docs" / "cli.md"
BLOCK = re.compile(r"(<!-- help: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /help -->)", re.DOTALL)


def commands() -> dict[str, Any]:
    """The Click commands Typer builds (Typer vendors its own Click), in the order `dyadscope --help` lists them."""
    group: Any = typer.main.get_command(app)
    return dict(group.commands)


def reference(name: str, command: Any) -> str:
    """A command's usage line, description and a table of its arguments and options."""
    context = command.context_class(command, info_name=f"dyadscope {name}")
    usage = " ".join(command.collect_usage_pieces(context))
    lines = ["```", f"dyadscope {name} {usage}".rstrip(), "```", ""]
    description = (command.help or "").strip()
    if description:
        lines += [" ".join(description.split("\n\n")[0].split()), ""]
    rows = []
    for param in command.params:
        record = None if param.name == "help" else param.get_help_record(context)
        if record is not None:  # as `--help` shows it: names with type, help with default
            names, what = record
            cells = [c.replace("|", "\\|") for c in (f"`{names}`", " ".join(what.split()))]
            rows.append(f"| {cells[0]} | {cells[1]} |")
    if rows:
        lines += ["| argument or option | what it does |", "| --- | --- |", *rows, ""]
    return "\n".join(lines)


def render(text: str) -> str:
    """docs/cli.md with every generated block filled from the code; ValueError for a block naming no command."""
    found = commands()

    def fill(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in found:
            raise ValueError(f"docs/cli.md: no command {name!r} (commands: {', '.join(found)})")
        return f"{match.group(1)}{reference(name, found[name])}{match.group(4)}"

    return BLOCK.sub(fill, text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m dyadscope.cli.reference", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/cli.md is out of date")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    wanted = render(text)
    if args.check:
        if wanted != text:
            sys.exit("docs/cli.md is out of date: run python -m dyadscope.cli.reference")
        return
    DOC.write_text(wanted, encoding="utf-8")


if __name__ == "__main__":
    main()
