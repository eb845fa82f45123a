"""The date normaliser: every supported form, the numbers that must not become years, and fuzzing."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadscope.models import DateInterval, DateMention
from dyadscope.nlp.actor_data import load_builtin_actors, tenures
from dyadscope.nlp.dates import DateFinder, NamedPeriod, Tenure, load_named_periods


def iv(start: str, end: str, granularity: str) -> DateInterval:
    return DateInterval(date.fromisoformat(start), date.fromisoformat(end), granularity)


def _tenure(name: str, alias: str, start: str, end: str) -> Tenure:
    return Tenure(name, (alias,), iv(start, end, "tenure"))


TENURES = (
    _tenure("Joe Biden", "Biden", "2021-01-20", "2025-01-20"),
    _tenure("Donald Trump", "Trump", "2017-01-20", "2021-01-20"),
    _tenure("Donald Trump", "Trump", "2025-01-20", "2029-01-20"),
    _tenure("Barack Obama", "Obama", "2009-01-20", "2017-01-20"),
    _tenure("Ronald Reagan", "Reagan", "1981-01-20", "1989-01-20"),
    _tenure("Imran Khan", "Khan", "2018-08-18", "2022-04-10"),
    _tenure("Pervez Musharraf", "Musharraf", "1999-10-12", "2008-08-18"),
)
FINDER = DateFinder(load_named_periods(), TENURES)


@cache
def real_finder() -> DateFinder:
    """The finder with the bundled leaders' tenures, as the pipeline builds it."""
    return DateFinder(load_named_periods(), tenures(load_builtin_actors()))


ANCHOR = date(2023, 5, 17)  # a Wednesday


def one(text: str, anchor: date | None = None) -> DateMention:
    found = FINDER.find(text, anchor)
    assert len(found) == 1, found
    assert text[found[0].start : found[0].end] == found[0].text
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "granularity"),
    [
        ("It began on February 24, 2022.", "February 24, 2022", "2022-02-24", "2022-02-24", "day"),
        ("It began on February 24,2022.", "February 24,2022", "2022-02-24", "2022-02-24", "day"),
        ("It began on 24 February 2022.", "24 February 2022", "2022-02-24", "2022-02-24", "day"),
        ("It began on Feb. 24th, 2022.", "Feb. 24th, 2022", "2022-02-24", "2022-02-24", "day"),
        ("Filed 2022-02-24 in Lahore.", "2022-02-24", "2022-02-24", "2022-02-24", "day"),
        ("Filed 24/02/2022 in Lahore.", "24/02/2022", "2022-02-24", "2022-02-24", "day"),
        ("Filed 02/24/2022 in Lahore.", "02/24/2022", "2022-02-24", "2022-02-24", "day"),
        ("Filed 03/04/2022 in Lahore.", "03/04/2022", "2022-03-04", "2022-04-03", "range"),
        ("Talks resumed in May 2022.", "May 2022", "2022-05-01", "2022-05-31", "month"),
        ("Talks resumed in Sept. 2001.", "Sept. 2001", "2001-09-01", "2001-09-30", "month"),
        ("The tests came in May of 1998.", "May of 1998", "1998-05-01", "1998-05-31", "month"),
        ("The pact was signed in 1954.", "1954", "1954-01-01", "1954-12-31", "year"),
        ("1947 saw independence.", "1947", "1947-01-01", "1947-12-31", "year"),
        ("Aid fell in the 1990s.", "1990s", "1990-01-01", "1999-12-31", "decade"),
        ("Aid fell in 1990s Pakistan.", "1990s", "1990-01-01", "1999-12-31", "decade"),
        ("Aid fell in the '90s.", "'90s", "1990-01-01", "1999-12-31", "decade"),
        ("Aid fell in the ’20s.", "’20s", "1920-01-01", "1929-12-31", "decade"),
        ("Aid rose in the 2010s.", "2010s", "2010-01-01", "2019-12-31", "decade"),
        ("Aid rose in the early 1980s.", "early 1980s", "1980-01-01", "1983-12-31", "decade"),
        ("Aid rose in the mid-1980s.", "mid-1980s", "1984-01-01", "1986-12-31", "decade"),
        ("Aid rose in the late 1980s.", "late 1980s", "1987-01-01", "1989-12-31", "decade"),
        ("Sanctions 1990-2001 bit.", "1990-2001", "1990-01-01", "2001-12-31", "range"),
        ("Sanctions 1990–2001 bit.", "1990–2001", "1990-01-01", "2001-12-31", "range"),
        ("Sanctions ran from 1990 to 2001.", "from 1990 to 2001", "1990-01-01", "2001-12-31", "range"),
        (
            "Sanctions ran between 1990 and 2001.",
            "between 1990 and 2001",
            "1990-01-01",
            "2001-12-31",
            "range",
        ),
        ("The crisis of 1978–1980 ended.", "1978–1980", "1978-01-01", "1980-12-31", "range"),
        ("The 1950s-1960s alliance.", "1950s-1960s", "1950-01-01", "1969-12-31", "range"),
        ("In the 2009-10 budget.", "2009-10", "2009-01-01", "2010-12-31", "range"),
        (
            "From May 1998 to June 2001, ties froze.",
            "From May 1998 to June 2001",
            "1998-05-01",
            "2001-06-30",
            "range",
        ),
        ("In the 21st century, ties grew.", "21st century", "2000-01-01", "2099-12-31", "century"),
        ("In the twentieth century, ties grew.", "twentieth century", "1900-01-01", "1999-12-31", "century"),
        (
            "In the early 20th century, ties grew.",
            "early 20th century",
            "1900-01-01",
            "1939-12-31",
            "century",
        ),
        ("Exercises in Summer 2024.", "Summer 2024", "2024-06-01", "2024-08-31", "season"),
        ("Exercises in winter 2024.", "winter 2024", "2024-12-01", "2025-02-28", "season"),
    ],
)
def test_explicit_forms(text: str, span: str, start: str, end: str, granularity: str) -> None:
    m = one(text)
    assert (m.text, m.interval, m.kind, m.open_end) == (span, iv(start, end, granularity), "explicit", False)


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "granularity"),
    [
        ("During the Cold War, Pakistan aligned with the US.", "Cold War", "1947-03-12", "1991-12-26", "era"),
        ("A pillar of the War on Terror.", "War on Terror", "2001-09-11", "2021-08-30", "era"),
        ("A pillar of the war on terror.", "war on terror", "2001-09-11", "2021-08-30", "era"),
        ("Everything changed with 9/11.", "9/11", "2001-09-11", "2001-09-11", "day"),
        ("Everything changed on September 11.", "September 11", "2001-09-11", "2001-09-11", "day"),
        ("The September 11 attacks changed it.", "September 11 attacks", "2001-09-11", "2001-09-11", "day"),
        ("During the Soviet–Afghan War, aid flowed.", "Soviet–Afghan War", "1979-12-24", "1989-02-15", "era"),
        ("When the Gulf war began.", "Gulf war", "1990-08-02", "1991-02-28", "era"),
        ("In the post-Cold War era, aid fell.", "post-Cold War era", "1991-12-26", "2001-09-10", "era"),
    ],
)
def test_named_periods(text: str, span: str, start: str, end: str, granularity: str) -> None:
    m = one(text)
    assert (m.text, m.interval, m.kind) == (span, iv(start, end, granularity), "named")


def test_a_year_after_september_11_is_a_day_not_the_attacks() -> None:
    m = one("Benghazi was attacked on September 11, 2012.")
    assert (m.text, m.interval.start, m.kind) == ("September 11, 2012", date(2012, 9, 11), "explicit")


def test_a_new_cold_war_is_not_the_cold_war() -> None:
    assert FINDER.find("Some warn of a new Cold War with China.") == []


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        ("Aid grew after 9/11.", "after 9/11", "2001-09-12", "2002-09-11"),
        ("The post-9/11 alliance.", "post-9/11", "2001-09-12", "2002-09-11"),
        ("Aid has grown since 2001.", "since 2001", "2001-01-01", "2001-12-31"),
        ("Aid has grown since 9/11.", "since 9/11", "2001-09-11", "2002-09-10"),
        ("Aid has grown since the 1990s.", "since the 1990s", "1990-01-01", "1999-12-31"),
        ("Tests resumed after 1998.", "after 1998", "1999-01-01", "1999-12-31"),
        ("Borders were open before 1947.", "before 1947", "1946-01-01", "1946-12-31"),
        ("Ties were cool prior to the Cold War.", "prior to the Cold War", "1946-03-12", "1947-03-11"),
    ],
)
def test_open_bounds(text: str, span: str, start: str, end: str) -> None:
    m = one(text)
    assert (m.text, m.interval, m.open_end) == (span, iv(start, end, "range"), True)


def test_the_after_a_preposition_only_widens_periods_not_adjective_years() -> None:
    m = one("Sanctions followed after the 1998 tests.")
    assert (m.text, m.interval.granularity, m.open_end) == ("1998", "year", False)


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        ("Under the Biden administration, aid fell.", "Biden administration", "2021-01-20", "2025-01-20"),
        ("The Obama administration's envoy.", "Obama administration", "2009-01-20", "2017-01-20"),
        ("The Reagan administration's aid.", "Reagan administration", "1981-01-20", "1989-01-20"),
        ("Imran Khan's government fell.", "Imran Khan's government", "2018-08-18", "2022-04-10"),
        ("Khan government officials.", "Khan government", "2018-08-18", "2022-04-10"),
        ("Ties improved under Musharraf.", "under Musharraf", "1999-10-12", "2008-08-18"),
        ("Ties improved under President Obama.", "under President Obama", "2009-01-20", "2017-01-20"),
        ("In the Musharraf era, ties improved.", "Musharraf era", "1999-10-12", "2008-08-18"),
        ("During Obama's tenure, ties improved.", "Obama's tenure", "2009-01-20", "2017-01-20"),
        ("Obama-era policies lasted.", "Obama-era", "2009-01-20", "2017-01-20"),
    ],
)
def test_tenures(text: str, span: str, start: str, end: str) -> None:
    m = one(text)
    assert (m.text, m.interval, m.kind) == (span, iv(start, end, "tenure"), "tenure")


@pytest.mark.parametrize(
    ("anchor", "start", "end"),
    [
        (None, "2017-01-20", "2029-01-20"),  # no document date: both terms
        (date(2019, 6, 1), "2017-01-20", "2021-01-20"),  # in the first term
        (date(2023, 6, 1), "2017-01-20", "2021-01-20"),  # between terms: the latest begun
        (date(2025, 6, 1), "2025-01-20", "2029-01-20"),  # in the second term
        (date(2010, 1, 1), "2017-01-20", "2029-01-20"),  # before both: both terms
    ],
)
def test_a_leader_with_two_tenures(anchor: date | None, start: str, end: str) -> None:
    m = one("The Trump administration imposed tariffs.", anchor)
    assert m.interval == iv(start, end, "tenure")


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        ("During Abe's second term the dispute hardened.", "Abe's second term", "2012-12-26", "2020-09-16"),
        ("In the first Trump administration tariffs rose.", "first Trump administration", "2017-01-20", "2021-01-20"),
        (
            "Under the premiership of Hasina (2009–2024) trade grew.",
            "premiership of Hasina",
            "2009-01-06",
            "2024-08-05",
        ),
        (
            "During the chancellorships of Schröder and Merkel gas flowed.",
            "chancellorships of Schröder",
            "1998-10-27",
            "2005-11-22",
        ),
    ],
)
def test_a_term_named_by_its_ordinal_its_office_or_its_years(text: str, span: str, start: str, end: str) -> None:
    """Which of a leader's terms ("second"), the office before the name ("the premiership of"), and the years
    glossed after it pick the term. Written before the rules, on Japan, Bangladesh and Germany."""
    m = real_finder().find(text)[0]
    assert (m.text, m.interval, m.kind) == (span, iv(start, end, "tenure"), "tenure")


def test_a_place_is_no_family_name_and_taking_office_dates_only_a_question() -> None:
    """ "Pierre Mendès France" gives no tenure to "the government of France"; "since Modi took office" is a day in
    a question, while a document dates such a sentence by its own words."""
    finder = real_finder()
    assert finder.find("The heads of state and government of France and Germany meet twice a year.") == []
    assert (
        finder.find("Ties warmed after Mendès France's government fell.")[0].text == "after Mendès France's government"
    )
    assert finder.find("Trade grew since Modi took office.") == []
    (m,) = finder.find("Assess ties since Modi took office.", question=True)
    assert (m.text, m.interval.start, m.open_end) == ("since Modi took office", date(2014, 5, 26), True)


def test_an_alias_alone_is_not_a_tenure_and_aliases_are_case_sensitive() -> None:
    assert FINDER.find("Biden met Khan. The obama administration.") == []


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("He said yesterday that talks failed.", "2023-05-16", "2023-05-16", "day"),
        ("Today, talks resumed.", "2023-05-17", "2023-05-17", "day"),
        ("Talks failed last week.", "2023-05-08", "2023-05-14", "range"),
        ("Talks failed last month.", "2023-04-01", "2023-04-30", "month"),
        ("Talks failed last year.", "2022-01-01", "2022-12-31", "year"),
        ("Talks resume this year.", "2023-01-01", "2023-12-31", "year"),
        ("Talks resume next month.", "2023-06-01", "2023-06-30", "month"),
    ],
)
def test_relative_needs_the_anchor(text: str, start: str, end: str, granularity: str) -> None:
    assert FINDER.find(text) == []  # never today's date by default
    m = one(text, ANCHOR)
    assert (m.interval, m.kind) == (iv(start, end, granularity), "relative")


def test_two_decades_joined_by_and_stay_two_mentions() -> None:
    found = FINDER.find("Aid flowed in the 1950s and 1960s.")
    assert [(m.text, m.interval.start.year, m.interval.end.year) for m in found] == [
        ("1950s", 1950, 1959),
        ("1960s", 1960, 1969),
    ]


def test_mentions_are_sorted_and_do_not_overlap() -> None:
    found = FINDER.find("After 9/11, in 2002 and from 2005 to 2008, under Musharraf, aid rose.")
    assert [m.text for m in found] == ["After 9/11", "2002", "from 2005 to 2008", "under Musharraf"]


@pytest.mark.parametrize(
    "text",
    [
        "The package is worth $7.5 billion.",
        "It sent 2,000 troops and 1,500 police.",
        "Under 22 U.S.C. 2375 and 50 U.S.C. 1801 the waiver applies.",
        "See Pub. L. 111-73 and § 2375 and §1954.",
        "Section 1954(b) applies; so does Section 1954.",
        "Security Council Resolution 1373 was adopted.",
        "The line runs 2000 km along the border.",
        "Turnout was 1999.5 votes, or 2001% of the 3.2001 ratio.",
        "Call 555-1990 or ref 12-2001.",
        "Theresa May said so.",
        "Over 1,947 were hurt.",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert FINDER.find(text) == []


def test_parse_returns_the_first_interval() -> None:
    assert FINDER.parse("the early 1980s") == DateInterval(date(1980, 1, 1), date(1983, 12, 31), "decade")
    assert FINDER.parse("no dates here") is None


def test_packaged_periods_have_sources_and_9_11(tmp_path: Path) -> None:
    periods = load_named_periods()
    assert len(periods) >= 15 and all(p.source for p in periods)
    by_name = {p.name: p for p in periods}
    assert by_name["Cold War"].interval == DateInterval(date(1947, 3, 12), date(1991, 12, 26), "era")
    assert "9/11" in by_name["September 11 attacks"].aliases
    custom = tmp_path / "periods.csv"
    custom.write_text("name,aliases,start,end,granularity,source\nX,Thaw|thaw,1956-02-25,1964-10-14,era,me\n")
    thaw = NamedPeriod("X", ("Thaw", "thaw"), iv("1956-02-25", "1964-10-14", "era"), "me")
    assert load_named_periods(custom) == [thaw]
    assert DateFinder([thaw]).parse("during the Thaw") == thaw.interval


def test_a_finder_without_tables_still_finds_explicit_dates() -> None:
    assert [m.text for m in DateFinder().find("The Cold War began in 1947.")] == ["1947"]


def check(text: str, anchor: date | None) -> None:
    previous_end = 0
    for m in FINDER.find(text, anchor):
        assert m.interval.start <= m.interval.end
        assert text[m.start : m.end] == m.text and m.start < m.end
        assert m.start >= previous_end
        previous_end = m.end


@settings(max_examples=300)
@given(st.text(), st.one_of(st.none(), st.dates()))
def test_find_never_raises_on_any_text(text: str, anchor: date | None) -> None:
    check(text, anchor)


FRAGMENTS = [
    "1990",
    "2001",
    "1999",
    "0",
    "9",
    "12",
    "31",
    "1990s",
    "'90s",
    "-",
    "–",
    "—",
    "/",
    ",",
    ".",
    " ",
    "s",
    "early ",
    "mid-",
    "late ",
    "the ",
    "from ",
    " to ",
    "between ",
    " and ",
    "after ",
    "since ",
    "before ",
    "post-",
    "May ",
    "February ",
    "Sept. ",
    "Summer ",
    "winter ",
    "of ",
    "21st century",
    "9/11",
    "Cold War",
    "September 11",
    "Trump administration",
    "under Musharraf",
    "Khan's government",
    "yesterday",
    "last week",
    "next month",
    "§ ",
    "U.S.C. ",
    "$",
    "(b)",
    "%",
    "th",
    "2100",
    "1000",
    "0999",
    "9999",
]


@settings(max_examples=500)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))),
)
def test_find_never_raises_on_date_like_text(text: str, anchor: date | None) -> None:
    check(text, anchor)


def test_numbers_in_lists_of_sections_are_not_years() -> None:
    finder = DateFinder()
    found = [m.text for m in finder.find("required under sections 1116 and 1117 of the Act; in 1985 Congress acted")]
    assert found == ["1985"]


def test_a_news_storys_days_are_read_against_its_date() -> None:
    """Written before the rule, on wire stories about other pairs: "June 17" and "on Monday" need the story's date."""
    story = date(2020, 6, 17)  # a Wednesday
    found = FINDER.find("NEW DELHI, June 17 – Indian and Chinese troops clashed in the Galwan Valley on Monday.", story)
    assert [(m.text, m.interval.start) for m in found] == [("June 17", story), ("Monday", date(2020, 6, 15))]
    assert FINDER.find("The tariff increase had been due to take effect on October 15.", date(2019, 10, 12))[
        0
    ].interval == DateInterval(date(2019, 10, 15), date(2019, 10, 15), "day")
    late = FINDER.find("On 28 December the two sides met again.", date(2021, 1, 3))[0]
    assert late.interval.start == date(2020, 12, 28)  # the nearest 28 December, across the year's end
    assert FINDER.find("Japan and Korea met on Monday, June 17.") == []  # no story date: no guess
    assert [m.text for m in FINDER.find("Talks resumed on 12 March 1998.", story)] == ["12 March 1998"]


def test_a_named_war_is_found_in_any_dash_and_not_inside_a_longer_name() -> None:
    iran_iraq = FINDER.find("The Iran–Iraq War killed several hundred thousand people.")
    assert [(m.text, m.interval.start) for m in iran_iraq] == [("Iran–Iraq War", date(1980, 9, 22))]
    assert FINDER.find("The Sino-Indian War left China in control of Aksai Chin.")[0].interval.end == date(1962, 11, 21)
    assert FINDER.find("Egypt and Syria opened the October War.")[0].interval.start == date(1973, 10, 6)
