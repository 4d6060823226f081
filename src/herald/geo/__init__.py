"""The geo stage. Reads: analysis, actors. Adds: toponyms resolved to GeoNames, event locations."""

from herald.geo.resolve import locate_events, resolve_toponyms

__all__ = ["locate_events", "resolve_toponyms"]
