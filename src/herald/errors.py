"""One exception hierarchy with coded, actionable messages.

Codes by range: E1xx input and ingest, E2xx cleaning, E3xx language pipeline, E4xx extraction
stages, E5xx store, E6xx export and query, E7xx configuration, E8xx web and API. Each message says
what happened and what to do about it. Errors from third-party libraries are translated where
they enter Herald.
"""

from __future__ import annotations

from typing import Any, ClassVar

#: The catalogue: code -> (template, fix). Templates are formatted with the error's keyword details.
MESSAGES: dict[str, tuple[str, str]] = {
    "E101": ("Input not found: {path}", "Check the path; directories are read recursively."),
    "E102": (
        "Input is empty: {path}",
        "Nothing to extract; remove the file or give it article text.",
    ),
    "E103": (
        "Input looks binary, not text: {path} ({detail})",
        "Give Herald text, HTML, JSON/CSV records, feeds, WARC or archives of them; convert "
        "PDFs or office files to text first.",
    ),
    "E104": (
        "Cannot decode {path}: {detail}",
        "Save the file as UTF-8, or as a single known encoding without mixed bytes.",
    ),
    "E105": (
        "Input is too large: {path} ({size} bytes, limit {limit})",
        "Split the file, or raise the limit with HERALD_MAX_INPUT_BYTES.",
    ),
    "E106": (
        "Unsupported input type: {path}",
        "Supported: .txt .text .md .html .htm .jsonl .json .csv .rss .atom .xml .warc "
        ".warc.gz .gz .zip, http(s) URLs, or a directory.",
    ),
    "E107": (
        "Malformed record in {path} at line {line}: {detail}",
        "Each JSON Lines record must be an object with a text field ('text', 'body' or 'content').",
    ),
    "E108": (
        "Malformed HTML in {path}: {detail}",
        "No main text could be found; check that the file is a whole article page.",
    ),
    "E109": (
        "Invalid date {value!r}: {detail}",
        "Give dates as YYYY-MM-DD (e.g. --published 2024-01-19).",
    ),
    "E110": (
        "Malformed JSON input {path}: {detail}",
        "A .json file holds one article object, or an array of them, each with a text field "
        "('text', 'body' or 'content').",
    ),
    "E111": (
        "Cannot read {path}: {detail}",
        "Check the file's permissions; directories are read recursively.",
    ),
    "E112": (
        "Malformed feed {path}: {detail}",
        "Give a well-formed RSS or Atom document; entries read before the damage are kept.",
    ),
    "E113": (
        "Corrupt WARC {path}: {detail}",
        "Records before the damage were kept; re-fetch the crawl or check it with `warcio check`.",
    ),
    "E114": (
        "Corrupt archive {path}: {detail}",
        "Re-create the .gz or .zip file; encrypted and nested archives are not read.",
    ),
    "E115": (
        "Malformed CSV record in {path} at line {line}: {detail}",
        "A .csv file needs a header row and a text column ('text', 'body' or 'content', or one "
        "named with the fields option).",
    ),
    "E116": (
        "Timed out fetching {path}: {detail}",
        "The server did not answer in time; retry later, or download the page and give the file.",
    ),
    "E117": (
        "HTTP status {status} fetching {path}",
        "Check the URL; 4xx means the page is gone or forbidden, 5xx that the server failed.",
    ),
    "E118": (
        "Cannot fetch {path}: {detail}",
        "Check the URL and the network; only http:// and https:// URLs are read.",
    ),
    "E120": (
        "Invalid duration {value!r}: {detail}",
        "Give a whole number with a unit: 30s, 15m, 1h, 1d, or combined as 1h30m.",
    ),
    "E121": (
        "Cannot watch {path}: {detail}",
        "Watch http:// or https:// feeds and pages; ingest files with `herald ingest`.",
    ),
    "E122": (
        "Invalid alert option {name}={value!r}: {detail}",
        "See `herald alert add --help`; types, modes and contexts are PLOVER's, countries ISO3.",
    ),
    "E123": (
        "An alert named {name!r} already exists",
        "Choose another --name, or remove the old one with `herald alert remove {name}`.",
    ),
    "E124": (
        "No alert named {name!r}",
        "List the saved alerts with `herald alert list`.",
    ),
    "E125": (
        "An alert needs at least one filter",
        "Give --actor, --from, --to, --type, --mode, --context, --place, --source or --text.",
    ),
    "E126": (
        "Cannot write the alert log {path}: {detail}",
        "Check that the folder exists and is writable, or give another --alerts-log.",
    ),
    "E201": (
        "No article text left after cleaning: {path}",
        "The input held only page furniture (menus, links, prompts); check the source.",
    ),
    "E301": (
        "Cannot load the language pipeline {model!r}: {detail}",
        "Run `make setup` (installs the pinned model), or set HERALD_MODEL to an installed "
        "spaCy pipeline name or path.",
    ),
    "E302": (
        "Language {language!r} has no configured pipeline",
        "The article is stored raw; configure a pipeline for it to extract events.",
    ),
    "E303": (
        "A worker process failed: {detail}",
        "Rerun with --workers 1 --debug to see the cause; lower --workers if memory ran out.",
    ),
    "E304": (
        "Cannot connect to the Ray cluster {address!r}: {detail}",
        "Start one with `ray start --head`, check --address (host:port or ray://host:10001), "
        "and see docs/distributed.md.",
    ),
    "E305": (
        "The Ray run failed: {detail}",
        "Check that every node has the same Herald and model installed, that --results-dir is "
        "reachable from all nodes, and rerun with --debug; see docs/distributed.md.",
    ),
    "E306": (
        "Article too long for the language pipeline ({size} characters, limit {limit})",
        "Split the article into parts (chapters, sections) and ingest those; the rest of the "
        "batch was processed.",
    ),
    "E401": (
        "Stage {stage!r} failed on article {article}: {detail}",
        "This is a bug in Herald; rerun with --debug and report the traceback.",
    ),
    "E501": (
        "Cannot open the store {path}: {detail}",
        "Check the path and permissions; another process may hold a write lock.",
    ),
    "E502": (
        "Store {path} has schema version {found}, newer than this Herald ({supported})",
        "Upgrade Herald, or use another --db path.",
    ),
    "E503": (
        "Store operation failed: {detail}",
        "The store was left unchanged; rerun, and report it with --debug if it persists.",
    ),
    "E504": (
        "No article with id {article!r} in the store",
        "List articles with `herald events --format json`; ids may be given as a unique prefix.",
    ),
    "E505": (
        "Article id prefix {article!r} matches more than one article",
        "Give more characters of the id.",
    ),
    "E506": (
        "Cannot import {path}: {detail}",
        "Give .jsonl or .parquet files written by `herald export` (events, quotes, actors or "
        "articles).",
    ),
    "E507": (
        "Record {line} of {path} is not a Herald {what} record: {detail}",
        "Import files written by `herald export`; do not rename or drop their fields.",
    ),
    "E508": (
        "The store {path} is in use by another process ({holder}); waited {waited} s for it",
        "Herald processes take turns on a store: a running ingest pauses between articles for "
        "readers. Retry when the other process has finished, or raise the wait with "
        "HERALD_LOCK_WAIT (seconds).",
    ),
    "E509": (
        "The store {path} is damaged: {detail}",
        "Herald left the file as it is. Restore it from a backup, or ingest again into a new "
        "--db path.",
    ),
    "E510": (
        "No space left to write the store {path}: {detail}",
        "Everything stored before this article is intact and the article was rolled back. Free "
        "disk space (or give another --db) and rerun: the ingest continues where it stopped.",
    ),
    "E601": (
        "Unknown export format {value!r}",
        "Use one of: {choices}.",
    ),
    "E602": (
        "Cannot write {path}: {detail}",
        "Check that the folder exists and is writable.",
    ),
    "E603": (
        "Unknown export selection {value!r}",
        "Use one of: {choices}.",
    ),
    "E604": (
        "Cannot export {what} as {fmt}: {detail}",
        "Parquet needs an output file path (-o); GDELT, PLOVER, GraphML and GEXF exist only for "
        "events; articles export as jsonl or parquet.",
    ),
    "E605": (
        "Invalid query option {name}={value!r}: {detail}",
        "See `herald events --help` for the accepted values.",
    ),
    "E701": (
        "Invalid setting {name}={value!r}: {detail}",
        "Fix the value in the environment or command line.",
    ),
    "E801": (
        "Not found: {what} {value!r}",
        "Check the id or address; ids may be given as a unique prefix where lists show them.",
    ),
    "E802": (
        "This request changes the store and needs the write token",
        "Send the token printed by `herald serve` as 'Authorization: Bearer TOKEN'.",
    ),
    "E803": (
        "The write token is wrong",
        "Use the token printed by `herald serve` (or the one given with --token).",
    ),
    "E804": (
        "Request body too large ({size} bytes, limit {limit})",
        "Send a smaller body; corrections are small JSON objects.",
    ),
    "E805": (
        "Invalid request: {detail}",
        "See the API description at /api-docs (OpenAPI at /openapi.json).",
    ),
    "E806": (
        "Invalid correction of event {event!r}: {detail}",
        "Give a PLOVER type, ISO3 country codes, YYYY-MM-DD dates and an analyst name.",
    ),
    "E807": (
        "Cannot start the web server on {host}:{port}: {detail}",
        "Choose another --port, or stop the process using it.",
    ),
}


class HeraldError(Exception):
    """Root of every error Herald raises on purpose.

    Each subclass has a default code; the message is the catalogue's template filled with the
    keyword details given at raise time, followed by the fix.
    """

    code: ClassVar[str] = "E000"

    def __init__(self, code: str | None = None, /, **details: Any) -> None:
        self.code = code or type(self).code  # type: ignore[misc]
        self.details = details
        template, fix = MESSAGES.get(self.code, ("{detail}", ""))
        try:
            text = template.format(**details)
            self.fix = fix.format(**details)
        except (KeyError, IndexError):
            text, self.fix = f"{template} {details}", fix
        self.text = text
        super().__init__(f"[{self.code}] {text}" + (f" {self.fix}" if self.fix else ""))


class InputError(HeraldError):
    """The input cannot be read as an article (E1xx)."""

    code = "E101"


class CleanError(HeraldError):
    """Cleaning left nothing usable (E2xx)."""

    code = "E201"


class PipelineError(HeraldError):
    """The language pipeline cannot run (E3xx)."""

    code = "E301"


class StageError(HeraldError):
    """An extraction stage failed on one article (E4xx)."""

    code = "E401"


class StoreError(HeraldError):
    """The store cannot be opened or written (E5xx)."""

    code = "E503"


class ExportError(HeraldError):
    """An export or query cannot be produced (E6xx)."""

    code = "E601"


class ConfigError(HeraldError):
    """A setting is invalid (E7xx)."""

    code = "E701"


class WebError(HeraldError):
    """A web or API request cannot be served (E8xx); ``status`` is its HTTP status."""

    code = "E805"
    #: HTTP status per code; anything else is a 400.
    STATUS: ClassVar[dict[str, int]] = {
        "E801": 404,
        "E802": 401,
        "E803": 403,
        "E804": 413,
        "E805": 422,
        "E806": 422,
    }

    @property
    def status(self) -> int:
        return self.STATUS.get(self.code, 400)
