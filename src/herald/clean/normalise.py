"""Character-level normalisation and splitting of raw text into numbered lines."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Invisible format characters that scrapers carry over and that break word matching downstream.
_INVISIBLE = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
#: Line breaks of every convention; raw line numbers count these.
_LINE_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")
#: Control characters other than whitespace would otherwise survive as garbage inside words.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
#: ``\s`` covers Unicode spaces (NBSP, thin spaces...), which French typography uses a lot.
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class RawLine:
    """One non-blank input line: its 0-based raw line number and its tidied text."""

    no: int
    text: str


def normalise(raw: str) -> tuple[list[RawLine], list[str]]:
    """Split ``raw`` into non-blank tidied lines; return them with the repairs this made."""
    repairs: list[str] = []
    nfc = unicodedata.normalize("NFC", raw)
    if nfc != raw:
        repairs.append("normalised Unicode to NFC")
    invisible = len(_INVISIBLE.findall(nfc))
    if invisible:
        repairs.append(f"stripped {invisible} zero-width character(s)")
        nfc = _INVISIBLE.sub("", nfc)
    lines: list[RawLine] = []
    for no, line in enumerate(_LINE_BREAK.split(nfc)):
        text = _SPACES.sub(" ", _CONTROL.sub(" ", line)).strip()
        if text:
            lines.append(RawLine(no, text))
    return lines, repairs
