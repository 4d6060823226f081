"""The output contract of clean(): paragraph format, title, caption span, errors, odd input."""

from __future__ import annotations

import re

import pytest

import herald.clean
from herald.clean import clean
from herald.clean.credit import split_credit
from herald.errors import CleanError
from herald.model import Cleaned

BODY = "Gunmen attacked a village near the border on Sunday, officials said."
MORE = "The army sent reinforcements to the area the following morning."


def _check_format(cleaned: Cleaned) -> None:
    for para in cleaned.text.split("\n\n"):
        assert para and para == para.strip()
        assert "\n" not in para and not re.search(r"\s\s", para)


def test_public_api() -> None:
    assert herald.clean.__all__ == ["clean"]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " ",
        "\n\n\n",
        "  \t \r\n \u00a0 ",
        "\u200b\u200b",
        "Share :\n\nI subscribe now\n\nAdvertisement",
        "• • •",
    ],
)
def test_nothing_left_raises_e201(raw: str) -> None:
    with pytest.raises(CleanError) as caught:
        clean(raw)
    assert caught.value.code == "E201"
    assert "<text>" in str(caught.value)


@pytest.mark.parametrize("sep", ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n \n\t\n"])
def test_line_ends_and_blank_lines(sep: str) -> None:
    cleaned = clean(f"Village attacked{sep}{BODY}{sep}Advertisement{sep}{MORE}")
    assert cleaned.text == f"Village attacked\n\n{BODY}\n\n{MORE}"
    assert cleaned.title == "Village attacked"
    step = sep.replace("\r\n", "\n").count("\n") + sep.count("\r") - sep.count("\r\n")
    assert [r.line for r in cleaned.removed] == [2 * step]


@pytest.mark.parametrize("spaces", ["  ", "\t", "\u00a0", "\u2009", "\u202f \u00a0"])
def test_whitespace_runs_collapsed(spaces: str) -> None:
    cleaned = clean(f"Gunmen{spaces}attacked a village.{spaces}\n\n{spaces}{MORE}")
    assert cleaned.text == f"Gunmen attacked a village.\n\n{MORE}"


@pytest.mark.parametrize("n", [2_000, 50_000])
def test_very_long_line(n: int) -> None:
    raw = " ".join(["word"] * n) + "."
    cleaned = clean(raw)
    assert cleaned.text == raw
    assert cleaned.title is None


@pytest.mark.parametrize(
    ("first", "is_title"),
    [
        ("Niger and Russia step up military ties", True),
        ("Sahel : les juntes se rapprochent", True),
        ("Is Niger turning to Moscow?", False),  # ends like a sentence
        ("Gunmen attacked a village.", False),
        ("  ".join(["word"] * 30), False),  # too long for a headline
    ],
)
def test_title(first: str, is_title: bool) -> None:
    cleaned = clean(f"{first}\n\n{BODY}")
    assert (cleaned.title is not None) is is_title
    assert cleaned.text.startswith(" ".join(first.split()))


@pytest.mark.parametrize("raw", ["Niger and Russia step up military ties", BODY])
def test_single_line_is_not_a_title(raw: str) -> None:
    cleaned = clean(raw)
    assert cleaned.title is None
    assert cleaned.text == raw


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "Farmers march in Kayes, Mali, May 2, 2022. AFP - -",
            "Farmers march in Kayes, Mali, May 2, 2022.",
            "AFP - -",
        ),
        (
            "Troops patrol in Gao on March 3, 2024. © Reuters",
            "Troops patrol in Gao on March 3, 2024.",
            "© Reuters",
        ),
        (
            "Troops patrol in Gao on Monday (Getty Images)",
            "Troops patrol in Gao on Monday",
            "(Getty Images)",
        ),
        (
            "Troops patrol in Gao. Photo: Jane Doe / AFP",
            "Troops patrol in Gao.",
            "Photo: Jane Doe / AFP",
        ),
        (
            "Des manifestants à Niamey, le 11 août 2023. AFP - Jean Dupont",
            "Des manifestants à Niamey, le 11 août 2023.",
            "AFP - Jean Dupont",
        ),
        (
            "Des soldats à Bamako. Crédit photo : Jean Dupont",
            "Des soldats à Bamako.",
            "Crédit photo : Jean Dupont",
        ),
        ("Troops patrol in Gao. Jane Doe/Reuters", "Troops patrol in Gao.", "Jane Doe/Reuters"),
        ("Troops patrol in Gao. REUTERS/Jane Doe", "Troops patrol in Gao.", "REUTERS/Jane Doe"),
        (
            "Troops patrol in Gao (Photo by Jane Doe/AFP via Getty Images)",
            "Troops patrol in Gao",
            "(Photo by Jane Doe/AFP via Getty Images)",
        ),
    ],
)
def test_caption_with_credit(line: str, caption: str, credit: str) -> None:
    cleaned = clean(f"Village attacked\n\n{line}\n\n{BODY}")
    assert cleaned.caption is not None
    assert cleaned.caption.text(cleaned.text) == caption
    assert cleaned.text == f"Village attacked\n\n{caption}\n\n{BODY}"
    assert [(r.line, r.text, r.reason) for r in cleaned.removed] == [(2, credit, "credit")]


@pytest.mark.parametrize("credit", ["AFP", "© Reuters", "Photo: Jane Doe / AFP", "(Getty Images)"])
def test_caption_before_credit_line(credit: str) -> None:
    raw = f"Village attacked\n\nSoldiers in Gao, Mali, on 3 March 2024.\n\n{credit}\n\n{BODY}"
    cleaned = clean(raw)
    assert cleaned.caption is not None
    assert cleaned.caption.text(cleaned.text) == "Soldiers in Gao, Mali, on 3 March 2024."
    assert [r.reason for r in cleaned.removed] == ["credit"]


@pytest.mark.parametrize(
    "line",
    [
        "The minister told AFP that the army would withdraw.",
        "The minister told AFP",
        "Soldiers spoke to Reuters on condition of anonymity, saying the base was empty.",
        "Copyright reform divides the assembly",
    ],
)
def test_agency_in_a_sentence_is_not_a_credit(line: str) -> None:
    assert split_credit(line) is None


def test_caption_is_first_credited_line_only() -> None:
    raw = f"{BODY}\n\nA rally in Niamey. AFP\n\n{MORE}\n\nA march in Dakar. © Reuters"
    cleaned = clean(raw)
    assert cleaned.caption is not None
    assert cleaned.caption.text(cleaned.text) == "A rally in Niamey."
    assert [r.text for r in cleaned.removed] == ["AFP", "© Reuters"]
    assert cleaned.text.endswith("A march in Dakar.")


@pytest.mark.parametrize(
    "raw",
    [
        'He said "no\n\nand left',
        "« Non\n\n« Oui",
        '"""no',
        "“”“” quotes",
        "-\n\nword-\n\n-word",
        "\x00\x07 control \x1b chars in a line.",
        "Read also\n\nRead also\n\nsomething",
        "Tags:\n\nTags:\n\nA real sentence follows here, and it is long enough to count.",
        "\ufeffByte order mark at the start of the line.",
    ],
)
def test_odd_input_gives_well_formed_output(raw: str) -> None:
    cleaned = clean(raw)
    _check_format(cleaned)
    if cleaned.caption is not None:
        assert cleaned.caption.end <= len(cleaned.text)


def test_removed_lines_are_sorted_raw_lines() -> None:
    raw = f"By: Jane Doe\n\n{BODY}\n\nRead more\n\n{MORE}\n\nShare :\n\nTags: Mali"
    cleaned = clean(raw)
    lines = raw.split("\n")
    assert [r.line for r in cleaned.removed] == [0, 4, 8, 10]
    assert all(lines[r.line] == r.text for r in cleaned.removed)
    assert cleaned.tags == ("Mali",)


def test_related_and_tags_are_unique() -> None:
    raw = f"{BODY}\n\nRead also: Mali votes\n\n{MORE}\n\nRead also: Mali votes\n\nTags: Mali, Mali"
    cleaned = clean(raw)
    assert cleaned.related_titles == ("Mali votes",)
    assert cleaned.tags == ("Mali",)


def test_nothing_but_content_is_untouched() -> None:
    cleaned = clean(f"{BODY}\n\n{MORE}")
    assert cleaned == Cleaned(text=f"{BODY}\n\n{MORE}")


@pytest.mark.parametrize("tail", ["(AFP)", "AFP - -", "© Reuters"])
def test_last_paragraph_with_agency_is_not_a_caption(tail: str) -> None:
    cleaned = clean(f"{BODY}\n\n{MORE} {tail}")
    assert cleaned.caption is None
    assert cleaned.text == f"{BODY}\n\n{MORE}"
    assert [(r.text, r.reason) for r in cleaned.removed] == [(tail, "credit")]
