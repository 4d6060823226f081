"""Resolve who the article is about: people, organisations, states, offices, pronouns.

Steps, in order, each adding actors and the mentions that refer to them:

1. the article's home country (the country the article is about), from the countries it names;
2. people: PERSON names and title + name ("General X"), with role, country and sector from the
   title before the name or an apposition ("X, the Russian Deputy Prime Minister"); surnames and
   titled short forms merge into one actor;
3. organisations: known bodies (UN, NATO...), media ("the channel X"), acronyms, "the X group";
4. states: country names, capitals and seats of government used as actors ("Washington says",
   "by Niamey"), not as places ("in Niamey");
5. role nouns ("the head of government", "the American official", "the junta") corefer with a
   matching person already named, else become an office actor of their country;
   "the two countries" refers to the last two countries named;
6. pronouns (he, she, his, her) refer to the nearest person mention before them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from herald.actors import lexicon
from herald.actors.dictionaries import ActorDictionary
from herald.model import Actor, ActorMention, Actors, Analysis, Article, Mention, Span, Token

#: Prepositions whose object is a location, not an actor ("in Niamey", "to Russia").
LOCATIVE_PREPS = frozenset(
    [
        "in",
        "at",
        "to",
        "from",
        "into",
        "near",
        "across",
        "throughout",
        "inside",
        "outside",
        "around",
        "within",
        "toward",
        "towards",
        "via",
        "onto",
        "through",
        "over",
        "under",
        "beyond",
    ]
)
#: Verbs whose direct object is a destination ("visited Turkey").
MOTION_VERBS = frozenset(["visit", "tour", "reach", "enter", "leave", "arrive", "cross", "invade"])
PERSON_PRONOUNS = frozenset(["he", "she", "him", "her", "his", "hers", "himself", "herself"])
RECIPROCAL_NOUNS = frozenset(
    [
        "country",
        "nation",
        "side",
        "government",
        "state",
        "capital",
        "party",
    ]
)
QUANTIFIERS = frozenset(
    [
        "most",
        "some",
        "many",
        "all",
        "few",
        "several",
        "any",
        "no",
        "every",
        "each",
    ]
)
_NON_ACTOR_LABELS = frozenset(
    [
        "DATE",
        "TIME",
        "CARDINAL",
        "ORDINAL",
        "PERCENT",
        "MONEY",
        "QUANTITY",
        "LANGUAGE",
        "LAW",
        "EVENT",
    ]
)


@dataclass
class _Draft:
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    aliases: set[str] = field(default_factory=set)
    mentions: list[Span] = field(default_factory=list)
    confidence: float = 1.0
    code: str | None = None


class _Builder:
    def __init__(self, article: Article, analysis: Analysis) -> None:
        self.text = analysis.text
        self.analysis = analysis
        self.article = article
        self.drafts: dict[str, _Draft] = {}
        self.mentions: list[ActorMention] = []
        self.covered: set[int] = set()  # token indices already inside an actor mention
        self.home: str | None = None
        self.dictionary: ActorDictionary | None = None
        self.made = 0  # drafts ever made: ids stay unique when a draft is merged away

    # -- helpers ---------------------------------------------------------------------------------

    def tok(self, i: int) -> Token:
        return self.analysis.tokens[i]

    def span_of(self, tokens: list[Token]) -> Span:
        return Span(min(t.start for t in tokens), max(t.end for t in tokens))

    def new(self, name: str, kind: str, **attrs: object) -> _Draft:
        self.made += 1
        draft = _Draft(id=f"a{self.made}", name=name, kind=kind)
        for key, value in attrs.items():
            setattr(draft, key, value)
        self.drafts[draft.id] = draft
        return draft

    def mention(self, draft: _Draft, span: Span, how: str, tokens: range | None = None) -> None:
        self.mentions.append(ActorMention(span=span, actor_id=draft.id, how=how))
        draft.mentions.append(span)
        surface = span.text(self.text)
        if how in ("name", "government", "title") and surface != draft.name:
            draft.aliases.add(surface)
        if tokens is not None:
            self.covered.update(tokens)

    def is_covered(self, first: int, last: int) -> bool:
        return any(i in self.covered for i in range(first, last))

    # -- 1. home country ------------------------------------------------------------------------

    def find_home(self) -> None:
        score: defaultdict[str, float] = defaultdict(float)
        first_seen: dict[str, int] = {}
        title_end = (
            len(self.article.title or "") if self.text.startswith(self.article.title or "\0") else 0
        )
        for ent in self.analysis.entities:
            if ent.label not in ("GPE", "NORP", "ORG", "LOC"):
                continue
            entry = lexicon.country_of(ent.span.text(self.text))
            weight = 1.0
            if entry is None and ent.label == "ORG":
                inner = self.country_in_name(ent.span.text(self.text))
                entry = lexicon.CountryEntry(inner, "name") if inner else None
                weight = 0.5  # "the Kenya Anti-Corruption Commission" hints at Kenya
            if entry is None:
                continue
            score[entry.iso3] += weight + (3 if ent.span.end <= title_end else 0)
            first_seen.setdefault(entry.iso3, ent.span.start)
        if score:
            self.home = max(score, key=lambda iso: (score[iso], -first_seen[iso]))

    # -- 1b. the analyst's dictionary ------------------------------------------------------------

    def dictionary_actors(self) -> None:
        """Names and role nouns from the analyst's dictionary, coded as the dictionary says.

        A role noun (agent) next to a country joins it: "Arnorian soldiers", "soldiers from
        Arnor", "Arnor's police" are one actor coded ARNMIL, ARNCOP; a title before a name joins the
        person ("Bree Prime Minister Romendacil" is BREGOV). An agent alone is an office of the
        home country (or of no country: ---GOV). Runs before the NER-based steps, so its mentions
        cover the tokens first; people named by the NER merge into its person actors by name.
        """
        # Imported here: this step is the only user, and the file's imports stay as they were.
        from herald.actors.dictionaries import NULL_CODE, ActorMatch, join_codes, split_code

        dictionary = self.dictionary
        if dictionary is None:
            return
        tokens = self.analysis.tokens

        def is_person(m: ActorMatch) -> bool:
            return any(t.ent_type == "PERSON" for t in tokens[m.start : m.end])

        def joins(group: list[ActorMatch], match: ActorMatch) -> bool:
            """Does ``match`` name the same actor as ``group``, the matches just before it?"""
            last = group[-1]
            gap = tokens[last.end : match.start]
            if len(gap) > 3:
                return False
            if match.kind == "agent":  # "Gondor's main opposition group", "Arnor former officials"
                return all(t.pos in ("ADJ", "ADV") or t.tag == "POS" for t in gap)
            if any(m.kind == "actor" for m in group):
                # A second actor joins only as the name after a title: "Minister Romendacil".
                return last.kind == "agent" and not gap and is_person(match)
            # Agent before its country: "soldiers from Gondor", "activists in Arnor".
            linking = ("of", "in", "from", "for", "the", "at")
            return all(t.text.lower() in linking or t.pos == "ADJ" for t in gap)

        def add(group: list[ActorMatch], code: str, country_words: bool) -> None:
            first, last = group[0].start, group[-1].end
            span = self.span_of(list(tokens[first:last]))
            surface = span.text(self.text)
            agents = [m for m in group if m.kind == "agent"]
            if country_words:
                country, sector = dictionary.split_code(code)
            else:
                country, sector = self.home, split_code(code)[1]
            # The NER tags invented country names as people; a bare country code says otherwise.
            bare = country is not None and code == country
            people = [m for m in group if m.kind == "actor" and is_person(m) and not bare]
            if people:
                kind = "person"
                name = self.span_of(list(tokens[people[-1].start : people[-1].end])).text(self.text)
            else:
                name = surface.removeprefix("the ").removeprefix("The ")
                if agents:
                    kind = "office"
                elif country and sector in (None, "GOV") and code[:3] == country:
                    # A bare country code, or its government named by a place ("Washington").
                    kind = (
                        "state" if sector is None or tokens[first].ent_type == "GPE" else "office"
                    )
                else:
                    kind = "organisation"
            draft = next(
                (
                    d
                    for d in self.drafts.values()
                    if d.code == code
                    and (kind != "person" or d.name.split()[-1] == name.split()[-1])
                ),
                None,
            )
            if draft is None:
                role = None
                if agents:
                    role = self.span_of(list(tokens[agents[0].start : agents[-1].end]))
                draft = self.new(
                    name,
                    kind,
                    country=country,
                    sector=sector,
                    code=code,
                    role=role.text(self.text) if role else None,
                    confidence=1.0 if country_words else 0.6,
                )
            elif surface != draft.name:
                draft.aliases.add(surface)
            self.mention(draft, span, "dictionary", range(first, last))

        person_of = {
            i: ent
            for ent in self.analysis.entities
            if ent.label == "PERSON"
            for i in range(ent.first, ent.last)
        }

        def inside_longer_name(m: ActorMatch) -> bool:
            ent = person_of.get(m.start)
            return (
                m.kind == "actor"
                and ent is not None
                and ent.first <= m.start
                and m.end < ent.last
                and all(person_of.get(i) is ent for i in range(m.start, m.end))
            )

        for sentence in self.analysis.sentences:
            words = [t.text for t in tokens[sentence.first : sentence.last]]
            found = [
                ActorMatch(
                    m.start + sentence.first, m.end + sentence.first, m.code, m.kind, m.prefix
                )
                for m in dictionary.match(words, self.article.published)
            ]
            # A dictionary name inside a longer personal name is another person's name part:
            # "Hassan" in "Omar Hassan al-Bashir" is not Jordan's Prince Hassan.
            found = [m for m in found if not inside_longer_name(m)]
            # Country words the dictionary lacks ("Nigerien soldiers") may still carry an agent;
            # alone they are left to the states step.
            inside = {i for m in found for i in range(m.start, m.end)}
            lexical: set[int] = set()
            for t in tokens[sentence.first : sentence.last]:
                entry = lexicon.country_of(t.text) if t.text[:1].isupper() else None
                if entry is None or entry.kind not in ("name", "alias"):
                    continue  # cities are places here, not the country's people
                if t.i not in inside and t.pos in ("ADJ", "PROPN"):
                    found.append(ActorMatch(t.i, t.i + 1, entry.iso3, "actor"))
                    lexical.add(t.i)
            found.sort(key=lambda m: m.start)
            groups: list[list[ActorMatch]] = []
            for match in found:
                if groups and joins(groups[-1], match):
                    groups[-1].append(match)
                else:
                    groups.append([match])
            for group in groups:
                actors = [m for m in group if m.kind == "actor"]
                agents = [m for m in group if m.kind == "agent"]
                if not agents and all(m.start in lexical for m in actors):
                    continue
                base = actors[0].code if actors else self.home
                if base == NULL_CODE:
                    continue  # a name the dictionary knows but codes as no actor
                # "THE_SHIRE [FRO/BIL/SAM]" names three actors at once.
                for part in base.split("/") if base else [None]:
                    code = part
                    for agent in agents:
                        code = join_codes(code, agent)
                    if code:
                        add(group, code, bool(actors))

    # -- 2. people -------------------------------------------------------------------------------

    def people(self) -> None:
        for ent in self.analysis.entities:
            tokens = list(self.analysis.tokens[ent.first : ent.last])
            titled = bool(tokens) and tokens[0].text.lower() in lexicon.PERSON_TITLES
            if self.place_like(ent) or self.is_covered(ent.first, ent.last):
                continue  # "Togo" tagged PERSON is still the country; dictionaries came first
            if ent.label == "PERSON" or (
                ent.label in ("ORG", "NORP") and titled and len(tokens) > 1
            ):
                self.person(ent, tokens)

    def place_like(self, ent: Mention) -> lexicon.CountryEntry | None:
        """The country an entity names, when it names one (whatever label the NER gave it)."""
        entry = lexicon.country_of(ent.span.text(self.text))
        if entry is None:
            return None
        if ent.label in ("GPE", "LOC", "NORP", "ORG", "FAC") or entry.kind == "name":
            return entry
        return None

    def person(self, ent: Mention, tokens: list[Token]) -> None:
        title_words: list[Token] = []
        while tokens and tokens[0].text.lower() in lexicon.PERSON_TITLES and len(tokens) > 1:
            title_words.append(tokens.pop(0))
        tokens = [t for t in tokens if t.pos != "PUNCT" or t.text in "-.'"]
        if not tokens:
            return
        # Titles written before the entity: "Prime Minister Ana Brnabic", "Russian President X".
        before = self.title_before(ent.first)
        # Keep the words before the name only when they read as a title: capitalised ("Prime
        # Minister") or a known office in lower case ("the opposition leader X").
        phrase = " ".join(t.text for t in before)
        if before and not (
            any(t.text[:1].isupper() for t in before) or lexicon.sector_of_role(phrase)
        ):
            before = []
        # An international body before the title ("Arab League Secretary-General X", "UN envoy
        # X"): the person acts for that body, whatever a country word or dictionary would say.
        body = self.body_before(before)
        if body is not None:
            before = [
                t for t in before if not any(m.start <= t.start < m.end for m in body.mentions)
            ]
        # The name as written ("al-Bashir", not "al - Bashir"), spaces collapsed.
        name = " ".join(self.text[tokens[0].start : tokens[-1].end].split())
        if not name:
            return  # an entity of blanks only (a parser's slip on odd whitespace) names no one
        surname = tokens[-1].text
        draft = self.find_person(name, surname)
        if draft is None:
            draft = self.new(name, "person")
        elif len(name) > len(draft.name):
            draft.aliases.add(draft.name)
            draft.name = name
        span = self.span_of(title_words + tokens)
        self.mention(draft, span, "name", range(ent.first, ent.last))
        role_tokens = before + title_words
        self.covered.update(t.i for t in before)
        appositive = self.appositive_role(tokens[-1], set(range(ent.first, ent.last)))
        if appositive:
            role_tokens = role_tokens + appositive
            self.mention(draft, self.span_of(appositive), "title")
        if role_tokens:
            self.apply_role(draft, role_tokens)
            if before:
                draft.aliases.add(" ".join(t.text for t in before + tokens))

    def title_before(self, first: int) -> list[Token]:
        """The title words right before token ``first`` in its sentence ("Prime Minister",
        "Arab League Secretary-General")."""
        i = first - 1
        before: list[Token] = []
        while i >= 0 and self.tok(i).sent == self.tok(first).sent:
            t = self.tok(i)
            if t.pos in ("PROPN", "NOUN", "ADJ") and t.dep in ("compound", "amod", "nmod"):
                before.insert(0, t)
            elif self.glued_hyphen(t) and i > 0:
                before.insert(0, t)  # "Secretary-General": one title written with a hyphen
            else:
                break
            i -= 1
        return before

    def people_of_bodies(self) -> None:
        """People whose title opens with an international body's name act for that body, even
        when a dictionary knows them from an earlier office ("UN Secretary-General X")."""
        starts = {t.start: t.i for t in self.analysis.tokens}
        for draft in self.drafts.values():
            if draft.kind != "person":
                continue
            for span in draft.mentions:
                i = starts.get(span.start)
                body = self.body_before(self.title_before(i)) if i is not None else None
                if body is not None:
                    draft.country, draft.sector, draft.code = body.country, body.sector, body.code
                    break

    def glued_hyphen(self, t: Token) -> bool:
        """A hyphen with a word on each side and no space ("Secretary-General")."""
        return (
            t.text == "-"
            and t.start > 0
            and t.end < len(self.text)
            and not self.text[t.start - 1].isspace()
            and not self.text[t.end].isspace()
        )

    def body_before(self, before: list[Token]) -> _Draft | None:
        """The international or non-governmental body whose name opens a person's title."""
        if not before:
            return None
        first = before[0].start
        for draft in self.drafts.values():
            if (
                draft.kind == "organisation"
                and draft.sector in ("IGO", "NGO")
                and any(m.start <= first < m.end for m in draft.mentions)
            ):
                return draft
        return None

    def surnames(self) -> None:
        """Lone surnames of people already named, which the NER missed ("General Tiani")."""
        by_surname = {
            d.name.split()[-1]: d
            for d in self.drafts.values()
            if d.kind == "person" and d.name.strip()
        }
        for t in self.analysis.tokens:
            draft = by_surname.get(t.text)
            if draft is None or t.i in self.covered or t.pos != "PROPN":
                continue
            first = t.i
            while first > 0 and self.tok(first - 1).text.lower() in lexicon.PERSON_TITLES:
                first -= 1
            tokens = list(self.analysis.tokens[first : t.i + 1])
            self.mention(draft, self.span_of(tokens), "name", range(first, t.i + 1))

    def find_person(self, name: str, surname: str) -> _Draft | None:
        for draft in self.drafts.values():
            if draft.kind != "person":
                continue
            names = {draft.name, *draft.aliases}
            if name in names or draft.name.split()[-1] == surname or name in draft.name:
                return draft
        return None

    def appositive_role(self, head: Token, name: set[int]) -> list[Token]:
        """Role words in apposition: "X, the Minister of Defense" or "the Minister ..., X".

        An apposition of the name itself wins; the name's own head counts only when that head is
        not already the apposition of another name (chains like "A, the Russian minister, B, ...").
        """
        own = [
            c
            for c in self.analysis.children(head.i)
            if c.dep == "appos" and c.pos in ("NOUN", "PROPN") and self.is_role_noun(c)
        ]
        candidates = own
        parent = self.tok(head.head)
        if not own and head.dep == "appos" and self.is_role_noun(parent):
            grand = self.tok(parent.head)
            if not (parent.dep == "appos" and grand.ent_type == "PERSON"):
                candidates = [parent]
        for noun in candidates:
            skip = set(name)
            for child in self.analysis.children(noun.i):
                if child.dep in ("relcl", "acl", "appos") and child.i not in name:
                    skip.update(t.i for t in self.analysis.subtree(child.i))
                if child.i == head.i or child.dep == "appos":
                    skip.update(t.i for t in self.analysis.subtree(child.i))
            words = [
                t
                for t in self.analysis.subtree(noun.i)
                if t.i not in skip and t.dep not in ("det", "punct", "poss", "cc")
            ]
            if words:
                self.covered.update(t.i for t in words)
                return words
        return []

    def is_role_noun(self, token: Token) -> bool:
        """A noun naming an office, alone or with its compounds ("opposition leader")."""
        if token.pos not in ("NOUN", "PROPN"):
            return False
        compounds = [c.text for c in self.analysis.children(token.i) if c.dep == "compound"]
        return any(
            lexicon.sector_of_role(phrase)
            for phrase in (token.lemma, token.text, " ".join([*compounds, token.text]))
        )

    def apply_role(self, draft: _Draft, role_tokens: list[Token]) -> None:
        country = None
        kept: list[Token] = []
        for t in role_tokens:
            entry = lexicon.country_of(t.text) if t.text[:1].isupper() else None
            if country is None and entry is not None and t.dep in ("amod", "compound", "nmod"):
                country = entry.iso3
                continue
            kept.append(t)
        role = " ".join(t.text for t in kept).replace(" - ", "-").strip(" ,")
        sector = lexicon.sector_of_role(role) if role else None
        if sector is None and kept and kept[0].text.lower() in lexicon.PERSON_TITLES:
            sector = lexicon.PERSON_TITLES[kept[0].text.lower()] or None
        if role and (draft.role is None or len(role) > len(draft.role)):
            draft.role = role
        # A civilian office ("Minister of Defense") outranks a military title ("General").
        if sector and (draft.sector is None or (draft.sector == "MIL" and sector == "GOV")):
            draft.sector = sector
        if country:
            draft.country = country

    # -- 3. organisations -------------------------------------------------------------------------

    def organisations(self) -> None:
        for ent in self.analysis.entities:
            if ent.label in _NON_ACTOR_LABELS or self.is_covered(ent.first, ent.last):
                continue
            tokens = list(self.analysis.tokens[ent.first : ent.last])
            surface = ent.span.text(self.text)
            is_country = lexicon.country_of(surface) is not None
            media = None if is_country else self.media_noun(tokens)
            known = lexicon.organisation(surface)
            if media is not None:
                self.organisation(surface, ent.span, "JRN", self.demonym_of(media), ent)
            elif known is not None:
                self.organisation(surface, ent.span, known[1], known[0], ent)
            elif ent.label == "ORG" and not is_country:
                self.organisation(surface, ent.span, None, None, ent)
        self.acronyms()

    def organisation(
        self,
        name: str,
        span: Span,
        sector: str | None,
        country: str | None,
        ent: Mention | None = None,
    ) -> None:
        code: str | None = None
        name = name.removeprefix("the ").removeprefix("The ")
        draft = next(
            (d for d in self.drafts.values() if d.kind == "organisation" and d.name == name), None
        )
        if draft is None:
            confidence = 1.0
            if country is None and sector in (None, "GOV", "MIL", "UAF", "REB"):
                country = self.country_in_name(name)
                if country is None and _transnational(name):
                    # "International Labor Office", "European Community": above the states, so
                    # it takes no country from its context; CAMEO's generic IGO/NGO code.
                    code = code or _body_code(name)
                elif country is None:
                    # An unknown body is most likely domestic to where the sentence is.
                    country = self.sentence_country(span) or self.home
                confidence = 0.5
            draft = self.new(
                name,
                "organisation",
                sector=sector,
                country=country,
                confidence=confidence,
                code=code,
            )
        tokens = range(ent.first, ent.last) if ent else None
        self.mention(draft, span, "name", tokens)

    def media_noun(self, tokens: list[Token]) -> Token | None:
        root = tokens[-1]
        related = [self.tok(root.head), *self.analysis.children(root.i)]
        for t in related:
            if t.lemma.lower() in lexicon.MEDIA_NOUNS and t.i not in {x.i for x in tokens}:
                return t
        return None

    def demonym_of(self, noun: Token) -> str | None:
        for child in self.analysis.children(noun.i):
            if child.dep in ("amod", "compound", "nmod") and child.text[:1].isupper():
                entry = lexicon.country_of(child.text)
                if entry is not None:
                    return entry.iso3
        return None

    def sentence_country(self, span: Span) -> str | None:
        """The one country the sentence names as a place, if exactly one."""
        sentence = self.analysis.sentence_of(span.start)
        if sentence is None:
            return None
        found = {
            entry.iso3
            for ent in self.analysis.entities
            if sentence.span.contains(ent.span) and ent.label in ("GPE", "LOC")
            for entry in [lexicon.country_of(ent.span.text(self.text))]
            if entry is not None
        }
        return found.pop() if len(found) == 1 else None

    def acronyms(self) -> None:
        """All-capital words the NER missed ("the CNSP") are organisations."""
        for t in self.analysis.tokens:
            if (
                t.i in self.covered
                or not (2 <= len(t.text) <= 8 and t.text.isalpha() and t.text.isupper())
                or t.pos not in ("PROPN", "NOUN")
                or lexicon.country_of(t.text) is not None
            ):
                continue
            sentence = self.analysis.sentences[t.sent]
            words = self.analysis.tokens[sentence.first : sentence.last]
            if sum(w.text.isupper() for w in words if w.text.isalpha()) > len(words) / 2:
                continue  # a shouted headline, not an acronym
            known = lexicon.organisation(t.text)
            sector, country = (known[1], known[0]) if known else (None, None)
            self.organisation(t.text, t.span, sector, country, Mention(t.span, "ORG", t.i, t.i + 1))

    def parenthetical_aliases(self) -> None:
        """ "The International Labor Office (ILO)": the bracketed short form is the same actor as
        the name just before it, whatever each resolved to on its own."""
        by_end = {m.span.end: m for m in self.mentions}
        for m in list(self.mentions):
            before = self.text[: m.span.start].rstrip()
            after = self.text[m.span.end :].lstrip()
            if not (before.endswith("(") and after.startswith(")")):
                continue
            short = m.span.text(self.text)
            if not (1 < len(short) <= 10 and short.replace(".", "").replace("/", "").isupper()):
                continue
            full = by_end.get(len(before[:-1].rstrip()))
            if full is None or full.actor_id == m.actor_id or full.actor_id not in self.drafts:
                continue
            self.merge(self.drafts[m.actor_id], self.drafts[full.actor_id])

    def merge(self, gone: _Draft, into: _Draft) -> None:
        """Fold one draft into another: its mentions and names become the other's."""
        into.aliases |= gone.aliases | {gone.name}
        into.aliases.discard(into.name)
        into.mentions.extend(gone.mentions)
        if gone.confidence > into.confidence:
            # The short form was the one recognised (a dictionary acronym): it knows better.
            into.country, into.sector = gone.country or into.country, gone.sector or into.sector
            into.code, into.confidence = gone.code or into.code, gone.confidence
        self.mentions = [
            ActorMention(m.span, into.id, m.how) if m.actor_id == gone.id else m
            for m in self.mentions
        ]
        del self.drafts[gone.id]

    # -- 4. states -------------------------------------------------------------------------------

    def states(self) -> None:
        for ent in self.analysis.entities:
            if ent.label not in ("GPE", "ORG", "NORP", "FAC", "LOC") and not self.place_like(ent):
                continue
            if self.is_covered(ent.first, ent.last):
                continue
            surface = ent.span.text(self.text)
            seat = lexicon.SEATS_OF_GOVERNMENT.get(surface.lower().removeprefix("the "))
            entry = lexicon.country_of(surface)
            if seat is None and entry is None:
                continue
            head = self.tok(ent.last - 1)
            iso3 = seat or (entry.iso3 if entry else None)
            if ent.label == "NORP" or (
                entry is not None
                and entry.kind == "alias"
                and head.dep
                in (
                    "amod",
                    "compound",
                )
            ):
                if head.dep not in ("amod", "compound", "nmod") and head.pos in ("PROPN", "NOUN"):
                    if ent.first > 0 and self.tok(ent.first - 1).text.lower() == "ethnic":
                        # "ethnic Albanians" in Macedonia are Macedonia's people (CAMEO codes a
                        # minority by where it lives); the demonym names their ethnicity.
                        iso3 = self.residence(ent.span, iso3)
                    self.state(surface, iso3, ent, "people")
                continue
            if self.used_as_place(head) or self.modifies_role_noun(head):
                continue
            self.state(surface, iso3, ent, "government")

    def residence(self, span: Span, ethnic: str | None) -> str | None:
        """The country an ethnic group lives in: another country the sentence names, else the
        article's home country when it is another, else the group's own."""
        sentence = self.analysis.sentence_of(span.start)
        if sentence is not None:
            for ent in self.analysis.entities:
                if ent.label not in ("GPE", "LOC") or not sentence.span.contains(ent.span):
                    continue
                entry = lexicon.country_of(ent.span.text(self.text))
                if entry is not None and entry.iso3 != ethnic:
                    return entry.iso3
        return self.home if self.home and self.home != ethnic else ethnic

    def modifies_role_noun(self, token: Token) -> bool:
        """ "Ivory Coast rebels", "Kenya police": a country qualifying a group, not a government."""
        if token.dep not in ("compound", "nmod", "amod"):
            return False
        head = self.tok(token.head)
        return head.pos == "NOUN" and lexicon.sector_of_role(head.lemma) is not None

    def used_as_place(self, token: Token) -> bool:
        seen = 0
        while token.dep in ("conj", "appos", "compound") and seen < 5:
            token = self.tok(token.head)
            seen += 1
        if token.dep == "pobj":
            prep = self.tok(token.head)
            return prep.text.lower() in LOCATIVE_PREPS
        if token.dep == "dobj":
            return self.tok(token.head).lemma in MOTION_VERBS
        return token.dep in ("npadvmod", "advmod")

    def state(self, surface: str, iso3: str | None, ent: Mention, how: str) -> None:
        name = surface.removeprefix("the ").removeprefix("The ")
        draft = next(
            (d for d in self.drafts.values() if d.kind == "state" and d.name == name), None
        )
        if draft is None:
            sector = "GOV" if how == "government" else None
            if how == "people" and name.endswith("s") and name[:1].isupper():
                sector = "CVL"  # "Palestinians", "the Algerians": the people, not the state
            draft = self.new(name, "state", country=iso3, sector=sector)
        self.mention(draft, ent.span, how, range(ent.first, ent.last))

    def state_for(self, iso3: str) -> _Draft:
        name = lexicon.country_names().get(iso3, iso3)
        for draft in self.drafts.values():
            if draft.kind == "state" and draft.country == iso3:
                return draft
        return self.new(name, "state", country=iso3, sector="GOV")

    # -- 5. role nouns ---------------------------------------------------------------------------

    def role_nouns(self) -> None:
        for chunk in self.analysis.noun_chunks:
            if self.is_covered(chunk.first, chunk.last):
                continue
            head = self.tok(chunk.last - 1)
            tokens = list(self.analysis.tokens[chunk.first : chunk.last])
            if self.reciprocal(chunk, head, tokens):
                continue
            if tokens[0].text.lower() in QUANTIFIERS and not (
                len(tokens) > 2 and tokens[1].pos == "NUM"
            ):
                continue  # "some officials" is no one in particular; "some 500 workers" is
            phrase = self.role_phrase(head)
            nominal = head.pos == "NOUN" or (head.pos == "PROPN" and not head.ent_type)
            sector = lexicon.sector_of_role(phrase) if nominal else None
            if sector is None:
                continue
            demonym = next(
                (
                    entry.iso3
                    for t in tokens
                    if t.dep in ("amod", "compound") and t.text[:1].isupper()
                    for entry in [lexicon.country_of(t.text)]
                    if entry is not None
                ),
                None,
            )
            span = Span(tokens[0].start, self.role_end(head, phrase))
            if " of " in phrase:
                self.covered.update(t.i for t in self.analysis.subtree(head.i))
            holder = self.role_holder(phrase, demonym, sector, span)
            if holder is not None:
                self.mention(holder, span, "role", range(chunk.first, chunk.last))
                continue
            country = demonym or self.country_in_pp(head) or self.home
            name = phrase if not demonym else f"{lexicon.country_names().get(demonym, '')} {phrase}"
            draft = next(
                (
                    d
                    for d in self.drafts.values()
                    if d.kind == "office" and d.name == name.strip() and d.country == country
                ),
                None,
            )
            if draft is None:
                draft = self.new(
                    name.strip(),
                    "office",
                    country=country,
                    sector=sector,
                    role=phrase,
                    confidence=0.6 if demonym is None else 0.8,
                )
            self.mention(draft, span, "role", range(chunk.first, chunk.last))

    def role_phrase(self, head: Token) -> str:
        """The head noun plus an "of"-phrase naming the office ("head of government")."""
        phrase = head.lemma.lower() if head.pos == "NOUN" else head.text.lower()
        modifiers = [
            c.text.lower()
            for c in self.analysis.children(head.i)
            if c.dep in ("compound", "amod") and c.i < head.i and lexicon.country_of(c.text) is None
        ]
        # The longest run of modifiers next to the head that the agents know: "labour
        # activist", "Islamic fundamentalist" (an adjective), "interior ministry spokesman".
        for start in range(len(modifiers)):
            longer = " ".join([*modifiers[start:], phrase])
            if longer in lexicon.agents():
                phrase = longer
                break
        for child in self.analysis.children(head.i):
            if child.dep == "prep" and child.text.lower() == "of":
                objects = [c for c in self.analysis.children(child.i) if c.dep == "pobj"]
                if objects and objects[0].pos == "NOUN":
                    longer = f"{phrase} of {objects[0].lemma.lower()}"
                    if lexicon.sector_of_role(longer) and longer in lexicon.agents():
                        return longer
        return phrase

    def role_end(self, head: Token, phrase: str) -> int:
        if " of " not in phrase:
            return head.end
        last = max(t.end for t in self.analysis.subtree(head.i) if t.dep != "punct")
        return last

    def role_holder(
        self, phrase: str, demonym: str | None, sector: str, span: Span
    ) -> _Draft | None:
        """The nearest earlier person whose role or country matches a role noun."""
        equivalents = (phrase, *lexicon.ROLE_EQUIVALENTS.get(phrase, ()))
        best: tuple[int, _Draft] | None = None
        for draft in self.drafts.values():
            if draft.kind != "person":
                continue
            earlier = [m for m in draft.mentions if m.end <= span.start]
            if not earlier:
                continue
            role = (draft.role or "").lower()
            by_role = any(e in role for e in equivalents) if role else False
            # A generic noun ("the American official") matches any official of that country;
            # a specific title must match the holder's role.
            by_country = (
                demonym is not None
                and self.country(draft) == demonym
                and phrase in lexicon.GENERIC_ROLES
            )
            if demonym is not None and self.country(draft) != demonym:
                continue
            if by_role or by_country:
                position = max(m.end for m in earlier)
                if best is None or position > best[0]:
                    best = (position, draft)
        return best[1] if best else None

    def country_in_pp(self, head: Token) -> str | None:
        for child in self.analysis.children(head.i):
            if child.dep == "prep" and child.text.lower() in ("in", "of"):
                for obj in self.analysis.children(child.i):
                    if obj.dep != "pobj":
                        continue
                    words = [c.text for c in self.analysis.children(obj.i) if c.dep == "compound"]
                    phrase = " ".join([*words, obj.text])
                    entry = lexicon.country_of(obj.text) or lexicon.country_of(phrase)
                    if entry is not None:
                        return self.homonym_country(phrase, entry)
                    # "the government of Sindh province", "police in Bavaria": a province's
                    # country, when only one country has a province of that name.
                    name = words[-1] if obj.lemma.lower() in PROVINCE_NOUNS and words else phrase
                    if name[:1].isupper() and (country := lexicon.province_country(name)):
                        return country
        return None

    def homonym_country(self, name: str, entry: lexicon.CountryEntry) -> str:
        """The country of a city name, read in context: when another country has a sizeable city
        of that name and the article names that country, and not the usual one ("militias in
        Tripoli ... the north Lebanese port"), the city is the one there."""
        if entry.kind not in ("city", "capital"):
            return entry.iso3
        named = self.named_countries()
        if entry.iso3 in named:
            return entry.iso3
        others = (lexicon.city_countries(name) - {entry.iso3}) & named
        return next(iter(others)) if len(others) == 1 else entry.iso3

    def named_countries(self) -> set[str]:
        """Countries the article names by a country word (a name, alias or demonym)."""
        found: set[str] = set()
        for ent in self.analysis.entities:
            if ent.label in ("GPE", "NORP", "LOC"):
                entry = lexicon.country_of(ent.span.text(self.text))
                if entry is not None and entry.kind in ("name", "alias"):
                    found.add(entry.iso3)
        return found

    def reciprocal(self, chunk: Mention, head: Token, tokens: list[Token]) -> bool:
        """ "the two countries", "both sides": the last two countries named before."""
        if head.lemma.lower() not in RECIPROCAL_NOUNS:
            return False
        words = {t.text.lower() for t in tokens}
        if not ({"two", "both"} & words):
            return False
        pair = self.last_two_countries(chunk.span.start)
        if len(pair) < 2:
            return False
        for iso3 in pair:
            self.mention(self.state_for(iso3), chunk.span, "reciprocal")
        self.covered.update(range(chunk.first, chunk.last))
        return True

    def last_two_countries(self, before: int) -> list[str]:
        positions: list[tuple[int, str]] = []
        for mention in self.mentions:
            country = self.country(self.drafts[mention.actor_id])
            if mention.span.start < before and country and country in lexicon.countries_iso3():
                positions.append((mention.span.start, country))
        for ent in self.analysis.entities:
            if ent.span.start < before:
                entry = self.place_like(ent)
                if entry is not None and ent.label != "NORP":
                    positions.append((ent.span.start, entry.iso3))
        out: list[str] = []
        for _, iso3 in sorted(positions, reverse=True):
            if iso3 not in out:
                out.append(iso3)
            if len(out) == 2:
                break
        return out

    def country_in_name(self, name: str) -> str | None:
        for word in name.replace("-", " ").split():
            entry = lexicon.country_of(word) if word[:1].isupper() else None
            if entry is not None and entry.kind in ("name", "alias"):
                return entry.iso3
        return None

    def country(self, draft: _Draft) -> str | None:
        """A draft's country, with officials of no stated country serving the home country."""
        if draft.country is None and draft.kind in ("person", "office") and draft.sector:
            return self.home
        return draft.country

    # -- 6. pronouns -----------------------------------------------------------------------------

    def pronouns(self) -> None:
        people = [m for m in self.mentions if self.drafts[m.actor_id].kind == "person"]
        for t in self.analysis.tokens:
            if t.text.lower() not in PERSON_PRONOUNS or t.pos != "PRON":
                continue
            earlier = [m for m in people if m.span.end <= t.start]
            if not earlier:
                continue
            target = max(earlier, key=lambda m: m.span.end)
            draft = self.drafts[target.actor_id]
            self.mentions.append(ActorMention(span=t.span, actor_id=draft.id, how="pronoun"))
            draft.mentions.append(t.span)
            people.append(self.mentions[-1])

    # -- result ----------------------------------------------------------------------------------

    def stated_office(self, draft: _Draft) -> str | None:
        """The sector of a current office the text gives the person ("President Bush",
        "Prime Minister Iyad Allawi"), unless it is marked past ("former President X")."""
        for span in draft.mentions:
            sentence = self.analysis.sentence_of(span.start)
            start = sentence.span.start if sentence is not None else 0
            before = self.text[start : span.start].split()[-4:]
            own = span.text(self.text).split()[:-1]
            words = [w.strip(",.").lower() for w in before + own]
            if not words or words[-1] in _PAST_MARKS or any(w in _PAST_MARKS for w in words):
                continue
            sector = lexicon.sector_of_role(" ".join(words))
            if sector is not None and sector != "ELI":
                return sector
        return None

    def finish(self) -> Actors:
        for draft in self.drafts.values():
            if draft.kind == "person" and draft.sector == "ELI":
                # A dictionary's dated code says "former leader" when the article's date is
                # unknown or late; a title in the text itself says who the person is now.
                office = self.stated_office(draft)
                if office is not None:
                    draft.sector = office
                    if draft.code and draft.code.endswith("ELI"):
                        draft.code = draft.code[:-3] + office
            if draft.kind == "organisation" and draft.country is None:
                # "Palestinian Islamic Jihad", "Kenya Anti-Corruption Commission": the country
                # its own name carries.
                draft.country = self.country_in_name(draft.name)
            if draft.kind in ("person", "office") and draft.country is None and draft.sector:
                # An official with no stated country serves the country the article is about.
                draft.country = self.home
                draft.confidence = min(draft.confidence, 0.6)
        actors = tuple(
            Actor(
                id=d.id,
                name=d.name,
                kind=d.kind,
                country=d.country,
                sector=d.sector,
                role=d.role,
                aliases=tuple(sorted(a for a in d.aliases if a != d.name)),
                mentions=tuple(sorted(set(d.mentions))),
                confidence=d.confidence,
                code=d.code,
            )
            for d in self.drafts.values()
        )
        return Actors(actors=actors, mentions=tuple(sorted(self.mentions, key=lambda m: m.span)))


#: Nouns that follow a province's name ("Sindh province", "Kano State").
PROVINCE_NOUNS = frozenset(["province", "state", "region", "governorate", "county", "district"])
#: Words that put an office in the past ("former President X", "ex-minister").
_PAST_MARKS = frozenset(["former", "ex", "ex-", "late", "then", "erstwhile", "onetime"])
#: Name words of bodies above or across states; such a body takes no country from its context.
_TRANSNATIONAL_WORDS = frozenset(
    [
        "international",
        "world",
        "global",
        "european",
        "african",
        "asian",
        "arab",
        "inter-american",
        "pan-african",
        "commonwealth",
        "community",
        "nations",
        "atlantic",
        "pacific",
    ]
)


def _transnational(name: str) -> bool:
    return any(w in _TRANSNATIONAL_WORDS for w in name.lower().replace("'s", "").split())


#: Head words of intergovernmental bodies; other transnational bodies are taken as NGOs.
_IGO_HEADS = frozenset(
    [
        "organization",
        "organisation",
        "office",
        "agency",
        "community",
        "union",
        "commission",
        "council",
        "bank",
        "fund",
        "court",
        "tribunal",
        "conference",
        "assembly",
        "league",
        "programme",
        "program",
        "secretariat",
    ]
)


def _body_code(name: str) -> str:
    words = name.lower().replace(" of ", " | ").split(" | ")[0].split()
    return "IGO" if words and words[-1] in _IGO_HEADS else "NGO"


def resolve_actors(
    article: Article, analysis: Analysis, dictionary: ActorDictionary | None = None
) -> Actors:
    """Resolve the article's actors and every mention of them (see the module docstring).

    ``dictionary``: an analyst's actor dictionary, consulted first.
    """
    builder = _Builder(article, analysis)
    builder.dictionary = dictionary
    builder.find_home()
    builder.dictionary_actors()
    builder.people()
    builder.surnames()
    builder.organisations()
    builder.people_of_bodies()
    builder.states()
    builder.parenthetical_aliases()
    builder.role_nouns()
    builder.pronouns()
    return builder.finish()
