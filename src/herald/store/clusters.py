"""Event clusters: the same real-world event reported in several sentences or articles.

Matching rules (general, no per-story tuning). Two event mentions are one event when they have

1. the same PLOVER type,
2. the same countries on each side (at least one known: "someone protested somewhere" is never
   merged) and no clash of sectors: for a country on a side, the sectors known on both (``GOV``
   in ``NERGOV``, ``MIL`` in ``NERMIL``) must share one; an unknown sector clashes with none.
   With only one side known ("Kenyans protested") or both sides in one country (domestic
   news), the place must be known and the same too: otherwise every domestic event of a country
   on a busy news day would become one,
3. the same assertion (asserted, negated, future, hypothetical: "will meet" is not "met"),
4. overlapping date ranges (undated mentions are never merged), and
5. the same place when both places are known, and
6. within one article, the same participants by name on each side: one article telling of two
   requests by one official to two people ("asked Solorio", "asked Wallerstein") tells two events,
   while across articles the names of one actor vary ("Moscow", "Russia") and codes decide.

A cluster keeps the narrowest date range its members agree on, so a day-precise report narrows a
month-precise one, and two different days stay two events. Assignment is incremental: each new
mention joins the best existing cluster (narrowest range, then oldest) or starts one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

#: Matching key: type, actor countries, recipient countries, assertion.
Key = tuple[str, tuple[str, ...], tuple[str, ...], str]


def assertion(modality: dict[str, object] | None) -> str:
    """How the text asserts an event, as one word (modality flags joined, else 'asserted')."""
    modality = modality or {}
    marks = [name for name in ("negated", "future", "hypothetical") if modality.get(name)]
    return "+".join(marks) or "asserted"


@dataclass(frozen=True, slots=True)
class Mention:
    """What clustering needs of one stored event."""

    event_id: str
    key: Key
    start: date | None
    end: date | None
    geonameid: int | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    actor_countries: tuple[str, ...] = ()
    recipient_countries: tuple[str, ...] = ()
    article_id: str = ""
    #: Participant names per side (lower-cased), for the same-article rule.
    names: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    #: Where the evidence sentence starts: two codings of one sentence are one mention.
    sentence: int = -1
    #: CAMEO-style codes (country + sector) per side.
    codes: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())

    @property
    def mergeable(self) -> bool:
        return (
            self.start is not None
            and self.end is not None
            and bool(self.actor_countries or self.recipient_countries)
        )


@dataclass(slots=True)
class Cluster:
    """One real-world event: its key, agreed date range and place, and its first member."""

    cluster_id: int
    key: Key
    start: date | None
    end: date | None
    first_event_id: str
    geonameid: int | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    actor_countries: tuple[str, ...] = ()
    recipient_countries: tuple[str, ...] = ()
    new: bool = False
    changed: bool = False
    members: list[str] = field(default_factory=list)
    #: CAMEO-style codes per side: every code its members were given.
    codes: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    #: Evidence sentence and participant names of the members assigned in this run, by article.
    names: dict[str, list[tuple[int, tuple[frozenset[str], frozenset[str]]]]] = field(
        default_factory=dict
    )

    def accepts(self, mention: Mention) -> bool:
        if self.start is None or self.end is None or mention.start is None or mention.end is None:
            return False
        if mention.start > self.end or self.start > mention.end:
            return False
        return (
            self._same_place(mention)
            and self._same_people(mention)
            and all(
                _sectors_agree(mine, theirs)
                for mine, theirs in zip(self.codes, mention.codes, strict=True)
            )
        )

    def _same_people(self, mention: Mention) -> bool:
        """Within one article, some member must share the sentence or a name on each side."""
        others = self.names.get(mention.article_id)
        if not others:
            return True
        return any(
            sentence == mention.sentence
            or all(
                not (mine and theirs) or mine & theirs
                for mine, theirs in zip(names, mention.names, strict=True)
            )
            for sentence, names in others
        )

    def _same_place(self, mention: Mention) -> bool:
        actors, recipients = self.actor_countries, self.recipient_countries
        one_sided = not (actors and recipients) or set(actors) == set(recipients)
        if one_sided and not ((self.geonameid is not None or self.place) and mention.place):
            return False
        if self.geonameid is not None and mention.geonameid is not None:
            return self.geonameid == mention.geonameid
        if self.place and mention.place:
            return self.place.casefold() == mention.place.casefold()
        return True

    def absorb(self, mention: Mention) -> None:
        """Add a member: narrow the date range to the overlap, learn the place if unknown."""
        assert self.start is not None and self.end is not None
        assert mention.start is not None and mention.end is not None
        start, end = max(self.start, mention.start), min(self.end, mention.end)
        if (start, end) != (self.start, self.end):
            self.start, self.end, self.changed = start, end, True
        if self.geonameid is None and self.place is None and mention.place is not None:
            self.geonameid, self.place = mention.geonameid, mention.place
            self.lat, self.lon, self.changed = mention.lat, mention.lon, True
        codes = tuple(
            tuple(sorted({*mine, *theirs}))
            for mine, theirs in zip(self.codes, mention.codes, strict=True)
        )
        if codes != self.codes:
            self.codes, self.changed = (codes[0], codes[1]), True
        self.members.append(mention.event_id)
        self.names.setdefault(mention.article_id, []).append((mention.sentence, mention.names))


class Clusterer:
    """Assigns mentions to clusters, starting from those already stored."""

    def __init__(self, clusters: Iterable[Cluster] = (), next_id: int = 1) -> None:
        self._by_key: dict[Key, list[Cluster]] = {}
        self.next_id = next_id
        for cluster in clusters:
            self._by_key.setdefault(cluster.key, []).append(cluster)
            self.next_id = max(self.next_id, cluster.cluster_id + 1)
        self.touched: dict[int, Cluster] = {}

    def assign(self, mention: Mention) -> Cluster:
        """The cluster ``mention`` joins (created when none accepts it)."""
        best: Cluster | None = None
        if mention.mergeable:
            for cluster in self._by_key.get(mention.key, ()):
                if not cluster.accepts(mention):
                    continue
                if best is None or _width(cluster) < _width(best):
                    best = cluster
        if best is None:
            best = Cluster(
                self.next_id,
                mention.key,
                mention.start,
                mention.end,
                mention.event_id,
                mention.geonameid,
                mention.place,
                mention.lat,
                mention.lon,
                mention.actor_countries,
                mention.recipient_countries,
                codes=mention.codes,
                new=True,
            )
            self.next_id += 1
            best.members.append(mention.event_id)
            best.names[mention.article_id] = [(mention.sentence, mention.names)]
            if mention.mergeable:
                self._by_key.setdefault(mention.key, []).append(best)
        else:
            best.absorb(mention)
        self.touched[best.cluster_id] = best
        return best


def _width(cluster: Cluster) -> int:
    assert cluster.start is not None and cluster.end is not None
    return (cluster.end - cluster.start).days


def _sectors_agree(one: tuple[str, ...], two: tuple[str, ...]) -> bool:
    """No country on this side has known sectors on both that share none."""
    for country in {code[:3] for code in one} & {code[:3] for code in two}:
        mine = {code[3:] for code in one if code[:3] == country and code[3:]}
        theirs = {code[3:] for code in two if code[:3] == country and code[3:]}
        if mine and theirs and not mine & theirs:
            return False
    return True
