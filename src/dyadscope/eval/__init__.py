"""Evaluation on labelled data: `python -m dyadscope.eval [events|dates|index|ask] [--shared ../shared]`.

* `events`: the event coder on the test split of the project's labelled sentences (dyadscope.eval.events),
  beside a majority baseline and the previous coder; then the development sets (dyadscope.eval.development).
* `dates`: time expressions and sentence dates on `training/dates/` (dyadscope.eval.dates), `--split test`,
  `dev` or `all`.
* `index`: the decade index against a reading of seed 001's headings.
* `ask`: retrieval on the question set (dyadscope.eval.ask).

Needs the project's `tests/data`, `training/events`, `training/dates` and the shared folder; the product itself
never does.
"""
