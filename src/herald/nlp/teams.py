"""Sports teams named after places are organisations: "Chelsea beat Arsenal 2-1".

A tagger reads "Oldham", "Texas" or "San Diego" as places; in a sports report they mostly name
clubs, and an event coder must not read "Leeds beat Derby" as one place attacking another. In a
report that looks like sport (:func:`is_sports`), a place name (or an untagged proper name) is a
team when it stands where teams stand:

- right before a score or a table's numbers ("Oldham 3 Ipswich 1", "BOSTON 69 66 .511");
- next to a match verb or a "v"/"against" ("Leeds beat Derby", "May 17 v Northampton");
- before a team role ("the Texas manager") or a club suffix ("Cambridge United");
- on a fixture line "A at B".

A name found as a team is a team everywhere in the report, except where it is a venue ("at X",
"in X"). Countries stay places: national sides keep their country's name (the CoNLL-2003
convention, and the country is what an event coder wants there).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from herald.model import Mention, Span, Token

#: Words of sports reports: enough distinct ones make an article a sports report.
SPORTS_WORDS = frozenset(
    {
        "soccer", "football", "cricket", "baseball", "basketball", "rugby", "tennis", "golf",
        "hockey", "league", "cup", "championship", "tournament", "match", "goal", "halftime",
        "innings", "inning", "wicket", "qualifier", "striker", "midfielder", "goalkeeper",
        "pitcher", "homer", "coach", "play-off", "playoff", "standings", "division", "defender",
        "seed", "try", "penalty", "referee", "stadium", "club", "season", "fixture",
    }
)  # fmt: skip
#: Verbs whose subject and object are teams in a sports report.
MATCH_VERBS = frozenset(
    {
        "beat", "defeat", "draw", "drew", "lose", "lost", "thrash", "edge", "rout", "trounce",
        "overcome", "upset", "eliminate", "host", "hosts", "play", "face", "outplay", "crush",
        "whip", "blank", "sweep", "down", "top", "tie", "tied", "win", "won", "hammer",
    }
)  # fmt: skip
#: Words right before a team: "v Northampton", "against Essex", "winners over Surrey".
BEFORE_TEAM = frozenset({"v", "v.", "vs", "vs.", "versus", "against", "over"})
#: Nouns right after a team's name: "the Texas manager", "Nice coach".
TEAM_ROLES = frozenset(
    {
        "manager", "coach", "striker", "captain", "pitcher", "goalkeeper", "midfielder",
        "defender", "player", "players", "side", "team", "club", "fans", "supporters",
        "batsman", "bowler", "all-rounder", "seamer", "spinner", "skipper", "chairman",
    }
)  # fmt: skip
#: Second words of club names built on a place ("Cambridge United", "Leyton Orient").
CLUB_SUFFIXES = frozenset(
    {
        "united", "city", "town", "rovers", "athletic", "wanderers", "albion", "county",
        "rangers", "orient", "villa", "hotspur", "forest", "argyle", "alexandra", "stanley",
        "athletico", "fc", "afc",
    }
)  # fmt: skip
#: Words before a venue: a place named there is the place.
VENUE_WORDS = frozenset({"at", "in", "from", "to", "near"})
MONTHS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MIN_SPORTS_WORDS = 2


def is_sports(tokens: Sequence[Token]) -> bool:
    """Whether the text reads like a sports report (distinct sports words)."""
    seen = {t.lemma.lower() for t in tokens} & SPORTS_WORDS
    seen |= {t.text.lower() for t in tokens} & SPORTS_WORDS
    return len(seen) >= _MIN_SPORTS_WORDS


def relabel_teams(
    tokens: Sequence[Token], ents: list[Mention], is_country: Callable[[str], bool]
) -> list[Mention]:
    """``ents`` with the teams of a sports report as ORG (and untagged teams added)."""
    if not is_sports(tokens):
        return ents
    line = _line_ids(tokens)
    ents = _extend_clubs(tokens, ents, line) + _untagged_teams(tokens, ents, line, is_country)
    ents.sort(key=lambda m: m.first)

    def text(m: Mention) -> str:
        return " ".join(t.text.lower() for t in tokens[m.first : m.last])

    teams: set[str] = set()
    for m in ents:
        candidate = m.label == "ORG" or (m.label in PLACE_LABELS and not is_country(text(m)))
        if candidate and _team_position(tokens, ents, m, line):
            teams.add(text(m))
    out: list[Mention] = []
    for m in ents:
        if (
            m.label in PLACE_LABELS
            and text(m) in teams
            and not _venue(tokens, m, line)
            and not is_country(text(m))
        ):
            m = dataclasses.replace(m, label="ORG")
        out.append(m)
    return out


def _line_ids(tokens: Sequence[Token]) -> list[int]:
    ids: list[int] = []
    n = 0
    for t in tokens:
        ids.append(n)
        if "\n" in t.text:
            n += 1
    return ids


def _word(tokens: Sequence[Token], k: int, line: list[int], same_as: int) -> Token | None:
    """Token ``k`` if it exists, is on line ``same_as`` and is not whitespace."""
    if 0 <= k < len(tokens) and line[k] == line[same_as] and tokens[k].pos != "SPACE":
        return tokens[k]
    return None


def _is_score(token: Token | None) -> bool:
    """A number as in a score or a table column (not a year)."""
    if token is None:
        return False
    text = token.text.lstrip(".")
    return text[:1].isdigit() and text.replace(".", "").replace("-", "").isdigit() and len(text) < 4


def _team_position(
    tokens: Sequence[Token], ents: list[Mention], m: Mention, line: list[int]
) -> bool:
    before = _word(tokens, m.first - 1, line, m.first)
    after = _word(tokens, m.last, line, m.first)
    if _is_score(after) and (before is None or before.text.lower() not in VENUE_WORDS):
        return True
    if before is not None and (
        before.text.lower() in BEFORE_TEAM or before.lemma.lower() in MATCH_VERBS
    ):
        return True
    if after is not None and (
        after.lemma.lower() in MATCH_VERBS or after.text.lower() in MATCH_VERBS | TEAM_ROLES
    ):
        return True
    return _fixture_line(tokens, ents, m, line)


def _fixture_line(
    tokens: Sequence[Token], ents: list[Mention], m: Mention, line: list[int]
) -> bool:
    """A line that is only "A at B" (a fixture list)."""
    words = [k for k in range(len(tokens)) if line[k] == line[m.first] and tokens[k].pos != "SPACE"]
    ats = [k for k in words if tokens[k].text.lower() == "at"]
    if len(ats) != 1:
        return False
    named = {k for e in ents for k in range(e.first, e.last)}
    return all(k in named for k in words if k != ats[0])


def _venue(tokens: Sequence[Token], m: Mention, line: list[int]) -> bool:
    """A place named as where something happens: "at Hove", "in Seattle", a dateline."""
    before = _word(tokens, m.first - 1, line, m.first)
    if before is not None and before.text.lower() in VENUE_WORDS:
        after = _word(tokens, m.last, line, m.first)
        return not _is_score(after)
    if before is None:
        after = _word(tokens, m.last, line, m.first)
        # A line that starts with the name and goes on with ":" or ",": "Hove : Sussex 363".
        return after is not None and after.text in (":", ",")
    return False


def _extend_clubs(tokens: Sequence[Token], ents: list[Mention], line: list[int]) -> list[Mention]:
    """A place followed by an untagged club suffix is the club: "Cambridge United"."""
    tagged = {k for e in ents for k in range(e.first, e.last)}
    out: list[Mention] = []
    for m in ents:
        nxt = _word(tokens, m.last, line, m.first)
        if (
            m.label in PLACE_LABELS
            and nxt is not None
            and nxt.i not in tagged
            and nxt.text[:1].isupper()
            and nxt.text.lower() in CLUB_SUFFIXES
        ):
            m = Mention(Span(m.span.start, nxt.end), "ORG", m.first, m.last + 1)
        out.append(m)
    return out


def _untagged_teams(
    tokens: Sequence[Token],
    ents: list[Mention],
    line: list[int],
    is_country: Callable[[str], bool],
) -> list[Mention]:
    """Untagged capitalised names that start a line or follow a score and precede a score.

    "Peterborough 3 1 1 1 4 4 4", "Leyton Orient 2 Hartlepool 0".
    """
    tagged = {k for e in ents for k in range(e.first, e.last)}
    out: list[Mention] = []
    k = 0
    while k < len(tokens):
        start = k
        while (
            k < len(tokens)
            and k not in tagged
            and tokens[k].text[:1].isupper()
            and tokens[k].text.replace("-", "").isalpha()
            and tokens[k].text.lower() not in MONTHS
            and line[k] == line[start]
        ):
            k += 1
        if k > start:
            before = _word(tokens, start - 1, line, start)
            after = _word(tokens, k, line, start)
            if (before is None or _is_score(before)) and _is_score(after):
                name = " ".join(t.text.lower() for t in tokens[start:k])
                label = "GPE" if is_country(name) else "ORG"
                out.append(Mention(Span(tokens[start].start, tokens[k - 1].end), label, start, k))
        k += 1 if k == start else 0
    return out
