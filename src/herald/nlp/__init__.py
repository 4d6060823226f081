"""The language stage: the only module that imports spaCy.

Reads: cleaned text. Adds: an :class:`~herald.model.Analysis` (sentences, tokens with dependency
arcs, entity mentions, noun chunks) as plain data with character offsets.
"""

from herald.nlp.pipeline import Analyzer, load_analyzer

__all__ = ["Analyzer", "load_analyzer"]
