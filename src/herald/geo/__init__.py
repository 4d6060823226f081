"""The geo stage. Reads: analysis, actors. Adds: toponyms resolved to GeoNames, event locations."""

from herald.geo.locate import locate_events, location_of
from herald.geo.resolve import resolve_names, resolve_toponyms

__all__ = ["locate_events", "location_of", "resolve_names", "resolve_toponyms"]
