"""The local engine: worker processes, flat summaries, the checkpoint, resuming after a kill."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from herald import pipeline
from herald.api import KEPT_REJECTIONS, IngestSummary, ingest
from herald.cli import cli
from herald.errors import HeraldError
from herald.model import RawArticle, Rejection, Result, article_id
from herald.runners import Job, make_runner, unstored
from herald.runners.local import WARM_UP_KEY, batches
from runners.helpers import SELECTIONS, exports


@pytest.mark.parametrize("count", [0, 1, KEPT_REJECTIONS, 3 * KEPT_REJECTIONS])
def test_summary_counts_every_rejection_but_keeps_a_bounded_few(count: int) -> None:
    summary = IngestSummary()
    for i in range(count):
        summary.reject(Rejection(key=f"k{i}", stage="ingest", code="E102", message="empty"))
    assert summary.as_dict()["rejections"] == count
    assert len(summary.rejections) == min(count, KEPT_REJECTIONS)


@pytest.mark.parametrize(("size", "lengths"), [(2, [2, 2, 1]), (5, [5]), (16, [5])])
def test_batches_split_the_stream_in_order(size: int, lengths: list[int]) -> None:
    items = [RawArticle(key=str(i), text=f"text {i}") for i in range(5)]
    chunks = list(batches(iter(items), size))
    assert [len(c) for c in chunks] == lengths
    assert [i for c in chunks for i in c] == items


def test_the_checkpoint_drops_stored_articles_and_keeps_rejections() -> None:
    stored = RawArticle(key="old", text="Already stored.")
    fresh = RawArticle(key="new", text="Not stored yet.")
    rejection = Rejection(key="bad", stage="ingest", code="E102", message="empty")
    known = {article_id(stored.text)}
    assert list(unstored([stored, fresh, rejection], known.__contains__)) == [fresh, rejection]


@pytest.mark.parametrize(
    ("options", "name"),
    [
        ({"engine": "spark"}, "engine"),
        ({"workers": 0}, "workers"),
        ({"engine": "local", "address": "127.0.0.1:6379"}, "address"),
        ({"results_dir": "parquet"}, "results_dir"),
    ],
)
def test_bad_runner_options_are_coded_setting_errors(options: dict[str, object], name: str) -> None:
    with pytest.raises(HeraldError) as caught:
        make_runner(**options)  # type: ignore[arg-type]
    assert caught.value.code == "E701" and caught.value.details["name"] == name


def test_a_worker_that_cannot_load_the_model_fails_with_its_code(corpus: Path) -> None:
    with (
        pytest.raises(HeraldError) as caught,
        make_runner(workers=2, model="no_such_model") as runner,
    ):
        list(runner.results(Job(paths=(str(corpus / "aid.txt"),))))
    assert caught.value.code == "E301"


@pytest.mark.model
@pytest.mark.parametrize("what", SELECTIONS)
def test_two_workers_store_exactly_what_one_does(
    two_workers: dict[str, list[str]], one_worker: dict[str, list[str]], what: str
) -> None:
    assert one_worker[what] and two_workers[what] == one_worker[what]


@pytest.fixture(scope="module")
def two_workers(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    db = tmp_path_factory.mktemp("two") / "two.duckdb"
    summary = ingest([corpus], db=db, workers=2, batch_size=2)
    assert summary.articles == 5 and summary.rejected == 1
    return exports(db)


@pytest.mark.model
def test_a_rerun_skips_stored_inputs_before_cleaning_them(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "rerun.duckdb"
    ingest([corpus], db=db)
    cleaned: list[str] = []
    real = pipeline.prepare
    monkeypatch.setattr(
        pipeline, "prepare", lambda raw, **kw: cleaned.append(raw.key) or real(raw, **kw)
    )
    summary = ingest([corpus], db=db)
    inputs = [key for key in cleaned if key != WARM_UP_KEY]  # the runner's own warm-up text
    assert (summary.articles, summary.duplicates, inputs) == (0, 5, [])


_KILLABLE = """
import sys
from herald.api import ingest

def stored(result):
    print(result.article.key, flush=True)

ingest([sys.argv[1]], db=sys.argv[2], batch_size=1, on_result=stored)
"""


@pytest.mark.model
@pytest.mark.parametrize("killed_after", [2])
def test_an_ingest_killed_midway_resumes_without_loss_or_duplicates(
    corpus: Path, tmp_path: Path, one_worker: dict[str, list[str]], killed_after: int
) -> None:
    db = tmp_path / "killed.duckdb"
    command = [sys.executable, "-c", _KILLABLE, str(corpus), str(db)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        seen = [process.stdout.readline() for _ in range(killed_after)]
        process.send_signal(signal.SIGKILL)
    assert all(seen) and process.returncode == -signal.SIGKILL
    summary = ingest([corpus], db=db)
    assert summary.duplicates >= killed_after
    assert summary.articles + summary.duplicates == 5
    assert exports(db) == one_worker


@pytest.mark.parametrize(
    ("args", "code"),
    [(["--address", "127.0.0.1:6379"], "E701"), (["--workers", "0"], "Invalid value")],
)
def test_the_ingest_command_refuses_bad_engine_options(args: list[str], code: str) -> None:
    result = CliRunner().invoke(cli, ["ingest", "missing.txt", *args])
    assert result.exit_code != 0 and code in f"{result.output}{result.exception}"


@pytest.mark.model
def test_results_are_stored_every_few_batches(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from herald import api
    from herald.store import Store

    stored: list[list[str]] = []
    add_many = Store.add_many

    def spy(store: Store, results: list[Result]) -> list[bool]:
        stored.append([r.article.key.rsplit("/", 1)[-1] for r in results])
        return add_many(store, results)

    monkeypatch.setattr(Store, "add_many", spy)
    monkeypatch.setattr(api, "STORE_BATCHES", 2)
    summary = ingest([corpus], db=tmp_path / "batched.duckdb", batch_size=1)
    assert summary.articles == 5 and summary.rejected == 1
    # Two results per transaction; the empty file's rejection is recorded on its own.
    assert stored == [
        ["aid.txt", "chad-sudan-border.txt"],
        ["kenya-protest.html"],
        ["niger.txt", "talks.txt"],
    ]


@pytest.mark.model
def test_warm_up_loads_the_stage_tables_and_exempts_them_from_collection() -> None:
    import gc

    from herald.config import settings
    from herald.knowledge import Knowledge, _merged
    from herald.runners.local import FULL_COLLECTION_EVERY, warm_up

    warm_up(settings().model)
    assert _merged.cache_info().currsize >= 1  # the default actor dictionary
    assert Knowledge().actor_dictionary() is _merged(None)
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[2] == FULL_COLLECTION_EVERY
