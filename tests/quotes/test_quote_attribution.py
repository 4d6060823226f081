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
            [("We will not back down.", "The minister", "said:", True)],
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
            [("that the talks had failed", "The spokesman, John Smith", "said", False)],
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
            [("that the border was closed", "Officials", "pointed out", False)],
        ),
        (
            "The minister, who arrived on Monday, denied that troops had crossed the border.",
            # The whole noun phrase is the speaker, as attribution corpora (PolNeAR) mark it.
            [
                (
                    "that troops had crossed the border",
                    "The minister, who arrived on Monday",
                    "denied",
                    False,
                )
            ],
        ),
        (
            "The general explained that the army would withdraw by March.",
            [("that the army would withdraw by March", "The general", "explained", False)],
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
    assert quotes[1].cue is not None and quotes[1].cue.text(text) == "specifies"


@pytest.mark.parametrize(
    "text",
    [
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
            "Things move fast these days.\n\n"
            "We completed the plans here in our own capital.\n\n"
            "The president of Ruritania traveled to Paris on Monday.",
            "General Kato",
            ["Things move fast these days.", "We completed the plans here in our own capital."],
            ["The president of Ruritania traveled to Paris on Monday."],
        ),
        (
            "The envoy, Jane Doe, explained that the offer remains on the table.\n\n"
            "We showed that we are able to assist them.\n\n"
            "Ruritania announced new elections on Monday.",
            "The envoy, Jane Doe",
            ["We showed that we are able to assist them."],
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


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "The minister has repeatedly denied that troops crossed the border.",
            "The minister",
            "has repeatedly denied",
            "that troops crossed the border",
        ),
        (
            "Officials said in a statement that the port would reopen.",
            "Officials",
            "said in a statement",
            "that the port would reopen",
        ),
        (
            "The envoy, who said the offer stands, left the capital on Monday.",
            "who",
            "said",
            "the offer stands",
        ),
        (
            "LIMA (Reuters) - Finance Minister Ana Ruiz said on Tuesday that inflation had peaked.",
            "Finance Minister Ana Ruiz",
            "said",
            "that inflation had peaked",
        ),
        (
            "Senator Jane Doe (D-Ohio) said that the bill would pass.",
            "Senator Jane Doe (D-Ohio)",
            "said",
            "that the bill would pass",
        ),
        ("The governor endorsed Smith on Monday.", "The governor", "endorsed", "Smith"),
        (
            "The union called on the mayor to resign.",
            "The union",
            "called on",
            "the mayor to resign",
        ),
        ("Critics called the deal a disaster.", "Critics", "called", "the deal a disaster"),
        (
            "In a poll released Monday, the senator led the race by six points.",
            "a poll released Monday",
            "In",
            "the senator led the race by six points",
        ),
        (
            "Jane Doe: Talks with the rebels have failed.\n\nThe weather was mild.",
            "Jane Doe",
            ":",
            "Talks with the rebels have failed",
        ),
    ],
)
def test_spans_follow_attribution_corpora(
    analyze: Analyze, text: str, speaker: str, cue: str, content: str
) -> None:
    """Source = whole noun phrase or relative pronoun; cue = verb with its auxiliaries and
    channel; "that" opens the content (as PolNeAR marks them)."""
    quotes = {q.content.text(text): q for q in run(analyze, text)}
    q = quotes[content]
    assert (q.speaker and q.speaker.text(text), q.cue and q.cue.text(text)) == (speaker, cue)


@pytest.mark.parametrize(
    "text",
    [
        "Ana Ruiz, who endorsed the plan, said that the vote would be close.",
        "Ana Ruiz, who said the plan was weak, told reporters that the vote would be close.",
    ],
)
def test_reporting_relative_clause_is_not_part_of_the_source(analyze: Analyze, text: str) -> None:
    (q,) = [q for q in run(analyze, text) if "vote" in q.content.text(text)]
    assert q.speaker is not None and q.speaker.text(text) == "Ana Ruiz"


@pytest.mark.parametrize(
    "text",
    [
        "Editor's note: This story was updated on Monday.",
        "Q: What time does the meeting start tomorrow?",
        "UPDATE: The talks resumed after a short break.",
    ],
)
def test_labels_before_a_colon_are_not_speakers(analyze: Analyze, text: str) -> None:
    assert run(analyze, text) == ()
