"""Attribution of direct and indirect quotations in small invented texts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from herald.model import Actor, ActorMention, Actors, Analysis, Article, Quote, Span
from herald.quotes import extract_quotes

pytestmark = pytest.mark.model

Analyze = Callable[[str], Analysis]


def run(analyze: Analyze, text: str, actors: Actors | None = None) -> tuple[Quote, ...]:
    article = Article(id="a1", raw=text, text=text)
    return extract_quotes(article, analyze(text), actors or Actors())


def described(text: str, q: Quote) -> tuple[str, str | None, str | None, bool]:
    speaker = q.speaker.text(text) if q.speaker else None
    cue = q.cue.text(text) if q.cue else None
    return q.content.text(text), speaker, cue, q.direct


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We will not back down," said the minister.',
            [("We will not back down", "the minister", "said", True)],
        ),
        (
            'The minister said: "We will not back down."',
            [("We will not back down.", "The minister", "said", True)],
        ),
        (
            "“We will not back down,” she told reporters on Monday.",
            [("We will not back down", "she", "told", True)],
        ),
        (
            "« Nous ne céderons pas », declared the general.",
            [("Nous ne céderons pas", "the general", "declared", True)],
        ),
        (
            '"We are ready," Putin said. "The West is not."',
            [
                ("We are ready", "Putin", "said", True),
                ("The West is not.", "Putin", None, True),
            ],
        ),
        (
            "He said 'the border is closed' and left.",
            [("the border is closed", "He", "said", True)],
        ),
    ],
)
def test_direct_quotations(analyze: Analyze, text: str, expected: list[object]) -> None:
    assert [described(text, q) for q in run(analyze, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The spokesman, John Smith, said that the talks had failed.",
            [("the talks had failed", "The spokesman, John Smith", "said that", False)],
        ),
        (
            "The talks had failed, the spokesman said.",
            [("The talks had failed", "the spokesman", "said", False)],
        ),
        (
            "According to officials, the talks failed.",
            [("the talks failed", "officials", "According to", False)],
        ),
        (
            "Officials pointed out that the border was closed.",
            [("the border was closed", "Officials", "pointed out that", False)],
        ),
        (
            "The minister, who spoke to reporters, denied that troops had crossed the border.",
            # The whole noun phrase is the speaker, as attribution corpora (PolNeAR) mark it.
            [
                (
                    "troops had crossed the border",
                    "The minister, who spoke to reporters",
                    "denied that",
                    False,
                )
            ],
        ),
        (
            "The general explained that the army would withdraw by March.",
            [("the army would withdraw by March", "The general", "explained that", False)],
        ),
    ],
)
def test_indirect_speech(analyze: Analyze, text: str, expected: list[object]) -> None:
    assert [described(text, q) for q in run(analyze, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        'She has "no objections to the new partners", but specifies that "if they choose '
        'Russia it will be complicated".',
    ],
)
def test_fragments_share_the_speaker(analyze: Analyze, text: str) -> None:
    quotes = run(analyze, text)
    assert [q.content.text(text) for q in quotes] == [
        "no objections to the new partners",
        "if they choose Russia it will be complicated",
    ]
    assert all(q.direct and q.speaker and q.speaker.text(text) == "She" for q in quotes)
    assert quotes[1].cue is not None and quotes[1].cue.text(text) == "specifies that"


@pytest.mark.parametrize(
    "text",
    [
        'Critics called the deal a "disaster" on Monday.',
        "The so-called “reform” passed.",
        "Nobody said anything.",
        "The weather was fine.",
    ],
)
def test_scare_quotes_and_plain_narration_give_nothing(analyze: Analyze, text: str) -> None:
    assert run(analyze, text) == ()


@pytest.mark.parametrize(
    ("text", "speaker", "kept", "not_kept"),
    [
        (
            "A good meeting, according to General Kato, interviewed by the channel Sky.\n\n"
            "Things are moving quickly.\n\n"
            "We finalized the projects here in our capital.\n\n"
            "The president of Ruritania traveled to Paris on Monday.",
            "General Kato",
            ["Things are moving quickly.", "We finalized the projects here in our capital."],
            ["The president of Ruritania traveled to Paris on Monday."],
        ),
        (
            "The envoy, Jane Doe, explained that the offer remains on the table.\n\n"
            "We have proven that we can help them.\n\n"
            "Ruritania announced new elections on Monday.",
            "The envoy, Jane Doe",
            ["We have proven that we can help them."],
            ["Ruritania announced new elections on Monday."],
        ),
        (
            "The minister spoke with reporters on Monday.\n\n"
            "The weather in the capital is mild.\n\n"
            "Prices are rising.",
            None,
            [],
            ["The weather in the capital is mild.", "Prices are rising."],
        ),
    ],
)
def test_speech_continues_in_unmarked_paragraphs(
    analyze: Analyze, text: str, speaker: str | None, kept: list[str], not_kept: list[str]
) -> None:
    quotes = {q.content.text(text): q for q in run(analyze, text)}
    for content in kept:
        q = quotes[content]
        assert q.speaker is not None and q.speaker.text(text) == speaker
        assert q.cue is None and not q.direct
    for content in not_kept:
        assert content not in quotes


@pytest.mark.parametrize(
    "text", ['"We will not back down," said Ivan Petrov, the defence minister.']
)
def test_speaker_actor_comes_from_the_actors_stage(analyze: Analyze, text: str) -> None:
    start = text.index("Ivan Petrov")
    actors = Actors(
        actors=(Actor(id="act1", name="Ivan Petrov", kind="person"),),
        mentions=(ActorMention(Span(start, start + len("Ivan Petrov")), "act1"),),
    )
    (quote,) = run(analyze, text, actors)
    # The speaker phrase keeps its apposition; the actor is found through the name inside it.
    assert quote.speaker is not None
    assert quote.speaker.text(text) == "Ivan Petrov, the defence minister"
    assert quote.speaker_actor == "act1"


@pytest.mark.parametrize("text", ['"We will not back down," said the minister. He left.'])
def test_ids_are_stable_and_tied_to_article_and_span(analyze: Analyze, text: str) -> None:
    first, second = run(analyze, text), run(analyze, text)
    assert [q.id for q in first] == [q.id for q in second]
    other = extract_quotes(Article(id="a2", raw=text, text=text), analyze(text), Actors())
    assert first[0].id != other[0].id
    assert first[0].article_id == "a1"
