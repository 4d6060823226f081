"""Text repairs: broken quotations and sentences, quote spacing, translation doubles, characters."""

from __future__ import annotations

import unicodedata

import pytest

from herald.clean import clean
from herald.clean.repair import drop_duplicates, join_kind, quote_open, tidy_quotes

LEAD = "Officials met in the capital on Monday."


@pytest.mark.parametrize(
    ("raw", "paragraph"),
    [
        # straight quotes, pieces on separate paragraphs
        (
            'She says she has "no\n\nobjections to the plan\n\n", but adds that "\n\n'
            'if they insist\n\nit will be hard"',
            'She says she has "no objections to the plan", but adds that "if they insist it '
            'will be hard"',
        ),
        # curly quote cut right after it opens, no closing quote anywhere: none is invented
        (
            "He wants them to “\u00a0\n\nset out a timetable for the withdrawal",
            "He wants them to “set out a timetable for the withdrawal",
        ),
        # French guillemets left open over a line break
        (
            "Le ministre a dit « nous\n\nne céderons pas » hier.",
            "Le ministre a dit « nous ne céderons pas » hier.",
        ),
        # the continuation starts with punctuation after an unclosed quotation
        (
            'He called it "a victory\n\n", the spokesman said.',
            'He called it "a victory", the spokesman said.',
        ),
        # opening quote at a line end followed by a capitalised word
        (
            'The minister declared: "\n\nWe will not give in."',
            'The minister declared: "We will not give in."',
        ),
    ],
)
def test_broken_quotation_joined(raw: str, paragraph: str) -> None:
    cleaned = clean(f"{LEAD}\n\n{raw}")
    assert cleaned.text == f"{LEAD}\n\n{paragraph}"
    assert any("quotation" in note for note in cleaned.repairs)


@pytest.mark.parametrize(
    ("raw", "paragraph"),
    [
        (
            "The army said the inter-\nnational force would stay.",
            "The army said the international force would stay.",
        ),
        ("Les négo-\n\nciations ont repris.", "Les négociations ont repris."),
    ],
)
def test_hyphenation_rejoined(raw: str, paragraph: str) -> None:
    cleaned = clean(f"{LEAD}\n\n{raw}")
    assert cleaned.text == f"{LEAD}\n\n{paragraph}"
    assert any("hyphen" in note for note in cleaned.repairs)


@pytest.mark.parametrize(
    "raw",
    [
        "Turnout was high in the north -\n\nthe south stayed home.",  # a dash, not a hyphen
        "The pro-\n\nJunta rally drew thousands.",  # capital after the hyphen
    ],
)
def test_hyphen_not_rejoined(raw: str) -> None:
    cleaned = clean(f"{LEAD}\n\n{raw}")
    assert not any("hyphen" in note for note in cleaned.repairs)


@pytest.mark.parametrize(
    ("raw", "paragraph"),
    [
        ("The talks lasted\n\nthree hours in total.", "The talks lasted three hours in total."),
        ("Les discussions ont duré\n\ntrois heures.", "Les discussions ont duré trois heures."),
    ],
)
def test_broken_sentence_joined(raw: str, paragraph: str) -> None:
    cleaned = clean(f"{LEAD}\n\n{raw}")
    assert cleaned.text == f"{LEAD}\n\n{paragraph}"


@pytest.mark.parametrize(
    "raw",
    [
        "The talks ended.\n\nthe next round is in May.",  # previous line is a finished sentence
        "The demands:\n\nrelease of prisoners.",  # a colon introduces, it does not break
        "The talks lasted\n\nThree hours later, they left.",  # capitalised next line
    ],
)
def test_paragraphs_not_joined(raw: str) -> None:
    cleaned = clean(f"{LEAD}\n\n{raw}")
    assert cleaned.text.count("\n\n") == 2


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "the offer is still open. open, under the same terms.",
            "the offer is still open, under the same terms.",
        ),
        ("the offer stands. stands as before.", "the offer stands as before."),
        ("a meeting in Niamey. Niamey; then Dakar.", "a meeting in Niamey. Niamey; then Dakar."),
        ("He said no. No, he did not.", "He said no. No, he did not."),
        ("It was over. over: the talks ended.", "It was over: the talks ended."),
        ("The plan. The plan was new.", "The plan. The plan was new."),
        ("still open. opens, under", "still open. opens, under"),
    ],
)
def test_drop_duplicates(text: str, fixed: str) -> None:
    assert drop_duplicates(text)[0] == fixed


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ('He said " no objections " to it.', 'He said "no objections" to it.'),
        ("“ no objections ”", "“no objections”"),
        ('a " b " c " d "', 'a "b" c "d"'),
        ('he warned: " never', 'he warned: "never'),  # unbalanced: nothing invented
        ('we will fight ," he said.', 'we will fight ," he said.'),  # lone closer stays put
        ("« nous ne céderons pas »", "« nous ne céderons pas »"),  # French spacing is correct
        ("no quotes at all", "no quotes at all"),
    ],
)
def test_tidy_quotes(text: str, fixed: str) -> None:
    assert tidy_quotes(text) == fixed


@pytest.mark.parametrize(
    "text", ['He said " no', "“ yes", 'She has "no objections ", but " if', "« non"]
)
def test_tidy_quotes_never_changes_quote_count(text: str) -> None:
    out = tidy_quotes(text)
    for mark in '"“”«»':
        assert out.count(mark) == text.count(mark)


@pytest.mark.parametrize(
    ("text", "is_open"),
    [
        ('he said "no', True),
        ('he said "no"', False),
        ("“yes", True),
        ("“yes”", False),
        ("« oui", True),
        ("plain", False),
    ],
)
def test_quote_open(text: str, is_open: bool) -> None:
    assert quote_open(text) is is_open


@pytest.mark.parametrize(
    ("prev", "nxt", "kind"),
    [
        ("inter-", "national", "hyphen"),
        ('he said "', "We go", "quotation"),
        ("to “", "define", "quotation"),
        ('"no', "objections", "quotation"),
        ('"no objections', '", but', "quotation"),
        ("the talks lasted", "three hours", "sentence"),
        ("the talks lasted", ", then ended", "sentence"),
        ("The talks ended.", "then", None),
        ("Title of the piece", "Body starts", None),
        ('he said "yes"', "Then", None),
    ],
)
def test_join_kind(prev: str, nxt: str, kind: str | None) -> None:
    assert join_kind(prev, nxt) == kind


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_stripped(char: str) -> None:
    cleaned = clean(f"{char}Officials{char} met in the capital{char} on Monday.")
    assert cleaned.text == LEAD
    assert any("zero-width" in note for note in cleaned.repairs)


@pytest.mark.parametrize(
    "decomposed", [unicodedata.normalize("NFD", "Le ministre a réagi à Niamey.")]
)
def test_unicode_normalised_to_nfc(decomposed: str) -> None:
    cleaned = clean(decomposed)
    assert cleaned.text == unicodedata.normalize("NFC", decomposed)
    assert unicodedata.is_normalized("NFC", cleaned.text)
    assert any("NFC" in note for note in cleaned.repairs)


@pytest.mark.parametrize("text", ["He said “we act” now.", "Elle a dit ‘non’ hier."])
def test_curly_quotes_kept(text: str) -> None:
    assert clean(text).text == text
