"""Event coding on invented sentences parsed with the configured model."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from herald.actors import resolve_actors
from herald.events import extract_events
from herald.model import Analysis, Article, Event

pytestmark = pytest.mark.model


def _events(analyze: Callable[[str], Analysis], text: str) -> tuple[Event, ...]:
    article = Article(id="t", raw=text, text=text)
    analysis = analyze(text)
    return extract_events(article, analysis, resolve_actors(article, analysis))


def _dyads(events: tuple[Event, ...]) -> set[tuple[str, str, str | None, str | None]]:
    return {
        (
            e.type,
            e.cameo,
            e.actors[0].country if e.actors else None,
            e.recipients[0].country if e.recipients else None,
        )
        for e in events
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Turkish Foreign Minister Hakan Fidan visited Egypt and Libya.",
            {("CONSULT", "042", "TUR", "EGY"), ("CONSULT", "042", "TUR", "LBY")},
        ),
        (
            "Japanese Prime Minister Fumio Kishida was received by US President Joe Biden.",
            {("CONSULT", "043", "USA", "JPN")},
        ),
        (
            "Police in Kenya arrested the opposition leader Raila Odinga.",
            {("COERCE", "173", "KEN", "KEN")},
        ),
        (
            "Iranian President Ebrahim Raisi accused Israel of sabotage.",
            {("ACCUSE", "112", "IRN", "ISR")},
        ),
    ],
)
def test_verbal_events_with_source_and_target(
    analyze: Callable[[str], Analysis], text: str, expected: set[tuple[str, str, str, str]]
) -> None:
    assert expected <= _dyads(_events(analyze, text))


@pytest.mark.parametrize(
    "text", ["Brazil and Argentina announced the expansion of their military cooperation."]
)
def test_nominal_cooperation_takes_context_from_its_modifier(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    events = _events(analyze, text)
    assert [(e.type, e.cameo, e.context) for e in events] == [("COOPERATE", "062", "military")]


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Ukraine did not attack Russian positions.", "negated"),
        ("The Chinese president will visit France next week.", "future"),
        ("If Iran attacks Israel, the region will suffer.", "hypothetical"),
    ],
)
def test_modality(analyze: Callable[[str], Analysis], text: str, flag: str) -> None:
    events = _events(analyze, text)
    assert events and getattr(events[0].modality, flag) is True


@pytest.mark.parametrize(
    "text",
    [
        "The weather was mild and the markets were calm.",
        "",
        "Officials visited.",
    ],
)
def test_no_event_without_a_coded_trigger_and_an_actor(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    assert _events(analyze, text) == ()


@pytest.mark.parametrize("text", ["Russia attacked Ukraine. " * 50])
def test_every_event_has_a_valid_evidence_span(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    for event in _events(analyze, text):
        assert event.evidence.contains(event.trigger)
        assert 0 <= event.evidence.start < event.evidence.end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "Japan and the Philippines signed a defence pact. The two leaders signed an agreement "
        "that allows their troops to train together."
    ],
)
def test_event_ids_are_unique_within_an_article(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    ids = [e.id for e in _events(analyze, text)]
    assert ids and len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Two Kenyan soldiers were killed near the border on Monday.",
            ("ASSAULT", None, "KEN"),
        ),
        (
            "A roadside bomb killed three Nigerian policemen on Sunday.",
            ("ASSAULT", None, "NGA"),
        ),
    ],
)
def test_clause_without_a_doer_codes_the_victim_and_flags_the_source(
    analyze: Callable[[str], Analysis], text: str, expected: tuple[str, None, str]
) -> None:
    found = [e for e in _events(analyze, text) if e.type == expected[0]]
    assert found
    assert (found[0].type, None, found[0].recipients[0].country) == expected
    assert not found[0].actors and "unknown_source" in found[0].flags


@pytest.mark.parametrize(
    "text",
    [
        "They killed the mayor of Lagos.",  # a pronoun names a doer Herald cannot resolve
        "He said we helped Niger a great deal.",
    ],
)
def test_unresolved_doer_is_not_an_unknown_source(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    assert not [e for e in _events(analyze, text) if "unknown_source" in e.flags]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Poland expelled three Belarusian diplomats on Tuesday.",
            ("SANCTION", "166", "POL", "BLR"),
        ),
        ("Chile accepted the demands of Bolivia on Friday.", ("CONCEDE", "083", "CHL", None)),
        ("The Malian government lifted the curfew in Bamako.", ("RETREAT", "0813", "MLI", None)),
        ("Egypt ended its mediation between Sudan and Chad.", ("SANCTION", "165", "EGY", None)),
    ],
)
def test_the_object_sets_the_specific_code(
    analyze: Callable[[str], Analysis],
    text: str,
    expected: tuple[str, str, str, str | None],
) -> None:
    kind, cameo, source, _ = expected
    assert (kind, cameo, source) in {d[:3] for d in _dyads(_events(analyze, text))}


@pytest.mark.parametrize(
    ("text", "noun_type"),
    [
        ("Chile rejected the demand of Bolivia.", "REQUEST"),
        ("Chile accepted the demands from Bolivia.", "REQUEST"),
    ],
)
def test_object_of_a_response_verb_is_not_the_subjects_act(
    analyze: Callable[[str], Analysis], text: str, noun_type: str
) -> None:
    events = _events(analyze, text)
    assert not [e for e in events if e.type == noun_type and e.actors[0].country == "CHL"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ukrainian protests against Hungary continued on Sunday.", ("PROTEST", "UKR")),
        ("Israel mounted an invasion of Lebanon.", ("ASSAULT", "ISR")),
        ("Turkey launched an investigation into the crash.", ("ACCUSE", "TUR")),
    ],
)
def test_nominal_events_take_their_doer_from_modifier_or_carrier(
    analyze: Callable[[str], Analysis], text: str, expected: tuple[str, str]
) -> None:
    found = {(e.type, e.actors[0].country) for e in _events(analyze, text) if e.actors}
    assert expected in found


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Syrian tanks shelled the town of Hama.", "MIL"),
        ("The militia burned Nigerian homes near Jos.", "CVL"),
    ],
)
def test_arms_and_property_stand_for_their_side(
    analyze: Callable[[str], Analysis], text: str, sector: str
) -> None:
    sides = [p for e in _events(analyze, text) for p in (*e.actors, *e.recipients)]
    assert sector in {p.sector for p in sides if p.country}


@pytest.mark.parametrize(
    "text",
    [
        "Saudi-led forces entered Aden on Monday.",
        "Workers in Serbia began an open-ended strike against Belgrade.",
    ],
)
def test_verb_inside_a_hyphenated_adjective_is_no_event(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    triggers = {e.trigger.text(text).lower() for e in _events(analyze, text)}
    assert not triggers & {"led", "ended"}


def test_carrier_with_a_complement_codes_the_complement_only(
    analyze: Callable[[str], Analysis],
) -> None:
    text = "The Nicaraguan government ordered the newspaper La Prensa to suspend publication."
    events = _events(analyze, text)
    assert "ordered" not in {e.trigger.text(text) for e in events}
    assert any(e.trigger.text(text) == "suspend" for e in events)


@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        ("Rebels in Mali dismissed an appeal from Bamako to disarm.", "120"),
        ("Armenia violated the ceasefire with Azerbaijan on Sunday.", "196"),
        ("The Belarusian newspaper defied the ban by Minsk.", "128"),
    ],
)
def test_rejection_and_defiance_are_coded_by_their_object(
    analyze: Callable[[str], Analysis], text: str, cameo: str
) -> None:
    assert cameo in {e.cameo for e in _events(analyze, text)}


@pytest.mark.parametrize(
    ("text", "errand", "sending"),
    [
        (
            "The United Nations sent experts to Chad to investigate the massacre.",
            "investigate",
            "sent",
        ),
        (
            "Kenya summoned the Ugandan ambassador to complain about the raids.",
            "complain",
            "summoned",
        ),
    ],
)
def test_errand_is_the_event_not_the_sending(
    analyze: Callable[[str], Analysis], text: str, errand: str, sending: str
) -> None:
    triggers = {e.trigger.text(text) for e in _events(analyze, text)}
    assert errand in triggers and sending not in triggers


def test_peacekeepers_arriving_provide_peacekeeping(analyze: Callable[[str], Analysis]) -> None:
    text = "Ghanaian peacekeeping troops arrived in Liberia on Tuesday."
    assert ("AID", "074", "GHA", "LBR") in _dyads(_events(analyze, text))


@pytest.mark.parametrize(
    "text",
    [
        "The Arctic Fisheries Council repeated its demand that Norway lift the quotas.",
        "The Arctic Fisheries Council repeated its demand today that Norway lift the quotas.",
    ],
)
def test_content_of_a_demand_noun_is_demanded_by_its_owner(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    demands = [e for e in _events(analyze, text) if e.type == "REQUEST" and e.recipients]
    assert demands and demands[0].recipients[0].country == "NOR"


@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        ("The Malian junta allowed the opposition to hold a rally in Bamako.", "080"),
        ("Turkey allowed the delivery of aid to Syria.", "0863"),
    ],
)
def test_allowing_is_yielding(analyze: Callable[[str], Analysis], text: str, cameo: str) -> None:
    assert cameo in {e.cameo for e in _events(analyze, text)}


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("The Supreme Court of Peru decided to allow the candidate to run.", "080"),
        ("The Zambian government vowed to attack the rebels in the north.", "138"),
        ("The forum concluded that Brazil must release the activists.", "10"),
    ],
)
def test_decisions_are_acts_vows_are_intents_conclusions_demand(
    analyze: Callable[[str], Analysis], text: str, prefix: str
) -> None:
    assert any(e.cameo.startswith(prefix) for e in _events(analyze, text))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Opposition groups in Zimbabwe are demanding that the president resign.", "ZWE"),
        ("Rebels from Chad attacked the town of Abeche.", "TCD"),
    ],
)
def test_group_in_a_country_acts_for_that_country(
    analyze: Callable[[str], Analysis], text: str, source: str
) -> None:
    assert source in {p.country for e in _events(analyze, text) for p in e.actors}


def test_misparsed_verb_still_finds_its_recipient(analyze: Callable[[str], Analysis]) -> None:
    text = (
        "Russian President Boris Yeltsin on Saturday hosted Japanese Prime Minister Ryutaro "
        "Hashimoto in this Siberian city."
    )
    assert ("CONSULT", "043", "RUS", "JPN") in _dyads(_events(analyze, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The United States is providing military intelligence to Macedonia.",
            ("AID", "USA", "MKD"),
        ),
        (
            "Britain mobilized army reservists for a possible war against Iraq.",
            ("MOBILIZE", "GBR", "IRQ"),
        ),
    ],
)
def test_what_is_given_or_moved_is_not_the_recipient(
    analyze: Callable[[str], Analysis], text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in {(d[0], d[2], d[3]) for d in _dyads(_events(analyze, text))}


def test_international_body_can_be_the_recipient(analyze: Callable[[str], Analysis]) -> None:
    text = "Greece demanded that its European Community partners refuse the request."
    recipients = [p for e in _events(analyze, text) for p in e.recipients]
    assert any(p.code == "IGO" for p in recipients)


def test_participle_on_a_noun_takes_the_nouns_agent(analyze: Callable[[str], Analysis]) -> None:
    text = "The Chadian government issued a statement demanding that Sudan close its border."
    demands = [e for e in _events(analyze, text) if e.type == "REQUEST"]
    assert demands and demands[0].actors[0].country == "TCD"


def test_by_phrase_names_the_doer_of_a_nominal_event(analyze: Callable[[str], Analysis]) -> None:
    text = "The Kenyan government ordered patrols after violent protests by Somali groups."
    protests = [e for e in _events(analyze, text) if e.type == "PROTEST"]
    assert all(p.country != "KEN" for e in protests for p in e.actors)


def test_a_possessors_ally_is_not_the_possessor(analyze: Callable[[str], Analysis]) -> None:
    text = "Hezbollah attacked Israel's militia ally in southern Lebanon."
    recipients = {p.country for e in _events(analyze, text) for p in e.recipients}
    assert "ISR" not in recipients


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Spain announced a suspension of trade links with Morocco on Friday.",
            ("SANCTION", "ESP", "MAR"),
        ),
        (
            "Chile announced the suspension of its military cooperation with Peru.",
            ("SANCTION", "CHL", "PER"),
        ),
    ],
)
def test_an_event_noun_on_a_relation_takes_the_relations_other_side(
    analyze: Callable[[str], Analysis], text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in {(t, a, r) for t, _code, a, r in _dyads(_events(analyze, text))}


@pytest.mark.parametrize(
    "text",
    ["Islamic fundamentalists continued their hunger strike outside the Egyptian parliament."],
)
def test_a_religious_group_named_by_an_adjective_can_protest(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    assert any(
        e.type == "PROTEST" and e.actors and e.actors[0].sector == "MUS"
        for e in _events(analyze, text)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bosnian Croats said on Friday their forces had completed their withdrawal.",
            ("RETREAT", "BIH"),
        ),
    ],
)
def test_their_in_reported_speech_is_the_speakers(
    analyze: Callable[[str], Analysis], text: str, expected: tuple[str, str]
) -> None:
    assert expected in {(t, a) for t, _code, a, _r in _dyads(_events(analyze, text))}


@pytest.mark.parametrize(
    "text", ["Refugees from the besieged town of Mostar reached the Croatian border."]
)
def test_a_participle_between_determiner_and_noun_is_no_event(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    assert not [e for e in _events(analyze, text) if e.cameo.startswith("19")]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("A Canadian aid worker was arrested in Egypt for spying.", "EGY"),
        ("A French banker has been put under investigation in Spain for fraud.", "ESP"),
        ("Two journalists were detained in Cairo on Monday.", None),
    ],
)
def test_an_arrest_without_a_doer_is_the_states_where_it_happens(
    analyze: Callable[[str], Analysis], text: str, source: str | None
) -> None:
    event = next(e for e in _events(analyze, text) if e.cameo[:2] in ("09", "17"))
    if source is None:
        assert not event.actors and "unknown_source" in event.flags
    else:
        assert event.actors[0].country == source and "implied_source" in event.flags


@pytest.mark.parametrize(
    "text", ["Some 2,000 workers affiliated with the Chilean Mining Union stopped work on Monday."]
)
def test_workers_stopping_work_are_on_strike(analyze: Callable[[str], Analysis], text: str) -> None:
    assert ("PROTEST", "143", "CHL") in {
        (t, c, a) for t, c, a, _r in _dyads(_events(analyze, text))
    }
