"""Evaluation against gold data: one loader + scorer per dataset, `herald eval NAME`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from herald.config import settings
from herald.errors import ConfigError

Metrics = dict[str, Any]


def _seed(data: Path) -> tuple[Metrics, str]:
    from herald.eval.seed import evaluate_seed, format_report

    report = evaluate_seed(data)
    return report.metrics(), format_report(report)


#: name -> (default data path under ../shared, scorer)
EVALUATIONS: dict[str, tuple[str, Callable[[Path], tuple[Metrics, str]]]] = {
    "seed": ("seed", _seed),
}


def run_eval(name: str, data: str | Path | None = None) -> tuple[Metrics, str]:
    """Score dataset ``name``; returns (metrics, readable table)."""
    if name not in EVALUATIONS:
        raise ConfigError("E701", name="eval", value=name, detail=f"one of {sorted(EVALUATIONS)}")
    default, scorer = EVALUATIONS[name]
    path = Path(data) if data else settings().shared / default
    if not path.exists():
        raise ConfigError("E701", name="--data", value=str(path), detail="no such file or folder")
    return scorer(path)
