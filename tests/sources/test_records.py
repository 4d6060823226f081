"""CSV records, and field names configured for JSON, JSON Lines and CSV inputs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from herald.errors import ConfigError
from herald.model import RawArticle, Rejection
from herald.sources import read_inputs
from sources.samples import outcomes, write

LIMIT = 1_000_000
STORY = "Niger's junta expelled the French ambassador on Tuesday, state television said."
FIELDS = {"text": "body_html", "published": "pubDate", "title": "headline"}


def read(path: Path, fields: dict[str, str] | None = None) -> list[RawArticle | Rejection]:
    return list(read_inputs([path], max_bytes=LIMIT, fields=fields))


@pytest.mark.parametrize(
    "csv_text",
    [
        "title,text,published,url\r\n"
        f'One,"{STORY}",2024-01-16,https://example.com/1\r\n'
        'Two,"First line.\r\nSecond line, same story.",2024-01-17,\r\n'
        f'Three,"{STORY}",,\r\n'
    ],
)
def test_csv_rows_become_articles_keyed_by_their_first_line(tmp_path: Path, csv_text: str) -> None:
    path = write(tmp_path / "a.csv", csv_text)
    items = read(path)
    assert outcomes(items) == [
        (f"{path}#line2", "csv"),
        (f"{path}#line3", "csv"),  # a quoted field spans lines 3 and 4
        (f"{path}#line5", "csv"),
    ]
    first = items[0]
    assert isinstance(first, RawArticle)
    assert (first.title, first.text, first.published, first.url) == (
        "One",
        STORY,
        date(2024, 1, 16),
        "https://example.com/1",
    )


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (
            f'text,title\n"{STORY}",a\n"   ",b\n"{STORY}",c,extra\n',
            [("#line2", "csv"), ("#line3", "E102"), ("#line4", "E115")],
        ),
        ("title,date\nOne,2024-01-16\n", [("", "E115")]),  # no text column at all
        ("text,title\n", [("", "E102")]),  # a header and nothing under it
        (f'text,title\n"{STORY}" junk,a\n"{STORY}",b\n', [("#line2", "E115"), ("#line3", "csv")]),
    ],
)
def test_bad_csv_rows_are_rejected_and_the_rest_read(
    tmp_path: Path, csv_text: str, expected: list[tuple[str, str]]
) -> None:
    path = write(tmp_path / "a.csv", csv_text)
    assert outcomes(read(path)) == [(f"{path}{suffix}", code) for suffix, code in expected]


@pytest.mark.parametrize("codec", ["cp1252"])
def test_csv_in_a_legacy_encoding_is_decoded(tmp_path: Path, codec: str) -> None:
    text = "Le ministre a déclaré mardi à Niamey que la sécurité reste fragile."
    path = write(tmp_path / "a.csv", f'text\n"{text}"\n'.encode(codec))
    (article,) = read(path)
    assert isinstance(article, RawArticle)
    assert (article.text, article.encoding) == (text, codec)


RECORD = {"body_html": STORY, "pubDate": "2024-01-16", "headline": "Envoy expelled", "text": "x"}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.jsonl", json.dumps(RECORD)),
        ("a.json", json.dumps([RECORD])),
        (
            "a.csv",
            "body_html,pubDate,headline,text\n"
            + ",".join(f'"{RECORD[k]}"' for k in ("body_html", "pubDate", "headline", "text")),
        ),
    ],
)
def test_fields_option_names_the_keys_and_columns(tmp_path: Path, name: str, data: str) -> None:
    (article,) = read(write(tmp_path / name, data), fields=FIELDS)
    assert isinstance(article, RawArticle)
    assert (article.text, article.published, article.title) == (
        STORY,
        date(2024, 1, 16),
        "Envoy expelled",
    )


@pytest.mark.parametrize("name", ["a.jsonl", "a.csv"])
def test_a_mapped_field_replaces_the_default_names(tmp_path: Path, name: str) -> None:
    data = json.dumps({"text": STORY}) if name.endswith(".jsonl") else f'text\n"{STORY}"\n'
    (rejection,) = read(write(tmp_path / name, data), fields={"text": "body_html"})
    assert isinstance(rejection, Rejection)
    assert "body_html" in rejection.message


@pytest.mark.parametrize("fields", [{"body": "text"}, {"text": ""}])
def test_invalid_fields_option_raises_e701_at_once(tmp_path: Path, fields: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as caught:
        read_inputs([tmp_path], max_bytes=LIMIT, fields=fields)
    assert caught.value.code == "E701"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (bytes(range(0x80, 0x100)) * 3, "E104"),  # no single encoding fits
        (b"text\n\x00\x01\x02\x03 binary", "E103"),
        (b"text\n" + b"word " * 300, "E105"),
    ],
)
def test_undecodable_or_oversized_csv_is_rejected(tmp_path: Path, data: bytes, code: str) -> None:
    path = write(tmp_path / "a.csv", data)
    assert outcomes(list(read_inputs([path], max_bytes=1000))) == [(str(path), code)]
