"""Train a spaCy event-type classifier and compare it with Herald's rule-based coder.

One reproducible command (fixed seeds, visible data only)::

    .venv/bin/python scripts/train_event_classifier.py --out /tmp/herald-textcat/model-bow \
        --report /tmp/herald-textcat/bow.json --dump /tmp/herald-textcat/bow-dump.json

What it does (see ``docs/event-typing.md`` for the figures and the decision):

1. Loads the NGEC synthetic stories and splits them by headline template (every story written
   from one template lands on the same side), 20% of each label's templates held out.
2. Loads the 161 visible PLOVER GSR records (old-draft types mapped as ``herald eval plover-gsr``
   maps them) and cuts them into 5 stratified folds.
3. Runs Herald's rules over the GSR records and the held-out stories, exactly as ``herald eval
   plover-gsr`` and ``herald eval ngec-synthetic`` do (same event choice, ``NONE`` without one).
4. Trains a ``textcat`` (exclusive classes, the 16 PLOVER types; ``--arch bow``, the default:
   ``spacy.TextCatBOW.v3`` over unigrams and bigrams; ``--arch ensemble``: that plus a CNN over
   the md model's static vectors, ``spacy.TextCatEnsemble.v2``) in three set-ups and scores each
   alone and combined with the rules:

   * ``ngec``: trained on the NGEC training split (class-balanced resampling), tested on the
     NGEC held-out split and on all 161 GSR records;
   * ``gsr-cv``: 5-fold cross-validation on the GSR records (train on four folds, predict the
     fifth; every record is predicted by a model that never saw it);
   * ``ngec+gsr-cv``: the same folds, the NGEC training split added to each training set.

   Combinations: ``fallback`` (rules; the classifier only where the rules find no event) and
   ``override@t`` (the classifier wherever its probability is at least ``t``, else the rules,
   else the classifier).
5. With ``--out``, trains the deployable model on all the visible data with the same recipe and
   saves it (for ``ensemble`` the md model's vectors are left out: they come from the installed
   model). ``--rescore DUMP [--extra NAME=FILE]`` scores saved predictions again, with those of
   another classifier (e.g. sentence embeddings) beside them, without training.

Metrics are ``herald.eval.common.accuracy`` and ``macro_f1`` (over the gold labels), the ones the
``herald eval`` commands report.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import importlib
import io
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared"
NGEC_DIR = Path("data") / "ngec_synthetic_plover"
GSR_DIR = Path("data") / "plover_gsr"

#: The 16 PLOVER 2.0 event types (the classifier's exclusive classes).
PLOVER_TYPES: tuple[str, ...] = (
    "ACCUSE",
    "AGREE",
    "AID",
    "ASSAULT",
    "COERCE",
    "CONCEDE",
    "CONSULT",
    "COOPERATE",
    "MOBILIZE",
    "PROTEST",
    "REJECT",
    "REQUEST",
    "RETREAT",
    "SANCTION",
    "SUPPORT",
    "THREATEN",
)
NONE = "NONE"
THRESHOLDS: tuple[float, ...] = (0.5, 0.7, 0.9)
FOLDS = 5
HELD_OUT_SHARE = 0.2
#: Words of a story kept for training and prediction (the lead states the event; the rest is
#: background and slows training).
STORY_WORDS = 60
#: Times each GSR training record is repeated when NGEC stories are trained alongside it.
GSR_REPEAT = 5
BATCH_SIZE = 16


@dataclass(frozen=True, slots=True)
class Item:
    """One labelled text; ``group`` keeps near-copies (stories of one template) together."""

    key: str
    text: str
    label: str
    group: str


# --- data ----------------------------------------------------------------------------------------


def load_ngec_items(path: Path) -> list[Item]:
    """The synthetic stories with their headline template as group (zip, gzip or plain CSV)."""
    from herald.eval.common import malformed, read_text, resolve
    from herald.eval.ngec import FILENAME

    path = resolve(path, FILENAME)
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    if reader.fieldnames is None or not {"text", "label", "title"} <= set(reader.fieldnames):
        raise malformed(path, 1, "the header must name 'text', 'label' and 'title' columns")
    items = []
    for n, row in enumerate(reader):
        text, label = (row["text"] or "").strip(), (row["label"] or "").strip().upper()
        if not text or label not in PLOVER_TYPES:
            raise malformed(path, reader.line_num, f"empty text or unknown label {label!r}")
        items.append(Item(f"ngec#{n}", text, label, f"{label}|{(row['title'] or '').strip()}"))
    return items


def load_gsr_items(path: Path) -> list[Item]:
    """The GSR records (types mapped to PLOVER 2.0 by ``herald.eval.plover_gsr``)."""
    from herald.eval.plover_gsr import load_gsr

    return [Item(f"gsr#{n}", r.text, r.event, f"gsr#{n}") for n, r in enumerate(load_gsr(path))]


def lead(text: str, words: int = STORY_WORDS) -> str:
    """The first ``words`` words of a text."""
    return " ".join(text.split()[:words])


def split_by_group(items: Sequence[Item], share: float, seed: int) -> tuple[list[Item], list[Item]]:
    """(train, held-out): about ``share`` of each label's groups held out, at least one."""
    groups: dict[str, set[str]] = defaultdict(set)
    for item in items:
        groups[item.label].add(item.group)
    rng = random.Random(seed)
    held: set[str] = set()
    for label in sorted(groups):
        names = sorted(groups[label])
        rng.shuffle(names)
        held.update(names[: max(1, round(len(names) * share))])
    train = [i for i in items if i.group not in held]
    test = [i for i in items if i.group in held]
    return train, test


def stratified_folds(items: Sequence[Item], k: int, seed: int) -> list[int]:
    """A fold number per item: each label's items shuffled and dealt round-robin."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        by_label[item.label].append(n)
    rng = random.Random(seed)
    fold = [0] * len(items)
    start = 0
    for label in sorted(by_label):
        members = by_label[label]
        rng.shuffle(members)
        for j, n in enumerate(members):
            fold[n] = (start + j) % k
        start += len(members)
    return fold


def balanced_epoch(items: Sequence[Item], per_class: int, rng: random.Random) -> list[Item]:
    """``per_class`` items of every label (without replacement while they last), shuffled."""
    by_label: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_label[item.label].append(item)
    epoch: list[Item] = []
    for label in sorted(by_label):
        pool = by_label[label]
        taken = 0
        while taken < per_class:
            chunk = rng.sample(pool, min(len(pool), per_class - taken))
            epoch.extend(chunk)
            taken += len(chunk)
    rng.shuffle(epoch)
    return epoch


# --- the classifier ------------------------------------------------------------------------------


def textcat_config(arch: str) -> dict[str, Any]:
    """The textcat model: ``ensemble`` (BOW + CNN over static vectors) or ``bow`` alone."""
    bow: dict[str, Any] = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "length": 2**15,
        "ngram_size": 2,
        "no_output_layer": False,
    }
    if arch == "bow":
        return {"model": bow}
    return {
        "model": {
            "@architectures": "spacy.TextCatEnsemble.v2",
            "nO": None,
            "linear_model": bow,
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2",
                    "width": 64,
                    "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                    "rows": [2000, 500, 1000, 250],
                    "include_static_vectors": True,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2",
                    "width": 64,
                    "window_size": 1,
                    "maxout_pieces": 3,
                    "depth": 2,
                },
            },
        }
    }


@dataclass(frozen=True, slots=True)
class TrainSpec:
    """How to train: items drawn class-balanced per epoch, plus items used as they are."""

    balanced: tuple[Item, ...] = ()
    plain: tuple[Item, ...] = ()
    epochs: int = 10
    per_class: int = 120
    plain_repeat: int = 1


def train(spec: TrainSpec, arch: str, seed: int) -> Any:
    """A blank English pipeline with the md model's vectors and a trained ``textcat``."""
    import spacy
    from spacy.training import Example
    from spacy.training.initialize import load_vectors_into_model

    from herald.config import settings
    from herald.nlp.pipeline import resolve_model

    spacy_util: Any = importlib.import_module("spacy.util")
    spacy_util.fix_random_seed(seed)
    rng = random.Random(seed)
    nlp: Any = spacy.blank("en")
    if arch == "ensemble":
        load_vectors_into_model(nlp, str(resolve_model(settings().model)))
    textcat: Any = nlp.add_pipe("textcat", config=textcat_config(arch))
    for label in PLOVER_TYPES:
        textcat.add_label(label)

    def example(item: Item) -> Any:
        cats = {label: float(label == item.label) for label in PLOVER_TYPES}
        return Example.from_dict(nlp.make_doc(item.text), {"cats": cats})

    cache: dict[str, Any] = {}

    def examples(items: Iterable[Item]) -> list[Any]:
        out = []
        for item in items:
            if item.key not in cache:
                cache[item.key] = example(item)
            out.append(cache[item.key])
        return out

    everything = list(spec.balanced) + list(spec.plain)
    optimizer = nlp.initialize(lambda: examples(everything))
    for _ in range(spec.epochs):
        epoch = balanced_epoch(spec.balanced, spec.per_class, rng) if spec.balanced else []
        epoch += list(spec.plain) * spec.plain_repeat
        rng.shuffle(epoch)
        batch = examples(epoch)
        for start in range(0, len(batch), BATCH_SIZE):
            nlp.update(batch[start : start + BATCH_SIZE], sgd=optimizer, drop=0.2)
    return nlp


def predict(nlp: Any, texts: Sequence[str]) -> list[tuple[str, float]]:
    """(most probable type, its probability) per text."""
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        label = max(doc.cats, key=doc.cats.get)
        out.append((label, float(doc.cats[label])))
    return out


# --- the rules -----------------------------------------------------------------------------------


def rule_predictions_gsr(path: Path) -> list[str]:
    """Herald's type per GSR record, as ``herald eval plover-gsr`` chooses and scores it."""
    from herald.eval.common import analyse
    from herald.eval.plover_gsr import choose_event, load_gsr, score_record

    records = load_gsr(path)
    results = analyse(
        [r.text for r in records], name="plover-gsr", published=[r.published for r in records]
    )
    return [
        score_record(r, choose_event(r, res)).predicted
        for r, res in zip(records, results, strict=True)
    ]


def rule_predictions_stories(texts: Sequence[str]) -> list[str]:
    """Herald's type per story, as ``herald eval ngec-synthetic`` chooses it."""
    from herald.eval.common import analyse, top_event

    predicted = []
    for result in analyse(list(texts), name="ngec-synthetic"):
        event = top_event(result.events)
        predicted.append(event.type if event else NONE)
    return predicted


# --- scoring -------------------------------------------------------------------------------------


def combine(rules: Sequence[str], model: Sequence[tuple[str, float]], how: str) -> list[str]:
    """``fallback``: the classifier where the rules say NONE; ``override@t``: see module doc."""
    threshold = float(how.split("@", 1)[1]) if how.startswith("override@") else None
    out = []
    for rule, (label, prob) in zip(rules, model, strict=True):
        if threshold is not None and prob >= threshold:
            out.append(label)
        else:
            out.append(label if rule == NONE else rule)
    return out


def figures(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    from herald.eval.common import accuracy, macro_f1

    return {
        "n": len(gold),
        "accuracy": round(accuracy(gold, predicted), 4),
        "macro_f1": round(macro_f1(gold, predicted), 4),
        "none": list(predicted).count(NONE),
    }


def score_all(
    gold: Sequence[str],
    rules: Sequence[str] | None,
    model: Sequence[tuple[str, float]],
    folds: Sequence[int] | None = None,
    prior: str | None = None,
) -> dict[str, Any]:
    """Every variant's figures; per fold too when ``folds`` is given.

    ``fallback-prior`` is the control for ``fallback``: the rules with ``prior`` (the training
    data's most frequent type) wherever they find no event, i.e. what any guess would add.
    """
    variants: dict[str, list[str]] = {"classifier": [label for label, _ in model]}
    if rules is not None:
        variants["rules"] = list(rules)
        if prior is not None:
            variants["fallback-prior"] = [prior if r == NONE else r for r in rules]
        variants["fallback"] = combine(rules, model, "fallback")
        for t in THRESHOLDS:
            variants[f"override@{t}"] = combine(rules, model, f"override@{t}")
    out: dict[str, Any] = {}
    for name, predicted in variants.items():
        entry = figures(gold, predicted)
        if folds is not None:
            per_fold = []
            for k in sorted(set(folds)):
                idx = [n for n, f in enumerate(folds) if f == k]
                per_fold.append(
                    figures([gold[n] for n in idx], [predicted[n] for n in idx])["accuracy"]
                )
            entry["fold_accuracy"] = per_fold
        out[name] = entry
    if rules is not None:
        out["fallback"]["rule_none_typed_right"] = sum(
            1 for g, r, (m, _) in zip(gold, rules, model, strict=True) if r == NONE and g == m
        )
    return out


def most_common(labels: Iterable[str]) -> str:
    """The most frequent label (ties: alphabetical)."""
    counts = Counter(labels)
    return min(counts, key=lambda label: (-counts[label], label))


def rescore(dump_path: Path, extras: Sequence[str]) -> dict[str, Any]:
    """Score a ``--dump`` again, and other classifiers' predictions (``NAME=FILE``) beside it.

    An extra file is a JSON object with out-of-fold predictions ``[label, probability]`` per
    record under the experiment names (``ngec``, ``gsr-cv``, ``ngec+gsr-cv``) for the GSR records
    and ``ngec_test`` for the held-out stories, in the order of the dump.
    """
    dump = json.loads(dump_path.read_text(encoding="utf-8"))
    gsr, stories = dump["gsr"], dump["ngec_test"]
    gold = [i["label"] for i in gsr["items"]]
    story_gold = [i["label"] for i in stories["items"]]
    ngec_prior = most_common(i["label"] for i in dump["ngec_train"]["items"])
    gsr_prior = most_common(gold)
    sources: dict[str, dict[str, Any]] = {"textcat": {**gsr, "ngec_test": stories.get("ngec")}}
    for extra in extras:
        name, _, path = extra.partition("=")
        sources[name] = json.loads(Path(path).read_text(encoding="utf-8"))
    report: dict[str, Any] = {"priors": {"ngec": ngec_prior, "gsr": gsr_prior}}
    for name, preds in sources.items():
        entry: dict[str, Any] = {}
        if preds.get("ngec_test") and "rules" in stories:
            model = [(str(a), float(b)) for a, b in preds["ngec_test"]]
            entry["ngec_held_out"] = score_all(
                story_gold, stories["rules"], model, None, ngec_prior
            )
        for experiment in ("ngec", "gsr-cv", "ngec+gsr-cv"):
            if preds.get(experiment):
                model = [(str(a), float(b)) for a, b in preds[experiment]]
                prior = ngec_prior if experiment == "ngec" else gsr_prior
                entry[experiment] = score_all(gold, gsr["rules"], model, gsr["folds"], prior)
        report[name] = entry
    return report


# --- experiments ---------------------------------------------------------------------------------


def cross_validate(
    gsr: Sequence[Item],
    folds: Sequence[int],
    make_spec: Callable[[list[Item]], TrainSpec],
    arch: str,
    seed: int,
) -> list[tuple[str, float]]:
    """Out-of-fold predictions for every GSR record."""
    out: list[tuple[str, float] | None] = [None] * len(gsr)
    for k in sorted(set(folds)):
        train_items = [item for item, f in zip(gsr, folds, strict=True) if f != k]
        test_idx = [n for n, f in enumerate(folds) if f == k]
        nlp = train(make_spec(train_items), arch, seed + k)
        for n, pred in zip(test_idx, predict(nlp, [gsr[n].text for n in test_idx]), strict=True):
            out[n] = pred
    assert all(p is not None for p in out)
    return [p for p in out if p is not None]


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared data root")
    parser.add_argument("--arch", choices=("bow", "ensemble"), default="bow")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--report", type=Path, help="write every figure here as JSON")
    parser.add_argument("--out", type=Path, help="save the model trained on all visible data")
    parser.add_argument(
        "--dump",
        type=Path,
        help="write per-record predictions (holds gold text: keep in /tmp)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("ngec", "gsr-cv", "ngec+gsr-cv"),
        help="leave out an experiment (repeatable)",
    )
    parser.add_argument("--rescore", type=Path, help="score a --dump again; train nothing")
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="NAME=FILE",
        help="with --rescore: another classifier's predictions to score the same way",
    )
    args = parser.parse_args(argv)
    if args.rescore:
        print(json.dumps(rescore(args.rescore, args.extra), indent=1))
        return 0
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:6.0f}s] {message}", file=sys.stderr, flush=True)

    stories = load_ngec_items(args.shared / NGEC_DIR)
    ngec_train, ngec_test = split_by_group(stories, HELD_OUT_SHARE, args.seed)
    ngec_train = [Item(i.key, lead(i.text), i.label, i.group) for i in ngec_train]
    gsr_path = args.shared / GSR_DIR
    gsr = load_gsr_items(gsr_path)
    folds = stratified_folds(gsr, FOLDS, args.seed)
    gold = [i.label for i in gsr]
    ngec_prior, gsr_prior = most_common(i.label for i in ngec_train), most_common(gold)
    log(f"{len(ngec_train)} training / {len(ngec_test)} held-out stories; {len(gsr)} GSR records")

    rules_gsr = rule_predictions_gsr(gsr_path)
    log(f"rules on GSR: {figures(gold, rules_gsr)}")
    dump: dict[str, dict[str, Any]] = {
        "gsr": {"items": gsr, "folds": folds, "rules": rules_gsr},
        "ngec_train": {"items": ngec_train},
        "ngec_test": {"items": ngec_test},
    }
    for part in dump.values():
        part["items"] = [dataclasses.asdict(i) for i in part["items"]]
    report: dict[str, Any] = {
        "arch": args.arch,
        "seed": args.seed,
        "epochs": args.epochs,
        "ngec_train": len(ngec_train),
        "ngec_test": len(ngec_test),
        "ngec_train_labels": dict(sorted(Counter(i.label for i in ngec_train).items())),
        "gsr_folds": [folds.count(k) for k in range(FOLDS)],
    }

    def ngec_spec(extra: list[Item]) -> TrainSpec:
        return TrainSpec(
            balanced=tuple(ngec_train),
            plain=tuple(extra),
            epochs=args.epochs,
            plain_repeat=GSR_REPEAT,
        )

    def gsr_spec(extra: list[Item]) -> TrainSpec:
        # The GSR training folds are small: more passes, each record once per pass.
        return TrainSpec(plain=tuple(extra), epochs=args.epochs * 3)

    if "ngec" not in args.skip:
        nlp = train(ngec_spec([]), args.arch, args.seed)
        log("trained on NGEC")
        test_texts = [lead(i.text) for i in ngec_test]
        rules_ngec = rule_predictions_stories([i.text for i in ngec_test])
        on_stories, on_gsr = predict(nlp, test_texts), predict(nlp, [i.text for i in gsr])
        dump["ngec_test"]["rules"], dump["ngec_test"]["ngec"] = rules_ngec, on_stories
        dump["gsr"]["ngec"] = on_gsr
        report["ngec"] = {
            "ngec_held_out": score_all(
                [i.label for i in ngec_test], rules_ngec, on_stories, None, ngec_prior
            ),
            "gsr": score_all(gold, rules_gsr, on_gsr, folds, ngec_prior),
        }
        log(f"ngec: {json.dumps(report['ngec'])}")
    if "gsr-cv" not in args.skip:
        model = dump["gsr"]["gsr-cv"] = cross_validate(gsr, folds, gsr_spec, args.arch, args.seed)
        report["gsr-cv"] = {"gsr": score_all(gold, rules_gsr, model, folds, gsr_prior)}
        log(f"gsr-cv: {json.dumps(report['gsr-cv'])}")
    if "ngec+gsr-cv" not in args.skip:
        model = dump["gsr"]["ngec+gsr-cv"] = cross_validate(
            gsr, folds, ngec_spec, args.arch, args.seed
        )
        report["ngec+gsr-cv"] = {"gsr": score_all(gold, rules_gsr, model, folds, gsr_prior)}
        log(f"ngec+gsr-cv: {json.dumps(report['ngec+gsr-cv'])}")
    if args.out:
        every_story = [Item(i.key, lead(i.text), i.label, i.group) for i in stories]
        spec = TrainSpec(
            balanced=tuple(every_story),
            plain=tuple(gsr),
            epochs=args.epochs,
            plain_repeat=GSR_REPEAT,
        )
        nlp = train(spec, args.arch, args.seed)
        nlp.to_disk(args.out, exclude=["vocab"] if args.arch == "ensemble" else [])
        report["model"] = {"path": str(args.out), "bytes": directory_size(args.out)}
        log(f"saved {args.out} ({report['model']['bytes']} bytes)")
    report["seconds"] = round(time.monotonic() - started)
    if args.dump:
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        args.dump.write_text(json.dumps(dump), encoding="utf-8")
    text = json.dumps(report, indent=1)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
