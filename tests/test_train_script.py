"""Smoke test of scripts/train_event_classifier.py: loading, splits, combining (no training)."""

from __future__ import annotations

import csv
import importlib.util
import json
import random
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "train_event_classifier.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_event_classifier", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def _stories(path: Path) -> Path:
    rows = [
        {"text": f"Story {n} about {label.lower()}.", "label": label, "title": f"{label} {n // 2}"}
        for label in ("ASSAULT", "AGREE", "AID")
        for n in range(6)
    ]
    path.mkdir()
    with (path / "gpt_synthetic_events_2023-10-19_19.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "title", "label"])
        writer.writeheader()
        writer.writerows(rows)
    return path / "gpt_synthetic_events_2023-10-19_19.csv"


def test_ngec_split_keeps_templates_together(script: ModuleType, tmp_path: Path) -> None:
    items = script.load_ngec_items(_stories(tmp_path / "ngec"))
    assert len(items) == 18
    train, test = script.split_by_group(items, 0.2, seed=0)
    assert not {i.group for i in train} & {i.group for i in test}
    assert {i.label for i in test} == {"ASSAULT", "AGREE", "AID"}  # every label held out once
    assert len(train) + len(test) == 18


def test_gsr_loading_maps_old_types_and_folds_are_stratified(
    script: ModuleType, tmp_path: Path
) -> None:
    records = [{"event": "DOCUMENT"}] + [
        {"id": f"r{n}", "text": f"Sentence {n}.", "event": event, "eventText": "x"}
        for n, event in enumerate(["FIGHT"] * 5 + ["DEMAND"] * 5 + ["AGREE"] * 3)
    ]
    path = tmp_path / "PLOVER_GSR_CAMEO.txt"
    path.write_text(json.dumps(records), encoding="utf-8")
    items = script.load_gsr_items(path)
    assert Counter(i.label for i in items) == {"ASSAULT": 5, "REQUEST": 5, "AGREE": 3}
    folds = script.stratified_folds(items, 5, seed=0)
    assert sorted(Counter(folds).values()) == [2, 2, 3, 3, 3]
    for label in ("ASSAULT", "REQUEST"):
        assert sorted(f for i, f in zip(items, folds, strict=True) if i.label == label) == [
            0,
            1,
            2,
            3,
            4,
        ]
    assert folds == script.stratified_folds(items, 5, seed=0)  # reproducible


def test_balanced_epoch_and_combination(script: ModuleType) -> None:
    item = script.Item
    items = [item(f"a{n}", "t", "AID", f"a{n}") for n in range(2)] + [
        item(f"b{n}", "t", "ASSAULT", f"b{n}") for n in range(9)
    ]
    epoch = script.balanced_epoch(items, 4, random.Random(0))
    assert Counter(i.label for i in epoch) == {"AID": 4, "ASSAULT": 4}
    rules = ["NONE", "AGREE", "AGREE"]
    model = [("AID", 0.4), ("AID", 0.95), ("AID", 0.6)]
    assert script.combine(rules, model, "fallback") == ["AID", "AGREE", "AGREE"]
    assert script.combine(rules, model, "override@0.9") == ["AID", "AID", "AGREE"]
    assert script.lead("a b c d", 2) == "a b"


def test_rescore_scores_a_dump_and_an_extra_classifier(script: ModuleType, tmp_path: Path) -> None:
    def items(labels: list[str]) -> list[dict[str, str]]:
        return [
            {"key": f"k{n}", "text": "t", "label": x, "group": "g"} for n, x in enumerate(labels)
        ]

    dump = {
        "gsr": {
            "items": items(["AID", "AID", "AGREE"]),
            "folds": [0, 1, 0],
            "rules": ["NONE", "AID", "NONE"],
            "gsr-cv": [["AID", 0.6], ["AGREE", 0.95], ["AID", 0.5]],
        },
        "ngec_train": {"items": items(["CONCEDE", "CONCEDE", "AID"])},
        "ngec_test": {"items": items(["AID"])},
    }
    (tmp_path / "dump.json").write_text(json.dumps(dump), encoding="utf-8")
    (tmp_path / "other.json").write_text(json.dumps({"gsr-cv": [["AGREE", 1.0]] * 3}))
    report = script.rescore(tmp_path / "dump.json", [f"other={tmp_path / 'other.json'}"])
    assert report["priors"] == {"ngec": "CONCEDE", "gsr": "AID"}
    textcat = report["textcat"]["gsr-cv"]
    assert textcat["rules"]["accuracy"] == round(1 / 3, 4)
    assert textcat["fallback"]["accuracy"] == round(2 / 3, 4)
    assert textcat["fallback"]["rule_none_typed_right"] == 1
    assert textcat["fallback-prior"]["accuracy"] == round(2 / 3, 4)
    assert textcat["override@0.9"]["accuracy"] == round(1 / 3, 4)
    assert report["other"]["gsr-cv"]["fallback"]["accuracy"] == round(2 / 3, 4)
