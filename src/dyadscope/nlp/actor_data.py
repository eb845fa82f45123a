"""The actor dictionaries: countries, state bodies, leaders with dated tenures, IGOs and armed groups.

They are CSV files with sources in `dyadscope/data/actors/` (see its README); users add their own with a YAML file
(`--actors`). This module only reads them; `dyadscope.nlp.actors` finds them in text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from dyadscope.data import data_path
from dyadscope.errors import InputError, ModelError
from dyadscope.models import DateInterval
from dyadscope.nlp.dates import Tenure

HEAD_ROLES = (
    "president",
    "prime minister",
    "premier",
    "governor-general",
    "chief executive",
    "supreme leader",
    "chancellor",
    "emir",
    "king",
    "queen",
    "head of state",
    "chairman",
    "general secretary",
    "first secretary",
    "chief adviser",
)


class ActorDataError(InputError):
    """A user's actor file is malformed; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    code: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str
    role: str = ""
    start: date | None = None
    end: date | None = None
    source: str = ""


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


def _date(cell: object) -> date | None:
    if cell in (None, ""):
        return None
    if isinstance(cell, date):
        return cell
    return date.fromisoformat(str(cell))


def _rows(name: str) -> list[dict[str, str]]:
    with data_path("actors", name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def ship_prefixes() -> dict[str, str]:
    """Navy ship prefixes and their states (`ship_prefixes.csv`: "HMS" → GBR)."""
    return {row["prefix"]: row["code"] for row in _rows("ship_prefixes.csv")}


# Whom an act is aimed at when its sentence names no one acted on and no other state (`unnamed_target` in
# data/actors/sectors.csv and data/cameo/type_defaults.csv): the actor's own state, or its people.
OWN_GOVERNMENT, OWN_PUBLIC = "own government", "own public"
SECTORS = data_path("actors", "sectors.csv")


def unnamed_target(cell: str | None, where: str) -> str:
    """An `unnamed_target` cell, checked: empty, "own government" or "own public"."""
    value = (cell or "").strip()
    if value not in ("", OWN_GOVERNMENT, OWN_PUBLIC):
        raise ModelError(f"{where}: unnamed_target {value!r} is not {OWN_GOVERNMENT!r} or {OWN_PUBLIC!r}")
    return value


def sector_targets() -> dict[str, str]:
    """Whom an actor of a sector acts on when its sentence names no one and no other state (rebels, the
    opposition, protesters: their own government); sectors not listed leave it to the event's type."""
    aims = {row["sector"]: unnamed_target(row["unnamed_target"], "sectors.csv") for row in _rows("sectors.csv")}
    return {sector: aim for sector, aim in aims.items() if aim}


def demonyms() -> frozenset[str]:
    """Every state's nationality adjectives, lower case ("greek", "cypriot"): told apart from names, for
    "Greek Cypriot" (`dyadscope.nlp.actors`)."""
    return frozenset(d.lower() for row in _rows("countries.csv") for d in _split(row["demonyms"]))


def load_builtin_actors() -> list[Actor]:
    """Every country, organisation and leader in the packaged dictionaries."""
    actors: list[Actor] = []
    for row in _rows("countries.csv"):
        demonyms = _split(row["demonyms"])
        plurals = tuple(f"{d}s" for d in demonyms if d[-1] in "inat" and not d.endswith("ese"))  # "the Soviets"
        names = (row["name"], *_split(row["aliases"]), *demonyms, *plurals)
        actors.append(
            Actor(
                f"country-{row['code'].lower()}",
                row["code"],
                row["name"],
                names,
                "country",
                row["code"],
                source=row["source"],
            )
        )
        if _split(row.get("capitals")):
            actors.append(
                Actor(
                    f"capital-{row['code'].lower()}",
                    row["code"],
                    row["name"],
                    _split(row["capitals"]),
                    "government",
                    row["code"],
                    source=row["source"],
                )
            )
    for row in _rows("organizations.csv"):
        actors.append(
            Actor(
                row["id"],
                row["code"],
                row["name"],
                (row["name"], *_split(row["aliases"])),
                row["kind"],
                row["country"],
                source=row["source"],
            )
        )
    for row in _rows("leaders.csv"):
        aliases = (row["name"], *_split(row["aliases"]))
        if is_head(row["role"]):  # "the Clinton administration" names the US government, whatever "Clinton" alone
            surname = row["name"].split()[-1]
            aliases += (f"{surname} administration", f"{surname} Administration")
        actors.append(
            Actor(
                row["id"],
                row["country"],
                row["name"],
                aliases,
                "leader",
                row["country"],
                row["role"],
                _date(row["start"]),
                _date(row["end"]),
                row["source"],
            )
        )
    return actors


def is_head(role: str) -> bool:
    """Heads of state or government, whose tenures name periods ("the Reagan years")."""
    lowered = role.lower()
    return "vice" not in lowered and "deputy" not in lowered and any(r in lowered for r in HEAD_ROLES)


@dataclass(frozen=True, slots=True)
class Succession:
    """A state that another continued: "Moscow" in 1979 is the Soviet Union, not Russia; in 1916, before the
    Soviet Union was (`since`), it is Russia."""

    code: str
    predecessor: str
    until: date
    since: date = date.min


def load_successions() -> list[Succession]:
    return [
        Succession(r["code"], r["predecessor"], date.fromisoformat(r["until"]), date.fromisoformat(r["since"]))
        for r in _rows("successions.csv")
    ]


def load_user_actors(path: Path) -> list[Actor]:
    """Read a user's YAML list of actors ({name, aliases, code, kind, country, role, start, end, source})."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ActorDataError(f"{path}: cannot read actor file ({error.__class__.__name__})") from error
    if not isinstance(items, list):
        raise ActorDataError(f"{path}: expected a list of actors")
    actors = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or not item.get("name") or not item.get("code"):
            raise ActorDataError(f"{path}: actor {number} needs at least 'name' and 'code'")
        aliases = item.get("aliases") or []
        try:
            start, end = _date(item.get("start")), _date(item.get("end"))
        except ValueError as error:
            raise ActorDataError(f"{path}: actor {number} has a bad date ({error})") from error
        actors.append(
            Actor(
                f"user-{number}",
                str(item["code"]),
                str(item["name"]),
                (str(item["name"]), *map(str, aliases)),
                str(item.get("kind", "government")),
                str(item.get("country", item["code"])),
                str(item.get("role", "")),
                start,
                end,
                str(item.get("source", path.name)),
            )
        )
    return actors


def tenures(actors: Iterable[Actor]) -> list[Tenure]:
    """Heads of state/government as tenures, so "the Biden administration" becomes a date."""
    result = []
    open_end = date(2029, 1, 20)
    actors = list(actors)
    # a name's last word is its family name, unless it names a place ("Pierre Mendès France" is no "France")
    places = {n.lower() for a in actors if a.kind == "country" for n in (a.name, *a.aliases)}
    for actor in actors:
        if actor.kind != "leader" or actor.start is None:
            continue
        if not is_head(actor.role):
            continue
        end = actor.end or max(open_end, actor.start)
        names = tuple(a for a in actor.aliases if not a.lower().endswith(" administration"))
        if actor.name.split()[-1].lower() not in places:
            names += (actor.name.split()[-1],)
        result.append(Tenure(actor.name, names, DateInterval(actor.start, end, "tenure")))
    return result


def actor_names(actors: Sequence[Actor]) -> dict[str, str]:
    """Lower-case name, alias or demonym of a state or organisation → its code ("pakistan", "us", "american" →
    PAK, USA, USA), for commands that take an actor; people, whose state depends on the date, are left out, and
    so is a name two codes share."""
    found: dict[str, set[str]] = {}
    for actor in actors:
        if actor.kind == "leader":
            continue
        for name in (actor.name, *actor.aliases):
            found.setdefault(" ".join(name.lower().split()), set()).add(actor.code)
    return {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1}
