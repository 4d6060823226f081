"""Near-duplicate articles: MinHash signatures, LSH candidates, links in the store."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from herald.errors import StoreError
from herald.store import Store
from herald.store.dedup import MIN_SHINGLES, NUM_PERM, DuplicateIndex, shingles, signature
from store.factory import STORIES, Spec, make_result

NIGER = STORIES["niger"]
BOILERPLATE = "Copyright 2024 Wire Services. All rights reserved. Do not redistribute."


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


@pytest.mark.parametrize(
    ("text", "expected"),
    [("One two three four", {b"one two three", b"two three four"}), ("Hi there", {b"hi there"})],
)
def test_shingles_are_lower_cased_word_trigrams(text: str, expected: set[bytes]) -> None:
    assert shingles(text) == expected


@pytest.mark.parametrize("text", [NIGER])
def test_signature_is_stable_and_full_length(text: str) -> None:
    first = signature(text)
    assert first is not None and len(first) == NUM_PERM
    assert signature(text) == first


@pytest.mark.parametrize("text", ["Too short to sign.", "one two three four five six"])
def test_short_texts_have_no_signature(text: str) -> None:
    assert len(shingles(text)) < MIN_SHINGLES
    assert signature(text) is None


@pytest.mark.parametrize(
    "copy",
    [
        NIGER + " " + BOILERPLATE,  # boilerplate added
        NIGER.replace("military rulers", "army rulers").replace("Friday", "Saturday"),
        " ".join(reversed(NIGER.split(". "))),  # sentences reordered
    ],
)
def test_edited_copy_is_found_in_the_index(copy: str) -> None:
    index = DuplicateIndex()
    original = signature(NIGER)
    assert original is not None
    index.add("original", original)
    copied = signature(copy)
    assert copied is not None
    match = index.best(copied)
    assert match is not None and match.article_id == "original"


@pytest.mark.parametrize("other", [STORIES["japan"], STORIES["kenya"]])
def test_different_story_is_not_a_duplicate(other: str) -> None:
    index = DuplicateIndex()
    original = signature(NIGER)
    assert original is not None
    index.add("original", original)
    values = signature(other)
    assert values is not None
    assert index.best(values) is None


@pytest.mark.parametrize("copy", [NIGER + " " + BOILERPLATE])
def test_store_links_a_copy_to_its_original(store: Store, copy: str) -> None:
    original, duplicate = make_result(NIGER), make_result(copy)
    store.add(original)
    store.add(duplicate)
    links = store.duplicates()
    assert [(r["article_id"], r["duplicate_of"]) for r in links] == [
        (duplicate.article.id, original.article.id)
    ]
    assert links[0]["similarity"] >= 0.5


@pytest.mark.parametrize("copies", [[NIGER + " " + BOILERPLATE, NIGER + " Updated at noon."]])
def test_copy_of_a_copy_links_to_the_first_original(store: Store, copies: list[str]) -> None:
    original = make_result(NIGER)
    store.add(original)
    for copy in copies:
        store.add(make_result(copy))
    assert {r["duplicate_of"] for r in store.duplicates()} == {original.article.id}


@pytest.mark.parametrize("copy", [NIGER + " " + BOILERPLATE])
def test_reopened_store_still_finds_copies(tmp_path: Path, copy: str) -> None:
    path = tmp_path / "h.duckdb"
    with Store.open(path) as first:
        first.add(make_result(NIGER))
    with Store.open(path) as again:
        again.add(make_result(copy))
        assert len(again.duplicates()) == 1


@pytest.mark.parametrize("copy", [NIGER + " " + BOILERPLATE])
def test_events_of_copies_can_be_hidden(store: Store, copy: str) -> None:
    spec = (Spec("REDUCE", "NER", "FRA", date(2024, 1, 16)),)
    store.add(make_result(NIGER, spec))
    store.add(make_result(copy, spec))
    assert len(store.events()) == 2
    assert len(store.events(duplicates=False)) == 1


@pytest.mark.parametrize(
    "copies", [[NIGER + " " + BOILERPLATE], [NIGER + " " + BOILERPLATE, NIGER + " Updated."]]
)
def test_copies_in_one_batch_link_to_the_original_of_the_batch(
    store: Store, copies: list[str]
) -> None:
    original = make_result(NIGER)
    added = store.add_many([original, *(make_result(c) for c in copies)])
    assert added == [True] * (1 + len(copies))
    assert {r["duplicate_of"] for r in store.duplicates()} == {original.article.id}


def test_batch_repeating_an_article_stores_it_once(store: Store) -> None:
    one = make_result(NIGER)
    assert store.add_many([one, one]) == [True, False]
    assert store.add_many([one]) == [False]
    assert len(store.articles()) == 1


def test_failed_batch_leaves_nothing_and_forgets_its_signatures(store: Store) -> None:
    good = make_result(NIGER)
    bad = make_result(STORIES["japan"], (Spec("CONSULT", "JPN", "USA", date(2024, 1, 16)),))
    broken = replace(bad, events=(*bad.events, bad.events[0]))  # the same event id twice
    with pytest.raises(StoreError):
        store.add_many([good, broken])
    assert store.articles() == []
    assert store.add(make_result(NIGER + " " + BOILERPLATE))
    assert store.duplicates() == []  # the rolled-back original is not an original
