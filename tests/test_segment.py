from dyadscope.nlp.segment import Segmenter, classify_heading


def test_abbreviations_do_not_split() -> None:
    text = (
        "The U.S. and Pakistan met. Mr. Smith cited Sec. 3 of Pub. L. 111-73, e.g. the aid clause. "
        "It is Resolution No. 211 of the U.N. Security Council. He left Washington D.C. in May."
    )
    sentences = [s.text for s in Segmenter().segment(text)]
    assert sentences == [
        "The U.S. and Pakistan met.",
        "Mr. Smith cited Sec. 3 of Pub. L. 111-73, e.g. the aid clause.",
        "It is Resolution No. 211 of the U.N. Security Council.",
        "He left Washington D.C. in May.",
    ]


def test_offsets_slice_the_document() -> None:
    text = "# Title\n\nSOURCE line is not here.\n  First one. Second (with note).\n\n4. 1990s: Estrangement\nThird."
    for sentence in Segmenter().segment(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_headings_give_section_paths() -> None:
    text = (
        "PAKISTAN'S RELATIONS WITH THE UNITED STATES\n\n"
        "4. 1990s: Period of Estrangement\n"
        "A. Diverging Interests:\n"
        "Pakistan tested nuclear devices in 1998. The United States imposed sanctions.\n"
        "## Later years\n"
        "Relations improved.\n"
    )
    sentences = Segmenter().segment(text)
    body = {s.text: s.section_path for s in sentences if not s.is_heading}
    assert body["The United States imposed sanctions."] == (
        "PAKISTAN'S RELATIONS WITH THE UNITED STATES",
        "1990s: Period of Estrangement",
        "Diverging Interests",
    )
    assert body["Relations improved."][-1] == "Later years"


def test_source_line_is_not_a_sentence() -> None:
    text = "SOURCE: U.S. Department of State, 2020\n\nThe United States recognised Pakistan in 1947."
    assert [s.text for s in Segmenter().segment(text)] == ["The United States recognised Pakistan in 1947."]


def test_heading_classifier() -> None:
    assert classify_heading("4. 1990s: Period of Estrangement", after_break=False) is not None
    assert classify_heading("1950s-1960s: Formative Years", after_break=True).level == 2  # type: ignore[union-attr]
    assert classify_heading("The United States imposed sanctions on Pakistan.", after_break=True) is None
    assert classify_heading("4. The act authorized $7.5 billion in civilian aid.", after_break=True) is None


def test_a_list_item_is_a_sentence_of_its_own() -> None:
    """A bulleted line after a line with no final stop (a title in lower case, an unpunctuated item) starts a
    sentence: study notes' timelines are lists of dated entries with no verb and often no stop."""
    text = "Gulf crises: a timeline\n- Aug 1990: UN trade embargo on Iraq\n- Jun 2017: Saudi blockade of Qatar\n"
    sentences = [s.text for s in Segmenter().segment(text)]
    assert sentences[-2:] == ["- Aug 1990: UN trade embargo on Iraq", "- Jun 2017: Saudi blockade of Qatar"]
    wrapped = "The talks failed after the envoys\nwalked out - a rare sight in Geneva.\n"
    assert len(Segmenter().segment(wrapped)) == 1
