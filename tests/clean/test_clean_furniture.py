"""Furniture lines (English and French) are removed with the right reason; content stays."""

from __future__ import annotations

import pytest

from herald.clean import clean

BEFORE = "The council met in the capital on Monday to discuss the new budget."
AFTER = "Ministers are expected to vote on the proposal next week, officials said."


def _wrap(line: str) -> str:
    return f"{BEFORE}\n\n{line}\n\n{AFTER}"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("By: Staff Writer", "byline"),
        ("By Jane Doe and John Roe", "byline"),
        ("By: Newsroom Follow", "byline"),
        ("Par Marie Dupont", "byline"),
        ("Par notre correspondant à Dakar", "byline"),
        ("(Reporting by Jane Doe; Editing by John Roe)", "byline"),
        ("Source: AFP", "byline"),
        ("Sources : AFP et Reuters", "byline"),
        ("Avec AFP", "byline"),
        ("With agencies", "byline"),
        ("Read more", "cue"),
        ("À lire aussi", "cue"),
        ("Receive the best of the news directly in your inbox", "newsletter"),
        ("Sign up for our newsletter.", "newsletter"),
        ("I subscribe now", "newsletter"),
        ("Je m'abonne", "newsletter"),
        ("Inscrivez-vous à notre newsletter", "newsletter"),
        ("Download our app for the latest news", "app"),
        ("Téléchargez l'application RFI", "app"),
        ("Stay informed: download the application", "app"),
        ("Available on the App Store and Google Play", "app"),
        ("Share :", "share"),
        ("Share this article", "share"),
        ("Partager", "share"),
        ("Partager sur Facebook", "share"),
        ("Facebook Twitter WhatsApp Email", "share"),
        ("12 comments", "share"),
        ("Follow us on Twitter", "follow"),
        ("Suivez-nous sur Facebook", "follow"),
        ("Follow", "follow"),
        ("Advertisement", "advert"),
        ("- Advertisement -", "advert"),
        ("Publicité", "advert"),
        ("© 2024 Some Media Group", "copyright"),
        ("Copyright 2024. All rights reserved.", "copyright"),
        ("Tous droits réservés", "copyright"),
        ("We use cookies to improve your browsing experience.", "cookie"),
        ("Nous utilisons des cookies pour mesurer l'audience.", "cookie"),
        ("Published on 19/01/2024 at 10:05", "dateline"),
        ("Publié le 19 janvier 2024", "dateline"),
        ("Home > Africa > Niger", "nav"),
        ("Skip to main content", "nav"),
        ("* * *", "separator"),
        ("Photo: Jane Doe / AFP", "credit"),
        ("© Reuters", "credit"),
        ("Social Share", "share"),
        ("Your email address will not be published. Required fields are marked *", "comments"),
        ("Name *", "comments"),
        ("Maximum 500 characters remaining in your comment.", "comments"),
        ("Editors Pick", "cue"),
        ("Latest News", "cue"),
    ],
)
def test_furniture_line_removed(line: str, reason: str) -> None:
    cleaned = clean(_wrap(line))
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"
    assert [(r.line, r.text, r.reason) for r in cleaned.removed] == [(2, line, reason)]


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply after the announcement.",
        "Follow the money, the prosecutor told the court during a long hearing.",
        "By the end of the year, the troops had left the northern region.",
        "Par ailleurs, le ministre a annoncé une nouvelle réunion.",
        "The minister said he would subscribe to the new plan only with guarantees.",
        "The army told AFP that it would withdraw.",
        "Related clashes broke out in the north.",
        "See you next week, he told reporters.",
        "Events are moving fast.",
        "Readers shared the post thousands of times, and the ministry was forced to answer.",
        "The newspaper's newsletter was banned in 2019 by the junta, which accused it of lying.",
        "Tags were attached to the migrating birds, the researchers said.",
        "Topics discussed included security and trade.",
    ],
)
def test_content_line_kept(line: str) -> None:
    cleaned = clean(_wrap(line))
    assert cleaned.text == f"{BEFORE}\n\n{line}\n\n{AFTER}"
    assert cleaned.removed == ()


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "Read alsoChad: the junta names a new government",
            "Chad: the junta names a new government",
        ),
        ("Read also: Mali extends the transition", "Mali extends the transition"),
        ("Read more - Sahel: a new alliance", "Sahel: a new alliance"),
        ("See also: Chad votes", "Chad votes"),
        ("Lire aussiMali : la junte suspend les partis", "Mali : la junte suspend les partis"),
        (
            "À lire aussi : Burkina : un nouveau Premier ministre",
            "Burkina : un nouveau Premier ministre",
        ),
        ("A LIRE AUSSI Tchad : le vote est reporté", "Tchad : le vote est reporté"),
        ("Voir aussi « Le Sahel en crise »", "Le Sahel en crise"),
    ],
)
def test_related_title_inline(line: str, title: str) -> None:
    cleaned = clean(_wrap(line))
    assert cleaned.related_titles == (title,)
    assert [(r.text, r.reason) for r in cleaned.removed] == [(line, "related")]
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize("cue", ["Read more", "Read also", "Lire aussi", "See also:"])
def test_related_title_on_next_line(cue: str) -> None:
    cleaned = clean(f"{BEFORE}\n\n{cue}\n\nMali: the junta extends the transition\n\n{AFTER}")
    assert cleaned.related_titles == ("Mali: the junta extends the transition",)
    assert [r.reason for r in cleaned.removed] == ["cue", "related"]


@pytest.mark.parametrize("cue", ["Read more", "À lire aussi"])
def test_bare_cue_does_not_take_a_real_paragraph(cue: str) -> None:
    cleaned = clean(f"{BEFORE}\n\n{cue}\n\n{AFTER}")
    assert cleaned.related_titles == ()
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize(
    ("tail", "tags"),
    [
        ("Continue reading on the same themes:\n\n• Chad\n\n• Sudan", ("Chad", "Sudan")),
        ("Tags: Niger, Russia, Sahel", ("Niger", "Russia", "Sahel")),
        ("Topics:\n- Mali\n- Burkina Faso", ("Mali", "Burkina Faso")),
        ("Sur le même sujet\n\n• Mali\n\n• Armée", ("Mali", "Armée")),
        ("Mots-clés : Niger ; Sahel", ("Niger", "Sahel")),
        ("• Niger\n• West Africa", ("Niger", "West Africa")),
        ("* Chad", ("Chad",)),
        ("Share :\n\nChad\n\nSudan", ("Chad", "Sudan")),
    ],
)
def test_trailing_tags(tail: str, tags: tuple[str, ...]) -> None:
    cleaned = clean(f"{BEFORE}\n\n{AFTER}\n\n{tail}")
    assert cleaned.tags == tags
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"
    tag_lines = [r.text for r in cleaned.removed if r.reason == "tags"]
    assert all(tag in " ".join(tag_lines) for tag in tags)


@pytest.mark.parametrize(
    "body",
    [
        "The demands were:\n\n- the release of prisoners;\n\n- new elections.\n\n" + AFTER,
        "Three points stand out.\n\n• Security\n\n• Trade\n\n" + AFTER,
    ],
)
def test_bullets_inside_the_body_are_content(body: str) -> None:
    cleaned = clean(f"{BEFORE}\n\n{body}")
    assert cleaned.tags == ()
    assert cleaned.removed == ()


@pytest.mark.parametrize("last", ["Niger", "Niamey, January 19"])
def test_short_last_line_without_furniture_is_kept(last: str) -> None:
    cleaned = clean(f"{BEFORE}\n\n{AFTER}\n\n{last}")
    assert cleaned.text.endswith(last)
    assert cleaned.tags == ()


@pytest.mark.parametrize("line", [BEFORE, AFTER])
def test_repeated_paragraph_removed(line: str) -> None:
    cleaned = clean(f"{BEFORE}\n\n{AFTER}\n\n{line}")
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"
    assert [(r.line, r.reason) for r in cleaned.removed] == [(4, "repeat")]


@pytest.mark.parametrize("short", ["Yes.", "No way."])
def test_repeated_short_line_kept(short: str) -> None:
    cleaned = clean(f"{short}\n\n{BEFORE}\n\n{short}")
    assert cleaned.text.count(short) == 2


def test_bare_cue_in_body_takes_one_title() -> None:
    title = "Mali: the junta extends the transition"
    raw = f"{BEFORE}\n\nRead more\n\n{title}\n\nA new alliance\n\n{AFTER}"
    cleaned = clean(raw)
    assert cleaned.related_titles == (title,)
    assert "A new alliance" in cleaned.text


@pytest.mark.parametrize("cue", ["Most read", "Related articles", "Les plus lus"])
def test_bare_cue_in_tail_takes_a_list(cue: str) -> None:
    raw = f"{BEFORE}\n\n{AFTER}\n\n{cue}\n\nMali votes\n\nChad: the junta stays\n\nIs Niger next?"
    cleaned = clean(raw)
    assert cleaned.related_titles == ("Mali votes", "Chad: the junta stays", "Is Niger next?")
    assert cleaned.text == f"{BEFORE}\n\n{AFTER}"


def test_teasers_cut_off_with_an_ellipsis_do_not_extend_the_body() -> None:
    body = [
        "The council met in the capital on Monday to discuss the new budget for schools.",
        "Ministers are expected to vote on the proposal next week, officials said on Tuesday.",
        "The opposition said the plan leaves rural districts without enough teachers or books.",
    ]
    teasers = [
        line
        for n in range(4)
        for line in (
            "Social Share",
            "News",
            f"Harbour workers stay home on day {n + 2}",
            "Some staff at the harbour did not report for work this morning, the union...",
        )
    ]
    cleaned = clean("\n\n".join(body + teasers))
    assert cleaned.text == "\n\n".join(body)
