"""Evaluation against gold data: one loader + scorer per dataset, `herald eval NAME`.

To add a dataset: write ``herald/eval/<name>.py`` and register a small wrapper in
:data:`EVALUATIONS` that imports it on call (the CLI imports this module for its NAME choices, so
it must stay light). A scorer takes the data path and returns (metrics, readable table); it may
take a keyword ``limit`` (score at most that many records, None = all).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from herald.config import settings
from herald.errors import ConfigError

Metrics = dict[str, Any]
#: ``scorer(data)`` or ``scorer(data, limit=None)`` -> (metrics, readable table).
Scorer = Callable[..., tuple[Metrics, str]]


def _seed(data: Path) -> tuple[Metrics, str]:
    from herald.eval.seed import evaluate_seed, format_report

    report = evaluate_seed(data)
    return report.metrics(), format_report(report)


def _plover_gsr(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.plover_gsr import evaluate_gsr

    return evaluate_gsr(data, limit)


def _conflibert(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.conflibert import evaluate_conflibert

    return evaluate_conflibert(data, limit)


def _case2021(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.case2021 import evaluate_case2021

    return evaluate_case2021(data, limit)


def _ngec(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.ngec import evaluate_ngec

    return evaluate_ngec(data, limit)


def _petrarch(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.petrarch import evaluate_petrarch

    return evaluate_petrarch(data, limit)


#: name -> (default data path under ../shared, scorer)
EVALUATIONS: dict[str, tuple[str, Scorer]] = {
    "seed": ("seed", _seed),
    "plover-gsr": ("data/plover_gsr/PLOVER_GSR_CAMEO.txt", _plover_gsr),
    "conflibert": ("data/cameo_conflibert_annotations", _conflibert),
    "case2021": ("data/case2021_task2/test_set_final_release_with_labels.tsv", _case2021),
    "ngec-synthetic": (
        "data/ngec_synthetic_plover/gpt_synthetic_events_2023-10-19_19.csv.zip",
        _ngec,
    ),
    "petrarch": ("data/petrarch_validation/PETR.UnitTest.records.xml", _petrarch),
}


def takes_limit(scorer: Scorer) -> bool:
    """Does ``scorer`` accept a ``limit`` keyword?"""
    return "limit" in inspect.signature(scorer).parameters


def run_eval(
    name: str, data: str | Path | None = None, *, limit: int | None = None
) -> tuple[Metrics, str]:
    """Score dataset ``name``; returns (metrics, readable table). ``limit``: at most N records."""
    if name not in EVALUATIONS:
        raise ConfigError("E701", name="eval", value=name, detail=f"one of {sorted(EVALUATIONS)}")
    default, scorer = EVALUATIONS[name]
    if limit is not None and limit < 1:
        raise ConfigError("E701", name="--limit", value=str(limit), detail="must be 1 or more")
    path = Path(data) if data else settings().shared / default
    if not path.exists():
        raise ConfigError("E701", name="--data", value=str(path), detail="no such file or folder")
    if takes_limit(scorer):
        return scorer(path, limit=limit)
    if limit is not None:
        raise ConfigError("E701", name="--limit", value=str(limit), detail=f"{name} has no limit")
    return scorer(path)
