"""Source readers: files, directories, URLs and standard input in; RawArticles or Rejections out.

Supported kinds: plain text and Markdown (with optional front matter), HTML (main text via
trafilatura), JSON Lines, JSON and CSV records, RSS and Atom feeds (feedparser), WARC crawls
(warcio), gzip and zip archives of any of these, and http(s) URLs (httpx). Each article's
language is identified (py3langid).
"""

from __future__ import annotations

from herald.sources._formats import FORMATS, parse_date
from herald.sources._reader import STDIN_KEY, read_inputs

__all__ = ["FORMATS", "STDIN_KEY", "parse_date", "read_inputs"]
