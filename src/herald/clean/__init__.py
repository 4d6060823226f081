"""The cleaning stage. Reads: raw article text. Adds: cleaned text, title, caption span, related
titles, tags, and the removed furniture lines (see :class:`herald.model.Cleaned`)."""

from herald.clean.cleaner import clean

__all__ = ["clean"]
