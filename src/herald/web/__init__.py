"""The web interface and JSON API (``herald serve``): browse, verify and correct events."""

from __future__ import annotations

from herald.web.app import create_app

__all__ = ["create_app"]
