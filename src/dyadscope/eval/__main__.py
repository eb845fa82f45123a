"""`python -m dyadscope.eval [events|dates|index|ask|question|kinds|write|notes]`: see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

import dyadscope.eval
from dyadscope.eval.development import REPO, evaluate_development
from dyadscope.eval.events import evaluate_events


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m dyadscope.eval", description=(dyadscope.eval.__doc__ or "").splitlines()[0]
    )
    parser.add_argument(
        "what",
        nargs="?",
        default="events",
        choices=["events", "dates", "index", "ask", "question", "kinds", "write", "notes"],
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--data", type=Path, default=REPO / "tests" / "data")
    parser.add_argument("--split", default="test", choices=["test", "dev", "all"], help="labelled split to score")
    parser.add_argument("--rows", action="store_true", help="question, write: also list the TUNE rows")
    args = parser.parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 150)  # files and pipes get whole table rows
    if args.what == "index":
        from dyadscope.eval.index import evaluate_index

        evaluate_index(args, console)
        return
    if args.what == "dates":
        from dyadscope.eval.dates import evaluate_dates

        evaluate_dates(console, args.split)
        return
    if args.what == "kinds":
        from dyadscope.eval.kinds import evaluate_kinds

        evaluate_kinds(console)
        return
    if args.what == "question":
        from dyadscope.eval.question import evaluate_questions

        evaluate_questions(console, args.rows)
        return
    if args.what == "write":
        from dyadscope.eval.write import evaluate_write

        evaluate_write(console, args.rows)
        return
    if args.what == "notes":
        from dyadscope.eval.notes import evaluate_notes

        evaluate_notes(console, args.rows)
        return
    if args.what == "ask":
        from dyadscope.eval.ask import evaluate_ask

        evaluate_ask(args.data, args.shared, console)
        return
    if args.split == "all":
        parser.error("events are scored on the test or the dev split")
    evaluate_events(console, args.split)
    evaluate_development(args, console)


if __name__ == "__main__":
    main()
