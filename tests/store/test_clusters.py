"""Event clusters: one real-world event from several sentences or articles, with counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from herald.store import Store
from herald.store.clusters import Clusterer, Mention, assertion
from store.factory import NIAMEY, PARIS, STORIES, Spec, make_result

DAY = date(2024, 1, 16)
KEY = ("REDUCE", ("NER",), ("FRA",), "asserted")


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


def mention(n: int, **changes: Any) -> Mention:
    values: dict[str, Any] = {
        "event_id": f"e{n}",
        "key": KEY,
        "start": DAY,
        "end": DAY,
        "actor_countries": ("NER",),
        "recipient_countries": ("FRA",),
        "codes": (("NERGOV",), ("FRAGOV",)),
    }
    values.update(changes)
    return Mention(**values)


@pytest.mark.parametrize(
    ("modality", "expected"),
    [
        (None, "asserted"),
        ({"future": True}, "future"),
        ({"negated": True, "future": True}, "negated+future"),
    ],
)
def test_assertion_names_the_modality(modality: dict[str, bool] | None, expected: str) -> None:
    assert assertion(modality) == expected


@pytest.mark.parametrize(
    ("second", "merged"),
    [
        ({}, True),
        ({"start": date(2024, 1, 1), "end": date(2024, 1, 31)}, True),  # a month holds the day
        ({"start": date(2024, 1, 17), "end": date(2024, 1, 17)}, False),  # another day
        ({"key": ("REDUCE", ("NER",), ("USA",), "asserted")}, False),  # another recipient
        ({"codes": (("NERMIL",), ("FRAGOV",))}, False),  # another sector
        ({"codes": (("NER",), ("FRA",))}, True),  # sectors unknown: no clash
        ({"key": ("CONSULT", ("NER",), ("FRA",), "asserted")}, False),  # another type
        ({"key": ("REDUCE", ("NER",), ("FRA",), "future")}, False),  # announced, not done
        ({"start": None, "end": None}, False),  # undated
        ({"geonameid": 1, "place": "Elsewhere"}, False),  # another known place
    ],
)
def test_matching_rules(second: dict[str, Any], merged: bool) -> None:
    clusterer = Clusterer()
    first = clusterer.assign(mention(1, geonameid=NIAMEY.geonameid, place="Niamey"))
    assert (clusterer.assign(mention(2, **second)) is first) is merged


@pytest.mark.parametrize("key", [("PROTEST", (), (), "asserted")])
def test_events_without_any_country_are_never_merged(key: Any) -> None:
    clusterer = Clusterer()
    bare = {"key": key, "actor_countries": (), "recipient_countries": ()}
    first = clusterer.assign(mention(1, **bare))
    assert clusterer.assign(mention(2, **bare)) is not first


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        ({}, {}, False),  # one side known, no place: unrelated stories of a busy day
        ({"geonameid": 1, "place": "Nairobi"}, {"geonameid": 1, "place": "Nairobi"}, True),
        ({"geonameid": 1, "place": "Nairobi"}, {}, False),
    ],
)
@pytest.mark.parametrize("recipients", [(), ("KEN",)])  # one-sided, or domestic
def test_one_sided_or_domestic_events_merge_only_at_one_known_place(
    first: dict[str, Any], second: dict[str, Any], merged: bool, recipients: tuple[str, ...]
) -> None:
    key = ("PROTEST", ("KEN",), recipients, "asserted")
    sides = {
        "key": key,
        "actor_countries": ("KEN",),
        "recipient_countries": recipients,
        "codes": (("KENCVL",), tuple(f"{c}GOV" for c in recipients)),
    }
    clusterer = Clusterer()
    cluster = clusterer.assign(mention(1, **sides, **first))
    assert (clusterer.assign(mention(2, **sides, **second)) is cluster) is merged


@pytest.mark.parametrize("day", [date(2024, 1, 16)])
def test_a_precise_report_narrows_the_cluster(day: date) -> None:
    clusterer = Clusterer()
    wide = clusterer.assign(mention(1, start=date(2024, 1, 1), end=date(2024, 1, 31)))
    clusterer.assign(mention(2, start=day, end=day))
    assert (wide.start, wide.end) == (day, day)
    assert clusterer.assign(mention(3, start=date(2024, 1, 20), end=date(2024, 1, 20))) is not wide


@pytest.mark.parametrize(
    ("sources", "expected"),
    [(["AFP", "Reuters", "AFP"], (3, 3, 2)), (["AFP", None], (2, 2, 2))],
)
def test_counts_across_articles(
    store: Store, sources: list[str | None], expected: tuple[int, int, int]
) -> None:
    spec = (Spec("REDUCE", "NER", "FRA", DAY, place=NIAMEY, quad_class=4, goldstein=-7.0),)
    texts = [STORIES["niger"], STORIES["japan"], STORIES["kenya"]]
    for text, source in zip(texts, sources, strict=False):
        store.add(make_result(text, spec, source=source))
    (cluster,) = store.clusters()
    assert (cluster["mentions"], cluster["articles"], cluster["sources"]) == expected


@pytest.mark.parametrize("sentences", [(0, 1)])
def test_two_sentences_of_one_article_are_two_mentions(
    store: Store, sentences: tuple[int, int]
) -> None:
    specs = tuple(Spec("REDUCE", "NER", "FRA", DAY, sentence=n) for n in sentences)
    store.add(make_result(STORIES["niger"], specs))
    (cluster,) = store.clusters()
    assert (cluster["mentions"], cluster["articles"]) == (2, 1)


@pytest.mark.parametrize("copy_suffix", [" Copyright Wire Services, all rights reserved."])
def test_copies_do_not_count(store: Store, copy_suffix: str) -> None:
    spec = (Spec("REDUCE", "NER", "FRA", DAY),)
    store.add(make_result(STORIES["niger"], spec))
    store.add(make_result(STORIES["niger"] + copy_suffix, spec, source="Other"))
    (cluster,) = store.clusters()
    assert (cluster["mentions"], cluster["sources"], cluster["duplicate_mentions"]) == (1, 1, 1)


@pytest.mark.parametrize("places", [(NIAMEY, PARIS)])
def test_different_places_make_different_events(store: Store, places: tuple[Any, Any]) -> None:
    for text, place in zip((STORIES["niger"], STORIES["japan"]), places, strict=True):
        store.add(make_result(text, (Spec("PROTEST", "NER", None, DAY, place=place),)))
    assert len(store.clusters()) == 2


@pytest.mark.parametrize("n", [2])
def test_cluster_members_are_the_merged_events(store: Store, n: int) -> None:
    specs = tuple(Spec("REDUCE", "NER", "FRA", DAY, sentence=i) for i in range(n))
    result = make_result(STORIES["niger"], specs)
    store.add(result)
    (cluster,) = store.clusters()
    members = store.cluster_members(cluster["cluster_id"])
    assert [m["id"] for m in members] == [e.id for e in result.events]


@pytest.mark.parametrize("n", [3])
def test_recluster_gives_the_same_clusters(store: Store, n: int) -> None:
    specs = tuple(Spec("REDUCE", "NER", "FRA", DAY, sentence=i) for i in range(n))
    store.add(make_result(STORIES["niger"], specs))
    before = store.clusters()
    assert store.recluster() == 1
    assert store.clusters() == before


@pytest.mark.parametrize(
    ("recipient", "merged"), [("Dr. Wallerstein", False), ("Mr. Solorio", True)]
)
def test_within_one_article_the_people_must_match(recipient: str, merged: bool) -> None:
    clusterer = Clusterer()
    first = clusterer.assign(
        mention(
            1, article_id="a", sentence=0, names=(frozenset({"dunn"}), frozenset({"mr. solorio"}))
        )
    )
    second = mention(
        2,
        article_id="a",
        sentence=90,
        names=(frozenset({"dunn"}), frozenset({recipient.casefold()})),
    )
    assert (clusterer.assign(second) is first) is merged


@pytest.mark.parametrize("recipient", ["Moscow"])
def test_across_articles_names_may_differ(recipient: str) -> None:
    clusterer = Clusterer()
    first = clusterer.assign(
        mention(1, article_id="a", names=(frozenset({"niger"}), frozenset({"russia"})))
    )
    second = mention(
        2, article_id="b", names=(frozenset({"niamey"}), frozenset({recipient.casefold()}))
    )
    assert clusterer.assign(second) is first
