"""Source readers: every kind of input in, RawArticles or coded ingest rejections out."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import herald.sources
from herald.model import RawArticle, Rejection
from herald.sources import STDIN_KEY, parse_date, read_inputs

LIMIT = 1_000_000
STORY = "Niger's junta expelled the French ambassador on Tuesday, state television said."
LATIN = (
    "Le ministre a déclaré mardi à Niamey que l'été dernier était très difficile; "
    "les élèves ont déjà quitté l'école et la sécurité reste fragile."
)
PAGE = """<html><head><title>Niger expels envoy - Daily News</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Daily News">
<meta property="article:published_time" content="2024-01-16T10:00:00Z">
<link rel="canonical" href="https://example.com/niger"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article>
<p>NIAMEY, Jan 16 - Niger's military government on Tuesday ordered the French ambassador to
leave the country within 48 hours, state television said.</p>
<p>The move follows weeks of tension between the junta and Paris over the presence of French
troops in the Sahel, officials said on Monday.</p>
<p>"We will not accept interference," said a spokesman for the ruling council in a statement
read on air.</p></article><footer>Copyright 2024</footer></body></html>"""


def read(*paths: str | Path, max_bytes: int = LIMIT) -> list[RawArticle | Rejection]:
    return list(read_inputs(paths, max_bytes=max_bytes))


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def only_article(items: list[RawArticle | Rejection]) -> RawArticle:
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, RawArticle), item
    return item


def only_rejection(items: list[RawArticle | Rejection]) -> Rejection:
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, Rejection), item
    return item


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.txt", "text"), ("a.text", "text"), ("a.md", "markdown"), ("A.TXT", "text")],
)
def test_text_file_becomes_raw_article(tmp_path: Path, name: str, fmt: str) -> None:
    path = write(tmp_path / name, STORY + "\n")
    article = only_article(read(path))
    assert (article.key, article.text, article.format, article.encoding) == (
        str(path),
        STORY,
        fmt,
        "utf-8",
    )


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "title: Niger expels envoy\ndate: 2024-01-16\nsource: Daily News\n"
            "url: https://example.com/a\nauthor: Jane Doe",
            (
                "Niger expels envoy",
                date(2024, 1, 16),
                "Daily News",
                "https://example.com/a",
                "Jane Doe",
            ),
        ),
        (
            'Title: "Quoted title"\npublished: 2024-01-16T23:30:00+01:00',
            ("Quoted title", date(2024, 1, 16), None, None, None),
        ),
        ("date: last Tuesday", (None, None, None, None, None)),
    ],
)
def test_front_matter_fills_metadata_and_is_not_text(
    tmp_path: Path, front: str, expected: tuple[Any, ...]
) -> None:
    path = write(tmp_path / "a.md", f"---\n{front}\n---\n{STORY}\n")
    article = only_article(read(path))
    got = (article.title, article.published, article.source, article.url, article.author)
    assert (got, article.text) == (expected, STORY)


@pytest.mark.parametrize(
    "text",
    [
        f"---\n{STORY}\n---\nMore text.",  # a rule, then prose: no key: value lines
        f"---\ntitle: never closed\n{STORY}",
    ],
)
def test_text_without_front_matter_is_kept_whole(tmp_path: Path, text: str) -> None:
    article = only_article(read(write(tmp_path / "a.md", text)))
    assert (article.text, article.title) == (text, None)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_are_unified(tmp_path: Path, newline: str) -> None:
    path = write(tmp_path / "a.txt", f"{STORY}{newline}{newline}Second paragraph.".encode())
    assert only_article(read(path)).text == f"{STORY}\n\nSecond paragraph."


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf"])
def test_utf8_bom_is_dropped(tmp_path: Path, bom: bytes) -> None:
    article = only_article(read(write(tmp_path / "a.txt", bom + STORY.encode())))
    assert (article.text, article.encoding) == (STORY, "utf-8")


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_legacy_western_encoding_is_detected_and_recorded(tmp_path: Path, codec: str) -> None:
    article = only_article(read(write(tmp_path / "a.txt", LATIN.encode(codec))))
    assert (article.text, article.encoding) == (LATIN, "cp1252")


@pytest.mark.parametrize("codec", ["utf-16"])
def test_utf16_with_bom_is_text_not_binary(tmp_path: Path, codec: str) -> None:
    article = only_article(read(write(tmp_path / "a.txt", STORY.encode(codec))))
    assert (article.text, article.encoding) == (STORY, "utf-16")


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "E102"),
        ("blank.txt", b"  \n\t\n ", "E102"),
        ("blank.md", b"---\ntitle: Only metadata\n---\n\n", "E102"),
        ("nul.txt", b"PK\x03\x04\x00\x00binary zip header", "E103"),
        ("controls.txt", bytes(range(1, 9)) * 40 + b"some text", "E103"),
        ("undecodable.txt", bytes(range(0x80, 0x100)) * 3, "E104"),
        ("picture.png", b"\x89PNG", "E106"),
        ("huge.txt", b"word " * 400, "E105"),
    ],
)
def test_bad_file_becomes_coded_rejection(
    tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    path = write(tmp_path / name, data)
    rejection = only_rejection(read(path, max_bytes=1000))
    assert (rejection.key, rejection.stage, rejection.code) == (str(path), "ingest", code)
    assert rejection.message.startswith(f"[{code}]")


@pytest.mark.parametrize("missing", ["no/such/file.txt", "nowhere"])
def test_missing_path_is_rejected_e101(tmp_path: Path, missing: str) -> None:
    rejection = only_rejection(read(tmp_path / missing))
    assert (rejection.code, rejection.key) == ("E101", str(tmp_path / missing))


@pytest.mark.parametrize("mode", [0o000])
def test_unreadable_file_is_rejected_e111(tmp_path: Path, mode: int) -> None:
    path = write(tmp_path / "locked.txt", STORY)
    path.chmod(mode)
    try:
        if path.stat().st_mode & 0o777 != mode or _readable(path):
            pytest.skip("running with privileges that ignore file modes")
        assert only_rejection(read(path)).code == "E111"
    finally:
        path.chmod(0o644)


def _readable(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


@pytest.mark.parametrize("layout", [["b/2.txt", "a.txt", "b/1.md", "c/.hidden.txt", ".git/x.txt"]])
def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path, layout: list[str]) -> None:
    for name in layout:
        write(tmp_path / name, f"{STORY} ({name})")
    write(tmp_path / "b" / "notes.pdf", b"%PDF-1.7")
    keys = [item.key for item in read(tmp_path)]
    assert keys == [str(tmp_path / n) for n in ("a.txt", "b/1.md", "b/2.txt")]


@pytest.mark.parametrize(
    "lines",
    [
        [
            {"text": STORY, "title": "One"},
            "{not json",
            {"title": "no text"},
            ["an", "array"],
            {"body": "   "},
            {"content": STORY + " Again.", "published": "2024-01-16"},
        ]
    ],
)
def test_malformed_jsonl_line_is_rejected_and_the_rest_read(
    tmp_path: Path, lines: list[Any]
) -> None:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path = write(tmp_path / "feed.jsonl", text + "\n\n")
    items = read(path)
    summary = [(i.key, i.code if isinstance(i, Rejection) else "ok") for i in items]
    assert summary == [
        (f"{path}#line1", "ok"),
        (f"{path}#line2", "E107"),
        (f"{path}#line3", "E107"),
        (f"{path}#line4", "E107"),
        (f"{path}#line5", "E102"),
        (f"{path}#line6", "ok"),
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\x85"])
def test_jsonl_record_may_hold_unicode_line_separators(tmp_path: Path, separator: str) -> None:
    line = json.dumps({"text": f"One.{separator}Two."}, ensure_ascii=False)
    path = write(tmp_path / "feed.jsonl", f"{line}\r\n{line}\n")
    items = read(path)
    assert [i.text for i in items if isinstance(i, RawArticle)] == [f"One.{separator}Two."] * 2


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {"text": STORY, "title": "T", "published": "2024-01-16", "url": "u", "source": "S"},
            ("T", date(2024, 1, 16), "u", "S"),
        ),
        (
            {"body": STORY, "date": "2024-01-16T08:00:00Z", "source_name": "S"},
            (None, date(2024, 1, 16), None, "S"),
        ),
        ({"content": STORY, "publish_date": "yesterday", "id": 7}, (None, None, None, None)),
        ({"text": STORY, "published": 20240116}, (None, None, None, None)),
    ],
)
def test_jsonl_field_names_and_dates(
    tmp_path: Path, record: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    article = only_article(read(write(tmp_path / "feed.jsonl", json.dumps(record))))
    got = (article.title, article.published, article.url, article.source)
    assert (got, article.text, article.format) == (expected, STORY, "jsonl")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"text": STORY}, [("", "ok")]),
        (
            [{"text": STORY}, {"title": "no text"}, {"body": STORY + "!"}],
            [("#item1", "ok"), ("#item2", "E110"), ("#item3", "ok")],
        ),
        ([], [("", "E102")]),
        ("just a string", [("", "E110")]),
    ],
)
def test_json_file_holds_one_record_or_an_array(
    tmp_path: Path, data: Any, expected: list[tuple[str, str]]
) -> None:
    path = write(tmp_path / "a.json", json.dumps(data))
    items = read(path)
    got = [(i.key, i.code if isinstance(i, Rejection) else "ok") for i in items]
    assert got == [(f"{path}{suffix}", code) for suffix, code in expected]


@pytest.mark.parametrize("text", ['{"text": "unterminated', "[1, 2,"])
def test_invalid_json_is_rejected_e110(tmp_path: Path, text: str) -> None:
    assert only_rejection(read(write(tmp_path / "a.json", text))).code == "E110"


@pytest.mark.parametrize("name", ["page.html", "page.htm"])
def test_html_main_text_and_metadata(tmp_path: Path, name: str) -> None:
    article = only_article(read(write(tmp_path / name, PAGE)))
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("NIAMEY, Jan 16")
    assert "Home" not in article.text and "Copyright" not in article.text
    assert (article.published, article.author, article.source, article.url, article.format) == (
        date(2024, 1, 16),
        "Jane Doe",
        "Daily News",
        "https://example.com/niger",
        "html",
    )


@pytest.mark.parametrize(
    "html",
    [
        "<<<>>><html",
        "<html><body><script>var x = 1;</script></body></html>",
        "<html><body><div><span></div></p></body>",
        "<!-- only a comment -->",
    ],
)
def test_malformed_html_is_rejected_e108(tmp_path: Path, html: str) -> None:
    assert only_rejection(read(write(tmp_path / "page.html", html))).code == "E108"


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (STORY.encode(), "text"),
        (PAGE.encode(), "html"),
        (json.dumps({"text": STORY}).encode(), "json"),
        ((json.dumps({"text": STORY}) + "\n" + json.dumps({"text": STORY})).encode(), "jsonl"),
    ],
)
def test_stdin_is_read_for_dash(monkeypatch: pytest.MonkeyPatch, data: bytes, fmt: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = read("-")
    assert items and all(isinstance(i, RawArticle) and i.format == fmt for i in items)
    assert items[0].key.startswith(STDIN_KEY)


@pytest.mark.parametrize("size", [300])
def test_stdin_over_the_limit_is_rejected_e105(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * size)))
    assert only_rejection(read("-", max_bytes=100)).code == "E105"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-16", date(2024, 1, 16)),
        ("2024-01-16T10:00:00Z", date(2024, 1, 16)),
        ("2024-01-16 10:00:00+05:00", date(2024, 1, 16)),
        (" 2024-01-16 ", date(2024, 1, 16)),
        ("16/01/2024", None),
        ("", None),
        (None, None),
        (20240116, None),
    ],
)
def test_parse_date_accepts_iso_only(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("module", [herald.sources])
def test_public_names_are_exported(module: Any) -> None:
    assert sorted(module.__all__) == sorted(
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and name != "annotations" and not isinstance(value, ModuleType)
    )
