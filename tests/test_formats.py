"""Event data formats: GDELT 1.0/2.0, ICEWS and POLECAT imports; index, phases and events exports.

The files in tests/data/formats hold made-up records in each format's documented column layout; their
first lines name the documentation followed. Rows built here use the same column lists.
"""

import gzip
import json
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
from tests.conftest import make_version_5
from typer.testing import CliRunner

import dyadscope
from dyadscope.analyze import analyze, frame_from_events
from dyadscope.cli import app
from dyadscope.extract.lexicon import Scores
from dyadscope.formats import GDELT1_COLUMNS, IMPORT_CONFIDENCE, cameo_crosswalk
from dyadscope.models import DateInterval, Event, Evidence, ImportedEvent, RawDocument, Sentence
from dyadscope.pipeline import ProcessedDocument
from dyadscope.store import SCHEMA_VERSION, Store

DATA = Path(__file__).parent / "data" / "formats"
GDELT1 = DATA / "gdelt1_pak_usa.export.CSV"
GDELT2 = DATA / "gdelt2_sample.export.CSV"
ICEWS = DATA / "icews_sample.tab"
POLECAT = DATA / "polecat_sample.txt"
runner = CliRunner()


def by_source_id(kb: dyadscope.api.KnowledgeBase) -> dict[str, ImportedEvent]:
    found = {}
    for event in kb.events():
        assert isinstance(event, ImportedEvent)
        found[str(event.source_id)] = event
    return found


def day(text: str) -> DateInterval:
    value = date.fromisoformat(text)
    return DateInterval(value, value, "day")


def gdelt_line(gid: int, when: str, source: str, target: str, code: str, goldstein: float) -> str:
    """One GDELT 1.0 daily record (58 tab-separated fields, no header)."""
    row = dict.fromkeys(GDELT1_COLUMNS, "")
    row.update(GLOBALEVENTID=str(gid), SQLDATE=when.replace("-", ""), MonthYear=when[:4] + when[5:7], Year=when[:4],
               Actor1Code=source, Actor1CountryCode=source, Actor2Code=target, Actor2CountryCode=target,
               IsRootEvent="1", EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2],
               GoldsteinScale=str(goldstein), NumMentions="3", NumSources="1", NumArticles="3", AvgTone="0",
               DATEADDED="20240101", SOURCEURL=f"https://example.org/{gid}")  # fmt: skip
    return "\t".join(row[c] for c in GDELT1_COLUMNS)


def test_gdelt_1_rows_become_plover_events_with_their_ids(tmp_path: Path) -> None:
    with dyadscope.open(tmp_path / "kb.db") as kb:
        result = kb.import_events(GDELT1)
        assert (result.status, result.format, result.rows, result.events) == ("added", "gdelt-1.0", 13, 8)
        assert result.skipped == {
            "one country on both sides": 1, "not two countries": 1, "malformed id or date": 1,
            "wrong number of fields": 1, "no PLOVER type (CAMEO 01 statements, 02 appeals)": 1,
        }  # fmt: skip
        events = by_source_id(kb)
        sanctions = events["410000001"]
        assert (sanctions.source, sanctions.target, sanctions.dyad) == (["USA"], ["PAK"], "PAK-USA")
        assert (sanctions.type, sanctions.mode, sanctions.cameo, sanctions.intensity) == (
            "SANCTION", "discontinue", "163", -8.0)  # fmt: skip
        assert sanctions.date == day("1998-05-28") and sanctions.origin == "gdelt"
        assert sanctions.to_dict()["source_id"] == "410000001" and sanctions.to_dict()["origin"] == "gdelt"
        assert "UNITED STATES (USA) → PAKISTAN (PAK)" in sanctions.evidence.text
        assert "https://example.org/1998/05/sanctions" in sanctions.evidence.text
        visit = events["410000005"]
        assert (visit.source, visit.target, visit.type, visit.mode, visit.cameo, visit.intensity) == (
            ["PAK"], ["USA"], "CONSULT", "visit", "042", 1.9)  # fmt: skip
        aid = events["410000003"]
        assert (aid.type, aid.cameo, aid.intensity, aid.contexts) == ("AID", "072", 8.3, ["military"])
        assert aid.issues == ["security_military", "aid"]  # cues read in the code's name, "Provide military aid"
        assert events["410000004"].type == "RETREAT" and events["410000004"].mode == "ease"
        assert {e.type for e in events.values()} <= {t for t, _ in Scores().plover}
        assert kb.store.check() == []


def test_gdelt_2_exports_have_61_fields(tmp_path: Path) -> None:
    with dyadscope.open(tmp_path / "kb.db") as kb:
        result = kb.import_events(GDELT2)
        assert (result.status, result.format, result.events, result.skipped) == ("added", "gdelt-2.0", 3, {})
        events = by_source_id(kb)
        strike = events["1100000001"]
        assert (strike.source, strike.target, strike.type, strike.cameo, strike.intensity) == (
            ["IND"], ["PAK"], "ASSAULT", "195", -10.0)  # fmt: skip
        release = events["1100000002"]
        assert (release.type, release.mode, release.cameo, release.date) == (
            "RETREAT", "release", "0841", day("2019-03-01"))  # fmt: skip


def test_icews_country_names_and_cameo_codes(tmp_path: Path) -> None:
    with dyadscope.open(tmp_path / "kb.db") as kb:
        result = kb.import_events(ICEWS)
        assert (result.status, result.format, result.rows, result.events) == ("added", "icews", 6, 4)
        assert result.skipped == {"not two countries": 1, "malformed id or date": 1}
        events = by_source_id(kb)
        visit = events["926685"]
        assert (visit.source, visit.target, visit.type, visit.mode, visit.cameo, visit.intensity) == (
            ["USA"], ["PAK"], "CONSULT", "visit", "042", 1.9)  # fmt: skip
        assert visit.date == day("2010-05-04") and visit.origin == "icews"
        assert "Hillary Rodham Clinton (USA) → Pakistan (PAK): Make a visit" in visit.evidence.text
        assert "story 28235806" in visit.evidence.text
        threat = events["926687"]
        assert (threat.source, threat.target, threat.type, threat.intensity) == (["RUS"], ["UKR"], "THREATEN", -7.0)
        aid = events["926688"]  # "72": the leading zero a spreadsheet dropped is put back
        assert (aid.source, aid.target, aid.type, aid.cameo, aid.intensity) == (["PAK"], ["AFG"], "AID", "072", 8.3)


def test_polecat_plover_records(tmp_path: Path) -> None:
    with dyadscope.open(tmp_path / "kb.db") as kb:
        result = kb.import_events(POLECAT)
        assert (result.status, result.format, result.rows, result.events) == ("added", "polecat", 4, 3)
        assert result.skipped == {"unknown PLOVER type": 1}
        events = by_source_id(kb)
        sanction = events["20230102-4511-a1"]
        assert (sanction.source, sanction.target, sanction.type, sanction.mode, sanction.cameo) == (
            ["USA"], ["PAK"], "SANCTION", None, None)  # fmt: skip
        assert (sanction.intensity, sanction.contexts, sanction.date) == (-7.0, ["economic"], day("2023-01-02"))
        consult = events["20230315-1200-b7"]
        assert (consult.source, consult.target, consult.type, consult.mode, consult.intensity) == (
            ["PAK"], ["USA"], "CONSULT", "visit", 4.0)  # fmt: skip
        assert events["20230401-0001-c3"].intensity == Scores().plover[("AID", None)]  # no intensity given


def test_reimport_is_idempotent_and_a_changed_file_replaces_the_old(tmp_path: Path) -> None:
    path = tmp_path / "events.CSV"
    path.write_text(GDELT1.read_text())
    with dyadscope.open(tmp_path / "kb.db") as kb:
        first = kb.import_events(path)
        ids = sorted(e.id for e in kb.events())
        again = kb.import_events(path, format="gdelt")
        assert (first.status, again.status) == ("added", "unchanged")
        assert sorted(e.id for e in kb.events()) == ids  # the same content, the same event ids
        lines = path.read_text().splitlines()
        path.write_text("\n".join(line for line in lines if not line.startswith("410000008")) + "\n")
        changed = kb.import_events(path)
        assert (changed.status, changed.events) == ("replaced", 7)
        assert len(kb.events()) == 7 and len(kb.store.documents()) == 1
        assert kb.store.check() == []


def test_compressed_files_and_files_without_the_provenance_note(tmp_path: Path) -> None:
    plain = "\n".join(line for line in GDELT1.read_text().splitlines() if not line.startswith("#")) + "\n"
    (tmp_path / "a.CSV").write_text(plain)
    (tmp_path / "b.CSV.gz").write_bytes(gzip.compress(plain.encode()))
    with zipfile.ZipFile(tmp_path / "c.CSV.zip", "w") as archive:
        archive.writestr("20240101.export.CSV", plain)
    for name in ("a.CSV", "b.CSV.gz", "c.CSV.zip"):
        with dyadscope.open(tmp_path / f"{name}.db") as kb:
            result = kb.import_events(tmp_path / name)
            assert (result.status, result.events, result.rows_skipped) == ("added", 8, 5), name


def test_a_file_not_in_the_format_gives_one_clear_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("In 1998 the United States imposed sanctions on Pakistan.\n")
    icews = tmp_path / "icews.tab"
    icews.write_text(ICEWS.read_text())
    with dyadscope.open(tmp_path / "kb.db") as kb:
        sniffed = kb.import_events(notes)
        assert sniffed.status == "failed" and sniffed.error is not None
        assert sniffed.error.startswith(f"{notes}: not a GDELT, ICEWS or POLECAT event file")
        forced = kb.import_events(icews, format="gdelt")
        assert forced.status == "failed" and "not a GDELT event file" in str(forced.error)
        assert "20 tab-separated fields" in str(forced.error)
        assert kb.import_events(icews, format="polecat").error == (
            f"{icews}: not a POLECAT event file: its header lacks Event Type, Actor Country, Recipient Country"
        )
        assert kb.import_events(tmp_path / "missing.tab").status == "failed"
        assert len(kb.events()) == 0
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["import", str(notes), str(GDELT2), "--db", db])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if "notes.txt" in line]) == 1
    assert "1 of 2 files imported" in result.output and "3 events stored" in result.output
    wrong = runner.invoke(app, ["import", str(icews), "--format", "gdelt", "--db", db])
    assert wrong.exit_code == 1 and "not a GDELT event file" in wrong.output


def hand_entered(rows: list[tuple[int, str, str, str, str, float]]) -> list[Event]:
    """The same events, coded by a person: PLOVER type and mode from the crosswalk, Goldstein intensity."""
    crosswalk = cameo_crosswalk()
    events = []
    for n, (_, when, source, target, code, goldstein) in enumerate(rows):
        entry = crosswalk[code]
        text = f"{source} {entry.name.lower()} {target} on {when}."
        events.append(
            Event(f"ev_hand{n}", [source], [target], entry.type, entry.mode, list(entry.contexts), code, goldstein,
                  False, False, day(when), False, IMPORT_CONFIDENCE, Evidence("hand.md", "By hand", n, 0, len(text),
                  text), "")
        )  # fmt: skip
    return events


def test_done_means_a_gdelt_file_gives_the_same_index_as_the_events_entered_by_hand(tmp_path: Path) -> None:
    rows = [
        (501, "1998-05-28", "USA", "PAK", "163", -8.0),
        (502, "1998-06-01", "PAK", "USA", "111", -2.0),
        (503, "1999-07-04", "PAK", "USA", "042", 1.9),
        (504, "2001-10-16", "USA", "PAK", "072", 8.3),
        (505, "2001-11-10", "USA", "PAK", "085", 7.0),
        (506, "2002-02-05", "PAK", "USA", "042", 1.9),
        (507, "2004-06-16", "USA", "PAK", "071", 7.4),
        (508, "2008-09-03", "USA", "PAK", "190", -10.0),
        (509, "2011-05-02", "USA", "PAK", "190", -10.0),
        (510, "2011-11-26", "USA", "PAK", "195", -10.0),
        (511, "2011-11-27", "PAK", "USA", "161", -4.0),
        (512, "2012-07-03", "PAK", "USA", "0874", 10.0),
        (513, "2019-07-22", "PAK", "USA", "042", 1.9),
        (514, "2022-09-26", "PAK", "USA", "040", 1.0),
    ]
    gdelt = tmp_path / "pak-usa.export.CSV"
    gdelt.write_text("\n".join(gdelt_line(*row) for row in rows) + "\n")
    events = hand_entered(rows)
    text = "\n".join(e.evidence.text for e in events)
    sentences = [Sentence(i, 0, len(e.evidence.text), e.evidence.text, date=e.date) for i, e in enumerate(events)]
    by_hand = ProcessedDocument(RawDocument("hand.md", text, "hand", "text/markdown", "By hand"), sentences, events)
    with dyadscope.open(tmp_path / "imported.db") as imported, dyadscope.open(tmp_path / "hand.db") as hand:
        assert imported.import_events(gdelt).events == len(rows)
        hand.store.add(by_hand)
        for by in ("year", "decade"):
            expected = hand.index(("PAK", "USA"), by=by)
            pd.testing.assert_frame_equal(imported.index("PAK-USA", by=by), expected)
            pd.testing.assert_frame_equal(analyze(frame_from_events(events), ("PAK", "USA"), by).index, expected)
            pd.testing.assert_frame_equal(imported.index("PAK-USA", by=by, source="USA"),
                                          hand.index(("PAK", "USA"), by=by, source="USA"))  # fmt: skip
        columns = ["start", "end", "level", "score", "low", "high", "events"]  # drivers: the import tags issues
        pd.testing.assert_frame_equal(imported.phases("PAK-USA")[columns], hand.phases("PAK-USA")[columns])


def test_text_and_imported_events_are_measured_together_or_apart(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text(
        "# Pakistan and the US\n\nIn 1998 the United States imposed sanctions on Pakistan after its nuclear tests.\n"
        "In 2001 the United States provided military aid to Pakistan.\n"
    )
    db = tmp_path / "kb.db"
    with dyadscope.open(db) as kb:
        kb.ingest([docs])
        kb.import_events(GDELT1)
        kb.import_events(POLECAT)
        text, gdelt, polecat = (kb.events(dyad="PAK-USA", origin=o) for o in ("text", "gdelt", "polecat"))
        assert len(text) >= 2 and len(gdelt) == 8 and len(polecat) == 3
        assert len(kb.events(dyad="PAK-USA")) == len(text) + len(gdelt) + len(polecat)
        assert all(not isinstance(e, ImportedEvent) and "origin" not in e.to_dict() for e in text)
        frame = kb.events(dyad="PAK-USA").to_pandas()
        assert frame["origin"].value_counts().to_dict() == {"gdelt": 8, "polecat": 3, "text": len(text)}
        assert set(frame.loc[frame["origin"] == "gdelt", "source_id"]) >= {"410000001", "410000008"}
        counts = {
            o: int(kb.index("PAK-USA", by="decade", origin=o)["events"].sum()) for o in ("text", "gdelt", "polecat")
        }
        everything = kb.analysis("PAK-USA", "decade")
        assert max(counts.values()) < everything.index["events"].sum() < sum(counts.values())
        sanctions = everything.events[(everything.events["type"] == "SANCTION") & (everything.events["start"].dt.year
                                                                                   == 1998)]  # fmt: skip
        assert sanctions["evidence"].tolist() == [2]  # told by the note and by GDELT: one happening, two reports
        assert kb.analysis("PAK-USA", "decade", origin="all").index.equals(everything.index)
        assert kb.index("PAK-USA", by="decade", origin="icews").empty
        try:
            kb.events(origin="twitter")
        except ValueError as error:
            assert "unknown origin" in str(error)
        else:
            raise AssertionError("an unknown origin was accepted")
    listed = runner.invoke(
        app, ["events", "--db", str(db), "--dyad", "PAK-USA", "--origin", "gdelt", "--format", "json"]
    )
    assert listed.exit_code == 0 and {e["origin"] for e in json.loads(listed.stdout)} == {"gdelt"}
    for command in ("index", "phases"):
        apart = runner.invoke(app, [command, "PAK", "USA", "--db", str(db), "--origin", "text", "--format", "json"])
        assert apart.exit_code == 0 and json.loads(apart.stdout)
    report = runner.invoke(
        app, ["report", "PAK", "USA", "--db", str(db), "--origin", "polecat", "-o", str(tmp_path / "r.json")]
    )
    assert report.exit_code == 0, report.output
    assert json.loads((tmp_path / "r.json").read_text())


def test_index_phases_and_events_export_as_csv_json_and_parquet(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.db")
    assert runner.invoke(app, ["import", str(GDELT1), str(POLECAT), "--db", db]).exit_code == 0
    for suffix in ("csv", "json", "parquet"):
        for command in ("index", "phases"):
            out = tmp_path / f"{command}.{suffix}"
            result = runner.invoke(app, [command, "PAK", "USA", "--db", db, "--by", "decade", "-o", str(out)])
            assert result.exit_code == 0, result.output
            frame = (
                pd.read_csv(out) if suffix == "csv" else pd.read_parquet(out) if suffix == "parquet"
                else pd.DataFrame(json.loads(out.read_text()))
            )  # fmt: skip
            assert len(frame) >= 1 and {"start", "end", "score", "low", "high", "events"} <= set(frame.columns)
        events = tmp_path / f"events.{suffix}"
        assert runner.invoke(app, ["events", "--db", db, "--dyad", "PAK-USA", "-o", str(events)]).exit_code == 0
        if suffix == "json":
            assert {e["source_id"] for e in json.loads(events.read_text())} >= {"410000001", "20230102-4511-a1"}
        else:
            frame = pd.read_csv(events, dtype=str) if suffix == "csv" else pd.read_parquet(events)
            assert {"origin", "source_id"} <= set(frame.columns) and set(frame["origin"]) == {"gdelt", "polecat"}
    assert list(tmp_path.glob(".*")) == []  # written atomically: no temporary files left
    phases = json.loads((tmp_path / "phases.json").read_text())
    assert pd.read_csv(tmp_path / "phases.csv")["key_events"].map(json.loads).tolist() == [
        p["key_events"] for p in phases
    ]
    bad = runner.invoke(app, ["index", "PAK", "USA", "--db", db, "-o", str(tmp_path / "index.xlsx")])
    assert bad.exit_code == 2 and "unknown format 'xlsx'" in bad.output


def test_cli_exports_are_byte_for_byte_the_python_renderings(tmp_path: Path) -> None:
    """`events`, `index` and `phases -o` write what the API renders (and wrote before one path did it all)."""
    db = str(tmp_path / "kb.db")
    assert runner.invoke(app, ["import", str(GDELT1), str(POLECAT), "--db", db]).exit_code == 0
    with dyadscope.open(db) as kb:
        events, analysis = kb.events(dyad="PAK-USA"), kb.analysis("PAK-USA", "decade")
    frame, phases = events.to_pandas(), analysis.phases_frame()
    for column in ("key_events", "drivers"):  # lists as JSON text in a csv cell
        phases[column] = phases[column].map(lambda v: json.dumps(v, ensure_ascii=False))

    def listed(rows: list[dict[str, object]]) -> bytes:
        return (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode()

    expected = {
        "events.json": (events.to_json() + "\n").encode(),  # a file ends with a newline, as the others
        "events.csv": frame.to_csv(index=False).encode(),
        "events.parquet": frame.to_parquet(index=False),
        "index.json": listed(analysis.index_records()),
        "index.csv": analysis.index.to_csv(index=False).encode(),
        "index.parquet": analysis.index.to_parquet(index=False),
        "phases.json": listed([p.to_dict() for p in analysis.phases]),
        "phases.csv": phases.to_csv(index=False).encode(),
        "phases.parquet": analysis.phases_frame().to_parquet(index=False),
    }
    for name, data in expected.items():
        command, _ = name.split(".")
        args = ["--dyad", "PAK-USA"] if command == "events" else ["PAK", "USA", "--by", "decade"]
        result = runner.invoke(app, [command, *args, "--db", db, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes() == data, name
    shouted = runner.invoke(app, ["events", "--dyad", "PAK-USA", "--db", db, "-o", str(tmp_path / "EVENTS.CSV")])
    assert shouted.exit_code == 0 and (tmp_path / "EVENTS.CSV").read_bytes() == expected["events.csv"]
    bad = runner.invoke(app, ["events", "--db", db, "-o", str(tmp_path / "events.xlsx")])
    assert bad.exit_code == 2 and "unknown format 'xlsx'" in bad.output and "Traceback" not in bad.output


def test_import_finds_files_as_ingest_does(tmp_path: Path) -> None:
    """Folders: every suffix, but not hidden folders and files or Office lock files; a missing path stops all."""
    folder = tmp_path / "events"
    for name, source in [("a/gdelt.export.CSV", GDELT1), ("polecat.txt", POLECAT), (".git/old.CSV", GDELT2),
                         (".hidden.tab", ICEWS), ("~$icews.tab", ICEWS)]:  # fmt: skip
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(source.read_bytes())
    db = str(tmp_path / "kb.db")
    result = runner.invoke(app, ["import", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert "2 of 2 files imported" in result.output and "old.CSV" not in result.output and "icews" not in result.output
    missing = runner.invoke(app, ["import", str(ICEWS), str(tmp_path / "nope.tab"), "--db", str(tmp_path / "m.db")])
    assert missing.exit_code == 2 and "nope.tab: no such file or directory" in missing.output
    with dyadscope.open(tmp_path / "m.db") as kb:
        assert len(kb.events()) == 0  # checked before anything was imported, as ingest does


def test_a_schema_3_store_gains_event_origins(tmp_path: Path) -> None:
    db = tmp_path / "v3.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("In 1998 the United States imposed sanctions on Pakistan over its nuclear tests.")
    with dyadscope.open(db) as kb:
        kb.ingest([docs])
        before = kb.events().to_dicts()
    conn = sqlite3.connect(db)  # make it look like a store written by version 3 of the schema
    make_version_5(conn)
    conn.execute("ALTER TABLE events DROP COLUMN origin")
    conn.execute("ALTER TABLE events DROP COLUMN source_id")
    conn.execute("UPDATE meta SET value='3' WHERE key='schema_version'")
    conn.commit()
    conn.close()
    with Store(db) as store:
        version = store.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION
        assert store.conn.execute("SELECT DISTINCT origin FROM events").fetchall() == [("text",)]
    with dyadscope.open(db) as kb:
        after = kb.events().to_dicts()
        # schema 7 adds document kinds: documents stored before have none ("") until they are read again
        assert [e["evidence"].pop("kind") for e in after] == [""] and [e["evidence"].pop("kind") for e in before]
        assert after == before
        # schema 6 forgets the integer extractor version of older stores: their documents are coded again
        assert [r.status for r in kb.ingest([docs])] == ["replaced"]
        assert [r.status for r in kb.ingest([docs])] == ["unchanged"]
        assert kb.import_events(GDELT2).events == 3 and len(kb.events(origin="gdelt")) == 3
        assert kb.store.check() == []
