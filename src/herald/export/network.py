"""The actor network: actors as nodes, events as typed, weighted edges; GraphML and GEXF out.

A node is an actor as events name it (name, country, sector); an edge goes from an event's actor
to its recipient, one per PLOVER type, weighted by the number of events. The XML is written with
the standard library (ElementTree escapes every text and attribute).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from herald.export.records import Record

NodeKey = tuple[str, str | None, str | None]


@dataclass(slots=True)
class Node:
    id: str
    label: str
    country: str | None
    sector: str | None
    events: int = 0


@dataclass(slots=True)
class Edge:
    id: str
    source: str
    target: str
    type: str
    weight: int = 0
    goldstein: float = 0.0
    quad_class: int | None = None


@dataclass(slots=True)
class Network:
    nodes: dict[NodeKey, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)

    def node(self, participant: Record) -> Node:
        name = str(participant.get("name") or participant.get("text") or "?")
        key = (name, participant.get("country"), participant.get("sector"))
        found = self.nodes.get(key)
        if found is None:
            found = self.nodes[key] = Node(f"n{len(self.nodes)}", name, key[1], key[2])
        return found


def build_network(records: Iterable[Record]) -> Network:
    """The network of event records (give records of original articles, not copies)."""
    network = Network()
    for record in records:
        sources = [network.node(p) for p in record["actor"]]
        targets = [network.node(p) for p in record["recipient"]]
        for node in {n.id: n for n in (*sources, *targets)}.values():
            node.events += 1
        for source in sources:
            for target in targets:
                if source.id == target.id:
                    continue
                key = (source.id, target.id, str(record["event"]))
                edge = network.edges.get(key)
                if edge is None:
                    edge = network.edges[key] = Edge(
                        f"e{len(network.edges)}", source.id, target.id, key[2]
                    )
                edge.weight += 1
                edge.goldstein += float(record["goldstein"] or 0.0)
                edge.quad_class = record["quad_class"]
    return network


def _text(value: object) -> str:
    return "" if value is None else str(value)


_NODE_ATTRS = (("label", "string"), ("country", "string"), ("sector", "string"), ("events", "int"))
_EDGE_ATTRS = (("type", "string"), ("weight", "double"), ("goldstein", "double"))


def write_graphml(network: Network, stream: TextIO) -> int:
    """GraphML (directed; parallel edges differ by type). Returns the number of edges."""
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", {"xmlns": ns})
    for name, kind in _NODE_ATTRS:
        ET.SubElement(
            root, "key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": kind}
        )
    for name, kind in _EDGE_ATTRS:
        ET.SubElement(
            root, "key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": kind}
        )
    graph = ET.SubElement(root, "graph", {"id": "herald", "edgedefault": "directed"})
    for node in network.nodes.values():
        element = ET.SubElement(graph, "node", {"id": node.id})
        for name, value in (
            ("label", node.label),
            ("country", node.country),
            ("sector", node.sector),
            ("events", node.events),
        ):
            if value is not None:
                ET.SubElement(element, "data", {"key": f"n_{name}"}).text = _text(value)
    for edge in network.edges.values():
        element = ET.SubElement(
            graph, "edge", {"id": edge.id, "source": edge.source, "target": edge.target}
        )
        for name, text in (
            ("type", edge.type),
            ("weight", _text(float(edge.weight))),
            ("goldstein", _text(edge.goldstein)),
        ):
            ET.SubElement(element, "data", {"key": f"e_{name}"}).text = text
    _write(root, stream)
    return len(network.edges)


def write_gexf(network: Network, stream: TextIO) -> int:
    """GEXF 1.3 (directed, static; edge label and ``type`` attribute = PLOVER type)."""
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "Herald"
    ET.SubElement(meta, "description").text = "Actors linked by the events between them"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_attrs = ET.SubElement(graph, "attributes", {"class": "node"})
    for n, (name, kind) in enumerate(_NODE_ATTRS[1:]):
        kind = "integer" if kind == "int" else kind
        ET.SubElement(node_attrs, "attribute", {"id": str(n), "title": name, "type": kind})
    edge_attrs = ET.SubElement(graph, "attributes", {"class": "edge"})
    ET.SubElement(edge_attrs, "attribute", {"id": "0", "title": "type", "type": "string"})
    ET.SubElement(edge_attrs, "attribute", {"id": "1", "title": "goldstein", "type": "double"})
    nodes = ET.SubElement(graph, "nodes")
    for node in network.nodes.values():
        element = ET.SubElement(nodes, "node", {"id": node.id, "label": node.label})
        values = ET.SubElement(element, "attvalues")
        for n, value in enumerate((node.country, node.sector, node.events)):
            if value is not None:
                ET.SubElement(values, "attvalue", {"for": str(n), "value": _text(value)})
    edges = ET.SubElement(graph, "edges")
    for edge in network.edges.values():
        element = ET.SubElement(
            edges,
            "edge",
            {
                "id": edge.id,
                "source": edge.source,
                "target": edge.target,
                "label": edge.type,
                "weight": _text(float(edge.weight)),
            },
        )
        values = ET.SubElement(element, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "0", "value": edge.type})
        ET.SubElement(values, "attvalue", {"for": "1", "value": _text(edge.goldstein)})
    _write(root, stream)
    return len(network.edges)


def _write(root: ET.Element, stream: TextIO) -> None:
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
