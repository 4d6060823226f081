"""PLOVER JSON records and the actor network (GraphML, GEXF) read back as an analyst would."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from export.samples import sample_result
from herald.errors import ExportError
from herald.export import GDELT_COLUMNS, PLOVER_KEYS, build_network, export
from herald.store import Store
from store.factory import STORIES, Spec, make_result


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        opened.add(sample_result("one", url="https://example.com/one"))
        opened.add(sample_result("two"))  # a near-duplicate of "one"
        yield opened


def _plover(store: Store) -> list[dict[str, object]]:
    buffer = io.StringIO()
    export(store, "plover", out=buffer, duplicates=False)
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


@pytest.mark.parametrize("required", [("id", "date", "actor", "event")])
def test_plover_records_have_the_manual_fields(store: Store, required: tuple[str, ...]) -> None:
    for record in _plover(store):
        assert tuple(record) == PLOVER_KEYS
        assert all(record[key] for key in required)


@pytest.mark.parametrize("cameo", ["1663"])
def test_plover_record_values(store: Store, cameo: str) -> None:
    record = next(r for r in _plover(store) if r["cameo"] == cameo)
    assert record["event"] == ["REDUCE"] and record["mode"] == ["expel"]
    assert record["actor"][0]["code"] == "NER" and record["actor"][0]["sector"] == "GOV"
    assert record["recipient"][0]["entity_text"] == "the French ambassador"
    assert record["event_loc"]["country_code"] == "NER"  # GeoNames' NE, as ISO 3166 alpha-3
    assert record["quad_code"] == 4 and record["date"] == "2024-01-16"
    assert record["cite_info"]["url"] == "https://example.com/one"
    assert str(record["link"]).startswith("cluster-")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_reads_back_in_networkx(store: Store, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"net.{fmt}"
    edges = export(store, fmt, out=path)
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert graph.is_directed() and graph.number_of_edges() == edges == 1
    (source, target, data) = next(iter(graph.edges(data=True)))
    labels = nx.get_node_attributes(graph, "label")
    assert (labels[source], labels[target]) == ("Niger military government", "French ambassador")
    assert data["type"] == "REDUCE"
    # One edge of weight 1: the near-duplicate's copy of the event is not counted.
    assert float(data["weight"]) == 1.0


@pytest.mark.parametrize("name", ['Ali <"Baba"> & Sons'])
def test_network_xml_escapes_names(tmp_path: Path, name: str) -> None:
    result = sample_result()
    expel = result.events[0]
    odd = replace(expel.actors[0], name=name)
    with Store.open(":memory:") as store:
        store.add(replace(result, events=(replace(expel, actors=(odd,)),)))
        path = tmp_path / "net.graphml"
        export(store, "graphml", out=path)
    assert name in nx.get_node_attributes(nx.read_graphml(path), "label").values()


@pytest.mark.parametrize("records", [[]])
def test_empty_network(records: list[dict[str, object]]) -> None:
    network = build_network(records)
    assert not network.nodes and not network.edges


@pytest.mark.parametrize(
    ("fmt", "what"), [("plover", "quotes"), ("gexf", "actors"), ("csv", "articles")]
)
def test_event_only_formats_refuse_other_selections(store: Store, fmt: str, what: str) -> None:
    with pytest.raises(ExportError) as info:
        export(store, fmt, what, io.StringIO())
    assert info.value.code == "E604"


@pytest.mark.parametrize("columns", [("NumMentions", "NumSources", "NumArticles")])
def test_gdelt_has_one_row_per_real_event_with_its_counts(
    tmp_path: Path, columns: tuple[str, ...]
) -> None:

    spec = (Spec("REDUCE", "NER", "FRA", date(2024, 1, 16), cameo="1663"),)
    with Store.open(":memory:") as store:
        store.add(make_result(STORIES["niger"], spec, source="AFP"))
        store.add(make_result(STORIES["japan"], spec, source="Reuters"))
        store.add(make_result(STORIES["japan"] + " Copyright Reuters.", spec, source="Copy"))
        buffer = io.StringIO()
        export(store, "gdelt", out=buffer)
    (row,) = [line.split("\t") for line in buffer.getvalue().splitlines()]
    assert [row[GDELT_COLUMNS.index(c)] for c in columns] == ["2", "2", "2"]


@pytest.mark.parametrize("what", ["articles"])
def test_articles_export_carries_text_and_duplicate_link(store: Store, what: str) -> None:
    buffer = io.StringIO()
    export(store, "jsonl", what, buffer)
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert [r["duplicate_of"] is None for r in records] == [True, False]
    assert records[0]["text"].startswith("Niger's junta")
