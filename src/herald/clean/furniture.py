"""Recognising one line of page furniture by its cue words (English and French) and its shape."""

from __future__ import annotations

import re
from dataclasses import dataclass

from herald.clean.credit import split_credit
from herald.clean.features import has_terminal, is_symbols, words

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Rule:
    """A cue pattern for one reason, trusted only on lines short enough to be furniture.

    ``bare`` rules are weak cues (a single common word) and also need the line to lack
    sentence-final punctuation, so a short sentence that uses the word stays content.
    """

    reason: str
    pattern: re.Pattern[str]
    max_words: int
    bare: bool = False

    def matches(self, text: str) -> bool:
        if words(text) > self.max_words or (self.bare and has_terminal(text)):
            return False
        return bool(self.pattern.search(text))


_SOCIAL = (
    r"facebook|twitter|x|linkedin|whatsapp|telegram|e-?mail|print|imprimer|copy link|"
    r"copier le lien|messenger|reddit|pinterest|flipboard|bluesky|threads|mail"
)

#: Checked in order; the first match gives the reason (app before follow: "Follow ... by
#: downloading the app" is an app prompt).
RULES: tuple[Rule, ...] = (
    Rule(
        "copyright",
        re.compile(
            r"all rights reserved|tous droits réservés|reproduction interdite|copyrighted property|"
            r"^(?:©|\(c\)|copyright)\s*(?:\d{4}|.*\brights\b)",
            _I,
        ),
        25,
    ),
    Rule(
        "app",
        re.compile(
            r"\b(?:download\w*|télécharge\w*|install\w*|get)\b.{0,80}\b(?:apps?|applications?|appli)\b"
            r"|\bapp store\b|\bgoogle play\b|\bplay store\b",
            _I,
        ),
        25,
    ),
    Rule(
        "newsletter",
        re.compile(
            r"\b(?:in|to|into) your inbox\b|\b(?:our|notre|nos) newsletters?\b|"
            r"\b(?:dans|sur) votre bo[iî]te (?:mail|e-mail|aux lettres|de réception)\b|"
            r"\babonnez-vous\b|\bje m['’]abonne\b|\binscrivez-vous\b|\bsign up (?:for|to)\b|"
            r"\bsubscribe (?:to our|now|for free|here)\b",
            _I,
        ),
        20,
    ),
    Rule(
        "newsletter",
        re.compile(
            r"\b(?:subscribe|subscription|sign up|s['’]abonner|abonnement|s['’]inscrire|"
            r"already a subscriber|déjà abonné|newsletters?|inbox)\b",
            _I,
        ),
        8,
        bare=True,
    ),
    Rule(
        "share",
        re.compile(
            r"^(?:social\s+)?(?:share|partager|partagez|partage)"
            r"(?:\s+(?:this|on|via|sur|cet|cette|the|l['’]))?"
            r"\b.{0,40}$",
            _I,
        ),
        6,
        bare=True,
    ),
    Rule("share", re.compile(rf"^(?:(?:{_SOCIAL})\W*){{1,10}}$", _I), 12, bare=True),
    Rule(
        "share",
        re.compile(
            r"^(?:\d+\s+)?(?:comments?|commentaires?|leave a comment|laisser un commentaire|"
            r"réagir|react|copy link|print this article)\s*:?$",
            _I,
        ),
        5,
    ),
    Rule(
        "comments",
        re.compile(
            r"\byour e-?mail address will not be published\b|\brequired fields are marked\b|"
            r"\bcharacters? (?:remaining|left)\b|\bsave my name,? e-?mail\b|"
            r"^(?:name|e-?mail|website|comment|your comment|message)\s*\*\s*$|"
            r"^(?:post|submit|add) (?:a |your )?comment\b|\bcomments? (?:are|is) closed\b|"
            r"^(?:votre adresse (?:e-?mail|de messagerie) ne sera pas publiée)",
            _I,
        ),
        12,
    ),
    Rule(
        "follow",
        re.compile(
            r"^(?:follow us|suivez[- ]nous|retrouvez[- ]nous|rejoignez[- ]nous|join us)\b|"
            rf"^(?:follow|suivez|suivre)\b.{{0,60}}\b(?:on|sur)\s+(?:{_SOCIAL}|instagram|"
            r"youtube|tiktok|google news)\b|^(?:follow|suivre|suivez)$",
            _I,
        ),
        20,
    ),
    Rule(
        "advert",
        re.compile(
            r"^\W*(?:advertisement|advertising|advert|ads?|sponsored(?: content)?|paid content|"
            r"partner content|publicité|pub|contenu sponsorisé|contenu partenaire|annonce)\W*$",
            _I,
        ),
        3,
    ),
    Rule(
        "cookie",
        re.compile(
            r"\bcookies?\b.*\b(?:accept|consent|use|utilis|paramétr|privacy|confidentialit|"
            r"navigat|brows|traceurs)|"
            r"\b(?:accept|consent|utilis|nous utilisons)\w*\b.*\bcookies?\b",
            _I,
        ),
        60,
    ),
    Rule(
        "byline",
        re.compile(
            r"^\(?(?:reporting|writing|editing|additional reporting) by\b.*|"
            r"^\(?(?:with|avec) (?:agencies|agences|afp|reuters|ap|\w+ (?:and|et) \w+)\)?\.?$|"
            r"^sources?\s*:\s*[^.!?]{1,40}$",
            _I,
        ),
        30,
    ),
    Rule(
        "dateline",
        re.compile(
            r"^(?:published|updated|posted|last updated|first published|publié|mis à jour|"
            r"modifié|première publication)\b.*\d",
            _I,
        ),
        16,
    ),
    Rule(
        "nav",
        re.compile(
            r"^(?:home|accueil|menu|search|rechercher|log ?in|sign in|se connecter|connexion|"
            r"skip to (?:main )?content|aller au contenu|back to top|retour en haut|"
            r"listen to (?:this )?article|écouter (?:cet )?article|close|fermer)$",
            _I,
        ),
        5,
    ),
    Rule("nav", re.compile(r"^[\w'’ .-]{1,30}(?:\s[>›»]\s[\w'’ .-]{1,30}){2,}$"), 12, bare=True),
)

#: Cues of links to other articles; the link title may follow with or without a space.
_RELATED_CUE = re.compile(
    r"^(?:read also|read more|also read|see also|related(?: articles?| stories| content)?|"
    r"more on this(?: story| topic)?|further reading|[àa] lire (?:aussi|également|egalement)|"
    r"lire (?:aussi|également|egalement)|voir aussi|[àa] voir (?:aussi|également)|"
    r"most read|les plus lus|you may also like|recommended|editors?['’]?s? picks?|"
    r"(?:latest|last|top|more|popular|trending) (?:news|stories|headlines)|don['’]t miss|"
    r"trending now|most popular|"
    r"vous aimerez aussi|à découvrir|latest news|dernières (?:infos|actualités))"
    r"(?P<sep>\s*[:>»|→\-–—]+\s*|\s+|(?=[A-ZÀ-Þ0-9«\"“]))?(?P<rest>.*)$",
    _I,
)
#: Cues of a trailing list of theme tags; single-word cues need a colon or a line of their own.
_TAG_CUE = re.compile(
    r"^(?:continue reading on the same (?:themes?|topics?|subjects?)|"
    r"(?:read|more) (?:more )?on the same (?:themes?|topics?|subjects?)|"
    r"continuer (?:la lecture|à lire) sur les? mêmes? (?:thèmes?|sujets?)|"
    r"sur les mêmes thèmes|sur le même (?:sujet|thème)|tags?|topics?|themes?|keywords?|"
    r"mots[- ]clés|thèmes?|sujets?|filed under|related topics|in this article|dans cet article)"
    r"\s*(?::\s*(?P<rest>.*))?$",
    _I,
)
_TAG_SPLIT = re.compile(r"\s*[,;|•·]\s*")


def rule_reason(text: str) -> str | None:
    """The furniture reason for a line matched by a cue rule, or None."""
    if is_symbols(text):
        return "separator"
    for rule in RULES:
        if rule.matches(text):
            return rule.reason
    return None


def related_cue(text: str) -> tuple[str] | tuple[()] | None:
    """For a "Read also" line: ``(title,)``, or ``()`` for a bare cue; None if not one."""
    if words(text) > 40:
        return None
    match = _RELATED_CUE.match(text)
    if match is None:
        return None
    rest = match.group("rest").strip()
    if not rest:
        return ()
    # Without a separator the cue must run straight into a capitalised title ("Read alsoMali");
    # "Recommended reading list" or "See also the report" are sentences, not links.
    if match.group("sep") is None or rest[0].islower() or (has_terminal(rest) and words(rest) > 25):
        return None
    return (rest.strip(' "“”«»'),)


def tag_cue(text: str) -> list[str] | None:
    """For a tag-list cue line: the tags given on it (maybe none); None if not one."""
    match = _TAG_CUE.match(text)
    if match is None:
        return None
    rest = (match.group("rest") or "").strip()
    if not rest:
        return []
    items = [item for item in _TAG_SPLIT.split(rest) if item]
    if any(words(item) > 6 or has_terminal(item) for item in items):
        return None
    return items


def is_credit_only(text: str) -> bool:
    """A line that is nothing but a photo credit."""
    parts = split_credit(text)
    return parts is not None and not parts[0]


def byline(text: str) -> bool:
    """A "By X" / "Par X" line: the cue then a short run of capitalised name words."""
    match = re.match(
        r"^(?:by|par|written by|texte|auteur|author|rédigé par)\s*(:)?\s+(.+)$", text, _I
    )
    if match is None:
        return False
    rest = match.group(2).split()
    if len(rest) > 10 or (has_terminal(text) and not match.group(1)):
        return False
    if match.group(1):
        return True
    return all(_name_token(token) for token in rest)


#: Words besides capitalised names that a byline may hold ("By our special correspondent").
_NAME_WORDS = frozenset(
    {"and", "et", "&", "de", "du", "des", "d'", "la", "le", "les", "van", "von", "der", "den"}
    | {"di", "da", "dos", "del", "y", "with", "avec", "in", "à", "en", "our", "notre", "staff"}
    | {"correspondent", "correspondant", "correspondante", "envoyé", "envoyée", "spécial"}
    | {"spéciale", "special", "agencies", "agences", "reporter", "editor"}
)


def _name_token(token: str) -> bool:
    return (
        token[0].isupper()
        or token[0].isdigit()
        or token.lower() in _NAME_WORDS
        or "@" in token
        or is_symbols(token)
    )
