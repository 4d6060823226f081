"""Herald: news articles in, evidence-linked political event data out.

The Python API: run the pipeline on text (:func:`process_text`) or a stream of inputs
(:func:`run`), ingest files into a store (:func:`ingest`), and query it (:class:`Store`, or
:mod:`herald.query` for pandas DataFrames and Arrow tables).
"""

from herald.api import IngestSummary, ingest
from herald.errors import HeraldError
from herald.model import (
    Actor,
    Article,
    Event,
    EventDate,
    Modality,
    Participant,
    Place,
    Quote,
    Rejection,
    Result,
    Span,
    TimeExpression,
    Toponym,
)
from herald.pipeline import STAGES, process_text, run
from herald.store import Store

from herald import query  # isort: skip  (after Store: the module builds on it)

__version__ = "0.1.0"

__all__ = [
    "STAGES",
    "Actor",
    "Article",
    "Event",
    "EventDate",
    "HeraldError",
    "IngestSummary",
    "Modality",
    "Participant",
    "Place",
    "Quote",
    "Rejection",
    "Result",
    "Span",
    "Store",
    "TimeExpression",
    "Toponym",
    "__version__",
    "ingest",
    "process_text",
    "query",
    "run",
]
