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


def _polnear(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.polnear import evaluate_polnear

    return evaluate_polnear(data, limit)


def _conll(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.conll import evaluate_conll

    return evaluate_conll(data, limit)


def _trafilatura_snippets(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.trafilatura_snippets import evaluate_snippets

    return evaluate_snippets(data, limit)


def _clean_lines(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.clean_lines import evaluate_clean_lines

    return evaluate_clean_lines(data, limit)


def _tempeval(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.tempeval import evaluate_tempeval

    return evaluate_tempeval(data, limit)


def _geo(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.geo import evaluate_geo

    return evaluate_geo(data, limit)


def _event_location(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.event_location import evaluate_event_location

    return evaluate_event_location(data, limit)


def _muc4(data: Path, limit: int | None = None) -> tuple[Metrics, str]:
    from herald.eval.muc4 import evaluate_muc4

    return evaluate_muc4(data, limit)


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
    "trafilatura-snippets": ("data/trafilatura_eval_en_news", _trafilatura_snippets),
    "clean-lines": ("data/trafilatura_eval_en_news", _clean_lines),
    "polnear": ("data/polnear/polnear_dev.tar.gz", _polnear),
    "conll": ("data/conll2003/conllpp_dev.txt.gz", _conll),
    "tempeval": ("data/tempeval3/TBAQ-cleaned.tar.gz", _tempeval),
    "geo": ("data/geoparsing/TR-News.xml.gz", _geo),
    "event-location": ("data/event_location/labeled_text.json.gz", _event_location),
    "muc4": ("data/muc4/muc34_dev.tar.gz", _muc4),
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
