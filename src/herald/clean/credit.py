"""Photo credits at the end of a line ("... 2023. AFP - -", "© Reuters", "(Getty Images)")."""

from __future__ import annotations

import re

#: Photo and news agencies as they appear in credits; matched case-sensitively on purpose, so
#: that ordinary words ("map", "pool") inside sentences are not taken for agencies.
_AGENCY = (
    r"(?:AFP|Agence France-Presse|AFP PHOTO|REUTERS|Reuters|AP Photo|AP|Associated Press|"
    r"Getty Images|Getty|EPA-EFE|EPA|EFE|Anadolu Agency|Anadolu|Xinhua|DPA|dpa|ANP|Belga|ANSA|"
    r"SIPA|Sipa Press|Sipa|MAXPPP|Maxppp|Hans Lucas|Abacapress|ABACA|Abaca|NurPhoto|SOPA Images|"
    r"LightRocket|Shutterstock|iStockphoto|iStock|Bloomberg|IMAGO|Imago|POOL|Pool|Kyodo|Yonhap|"
    r"TASS|Sputnik|RIA Novosti|PA Images|PA Wire|ZUMA Press|ZUMA|Zuma|Alamy|Wikimedia Commons|"
    r"Leemage|Keystone|Gamma-Rapho|Gamma|Le Pictorium|Panapress|MAP|APS|ANI|Pixabay|Unsplash)"
)
#: A capitalised name of up to four words; a dot only after an initial, so "Gao. Jane" is not one.
_WORD = r"[A-ZÀ-Þ](?:\.|[\w'’-]*)"
_NAME = rf"(?:{_WORD}(?:\s+(?:de |da |van |von |di |le |la )?{_WORD}){{0,3}})"
_SEP = r"(?:\s*+[/|\-–—]++\s*+)"

#: An explicit credit marker; everything after it up to the end of the line is the credit.
_MARKED = re.compile(
    r"(?:(?<=\s)|^)[(\[]?(?:©|\(c\)|Copyright\s*(?:©|\(c\)|\d{4})|(?:Photos?|Photograph|Picture|Image|Crédits?"
    r"(?:\s+photos?)?|Credits?|Photo credit)\s*:|(?:Photos?|Photograph|Picture)\s+(?:by|de|:))"
    r"[^.!?]{1,80}$",
    re.IGNORECASE,
)
#: A parenthesised credit naming an agency or a photographer's picture.
_PAREN = re.compile(rf"[(\[][^()\[\]]{{0,60}}?\b{_AGENCY}\b[^()\[\]]{{0,60}}[)\]]$")
#: An agency, possibly after "Name /" and followed by separators and a photographer's name.
_AGENCY_TAIL = re.compile(
    rf"(?:{_NAME}\s*/\s*)?{_AGENCY}(?>(?:{_SEP}(?:{_AGENCY}|{_NAME})?)*)(?:\s+via\s+{_AGENCY})?$"
)
#: What may precede an unmarked agency credit: a sentence end or a separator, not a word.
_CREDIT_BOUNDARY = re.compile(r"(?:^|[.!?…\"”»)]\s*|\s[-–—|]\s*|,\s*)$")


def split_credit(line: str) -> tuple[str, str] | None:
    """Split a line into (text before the credit, credit); None when it ends with no credit."""
    for pattern in (_MARKED, _PAREN):
        match = pattern.search(line)
        if match:
            return _trim(line[: match.start()]), match.group(0).strip()
    match = _AGENCY_TAIL.search(line)
    if match is None:
        return None
    before, credit = line[: match.start()], match.group(0).strip()
    # An agency name after a plain word is part of a sentence ("he told AFP"), unless the
    # credit itself has the slash or dashes of a photo credit ("Issouf Sanogo / AFP").
    if not _CREDIT_BOUNDARY.search(before) and not re.search(r"[/\-–—|]", credit):
        return None
    return _trim(before), credit


def _trim(text: str) -> str:
    """Drop the separators a credit leaves behind at the end of a caption."""
    return re.sub(r"[\s\-–—|/,]+$", "", text)
