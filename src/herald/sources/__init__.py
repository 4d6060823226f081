"""Source readers: files, directories and standard input in; RawArticles or Rejections out.

Supported kinds: plain text and Markdown (with optional front matter), HTML (main text via
trafilatura), JSON Lines and JSON records.
"""

from __future__ import annotations

from herald.sources._formats import FORMATS, parse_date
from herald.sources._reader import STDIN_KEY, read_inputs

__all__ = ["FORMATS", "STDIN_KEY", "parse_date", "read_inputs"]
