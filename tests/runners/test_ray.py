"""The Ray engine on a local two-CPU Ray cluster: the same results as the local engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from herald.api import IngestSummary, ingest
from herald.errors import HeraldError
from herald.runners import Runner, make_runner
from runners.helpers import SELECTIONS, exports

ray = pytest.importorskip("ray")

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("parquet")


@pytest.fixture(scope="module")
def runner(results_dir: Path) -> Iterator[Runner]:
    """Two actors on an in-process Ray instance (loopback only, see conftest), started once."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    with make_runner("ray", workers=2, results_dir=results_dir) as started:
        started.start()
        yield started
    ray.shutdown()


@pytest.fixture(scope="module")
def on_ray(
    runner: Runner, corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, IngestSummary]:
    db = tmp_path_factory.mktemp("ray") / "ray.duckdb"
    return db, ingest([corpus], db=db, batch_size=2, runner=runner)


@pytest.mark.model
@pytest.mark.parametrize("what", SELECTIONS)
def test_ray_stores_exactly_what_the_local_engine_does(
    on_ray: tuple[Path, IngestSummary], one_worker: dict[str, list[str]], what: str
) -> None:
    assert exports(on_ray[0])[what] == one_worker[what]


@pytest.mark.model
def test_ray_writes_every_input_to_parquet(
    on_ray: tuple[Path, IngestSummary], results_dir: Path
) -> None:
    summary = on_ray[1]
    rows = sum(pq.read_metadata(f).num_rows for f in results_dir.glob("*.parquet"))
    assert (summary.articles, summary.rejected, rows) == (5, 1, 6)


@pytest.mark.model
def test_a_ray_rerun_skips_what_is_stored(
    on_ray: tuple[Path, IngestSummary], runner: Runner, corpus: Path
) -> None:
    summary = ingest([corpus], db=on_ray[0], runner=runner)
    assert (summary.articles, summary.duplicates) == (0, 5)


def test_an_unreachable_cluster_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**_options: object) -> None:
        raise ConnectionError("could not reach the GCS")

    # No connection is attempted: ray.init is replaced, so nothing leaves this process.
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refuse)
    with pytest.raises(HeraldError) as caught:
        make_runner("ray", address="127.0.0.1:1").start()
    assert caught.value.code == "E304"
