"""Geoparsing scorer (Gritta-format XML): loading, resolution on gold spans, recognition, gates."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from herald.eval import run_eval
from herald.eval.geo import (
    UNRESOLVED_KM,
    distance_km,
    load_geoparsing,
    resolution_metrics,
)

# Made-up articles in the two layouts (not taken from the corpora).
_TOPONYM_XML = """<articles><article><text>Flooding hit Paris, Texas on Monday.</text>
<toponyms><toponym><start>13</start><end>18</end><phrase>Paris</phrase>
<gaztag geonameid="4717560"><lat>33.66</lat><lon>-95.56</lon></gaztag></toponym>
<toponym><start>20</start><end>25</end><phrase>Texas</phrase>
<gaztag geonameid="4736286"><lat>31.25</lat><lon>-99.25</lon></gaztag></toponym>
</toponyms></article></articles>"""
_LOCATION_XML = """<articles><!-- <article>dropped</article> --><article>
<text>Cases rose in  Lagos.</text><locations><location><name>Lagos</name><start>12</start>
<end>17</end><lat>6.45</lat><lon>3.39</lon></location></locations></article></articles>"""


def test_distance() -> None:
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)
    assert round(UNRESOLVED_KM) == 20015


def test_loads_toponyms_and_resolves_pairs(tmp_path: Path) -> None:
    path = tmp_path / "t.xml.gz"
    path.write_bytes(gzip.compress(_TOPONYM_XML.encode()))
    (article,) = load_geoparsing(path)
    assert [(t.name, t.geonameid) for t in article.toponyms] == [
        ("Paris", 4717560),
        ("Texas", 4736286),
    ]
    metrics = resolution_metrics([article])
    # "Paris, Texas": the qualifier keeps Paris in Texas.
    assert metrics["acc_161km"] == 1.0 and metrics["n"] == 2


def test_location_layout_realigns_offsets(tmp_path: Path) -> None:
    path = tmp_path / "v.xml"
    path.write_text(_LOCATION_XML, encoding="utf-8")
    (article,) = load_geoparsing(path)
    (gold,) = article.toponyms
    assert gold.name == "Lagos" and gold.geonameid is None
    assert article.text[gold.span.start : gold.span.end] == "Lagos"


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "acc", "exact"),
    [
        # Resolution over every gold toponym of each file (no parsing: a few seconds).
        ("TR-News.xml.gz", 0.75, 0.745),  # measured 0.754 / 0.751
        ("GeoVirus.xml.gz", 0.71, 0.0),  # measured 0.714 (GeoVirus has no GeoNames ids)
        ("lgl.xml.gz", 0.71, 0.65),  # measured 0.715 / 0.655
    ],
)
def test_resolution_gate(shared: Path, name: str, acc: float, exact: float) -> None:
    metrics = resolution_metrics(load_geoparsing(shared / "data/geoparsing" / name))
    assert metrics["acc_161km"] >= acc
    assert metrics["exact_geonameid"] >= exact


@pytest.mark.shared
@pytest.mark.model
def test_geo_eval_gate(shared: Path) -> None:
    # The whole of TR-News (118 articles): recognition needs the parser.
    metrics, _ = run_eval("geo", shared / "data/geoparsing/TR-News.xml.gz")
    assert metrics["articles"] == 118
    assert metrics["recognition_f1"] >= 0.80  # measured 0.818 (overlap; exact spans 0.771)
    assert metrics["acc_161km"] >= 0.75  # measured 0.754
