"""Acceptance: the reference article (read from ../shared/seed) against the analyst's extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from herald.eval.seed import SeedReport, evaluate_seed

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def report(shared: Path) -> SeedReport:
    return evaluate_seed(shared / "seed")


@pytest.mark.parametrize(("metric", "floor"), [("required_events", 8), ("required_actors", 8)])
def test_reference_article_floors(report: SeedReport, metric: str, floor: int) -> None:
    assert report.metrics()[metric] >= floor, report.missed_events + report.missed_actors


@pytest.mark.parametrize("metric", ["boilerplate_violations"])
def test_nothing_comes_from_boilerplate(report: SeedReport, metric: str) -> None:
    assert report.metrics()[metric] == 0, report.violations
