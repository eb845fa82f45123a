"""Document-level processing: inherited dates, the document's dyad, news-like documents."""

from datetime import date

import pytest

from dyadscope.models import Event, RawDocument
from dyadscope.pipeline import Pipeline


def raw(text: str, **kw: object) -> RawDocument:
    return RawDocument("doc.md", text, "hash-" + str(hash(text)), "text/markdown", "Doc", **kw)  # type: ignore[arg-type]


def test_sentences_inherit_section_and_previous_dates(pipeline: Pipeline) -> None:
    text = (
        "4. 1990s: Period of Estrangement\n"
        "Pakistan tested nuclear devices in May 1998. The United States imposed sanctions on Pakistan.\n"
        "\n"
        "Later, Washington criticized Islamabad over Kashmir.\n"
    )
    done = pipeline.process(raw(text))
    by_text = {s.text: s for s in done.sentences}
    sanctions = by_text["The United States imposed sanctions on Pakistan."]
    assert sanctions.date_inherited == "previous" and sanctions.date is not None
    assert (sanctions.date.start, sanctions.date.granularity) == (date(1998, 5, 1), "month")
    later = by_text["Later, Washington criticized Islamabad over Kashmir."]
    assert later.date_inherited == "section" and later.date is not None
    assert (later.date.start, later.date.end) == (date(1990, 1, 1), date(1999, 12, 31))
    event = next(e for e in done.events if e.type == "SANCTION")
    assert event.date_inherited and event.confidence < 0.85


def test_news_documents_date_relative_expressions(pipeline: Pipeline) -> None:
    text = "Readout of the call\nYesterday the Secretary of State spoke with Pakistan's foreign minister."
    done = pipeline.process(raw(text, doc_date=date(2023, 3, 2), news_like=True))
    sentence = done.sentences[-1]
    assert sentence.date is not None and sentence.date.start == date(2023, 3, 1)
    undated = pipeline.process(raw("Pakistan and the United States held talks.", doc_date=date(2023, 3, 2)))
    assert undated.sentences[0].date is None  # a study's metadata date does not date its history; never "now"


def test_the_two_countries_resolve_to_the_document_dyad(pipeline: Pipeline) -> None:
    text = (
        "Pakistan and the United States have a long history. Pakistan depends on the United States.\n"
        "In 1954 the two countries signed a mutual defense agreement."
    )
    done = pipeline.process(raw(text))
    assert done.dyad == ("PAK", "USA")
    assert any({*e.source, *e.target} == {"PAK", "USA"} and e.date and e.date.start.year == 1954 for e in done.events)


def test_successor_states_before_they_existed(pipeline: Pipeline) -> None:
    done = pipeline.process(raw("In 1979 Moscow sent troops into Afghanistan. In 2022 Moscow hosted Imran Khan."))
    codes = [m.code for s in done.sentences for m in s.mentions]
    assert codes[0] == "SUN" and "RUS" in codes[2:]


def test_named_components_declare_what_they_read_and_write(pipeline: Pipeline) -> None:
    from dyadscope.pipeline import COMPONENTS

    assert tuple(pipeline.nlp.pipe_names) == COMPONENTS
    meta = {name: pipeline.nlp.get_pipe_meta(name) for name in COMPONENTS}
    assert all(meta[name].assigns for name in COMPONENTS)
    assert "doc._.parses" in meta["dyadscope_candidates"].requires
    assert meta["dyadscope_events"].assigns == ["doc._.events"]


def test_the_extractor_version_follows_components_and_their_data(pipeline: Pipeline, tmp_path: object) -> None:
    from pathlib import Path

    from dyadscope.nlp.components import Component
    from dyadscope.pipeline import extractor_version

    components = [(n, c) for n, c in pipeline.nlp.pipeline if isinstance(c, Component)]
    assert extractor_version(components) == pipeline.extractor_version
    data = Path(str(tmp_path)) / "words.yaml"
    data.write_text("a: b\n")

    class Changed(Component):
        version = components[0][1].version
        data_files = (*components[0][1].data_files, data)

    changed = [(components[0][0], Changed()), *components[1:]]
    before = extractor_version(changed)
    data.write_text("a: c\n")  # the same component, one of its data files edited
    assert extractor_version(changed) != before != pipeline.extractor_version
    bumped = type("Bumped", (Component,), {"version": "99", "data_files": components[0][1].data_files})()
    assert extractor_version([(components[0][0], bumped), *components[1:]]) != pipeline.extractor_version


def test_a_sentence_is_parsed_as_a_doc_of_its_own_words() -> None:
    """The parser reads each sentence as a Doc made from its words (not `Span.as_doc`, which converts the whole
    document each time and made parsing quadratic in a document's length): same tokens, same spaces."""
    from dyadscope.nlp.language import build_language
    from dyadscope.nlp.parse import MAX_TOKENS, sentence_doc

    nlp = build_language(parser=False)
    doc = nlp.make_doc("In 1962 China attacked India.  Talks followed in Delhi. " + "word " * 300)
    for span in (doc[0:6], doc[6:12], doc[12:]):
        made = sentence_doc(span)
        assert [(t.text, t.whitespace_) for t in made] == [(t.text, t.whitespace_) for t in span[:MAX_TOKENS]]
        assert made.vocab is doc.vocab and len(made) <= MAX_TOKENS


def test_a_sentence_doc_keeps_the_tokenizer_norms_so_its_parse_is_as_before() -> None:
    """Made from words alone, "Aug." lost the norm its tokenizer exception gives it ("august"), which the parser
    reads: on a Berlin wire report the parse changed and "troops" no longer made the border's sealers military."""
    from dyadscope.nlp.language import build_language, parser_model
    from dyadscope.nlp.parse import MAX_TOKENS, sentence_doc

    nlp = build_language()
    text = "BERLIN, Aug. 13 -- East German troops and police sealed the border between the two sectors of Berlin."
    span = nlp.make_doc(text)[:]
    made = sentence_doc(span)
    assert [t.norm_ for t in made] == [t.norm_ for t in span[:MAX_TOKENS]]
    model = parser_model()
    assert [(t.dep_, t.head.i) for t in model(made)] == [(t.dep_, t.head.i) for t in model(span.as_doc())]


def test_a_long_document_is_coded_a_window_of_sentences_at_a_time_with_the_same_events(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parses and candidates are kept for a window of sentences at a time (`dyadscope.pipeline.WINDOW`), so memory
    follows the window, not the document. What runs across sentences runs across windows too: who "it" is (the
    subject of the sentence before) and "the two countries" (the document's pair)."""
    import dyadscope.pipeline

    text = (
        "# Ethiopia and Somalia\n\n"
        "In December 2006 Ethiopian troops crossed into Somalia and captured Baidoa. "
        "Kenya closed its border with Somalia on 3 January 2007. It also expelled two Somali diplomats.\n\n"
        "The Security Council adopted a resolution on 20 February 2007.\n\n"
        "In January 2009 the two countries agreed to hold talks. Ethiopia withdrew its troops in January 2009. "
        "Later that year it sent aid to Somalia."
    )
    whole = pipeline.process(raw(text))
    monkeypatch.setattr(dyadscope.pipeline, "WINDOW", 1)
    windowed = pipeline.process(raw(text))
    assert whole.sentences == windowed.sentences

    def told(events: list[Event]) -> list[tuple[object, ...]]:
        return sorted((e.id, e.type, e.source, e.target, e.date, e.evidence.sentence_id) for e in events)

    assert told(windowed.events) == told(whole.events)
    by_text = {e.evidence.text: e for e in whole.events}
    assert by_text["It also expelled two Somali diplomats."].source == ["KEN"]
    assert by_text["Later that year it sent aid to Somalia."].source == ["ETH"]
    assert by_text["In January 2009 the two countries agreed to hold talks."].target == ["SOM"]


def test_a_sentence_is_coded_the_same_whatever_else_its_document_holds(pipeline: Pipeline) -> None:
    """The classifier's int8 activations are scaled per batch: batched by length across a document, a sentence's
    probabilities moved with the sentences beside it, and a longer document coded it differently. Its candidates
    now go to the transformer with its own only."""
    told = (
        "In March 2023 Japan lifted its export controls on South Korea. In July 2019 Japan tightened controls on "
        "exports of chemicals to South Korea, and Seoul protested."
    )
    more = (
        " In August 2019 South Korea announced that it would end its intelligence-sharing pact with Japan. In May "
        "2023 Kishida visited Seoul. In 2015 the two governments agreed to settle the comfort women issue, and Tokyo "
        "paid one billion yen into a fund for the survivors. Thousands of Koreans demonstrated against the deal."
    )
    alone = pipeline.run(raw(told))
    longer = pipeline.run(raw(told + more))

    def read(doc: object) -> list[tuple[int, str, str, float]]:
        return [
            (c.sentence, c.text, c.type, round(c.probability, 6))
            for c in doc._.candidates  # type: ignore[attr-defined]
            if c.sentence < 2
        ]

    assert read(alone) and read(alone) == read(longer)
