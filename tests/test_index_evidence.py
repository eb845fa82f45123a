"""The index as a historian reads it (issue 13, part 3): material acts outweigh talk, bands widen with fewer and
weaker sources, a period or phase without enough evidence is a gap that says so, and phases never contradict the
index they come from. Synthetic Greece–Turkey and India–China events: no pair's framing is involved."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from dyadscope.analyze import analyze, compute_index, deduplicate
from dyadscope.analyze.frame import FRAME_COLUMNS
from dyadscope.analyze.index import GAP_LABEL, level_name
from dyadscope.present import index_table


def frame(rows: list[tuple[str, int, float, str]], pair: tuple[str, str] = ("GRC", "TUR")) -> pd.DataFrame:
    """Events as (type, year, intensity, document kind), one a month from January of the year."""
    out = []
    for n, (kind, year, x, doc_kind) in enumerate(rows):
        day = pd.Timestamp(year, 1 + n % 12, 1)
        out.append(
            (f"e{n}", day, day, pair[n % 2], pair[1 - n % 2], kind, x, 0.8, 0, "text", f"d{n}", "t", n, doc_kind)
        )
    return pd.DataFrame(out, columns=FRAME_COLUMNS)


def year_score(rows: list[tuple[str, int, float, str]]) -> float:
    return float(compute_index(deduplicate(frame(rows)), "year")["score"].iloc[0])


def test_material_acts_outweigh_talk() -> None:
    # as many cordial words as hostile deeds: the deeds set the tone, and the other way round
    assert year_score([("CONSULT", 2019, 4.0, "official"), ("SANCTION", 2019, -4.0, "official")]) < 0
    assert year_score([("ACCUSE", 2019, -4.0, "official"), ("AID", 2019, 4.0, "official")]) > 0


def test_bands_widen_with_fewer_and_weaker_sources() -> None:
    def width(rows: list[tuple[str, int, float, str]]) -> float:
        row = compute_index(deduplicate(frame(rows)), "year").iloc[0]
        return float(row["high"] - row["low"])

    official = [("AGREE", 2005, 4.0, "official")] * 2
    notes = [("AGREE", 2005, 4.0, "note")] * 2
    assert width(notes) > width(official)
    many = [(kind, 2005, 4.0, "official") for kind in ("AGREE", "SUPPORT", "COOPERATE", "AID", "CONSULT")] * 2
    assert width(official) > width(many)


def test_a_period_without_evidence_says_so() -> None:
    rows = [("AGREE", 1990, 3.0, "history"), ("AGREE", 1993, 3.0, "history")]
    index = compute_index(deduplicate(frame(rows)), "year")
    gaps = index[index["period"].isin(["1991", "1992"])]
    assert gaps["score"].isna().all() and (gaps["events"] == 0).all()
    shown = index_table(
        [{**r, "score": None if r["score"] != r["score"] else r["score"]} for r in index.to_dict("records")], "t"
    )
    buffer = StringIO()
    Console(file=buffer, width=200).print(shown)
    for line in buffer.getvalue().splitlines():
        if "1991" in line or "1992" in line:
            assert GAP_LABEL in line and "ordinary" not in line


def test_no_phase_is_labelled_on_fewer_than_three_events() -> None:
    rows = [("AID", year, 6.0, "history") for year in range(1950, 1962) for _ in range(3)]
    rows += [("ASSAULT", 1966, -9.0, "history")]  # one event in a decade
    rows += [("SANCTION", year, -6.0, "history") for year in range(1975, 1987) for _ in range(3)]
    result = analyze(frame(rows, ("CHN", "IND")), ("CHN", "IND"), "year")
    for phase in result.phases:
        if phase.events < 3:
            assert phase.level == GAP_LABEL and np.isnan(phase.score)
        else:
            assert phase.level == level_name(phase.score)
    gap = [p for p in result.phases if p.level == GAP_LABEL]
    assert gap and gap[0].start.year > 1961 and gap[0].end.year < 1975


@pytest.mark.parametrize("by", ["year", "decade"])
def test_phases_never_contradict_the_index(by: str) -> None:
    rng = np.random.default_rng(4)
    rows = []
    for first, last, mean in ((1950, 1969, 4.0), (1970, 1989, -3.0), (1990, 2019, 2.0)):
        for year in range(first, last + 1):
            for _ in range(4):
                kind = "AID" if mean > 0 else "SANCTION"
                rows.append((kind, year, float(np.clip(rng.normal(mean, 3.0), -10, 10)), "history"))
    result = analyze(frame(rows, ("CHN", "IND")), ("CHN", "IND"), by)
    index = result.index
    assert len(result.phases) >= 3  # by decade too: the phases are meaningful, not one flat block
    for phase in result.phases:
        inside = index[(index["start"] >= phase.start) & (index["end"] <= phase.end)]
        mean = float(np.average(inside["score"], weights=inside["events"]))
        if abs(mean) >= 0.5:
            assert np.sign(phase.score) == np.sign(mean), (phase.start, phase.score, mean)
