"""Which language an article is written in, by py3langid's bundled model (no download)."""

from __future__ import annotations

from functools import cache
from typing import Protocol

from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: The opening of an article says its language as well as the whole does, and costs far less.
_SAMPLE_CHARS = 4000
#: Normalised probability below which the guess is not recorded: two-word snippets and names
#: ("Niger") score well under this, real sentences well over it.
_MIN_CONFIDENCE = 0.4
#: Labels py3langid gives to text that is no language at all.
_NOT_A_LANGUAGE = frozenset({"und", "zxx"})


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@cache
def _identifier() -> _Identifier:
    # Loaded once, on first use: the model takes most of a second to unpack.
    identifier: _Identifier = LanguageIdentifier.from_model_file(
        MODEL_FILE, norm_probs=True, min_confidence=_MIN_CONFIDENCE
    )
    return identifier


def identify(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when it cannot be told with confidence."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    language, _confidence = _identifier().classify(sample)
    return None if language in _NOT_A_LANGUAGE else language
