"""The actors stage. Reads: analysis. Adds: actors (country, sector, role) with their mentions."""

from herald.actors.resolve import resolve_actors

__all__ = ["resolve_actors"]
