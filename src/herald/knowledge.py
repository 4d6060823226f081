"""Dictionaries the actors and events stages consult beyond Herald's built-in tables.

Analysts keep their own lists: actor dictionaries (CSV, or PETRARCH/Phoenix ``.actors`` and
``.agents`` files) and CAMEO verb-pattern dictionaries. A :class:`Knowledge` bundles what was
loaded; the pipeline hands each stage its part. Nothing here is global: two runs with different
dictionaries in one process do not interfere.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from herald.actors.dictionaries import ActorDictionary
    from herald.events.verbs import VerbDictionary


@dataclass(frozen=True)
class Knowledge:
    """User dictionaries for one run. ``verbs`` replaces the default CAMEO verb patterns when
    ``replace_verbs`` is set, and is consulted before them otherwise."""

    actors: ActorDictionary | None = None
    verbs: VerbDictionary | None = None
    replace_verbs: bool = False
    replace_actors: bool = False

    def actor_dictionary(self) -> ActorDictionary:
        """The analyst's actors over Herald's default knowledge base (people and organisations
        of the Phoenix dictionaries), or the analyst's alone with ``replace_actors``."""
        from herald.actors.dictionaries import ActorDictionary

        if self.replace_actors:
            return self.actors or ActorDictionary()
        return _merged(self.actors)


@lru_cache(maxsize=8)
def _merged(user: ActorDictionary | None) -> ActorDictionary:
    from herald.actors.dictionaries import default_dictionary

    # Later entries win ties in ActorDictionary.match: the analyst's come last.
    return default_dictionary().merge(user) if user is not None else default_dictionary()
