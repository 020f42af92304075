"""Load the canonical DTI frameworks from `corpora/frameworks/*.yaml`, validated.

Everything the matcher and the scoring engine know about a framework is in its file.
A malformed file is an error naming the file and the field, e.g.
"dti-province-2022.yaml: indicators/3/parent: None is not of type 'string'".
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from pipeline.errors import FrameworkError
from pipeline.models import Framework, FrameworkEntry
from pipeline.resources import data_path

SCHEMA_PATH = data_path("schemas", "framework.schema.json")


def default_frameworks_dir() -> Path:
    """`DTI_FRAMEWORKS` if set, else the frameworks shipped with the package."""
    return Path(os.environ.get("DTI_FRAMEWORKS", data_path("frameworks")))


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def load_framework(path: Path) -> Framework:
    """Given one framework YAML file, return it validated; raise `FrameworkError` naming the
    file and the offending field otherwise."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkError(f"{path.name}: cannot be read as YAML ({exc})") from exc
    _validate(path, data)
    entries = tuple(_entries(data))
    _check_structure(path, entries)
    return Framework(
        id=data["id"],
        title=data["title"],
        level=data["level"],
        legal_basis=data["legal_basis"],
        valid_years=tuple(data["valid_years"]),
        entries=entries,
        detection=data.get("detection", {}),
        complete=data.get("complete", True),
        source_file=path.name,
    )


def load_frameworks(directory: Path | None = None) -> dict[str, Framework]:
    """Load every `*.yaml` framework in `directory`, keyed by id."""
    directory = directory or default_frameworks_dir()
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise FrameworkError(f"{directory}: no framework files (*.yaml) found")
    frameworks: dict[str, Framework] = {}
    for path in paths:
        framework = load_framework(path)
        if framework.id in frameworks:
            raise FrameworkError(f"{path.name}: framework id {framework.id!r} is used twice")
        frameworks[framework.id] = framework
    return frameworks


def pick_framework(frameworks: Mapping[str, Framework], framework_id: str) -> Framework:
    """Return the framework with that id, or an error that lists the ids there are."""
    try:
        return frameworks[framework_id]
    except KeyError:
        known = ", ".join(sorted(frameworks))
        raise FrameworkError(f"unknown framework {framework_id!r}; known: {known}") from None


def _validate(path: Path, data: Any) -> None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top level)"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise FrameworkError(f"{path.name}: {where}: {first.message}{more}")


def _entries(data: Mapping[str, Any]) -> Iterable[FrameworkEntry]:
    yield _entry(data["total"], "total", None)
    for group in data.get("groups", []):
        yield _entry(group, "group", None)
    for pillar in data["pillars"]:
        yield _entry(pillar, "pillar", None)
    for indicator in data["indicators"]:
        yield _entry(indicator, "indicator", indicator["parent"])


def _entry(item: Mapping[str, Any], level: str, parent: str | None) -> FrameworkEntry:
    return FrameworkEntry(
        code=str(item["code"]),
        name=item["name"],
        level=level,  # type: ignore[arg-type]
        parent=parent,
        aliases=tuple(item.get("aliases", ())),
        max_points=item.get("max_points"),
        scoring=item.get("scoring"),
        code_provisional=item.get("code_provisional", False),
        scored=item.get("scored", True),
    )


def _check_structure(path: Path, entries: tuple[FrameworkEntry, ...]) -> None:
    codes = [e.code for e in entries]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise FrameworkError(f"{path.name}: indicator codes used twice: {', '.join(duplicates)}")
    known = set(codes)
    for entry in entries:
        if entry.parent is not None and entry.parent not in known:
            raise FrameworkError(
                f"{path.name}: indicator {entry.code}: parent {entry.parent!r} is not in the framework"
            )
