"""Scorers on hand-made events, without the language model: matching rules and metric arithmetic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import herald.eval
from herald.cli import cli
from herald.errors import ConfigError
from herald.eval import EVALUATIONS, run_eval
from herald.eval.case2021 import acled_label, acled_rules, predict
from herald.eval.common import NONE
from herald.eval.plover_gsr import (
    GoldActor,
    GsrRecord,
    Scored,
    choose_event,
    metrics,
    root_types,
    score_record,
)
from herald.model import Article, Event, Participant, Result, Span

TEXT = "Ruritania condemned Freedonia and then met its envoy."


def _p(country: str | None, sector: str | None = None, code: str | None = None) -> Participant:
    return Participant(Span(0, 1), None, "x", country=country, sector=sector, code=code)


def _event(
    kind: str = "ACCUSE",
    cameo: str = "111",
    *,
    mode: str | None = None,
    trigger: tuple[int, int] = (10, 19),
    confidence: float = 0.8,
    actors: tuple[Participant, ...] = (),
    recipients: tuple[Participant, ...] = (),
) -> Event:
    return Event(
        id=f"{kind}{trigger[0]}",
        article_id="a",
        type=kind,
        cameo=cameo,
        trigger=Span(*trigger),
        evidence=Span(0, len(TEXT)),
        mode=mode,
        actors=actors,
        recipients=recipients,
        confidence=confidence,
    )


def _record(
    event: str = "ACCUSE",
    event_text: str = "condemned",
    sources: tuple[GoldActor, ...] = (GoldActor("Ruritania", "RUR", "GOV"),),
    targets: tuple[GoldActor, ...] = (GoldActor("Freedonia", "FRE", None),),
) -> GsrRecord:
    return GsrRecord("r", TEXT, event, event_text, sources, targets)


def _result(*events: Event) -> Result:
    return Result(article=Article(id="a", raw=TEXT, text=TEXT), events=events)


# --- PLOVER GSR ----------------------------------------------------------------------------------

CONDEMN = _event(trigger=(10, 19), confidence=0.6)  # "condemned"
MEET = _event("CONSULT", "040", trigger=(43, 46), confidence=0.8)  # "met"


@pytest.mark.parametrize(
    ("event_text", "expected"), [("condemned", CONDEMN), ("Condemned strongly", CONDEMN)]
)
def test_gsr_prefers_the_event_triggered_by_a_gold_word(event_text: str, expected: Event) -> None:
    assert choose_event(_record(event_text=event_text), _result(CONDEMN, MEET)) is expected


@pytest.mark.parametrize("event_text", ["denounced", ""])
def test_gsr_falls_back_to_the_most_confident_event(event_text: str) -> None:
    assert choose_event(_record(event_text=event_text), _result(CONDEMN, MEET)) is MEET


@pytest.mark.parametrize(
    ("gold", "actors", "hit"),
    [
        (GoldActor("x", "RUR", None), (_p("RUR"),), True),
        (GoldActor("x", "ITL", None), (_p("ITA"),), True),  # the gold's non-ISO3 code
        (GoldActor("x", "IGO", None), (_p("UNO", "IGO", "IGOUNO"),), True),
        (GoldActor("x", "RUR", None), (_p("FRE"),), False),
        (GoldActor("x", "RUR", None), (), False),
    ],
)
def test_gsr_actor_country_matches_on_the_country_part(
    gold: GoldActor, actors: tuple[Participant, ...], hit: bool
) -> None:
    scored = score_record(_record(sources=(gold,)), _event(actors=actors))
    assert scored.actor_hit is hit


@pytest.mark.parametrize("sources", [(), (GoldActor("x", None, "GOV"),)])
def test_gsr_records_without_source_codes_are_not_counted(
    sources: tuple[GoldActor, ...],
) -> None:
    assert score_record(_record(sources=sources), _event()).actor_hit is None


@pytest.mark.parametrize(
    ("sector", "have", "expected"),
    [
        ("GOV", "GOV", (True,)),
        ("CVLkur", "CVL", (True,)),
        ("CIV", "CVL", (True,)),
        ("MIL", "GOV", (False,)),
        ("***", "GOV", ()),
    ],
)
def test_gsr_sector_hits(sector: str, have: str, expected: tuple[bool, ...]) -> None:
    record = _record(sources=(GoldActor("x", "RUR", sector),), targets=())
    assert score_record(record, _event(actors=(_p("RUR", have),))).sector_hits == expected


@pytest.mark.parametrize(
    ("root", "types"), [("19", {"ASSAULT", "COERCE"}), ("08", {"CONCEDE", "RETREAT"})]
)
def test_cameo_roots_map_to_every_plover_type_under_them(root: str, types: set[str]) -> None:
    assert root_types()[root] == types


def _scored(gold: str, predicted: str, root: str | None) -> Scored:
    return Scored(_record(event=gold), predicted, root, True, None, (True, False))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("n", 4),
        ("event_accuracy", 0.5),
        # ACCUSE: P 1, R 1/2, F1 2/3; ASSAULT: P 1/2, R 1, F1 2/3; CONSULT: 0.
        ("event_macro_f1", round((2 / 3 + 2 / 3 + 0) / 3, 4)),
        # "19" maps to ASSAULT (right for the ASSAULT record and wrong for the ACCUSE one).
        ("cameo_root_accuracy", 0.5),
        ("actor_country_accuracy", 1.0),
        ("recipient_country_accuracy", 0.0),
        ("sector_accuracy", 0.5),
        ("no_event", 1),
    ],
)
def test_gsr_metric_arithmetic(key: str, expected: float) -> None:
    scored = [
        _scored("ACCUSE", "ACCUSE", "11"),
        _scored("ACCUSE", "ASSAULT", "19"),
        _scored("ASSAULT", "ASSAULT", "19"),
        _scored("CONSULT", NONE, None),
    ]
    assert metrics(scored)[key] == pytest.approx(expected)


# --- CASE 2021 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "label"),
    [
        (_event("PROTEST", "141", mode="demo"), "PEACE_PROTEST"),
        (_event("PROTEST", "145", mode="riot"), "VIOL_DEMONSTR"),
        (_event("ASSAULT", "1831", mode="suicide-attack"), "SUIC_BOMB"),
        (_event("ASSAULT", "1832", mode="explosives"), "REM_EXPLOS"),
        (_event("ASSAULT", "195", mode="heavy-weapons"), "AIR_STRIKE"),
        (_event("ASSAULT", "194", mode="heavy-weapons"), "ART_MISS_ATTACK"),
        (_event("ASSAULT", "190", recipients=(_p("RUR", "MIL"),)), "ARMED_CLASH"),
        (_event("ASSAULT", "190", recipients=(_p("RUR", "CVL"),)), "ATTACK"),
        (_event("COERCE", "192", actors=(_p("RUR", "MIL"),)), "GOV_REGAINS_TERIT"),
        (_event("COERCE", "192", actors=(_p(None, "REB"),)), "NON_STATE_ACTOR_OVERTAKES_TER"),
        (_event("COERCE", "173", mode="arrest"), "ARREST"),
        (_event("ACCUSE", "112", mode="disapprove"), "ATTRIB"),
        (_event("THREATEN", "138", mode="violence"), None),
    ],
)
def test_acled_map(event: Event, label: str | None) -> None:
    assert acled_label(event) == label


@pytest.mark.parametrize("column", ["label"])
def test_acled_map_labels_are_task_labels(column: str) -> None:
    # The 25 ACLED types plus the unseen ones of subtasks 2-3 (event_types + the Note file).
    task = {
        "ABDUCT_DISSAP", "AGREEMENT", "AIR_STRIKE", "ARMED_CLASH", "ARREST", "ART_MISS_ATTACK",
        "ATTACK", "CHANGE_TO_GROUP_ACT", "CHEM_WEAP", "DISR_WEAP", "FORCE_AGAINST_PROTEST",
        "GOV_REGAINS_TERIT", "GRENADE", "HQ_ESTABLISHED", "MOB_VIOL",
        "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER", "OTHER", "PEACE_PROTEST",
        "PROPERTY_DISTRUCT", "PROTEST_WITH_INTER", "REM_EXPLOS", "SEX_VIOL", "SUIC_BOMB",
        "VIOL_DEMONSTR", "ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB",
    }  # fmt: skip
    assert {getattr(rule, column) for rule in acled_rules()} <= task


@pytest.mark.parametrize(
    ("events", "label"),
    [
        (
            (
                _event("THREATEN", "138", confidence=0.8),
                _event("COERCE", "173", mode="arrest", confidence=0.4),
            ),
            "ARREST",
        ),
        ((_event("THREATEN", "138"),), NONE),
        ((), NONE),
    ],
)
def test_case2021_answer_is_the_most_confident_mappable_event(
    events: tuple[Event, ...], label: str
) -> None:
    assert predict(events) == label


# --- registry and command line -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plover-gsr", "conflibert", "case2021", "ngec-synthetic"])
def test_datasets_are_registered_and_take_a_limit(name: str) -> None:
    assert name in EVALUATIONS and herald.eval.takes_limit(EVALUATIONS[name][1])


@pytest.mark.parametrize(("name", "limit"), [("seed", 5), ("case2021", 0), ("nope", None)])
def test_run_eval_refuses_bad_requests(tmp_path: Path, name: str, limit: int | None) -> None:
    with pytest.raises(ConfigError) as info:
        run_eval(name, tmp_path, limit=limit)
    assert info.value.code == "E701"


@pytest.mark.parametrize("limit", ["7"])
def test_cli_passes_the_limit_and_ends_with_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    seen: dict[str, Any] = {}

    def scorer(data: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
        seen.update(data=data, limit=limit)
        return {"n": 7, "weighted_f1": 0.5}, "a readable table"

    monkeypatch.setitem(EVALUATIONS, "case2021", ("unused", scorer))
    args = ["eval", "case2021", "--data", str(tmp_path), "--limit", limit, "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == '{"n": 7, "weighted_f1": 0.5}'
    assert seen == {"data": tmp_path, "limit": int(limit)}
