"""Herald's command line: thin commands over the library."""

from __future__ import annotations


def main() -> None:
    """Entry point (placeholder until the commands land)."""
    raise SystemExit("herald: commands not yet available")
