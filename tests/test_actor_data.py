"""Validate the curated actor dictionaries in src/dyadscope/data/actors/.

The files are plain CSV read with the csv module, so these checks run without spaCy.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "src/dyadscope/data/actors"

HEADERS = {
    "countries.csv": ["code", "name", "aliases", "demonyms", "capitals", "source"],
    "organizations.csv": ["id", "code", "name", "aliases", "country", "kind", "source"],
    "leaders.csv": ["id", "name", "aliases", "country", "role", "start", "end", "source"],
}
STATE_KINDS = {"government", "military", "intelligence", "legislature"}
GROUP_KINDS = {"igo", "alliance", "nsag"}


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == HEADERS[name], f"{name}: header {reader.fieldnames}"
        rows = list(reader)
    for number, row in enumerate(rows, 2):
        assert None not in row and None not in row.values(), f"{name}:{number}: wrong number of cells"
    return rows


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return _read("countries.csv")


@pytest.fixture(scope="module")
def organizations() -> list[dict[str, str]]:
    return _read("organizations.csv")


@pytest.fixture(scope="module")
def leaders() -> list[dict[str, str]]:
    return _read("leaders.csv")


@pytest.fixture(scope="module")
def country_codes(countries: list[dict[str, str]]) -> set[str]:
    return {row["code"] for row in countries}


@pytest.fixture(scope="module")
def group_codes(organizations: list[dict[str, str]]) -> set[str]:
    return {row["code"] for row in organizations if row["kind"] in GROUP_KINDS}


def _split(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def _country_forms(row: dict[str, str]) -> list[str]:
    return [row["name"], *_split(row["aliases"]), *_split(row["demonyms"]), *_split(row["capitals"])]


def _date(cell: str) -> date | None:
    return date.fromisoformat(cell) if cell else None


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_file_parses_with_header_and_sources(name: str) -> None:
    rows = _read(name)
    assert rows, f"{name} is empty"
    missing = [i for i, row in enumerate(rows, 2) if not row["source"].strip()]
    assert not missing, f"{name}: rows without a source at lines {missing}"


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_cells_are_clean(name: str) -> None:
    problems = []
    for number, row in enumerate(_read(name), 2):
        for column, cell in row.items():
            if cell != cell.strip():
                problems.append(f"{number}:{column} has surrounding whitespace")
            if column in ("aliases", "demonyms", "capitals") and cell:
                parts = cell.split("|")
                if any(not part or part != part.strip() for part in parts):
                    problems.append(f"{number}:{column} has an empty or padded alias: {cell!r}")
                if len(parts) != len(set(parts)):
                    problems.append(f"{number}:{column} repeats an alias: {cell!r}")
    assert not problems, f"{name}: " + "; ".join(problems)


def test_country_codes(countries: list[dict[str, str]], country_codes: set[str]) -> None:
    codes = [row["code"] for row in countries]
    assert len(codes) == len(set(codes)), "duplicate country codes"
    bad = [code for code in codes if not re.fullmatch(r"[A-Z]{3}", code)]
    assert not bad, f"codes that are not 3 upper-case letters: {bad}"
    assert {"PAK", "USA", "CHN", "IND", "AFG", "RUS", "SUN"} <= country_codes
    assert len(countries) >= 249, "every ISO 3166-1 country should have a row"


def test_countries_cover_iso_3166() -> None:
    pycountry = pytest.importorskip("pycountry")
    codes = {row["code"] for row in _read("countries.csv")}
    missing = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in codes)
    assert not missing, f"ISO 3166-1 countries without a row: {missing}"


def test_country_enrichment(countries: list[dict[str, str]]) -> None:
    by_code = {row["code"]: row for row in countries}
    assert sum(1 for row in countries if row["demonyms"]) >= 120
    assert sum(1 for row in countries if row["capitals"]) >= 190
    expect = [
        ("USA", "aliases", {"United States of America", "U.S.", "US", "U.S.A.", "USA", "America"}),
        ("GBR", "aliases", {"UK", "U.K.", "Britain", "Great Britain"}),
        ("RUS", "aliases", {"Russia"}),
        ("SUN", "aliases", {"USSR", "U.S.S.R."}),
        ("PAK", "demonyms", {"Pakistani"}),
        ("AFG", "demonyms", {"Afghan"}),
        ("SAU", "demonyms", {"Saudi"}),
        ("SUN", "demonyms", {"Soviet"}),
        ("CHN", "capitals", {"Beijing", "Peking"}),
        ("IND", "capitals", {"New Delhi", "Delhi"}),
        ("UKR", "capitals", {"Kyiv", "Kiev"}),
        ("USA", "capitals", {"Washington", "Washington D.C.", "Washington, D.C."}),
    ]
    for code, column, forms in expect:
        assert forms <= set(_split(by_code[code][column])), f"{code}.{column} lacks {forms}"
    assert by_code["IRN"]["name"] == "Iran"
    assert by_code["PRK"]["name"] == "North Korea"
    assert by_code["KOR"]["name"] == "South Korea"
    assert by_code["SUN"]["name"] == "Soviet Union"
    assert by_code["GEO"]["name"] == "Georgia"
    # lower-case look-alikes of common words must never be aliases (matching is case-sensitive)
    all_forms = {form for row in countries for form in _country_forms(row)}
    assert not {"us", "Us", "chad", "turkey", "china", "jordan", "georgia", "male"} & all_forms


def test_country_aliases_do_not_collide(countries: list[dict[str, str]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in countries:
        for form in _country_forms(row):
            owners[form.casefold()].add(row["code"])
    collisions = {form: sorted(codes) for form, codes in owners.items() if len(codes) > 1}
    assert not collisions, f"surface forms shared by several countries: {collisions}"


def test_organizations(organizations: list[dict[str, str]], country_codes: set[str], group_codes: set[str]) -> None:
    problems = []
    for row in organizations:
        kind, code, country = row["kind"], row["code"], row["country"]
        if kind in STATE_KINDS:
            if country not in country_codes:
                problems.append(f"{row['id']}: state body with unknown country {country!r}")
            if code != country:
                problems.append(f"{row['id']}: state body code {code} differs from country {country}")
        elif kind in GROUP_KINDS:
            if not re.fullmatch(r"[A-Z][A-Z0-9]{1,11}", code):
                problems.append(f"{row['id']}: code {code!r} is not a short upper-case code")
            if code in country_codes:
                problems.append(f"{row['id']}: code {code} clashes with a country code")
            if country and country not in country_codes:
                problems.append(f"{row['id']}: unknown country {country!r}")
        else:
            problems.append(f"{row['id']}: unknown kind {kind!r}")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["id"]):
            problems.append(f"{row['id']}: id is not a lower-case slug")
    assert not problems, "; ".join(problems)
    group_rows = [row["code"] for row in organizations if row["kind"] in GROUP_KINDS]
    assert len(group_rows) == len(set(group_rows)), "an IGO/alliance/group code is declared twice"
    assert group_codes >= {
        "UN",
        "IMF",
        "WB",
        "NATO",
        "SEATO",
        "CENTO",
        "FATF",
        "EU",
        "SCO",
        "ASEAN",
        "SAARC",
        "OIC",
        "WTO",
        "IAEA",
        "BRICS",
        "TAL",
        "TTP",
        "AQ",
        "HQN",
        "MUJ",
        "LET",
        "JEM",
        "ISIS",
        "HAMAS",
        "HEZBOLLAH",
    }


def test_organization_seed_aliases(organizations: list[dict[str, str]]) -> None:
    code_of: dict[str, str] = {}
    for row in organizations:
        for form in (row["name"], *_split(row["aliases"])):
            code_of[form] = row["code"]
    expect = {
        "ISI": "PAK",
        "CIA": "USA",
        "Pentagon": "USA",
        "State Department": "USA",
        "White House": "USA",
        "U.S. Congress": "USA",
        "GHQ": "PAK",
        "Pakistan Foreign Office": "PAK",
        "Kremlin": "RUS",
        "MEA": "IND",
        "RAW": "IND",
        "Pakistan Army": "PAK",
        "Pakistani military": "PAK",
        "US military": "USA",
        "U.S. military": "USA",
        "US troops": "USA",
        "American troops": "USA",
        "People's Liberation Army": "CHN",
        "PLA": "CHN",
        "Indian Army": "IND",
        "United Nations": "UN",
        "U.N.": "UN",
        "UN Security Council": "UN",
        "Security Council": "UN",
        "Baghdad Pact": "CENTO",
        "World Bank": "WB",
        "Taliban": "TAL",
        "Afghan Taliban": "TAL",
        "Tehrik-i-Taliban Pakistan": "TTP",
        "Tehreek-e-Taliban Pakistan": "TTP",
        "Pakistani Taliban": "TTP",
        "al-Qaeda": "AQ",
        "Al-Qaeda": "AQ",
        "al Qaeda": "AQ",
        "Al Qaida": "AQ",
        "Haqqani network": "HQN",
        "mujahideen": "MUJ",
        "mujahidin": "MUJ",
        "Mujahedin": "MUJ",
        "Lashkar-e-Taiba": "LET",
        "Jaish-e-Mohammed": "JEM",
        "Islamic State": "ISIS",
        "ISIL": "ISIS",
        "Daesh": "ISIS",
        "ISIS-K": "ISIS",
        "ISKP": "ISIS",
        "Hamas": "HAMAS",
        "Hezbollah": "HEZBOLLAH",
    }
    wrong = {form: code_of.get(form) for form, code in expect.items() if code_of.get(form) != code}
    assert not wrong, f"organisation aliases missing or mapped wrongly: {wrong}"


def test_organization_aliases_do_not_collide(
    countries: list[dict[str, str]], organizations: list[dict[str, str]]
) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in countries:
        for form in _country_forms(row):
            owners[form.casefold()].add(row["code"])
    org_owners: dict[str, set[str]] = defaultdict(set)
    for row in organizations:
        for form in (row["name"], *_split(row["aliases"])):
            org_owners[form.casefold()].add(row["code"])
    problems = {
        form: sorted(codes | owners.get(form, set()))
        for form, codes in org_owners.items()
        if len(codes | owners.get(form, set())) > 1
    }
    assert not problems, f"organisation aliases that name another actor code: {problems}"


def test_leader_references_and_dates(
    leaders: list[dict[str, str]], country_codes: set[str], group_codes: set[str]
) -> None:
    problems = []
    for row in leaders:
        if row["country"] not in country_codes | group_codes:
            problems.append(f"{row['id']}: unknown country/code {row['country']!r}")
        if not row["role"]:
            problems.append(f"{row['id']}: no role")
        try:
            start, end = _date(row["start"]), _date(row["end"])
        except ValueError as error:
            problems.append(f"{row['id']}: bad date ({error})")
            continue
        if start is None:
            problems.append(f"{row['id']}: no start date")
        elif end is not None and start > end:
            problems.append(f"{row['id']}: starts {start} after it ends {end}")
        if end is not None and end > date(2025, 12, 31):
            problems.append(f"{row['id']}: end {end} is after the data cut-off")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["id"]):
            problems.append(f"{row['id']}: id is not a lower-case slug")
    assert not problems, "; ".join(problems)


def test_ids_unique(organizations: list[dict[str, str]], leaders: list[dict[str, str]]) -> None:
    ids = [row["id"] for row in organizations] + [row["id"] for row in leaders]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"


def test_leader_aliases_name_one_person(
    leaders: list[dict[str, str]], countries: list[dict[str, str]], organizations: list[dict[str, str]]
) -> None:
    """A name is one person's, except a family name leaders of one state share ("Bush", "Kenyatta"): the date
    picks the one in office (`ActorMatcher.resolve_people`), and whichever it picks acts for that state."""
    people: dict[str, set[str]] = defaultdict(set)
    states: dict[str, set[str]] = defaultdict(set)
    for row in leaders:
        for form in (row["name"], *_split(row["aliases"])):
            people[form.casefold()].add(row["name"])
            states[form.casefold()].add(row["country"])
    shared = {form: sorted(names) for form, names in people.items() if len(names) > 1 and len(states[form]) > 1}
    assert not shared, f"aliases shared by people of different states: {shared}"
    others = {form.casefold() for row in countries for form in _country_forms(row)}
    others |= {form.casefold() for row in organizations for form in (row["name"], *_split(row["aliases"]))}
    clash = sorted(set(people) & others)
    assert not clash, f"leader aliases that are also country/organisation names: {clash}"


def _tenures(leaders: list[dict[str, str]], name: str, role: str | None = None) -> list[dict[str, str]]:
    return [row for row in leaders if row["name"] == name and (role is None or row["role"] == role)]


def test_multi_tenure_leaders(leaders: list[dict[str, str]]) -> None:
    trump = _tenures(leaders, "Donald Trump", "president")
    assert [(r["start"], r["end"]) for r in trump] == [("2017-01-20", "2021-01-20"), ("2025-01-20", "")]
    assert len(_tenures(leaders, "Nawaz Sharif", "prime minister")) == 3
    assert len(_tenures(leaders, "Benazir Bhutto", "prime minister")) == 2
    assert len(_tenures(leaders, "Indira Gandhi", "prime minister")) == 2
    assert len(_tenures(leaders, "Shehbaz Sharif", "prime minister")) == 2
    assert len(_tenures(leaders, "Asif Ali Zardari", "president")) == 2
    putin = {(r["role"], r["start"], r["end"]) for r in _tenures(leaders, "Vladimir Putin")}
    assert ("president", "2012-05-07", "") in putin
    assert ("prime minister", "2008-05-08", "2012-05-07") in putin
    assert any(role == "president" and end == "2008-05-07" for role, _, end in putin)
    munir = _tenures(leaders, "Asim Munir", "army chief")
    assert [(r["start"], r["end"]) for r in munir] == [("2022-11-29", "")]
    bilawal = _tenures(leaders, "Bilawal Bhutto Zardari", "foreign minister")
    assert [(r["start"], r["end"]) for r in bilawal] == [("2022-04-27", "2023-08-10")]


SEED_LEADERS = {
    "PAK": [
        "Muhammad Ali Jinnah",
        "Liaquat Ali Khan",
        "Ayub Khan",
        "Yahya Khan",
        "Zulfikar Ali Bhutto",
        "Muhammad Zia-ul-Haq",
        "Benazir Bhutto",
        "Nawaz Sharif",
        "Pervez Musharraf",
        "Yousaf Raza Gilani",
        "Asif Ali Zardari",
        "Imran Khan",
        "Shehbaz Sharif",
        "Asim Munir",
        "Qamar Javed Bajwa",
        "Raheel Sharif",
        "Ashfaq Parvez Kayani",
        "Bilawal Bhutto Zardari",
        "Shah Mahmood Qureshi",
        "Ishaq Dar",
    ],
    "USA": [
        "Harry S. Truman",
        "Dwight D. Eisenhower",
        "John F. Kennedy",
        "Lyndon B. Johnson",
        "Richard Nixon",
        "Gerald Ford",
        "Jimmy Carter",
        "Ronald Reagan",
        "George H. W. Bush",
        "Bill Clinton",
        "George W. Bush",
        "Barack Obama",
        "Donald Trump",
        "Joe Biden",
        "Dean Acheson",
        "John Foster Dulles",
        "Dean Rusk",
        "Henry Kissinger",
        "Cyrus Vance",
        "George Shultz",
        "James Baker",
        "Madeleine Albright",
        "Colin Powell",
        "Condoleezza Rice",
        "Hillary Clinton",
        "John Kerry",
        "Rex Tillerson",
        "Mike Pompeo",
        "Antony Blinken",
        "Marco Rubio",
    ],
    "CHN": ["Mao Zedong", "Zhou Enlai", "Deng Xiaoping", "Jiang Zemin", "Hu Jintao", "Xi Jinping", "Wang Yi"],
    "IND": [
        "Jawaharlal Nehru",
        "Indira Gandhi",
        "Rajiv Gandhi",
        "Atal Bihari Vajpayee",
        "Manmohan Singh",
        "Narendra Modi",
        "S. Jaishankar",
    ],
    "AFG": ["Hamid Karzai", "Ashraf Ghani", "Haibatullah Akhundzada"],
    "SUN": ["Joseph Stalin", "Nikita Khrushchev", "Leonid Brezhnev", "Mikhail Gorbachev"],
    "RUS": ["Boris Yeltsin", "Vladimir Putin", "Dmitry Medvedev", "Sergey Lavrov"],
    "UKR": ["Volodymyr Zelenskyy"],
    "TUR": ["Recep Tayyip Erdoğan"],
}


@pytest.mark.parametrize("code", sorted(SEED_LEADERS))
def test_seed_leaders_present(leaders: list[dict[str, str]], code: str) -> None:
    present = {row["name"] for row in leaders if row["country"] == code}
    missing = [name for name in SEED_LEADERS[code] if name not in present]
    assert not missing, f"{code}: missing leaders {missing}"


@pytest.mark.parametrize("code", ["GBR", "FRA", "IRN", "SAU", "ISR", "JPN"])
def test_other_major_countries_have_current_leaders(leaders: list[dict[str, str]], code: str) -> None:
    current = [row for row in leaders if row["country"] == code and not row["end"]]
    assert current, f"{code}: nobody in office at the end of 2025"
    assert sum(1 for row in leaders if row["country"] == code) >= 5


def test_seed_leader_aliases(leaders: list[dict[str, str]]) -> None:
    people_of: dict[str, set[str]] = defaultdict(set)
    for row in leaders:
        for form in (row["name"], *_split(row["aliases"])):
            people_of[form].add(row["name"])
    expect = {
        "Musharraf": "Pervez Musharraf",
        "General Pervez Musharraf": "Pervez Musharraf",
        "Gen. Musharraf": "Pervez Musharraf",
        "Zia": "Muhammad Zia-ul-Haq",
        "General Zia": "Muhammad Zia-ul-Haq",
        "Ayub": "Ayub Khan",
        "Bhutto": "Zulfikar Ali Bhutto",
        "Biden": "Joe Biden",
        "President Biden": "Joe Biden",
        "Blinken": "Antony Blinken",
        "Anthony Blinken": "Antony Blinken",
        "Xi": "Xi Jinping",
        "Modi": "Narendra Modi",
    }
    wrong = {form: people_of.get(form) for form, name in expect.items() if name not in people_of.get(form, ())}
    assert not wrong, f"leader aliases missing or mapped wrongly: {wrong}"
    # a surname common to many people or shared by leaders of different states names no one; one that leaders of
    # one state share ("Bush", "Sharif", "Gandhi") is theirs, told apart by date (out of office: no state)
    for ambiguous in ("Khan", "Johnson", "Singh", "Ahmed"):
        assert ambiguous not in people_of, f"{ambiguous!r} is too ambiguous to be an alias"


def test_sectors_name_sector_nouns_and_whom_they_act_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """data/actors/sectors.csv: each row a sector of lang/en/agents.yaml with a known `unnamed_target`; a value
    the coder does not know is refused in one line naming the file."""
    from dyadscope.data import lang_file
    from dyadscope.errors import ModelError
    from dyadscope.nlp import actor_data

    with (DATA / "sectors.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["sector"] for row in rows} <= set(lang_file("agents"))
    assert set(actor_data.sector_targets().values()) <= {actor_data.OWN_GOVERNMENT, actor_data.OWN_PUBLIC}
    monkeypatch.setattr(actor_data, "_rows", lambda name: [{"sector": "rebels", "unnamed_target": "abroad"}])
    with pytest.raises(ModelError, match=r"sectors\.csv: unnamed_target 'abroad'"):
        actor_data.sector_targets()
