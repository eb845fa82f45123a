"""Expand the hand-written authoring files (authoring/*.txt) into labelled/*.jsonl.

The authoring format is a shorthand for the labels, nothing more: each time expression is written in place as
[[span|code|role]] (optionally [[span|code|role|g=granularity]]), where `code` names the interval by the
conventions of GUIDELINES.md (e.g. 1998-03-12, 1998-03, 1998, e2001, 1990s, l1960s, su1972, fy2010, c19,
1998..2000, since:1955, before:1947, era:korean, ten:nixon, rel:yesterday). Every code was chosen by hand; this
script only turns it into dates so that no interval is computed in the head. Lines:

    # comment
    @doc 2019-10-15        doc_date for the following sentences (@doc none to clear)
    sentence text ## sd=none|N|hull|CODE ## note=free text

Usage: python authoring/build.py [--second-pass]  (standard library only)
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

GENRES = {  # file stem -> (genre, id prefix)
    "news": ("news", "news"),
    "history": ("history", "hist"),
    "official": ("official", "offi"),
    "notes": ("notes", "notes"),
    "analysis": ("analysis", "anal"),
    "timeline": ("timeline", "time"),
}
ROLES = {"e": "event", "r": "reference", "i": "instrument", "o": "other"}

ERAS = {
    "ww1": ("1914-07-28", "1918-11-11"),
    "ww2": ("1939-09-01", "1945-09-02"),
    "depression": ("1929-01-01", "1939-12-31"),
    "coldwar": ("1947-01-01", "1991-12-31"),
    "korean": ("1950-06-25", "1953-07-27"),
    "vietnam": ("1955-11-01", "1975-04-30"),
    "suez": ("1956-10-29", "1956-11-07"),
    "cmc": ("1962-10-16", "1962-10-28"),
    "sinoindian": ("1962-10-20", "1962-11-21"),
    "sixday": ("1967-06-05", "1967-06-10"),
    "attrition": ("1967-07-01", "1970-08-07"),
    "october": ("1973-10-06", "1973-10-25"),
    "sinoviet": ("1979-02-17", "1979-03-16"),
    "sovafghan": ("1979-12-24", "1989-02-15"),
    "iraniraq": ("1980-09-22", "1988-08-20"),
    "falklands": ("1982-04-02", "1982-06-14"),
    "gulf": ("1990-08-02", "1991-02-28"),
    "kargil": ("1999-05-03", "1999-07-26"),
    "ethioeritrea": ("1998-05-06", "2000-06-18"),
    "culturalrev": ("1966-05-16", "1976-10-06"),
    "greatleap": ("1958-01-01", "1962-12-31"),
    "emergency": ("1975-06-25", "1977-03-21"),
    "indopak65": ("1965-08-05", "1965-09-23"),
    "indopak71": ("1971-12-03", "1971-12-16"),
    "francoprussian": ("1870-07-19", "1871-05-10"),
    "russojapanese": ("1904-02-08", "1905-09-05"),
    "sinojapanese1": ("1894-07-25", "1895-04-17"),
    "sinojapanese2": ("1937-07-07", "1945-09-02"),
    "koreacolonial": ("1910-08-29", "1945-08-15"),
    "occupationjp": ("1945-09-02", "1952-04-28"),
    "meiji": ("1868-10-23", "1912-07-30"),
    "weimar": ("1918-11-09", "1933-03-23"),
    "nazi": ("1933-01-30", "1945-05-08"),
    "interwar": ("1918-11-11", "1939-09-01"),
    "greekcivil": ("1946-03-30", "1949-10-16"),
    "dirtywar": ("1976-03-24", "1983-12-10"),
    "berlinblockade": ("1948-06-24", "1949-05-12"),
    "hostage": ("1979-11-04", "1981-01-20"),
    "intifada2": ("2000-09-28", "2005-02-08"),
    "balkanwars": ("1912-10-08", "1913-08-10"),
    "grecoturkish": ("1919-05-15", "1922-10-11"),
    "russogeorgian": ("2008-08-07", "2008-08-12"),
    "iraqwar": ("2003-03-20", "2011-12-18"),
    "tigray": ("2020-11-04", "2022-11-02"),
    "kashmir1": ("1947-10-22", "1949-01-01"),
}

TENURES = {  # None end = still in office
    "truman": ("1945-04-12", "1953-01-20"),
    "eisenhower": ("1953-01-20", "1961-01-20"),
    "kennedy": ("1961-01-20", "1963-11-22"),
    "lbj": ("1963-11-22", "1969-01-20"),
    "nixon": ("1969-01-20", "1974-08-09"),
    "ford": ("1974-08-09", "1977-01-20"),
    "carter": ("1977-01-20", "1981-01-20"),
    "reagan": ("1981-01-20", "1989-01-20"),
    "bushhw": ("1989-01-20", "1993-01-20"),
    "clinton": ("1993-01-20", "2001-01-20"),
    "bushgw": ("2001-01-20", "2009-01-20"),
    "obama": ("2009-01-20", "2017-01-20"),
    "trump1": ("2017-01-20", "2021-01-20"),
    "biden": ("2021-01-20", "2025-01-20"),
    "khrushchev": ("1953-09-14", "1964-10-14"),
    "brezhnev": ("1964-10-14", "1982-11-10"),
    "gorbachev": ("1985-03-11", "1991-08-24"),
    "yeltsin": ("1991-07-10", "1999-12-31"),
    "putin1": ("2000-05-07", "2008-05-07"),
    "nehru": ("1947-08-15", "1964-05-27"),
    "indira1": ("1966-01-24", "1977-03-24"),
    "indira2": ("1980-01-14", "1984-10-31"),
    "rajiv": ("1984-10-31", "1989-12-02"),
    "rao": ("1991-06-21", "1996-05-16"),
    "vajpayee": ("1998-03-19", "2004-05-22"),
    "manmohan": ("2004-05-22", "2014-05-26"),
    "modi": ("2014-05-26", None),
    "mao": ("1949-10-01", "1976-09-09"),
    "jiang": ("1993-03-27", "2003-03-15"),
    "hu": ("2003-03-15", "2013-03-14"),
    "xi": ("2013-03-14", None),
    "thatcher": ("1979-05-04", "1990-11-28"),
    "blair": ("1997-05-02", "2007-06-27"),
    "adenauer": ("1949-09-15", "1963-10-16"),
    "brandt": ("1969-10-22", "1974-05-07"),
    "kohl": ("1982-10-01", "1998-10-27"),
    "schroeder": ("1998-10-27", "2005-11-22"),
    "merkel": ("2005-11-22", "2021-12-08"),
    "degaulle": ("1959-01-08", "1969-04-28"),
    "mitterrand": ("1981-05-21", "1995-05-17"),
    "chirac": ("1995-05-17", "2007-05-16"),
    "nasser": ("1956-06-23", "1970-09-28"),
    "sadat": ("1970-10-15", "1981-10-06"),
    "mubarak": ("1981-10-14", "2011-02-11"),
    "begin": ("1977-06-21", "1983-10-10"),
    "rabin2": ("1992-07-13", "1995-11-04"),
    "saddam": ("1979-07-16", "2003-04-09"),
    "khomeini": ("1979-12-03", "1989-06-03"),
    "khatami": ("1997-08-03", "2005-08-03"),
    "ahmadinejad": ("2005-08-03", "2013-08-03"),
    "rouhani": ("2013-08-03", "2021-08-03"),
    "alfonsin": ("1983-12-10", "1989-07-08"),
    "menem": ("1989-07-08", "1999-12-10"),
    "galtieri": ("1981-12-22", "1982-06-18"),
    "nkirchner": ("2003-05-25", "2007-12-10"),
    "ckirchner": ("2007-12-10", "2015-12-10"),
    "sarney": ("1985-03-15", "1990-03-15"),
    "cardoso": ("1995-01-01", "2003-01-01"),
    "lula1": ("2003-01-01", "2011-01-01"),
    "papandreou": ("1981-10-21", "1989-07-02"),
    "ozal": ("1983-12-13", "1989-10-31"),
    "erdoganpm": ("2003-03-14", "2014-08-28"),
    "koizumi": ("2001-04-26", "2006-09-26"),
    "abe2": ("2012-12-26", "2020-09-16"),
    "parkch": ("1963-12-17", "1979-10-26"),
    "kimdj": ("1998-02-25", "2003-02-24"),
    "roh": ("2003-02-25", "2008-02-24"),
    "moon": ("2017-05-10", "2022-05-09"),
    "meles": ("1995-08-23", "2012-08-20"),
    "abiy": ("2018-04-02", None),
    "isaias": ("1993-05-24", None),
    "ayub": ("1958-10-27", "1969-03-25"),
    "zia": ("1977-07-05", "1988-08-17"),
    "zbhutto": ("1973-08-14", "1977-07-05"),
}

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def last_day(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def add_years(x: dt.date, n: int) -> dt.date:
    try:
        return x.replace(year=x.year + n)
    except ValueError:  # 29 Feb
        return x.replace(year=x.year + n, day=28)


def add_months(x: dt.date, n: int) -> dt.date:
    k = x.year * 12 + x.month - 1 + n
    y, m = divmod(k, 12)
    return dt.date(y, m + 1, min(x.day, calendar.monthrange(y, m + 1)[1]))


class CodeError(ValueError):
    pass


def resolve(code: str, doc: dt.date | None):
    """Return (start, end, granularity, open_end) with dates or None."""
    c = code.strip()
    # bounds
    m = re.fullmatch(r"(since|after|until|through|by|before):(.+)", c)
    if m:
        kind, inner = m.groups()
        s, e, _, _ = resolve(inner, doc)
        if kind in ("since", "after"):
            start = s if kind == "since" else e + dt.timedelta(days=1)
            return start, doc, "range", doc is None
        if kind in ("until", "through", "by"):
            return None, e, "range", False
        return None, s - dt.timedelta(days=1), "range", False
    if ".." in c:
        a, b = c.split("..", 1)
        s, _, _, _ = resolve(a, doc)
        if b == "present":
            return s, doc, "range", doc is None
        _, e, _, oe = resolve(b, doc)
        return s, e, "range", oe
    if c.startswith("era:"):
        s, e = ERAS[c[4:]]
        return d(s), d(e), "era", False
    if c.startswith("ten:"):
        s, e = TENURES[c[4:]]
        if e is None:
            return d(s), doc, "tenure", doc is None
        return d(s), d(e), "tenure", False
    if c.startswith("rel:"):
        return resolve_rel(c[4:], doc)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", c)
    if m:
        x = d(c)
        return x, x, "day", False
    m = re.fullmatch(r"([eml]?)(\d{4})-(\d{2})", c)
    if m:
        mod, y, mo = m.group(1), int(m.group(2)), int(m.group(3))
        s, e = dt.date(y, mo, 1), last_day(y, mo)
        if mod == "e":
            e = dt.date(y, mo, 10)
        elif mod == "m":
            s, e = dt.date(y, mo, 11), dt.date(y, mo, 20)
        elif mod == "l":
            s = dt.date(y, mo, 21)
        return s, e, "month", False
    m = re.fullmatch(r"([eml]?)(\d{3})0s", c)
    if m:
        mod, y0 = m.group(1), int(m.group(2)) * 10
        a, b = {"": (0, 9), "e": (0, 3), "m": (4, 6), "l": (7, 9)}[mod]
        return dt.date(y0 + a, 1, 1), dt.date(y0 + b, 12, 31), "decade", False
    m = re.fullmatch(r"([eml]?)c(\d{1,2})", c)
    if m:
        mod, n = m.group(1), int(m.group(2))
        y0 = (n - 1) * 100
        a, b = {"": (0, 99), "e": (0, 32), "m": (33, 66), "l": (67, 99)}[mod]
        return dt.date(y0 + a, 1, 1), dt.date(y0 + b, 12, 31), "century", False
    m = re.fullmatch(r"(sp|su|au|wi)(\d{4})", c)
    if m:
        s, y = m.group(1), int(m.group(2))
        if s == "sp":
            return dt.date(y, 3, 1), dt.date(y, 5, 31), "season", False
        if s == "su":
            return dt.date(y, 6, 1), dt.date(y, 8, 31), "season", False
        if s == "au":
            return dt.date(y, 9, 1), dt.date(y, 11, 30), "season", False
        return dt.date(y - 1, 12, 1), last_day(y, 2), "season", False
    m = re.fullmatch(r"fy(in|jp)?(\d{4})", c)
    if m:
        kind, y = m.group(1), int(m.group(2))
        if kind:
            return dt.date(y, 4, 1), dt.date(y + 1, 3, 31), "year", False
        return dt.date(y - 1, 10, 1), dt.date(y, 9, 30), "year", False
    m = re.fullmatch(r"([eml]?)(\d{4})", c)
    if m:
        mod, y = m.group(1), int(m.group(2))
        a, b = {"": (1, 12), "e": (1, 4), "m": (5, 8), "l": (9, 12)}[mod]
        return dt.date(y, a, 1), last_day(y, b), "year", False
    raise CodeError(f"unknown interval code {code!r}")


def resolve_rel(r: str, doc: dt.date | None):
    if doc is None:
        raise CodeError(f"relative code rel:{r} needs a doc_date")
    one = dt.timedelta(days=1)
    if r == "today":
        return doc, doc, "day", False
    if r == "yesterday":
        return doc - one, doc - one, "day", False
    if r == "tomorrow":
        return doc + one, doc + one, "day", False
    m = re.fullmatch(r"([+-])(\d+)([dmy])", r)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        n = int(m.group(2)) * sign
        if m.group(3) == "d":
            x = doc + dt.timedelta(days=n)
            return x, x, "day", False
        if m.group(3) == "m":
            x = add_months(doc, n)
            return dt.date(x.year, x.month, 1), last_day(x.year, x.month), "month", False
        y = doc.year + n
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", False
    m = re.fullmatch(r"past(\d+)([dmy])", r)  # the past N units, anchored at doc
    if m:
        n, u = int(m.group(1)), m.group(2)
        s = doc - dt.timedelta(days=n) if u == "d" else add_months(doc, -n) if u == "m" else add_years(doc, -n)
        return s, doc, "range", False
    m = re.fullmatch(r"(mon|tue|wed|thu|fri|sat|sun)([+-])", r)
    if m:
        wd = WEEKDAYS.index(m.group(1))
        if m.group(2) == "-":
            x = doc - dt.timedelta(days=(doc.weekday() - wd) % 7)
        else:
            x = doc + dt.timedelta(days=(wd - doc.weekday()) % 7)
        return x, x, "day", False
    monday = doc - dt.timedelta(days=doc.weekday())
    weeks = {"lastweek": -7, "thisweek": 0, "nextweek": 7}
    if r in weeks:
        s = monday + dt.timedelta(days=weeks[r])
        return s, s + dt.timedelta(days=6), "range", False
    months = {"lastmonth": -1, "thismonth": 0, "nextmonth": 1}
    if r in months:
        x = add_months(dt.date(doc.year, doc.month, 1), months[r])
        return x, last_day(x.year, x.month), "month", False
    years = {"lastyear": -1, "thisyear": 0, "nextyear": 1}
    if r in years:
        y = doc.year + years[r]
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", False
    if r == "earlierthisyear":
        return dt.date(doc.year, 1, 1), doc - one, "range", False
    if r == "earlierthismonth":
        return dt.date(doc.year, doc.month, 1), doc - one, "range", False
    if r == "laterthisyear":
        return doc + one, dt.date(doc.year, 12, 31), "range", False
    if r == "laterthismonth":
        return doc + one, last_day(doc.year, doc.month), "range", False
    raise CodeError(f"unknown relative code rel:{r}")


MARK = re.compile(r"\[\[(.+?)\]\]")


def iso(x):
    return None if x is None else x.isoformat()


def parse_line(raw: str, doc: dt.date | None):
    parts = [p.strip() for p in raw.split(" ## ")]
    body, opts = parts[0], parts[1:]
    sd_opt, note = None, None
    for o in opts:
        if o.startswith("sd="):
            sd_opt = o[3:]
        elif o.startswith("note="):
            note = o[5:]
        else:
            raise CodeError(f"unknown option {o!r}")
    text, spans = "", []
    pos = 0
    for m in MARK.finditer(body):
        text += body[pos:m.start()]
        fields = m.group(1).split("|")
        if len(fields) not in (3, 4):
            raise CodeError(f"bad mark {m.group(0)!r}")
        span, code, role = fields[0], fields[1], fields[2]
        if role not in ROLES:
            raise CodeError(f"bad role in {m.group(0)!r}")
        s, e, g, oe = resolve(code, doc)
        if len(fields) == 4:
            if not fields[3].startswith("g="):
                raise CodeError(f"bad option in {m.group(0)!r}")
            g = fields[3][2:]
        spans.append({"at": len(text), "text": span, "start": iso(s), "end": iso(e), "granularity": g,
                      "role": ROLES[role], "open_end": oe, "code": code})
        text += span
        pos = m.end()
    text += body[pos:]
    if "[[" in text or "]]" in text:
        raise CodeError("unbalanced mark")
    dates = []
    for sp in spans:  # occurrence = index among non-overlapping left-to-right matches
        occ, k = 0, 0
        while True:
            j = text.find(sp["text"], k)
            if j < 0 or j > sp["at"]:
                raise CodeError(f"span {sp['text']!r} at {sp['at']} is not a left-to-right match")
            occ += 1
            if j == sp["at"]:
                break
            k = j + len(sp["text"])
        dates.append({"text": sp["text"], "occurrence": occ, "start": sp["start"], "end": sp["end"],
                      "granularity": sp["granularity"], "role": sp["role"], "open_end": sp["open_end"]})
    events = [x for x in dates if x["role"] == "event"]
    if sd_opt is None:
        if len(events) > 1:
            raise CodeError("several event times: give sd=")
        sd = events[0] if events else None
        sd = None if sd is None else {"start": sd["start"], "end": sd["end"], "granularity": sd["granularity"]}
    elif sd_opt == "none":
        sd = None
    elif sd_opt == "hull":
        ss = [x["start"] for x in events]
        ee = [x["end"] for x in events]
        sd = {"start": min(ss), "end": max(ee), "granularity": "range"}
    elif sd_opt.isdigit():
        x = dates[int(sd_opt) - 1]
        sd = {"start": x["start"], "end": x["end"], "granularity": x["granularity"]}
    else:
        s, e, g, _ = resolve(sd_opt, doc)
        sd = {"start": iso(s), "end": iso(e), "granularity": g}
    return text, dates, sd, note


def build(src: Path, prefix: str, genre: str, ids: list[str] | None = None):
    out, doc, n = [], None, 0
    for lineno, raw in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@doc"):
            v = line.split()[1]
            doc = None if v == "none" else d(v)
            continue
        if line.startswith("@id"):  # second pass: explicit id for the next sentence
            ids = (ids or []) + [line.split()[1]]
            continue
        try:
            text, dates, sd, note = parse_line(line, doc)
        except (CodeError, KeyError, ValueError) as exc:
            sys.exit(f"{src.name}:{lineno}: {exc}")
        n += 1
        rid = ids[n - 1] if ids else f"{prefix}-{n:03d}"
        rec = {"id": rid, "genre": genre, "doc_date": iso(doc), "text": text, "dates": dates,
               "sentence_date": sd}
        if note:
            rec["note"] = note
        out.append(rec)
    return out


def write(path: Path, recs):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    if "--second-pass" in sys.argv:
        src = HERE / "second_pass.txt"
        recs = []
        genre_of = {p: g for _, (g, p) in GENRES.items()}
        for r in build(src, "x", "x", ids=[]):
            r["genre"] = genre_of[r["id"].split("-")[0]]
            recs.append(r)
        write(ROOT / "review" / "second_pass.jsonl", recs)
        print(f"review/second_pass.jsonl: {len(recs)} sentences")
        return
    for stem, (genre, prefix) in GENRES.items():
        src = HERE / f"{stem}.txt"
        if not src.exists():
            continue
        recs = build(src, prefix, genre)
        write(ROOT / "labelled" / f"{stem}.jsonl", recs)
        print(f"labelled/{stem}.jsonl: {len(recs)} sentences")


if __name__ == "__main__":
    main()
