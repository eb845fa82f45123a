"""Events as a pandas frame ready for measurement: dated, real, deduplicated, weighted.

Analysis works on frames, not on `Event` objects, so a million events from the store (or from
GDELT-like imports) are measured with vectorised numpy instead of Python loops.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from dyadscope.data import data_yaml
from dyadscope.data.kinds import index_weight
from dyadscope.models import MAX_SPAN_DAYS, QUAD, Event, measurable

FRAME_COLUMNS = [
    "id",
    "start",
    "end",
    "source",
    "target",
    "type",
    "intensity",
    "confidence",
    "issue_mask",
    "text",
    "doc",
    "title",
    "sentence_id",
    "kind",
]


def issue_names() -> list[str]:
    """The issues drivers are reported for, in the order of `data/lexicon/issues.yaml`; bit i of a mask is issue i."""
    return list(data_yaml("lexicon", "issues.yaml"))


def issue_mask(issues: Sequence[str], names: Sequence[str]) -> int:
    return sum(1 << names.index(i) for i in issues if i in names)


def frame_from_events(events: Iterable[Event]) -> pd.DataFrame:
    """Measurable events (dated, neither negated nor hypothetical, between two states) as a frame."""
    names = issue_names()
    rows = [
        (e.id, e.date.start, e.date.end, e.source[0], e.target[0], e.type, e.intensity, e.confidence,
         issue_mask(e.issues, names), e.evidence.text, e.evidence.doc, e.evidence.title, e.evidence.sentence_id,
         e.evidence.kind, "|".join(e.others))
        for e in events
        if e.date is not None and measurable(e)
    ]  # fmt: skip
    return normalise(pd.DataFrame(rows, columns=[*FRAME_COLUMNS, "others"]))


def frame_from_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read from the store's SQL, where `issues` is still JSON text."""
    names = issue_names()
    masks = {text: issue_mask(json.loads(text), names) for text in frame["issues"].unique()}
    frame = frame.assign(issue_mask=frame["issues"].map(masks)).drop(columns="issues")
    if "others" in frame.columns:  # JSON lists of codes → "CHN|IND"
        joined = {text: "|".join(json.loads(text)) for text in frame["others"].unique()}
        return normalise(frame.assign(others=frame["others"].map(joined))[[*FRAME_COLUMNS, "others"]])
    return normalise(frame[FRAME_COLUMNS])


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    # One unit whether the dates came as SQL text or as date objects, so both frames are alike.
    frame["start"] = pd.to_datetime(frame["start"]).astype("datetime64[us]")
    frame["end"] = pd.to_datetime(frame["end"]).astype("datetime64[us]")
    frame["issue_mask"] = frame["issue_mask"].astype(np.int64)
    if "others" in frame.columns:  # one dtype whichever way the frame was made, empty or not
        frame["others"] = frame["others"].fillna("").astype(str)
    frame = with_credence(frame)
    span = (frame["end"] - frame["start"]).dt.days
    return frame[span <= MAX_SPAN_DAYS].reset_index(drop=True)


def with_credence(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each report's credence: its confidence times its document kind's weight
    (data/document_kinds.csv; a frame without kinds, or a kind not known, weighs 1)."""
    if "credence" in frame.columns:
        return frame
    kinds = frame["kind"].fillna("").astype(str) if "kind" in frame.columns else pd.Series("", index=frame.index)
    weight_of = {kind: index_weight(kind) for kind in kinds.unique()}
    credence = frame["confidence"].to_numpy(dtype=float) * kinds.map(weight_of).to_numpy(dtype=float)
    return frame.assign(kind=kinds, credence=credence)


PRECISE_DAYS = 31  # a date shorter than this (a day, a month) names its month


def deduplicate(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per happening: the same actors, type and years (and month, for dates of a month or less) told by
    several sentences count once.

    The cluster's credence is a noisy-OR of its reports' credences (confidence × the document kind's weight:
    more evidence and better sources, more credence, never above 1), and so is its confidence; its intensity is
    their mean; the most confident report represents it. Ties in confidence go by id,
    so the result does not depend on the order the rows come in (the store gives them in no set order).
    """
    frame = with_credence(frame)
    if frame.empty:
        return frame.assign(evidence=pd.Series(dtype=np.int64))
    # the month too for a date of a month or less: two summits of one year are two happenings; a report dated
    # only by its year joins the earliest of them (the same happening told less precisely), or stands alone
    same = [frame["start"].dt.year, frame["end"].dt.year, frame["source"], frame["target"], frame["type"]]
    alike = frame.groupby(same, sort=False).ngroup()  # one number for the five keys: the groupings below are cheap
    month = frame["start"].dt.month.where((frame["end"] - frame["start"]).dt.days < PRECISE_DAYS)
    month = month.fillna(month.groupby(alike).transform("min")).fillna(0)
    keys = [alike, month]
    frame = frame.iloc[np.lexsort((frame["id"].to_numpy(dtype=str), -frame["confidence"].to_numpy(dtype=float)))]
    groups = frame.groupby(keys, sort=False)
    first = groups.head(1).copy()
    doubt = np.log1p(-frame["confidence"].clip(upper=0.99))
    group_ids = groups.ngroup()
    combined = 1 - np.exp(doubt.groupby(group_ids).sum())
    first_ids = group_ids.loc[first.index]
    first["confidence"] = combined.loc[first_ids].to_numpy()
    doubt = np.log1p(-frame["credence"].clip(upper=0.99))
    first["credence"] = (1 - np.exp(doubt.groupby(group_ids).sum())).loc[first_ids].to_numpy()
    first["intensity"] = frame["intensity"].groupby(group_ids).mean().loc[first_ids].to_numpy()
    first["issue_mask"] = _or_by_group(frame["issue_mask"], group_ids).loc[first_ids].to_numpy()
    if "party_mask" in frame.columns:
        first["party_mask"] = _or_by_group(frame["party_mask"], group_ids).loc[first_ids].to_numpy()
    first["evidence"] = groups.size().to_numpy()[first_ids.to_numpy()]
    return first.sort_values("start", kind="stable").reset_index(drop=True)


def _or_by_group(masks: pd.Series, groups: pd.Series) -> pd.Series:
    """Bitwise OR of issue masks per group, one vectorised max per issue bit."""
    keys = groups.to_numpy()
    result = np.zeros(int(keys.max()) + 1 if len(keys) else 0, dtype=np.int64)
    values = masks.to_numpy(dtype=np.int64)
    for bit in range(int(values.max()).bit_length() if len(values) else 0):
        flags = (values >> bit) & 1
        hit = np.bincount(keys, flags, len(result)) > 0
        result |= hit.astype(np.int64) << bit
    return pd.Series(result)


MATERIAL_WEIGHT = 2.0  # a deed (aid, a sanction, an attack) weighs this many times a word of the same intensity
MATERIAL = frozenset(t for t, quad in QUAD.items() if quad.startswith("material"))


def weights(frame: pd.DataFrame) -> np.ndarray:
    """Credence (confidence × source kind) times severity times kind of act: a sanction or an attack weighs up
    to three times routine talk for its intensity, and a material act twice a verbal one (what states do says
    more about their relations than what their readouts say: a cordial CONSULT is not an alliance)."""
    frame = with_credence(frame)
    severity = 0.5 + np.abs(frame["intensity"].to_numpy(dtype=float)) / 10
    deeds = np.where(frame["type"].isin(MATERIAL).to_numpy(), MATERIAL_WEIGHT, 1.0)
    result: np.ndarray = frame["credence"].to_numpy(dtype=float) * severity * deeds
    return result


# A de-escalation (PLOVER RETREAT: a withdrawal, a ceasefire, eased sanctions, a release) ends hostility; it
# brings relations back to ordinary, not to friendship. Goldstein's scale puts "retreat or surrender militarily"
# at +10, like the closest alliance, so a crisis ended by a withdrawal read as a good year. In the index it counts
# at most the top of "ordinary" (+3), with the weight of the deed it is.
DE_ESCALATION = frozenset({"RETREAT"})
DE_ESCALATION_CEILING = 3.0


def values(frame: pd.DataFrame) -> np.ndarray:
    """What each event counts for in a score: its intensity, a de-escalation's at most DE_ESCALATION_CEILING."""
    x = frame["intensity"].to_numpy(dtype=float)
    result: np.ndarray = np.where(frame["type"].isin(DE_ESCALATION).to_numpy(), np.minimum(x, DE_ESCALATION_CEILING), x)
    return result


MIN_DRIVER_EVENTS = 2  # happenings a driver needs in a phase: an issue or a third party is more than one word
MAX_THIRD_PARTIES = 16


def third_parties(frame: pd.DataFrame, dyad: tuple[str, str]) -> list[str]:
    """The other states a dyad's events name (their sentences' `others`), in at least MIN_DRIVER_EVENTS events,
    commonest first: the third parties that can drive its phases ("China" for Pakistan–US). Counted over the
    distinct "CHN|IND" strings, of which a million events have a handful."""
    if "others" not in frame.columns or frame.empty:
        return []
    counts: Counter[str] = Counter()
    for combo, n in frame["others"].fillna("").value_counts().items():
        for code in str(combo).split("|"):
            if code and code not in dyad:
                counts[code] += int(n)
    named = [code for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= MIN_DRIVER_EVENTS]
    return named[:MAX_THIRD_PARTIES]


def party_mask(frame: pd.DataFrame, parties: Sequence[str]) -> np.ndarray:
    """Bit i set when an event names parties[i] (worked out once per distinct "CHN|IND" string)."""
    if "others" not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64)
    bit = {code: 1 << i for i, code in enumerate(parties)}
    others = frame["others"].fillna("").astype(str)
    masks = {combo: sum(bit.get(code, 0) for code in set(combo.split("|"))) for combo in others.unique()}
    return others.map(masks).to_numpy(dtype=np.int64)
