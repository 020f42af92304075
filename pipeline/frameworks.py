"""Load and write framework files (`*.yaml`, validated against the framework schema).

Frameworks come from several folders, in order: the ones bundled with the package, each
folder of `$DTI_FRAMEWORKS` (separated as PATH is), then each `--frameworks-dir`; an id
defined again in a later folder is that folder's. Everything the matcher and the scoring
engine know about a framework is in its file. A malformed file is an error naming the file
and the field, e.g. "dti-province-2022.yaml: indicators/3/parent: None is not of type 'string'".
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from pipeline.errors import FrameworkError
from pipeline.models import Framework, FrameworkEntry
from pipeline.resources import data_path

SCHEMA_PATH = data_path("schemas", "framework.schema.json")


BUNDLED = "bundled"


def bundled_frameworks_dir() -> Path:
    """The frameworks shipped with the package."""
    return data_path("frameworks")


def framework_dirs(extra: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The folders frameworks are loaded from, in order: the bundled one, each folder of
    `$DTI_FRAMEWORKS` (separated as PATH is), then `extra` (`--frameworks-dir`, repeatable)."""
    from_env = [Path(p) for p in os.environ.get("DTI_FRAMEWORKS", "").split(os.pathsep) if p]
    ordered: list[Path] = []
    for directory in (bundled_frameworks_dir(), *from_env, *extra):
        if directory not in ordered:
            ordered.append(directory)
    return tuple(ordered)


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def load_framework(path: Path, origin: str = BUNDLED) -> Framework:
    """Given one framework YAML file, return it validated; raise `FrameworkError` naming the
    file and the offending field otherwise."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkError(f"{path.name}: cannot be read as YAML ({exc})") from exc
    return framework_of(path, data, origin)


def framework_of(path: Path, data: Any, origin: str = BUNDLED) -> Framework:
    """The framework a file's parsed data describes, validated; `path` names it in errors."""
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
        index=data.get("index", "DTI"),
        province=data.get("province"),
        version=data.get("version", 1),
        origin=origin,
    )


def load_frameworks(extra: Path | Sequence[Path] = ()) -> dict[str, Framework]:
    """Load every `*.yaml` framework of the bundled folder, `$DTI_FRAMEWORKS` and `extra`,
    keyed by id; a folder given that holds none is an error (a mistyped path, most often)."""
    extra_dirs = (extra,) if isinstance(extra, Path) else tuple(extra)
    frameworks: dict[str, Framework] = {}
    for directory in framework_dirs(extra_dirs):
        origin = BUNDLED if directory == bundled_frameworks_dir() else str(directory)
        paths = sorted(directory.glob("*.yaml"))
        if not paths and origin != BUNDLED:
            raise FrameworkError(f"{directory}: no framework files (*.yaml) found")
        here: set[str] = set()
        for path in paths:
            framework = load_framework(path, origin)
            if framework.id in here:
                raise FrameworkError(f"{path.name}: framework id {framework.id!r} is used twice")
            here.add(framework.id)
            frameworks[framework.id] = framework
    return frameworks


def write_framework(data: Mapping[str, Any], directory: Path, *, force: bool = False) -> Path:
    """Validate a framework's data and write it as `<directory>/<id>.yaml`; an existing file is
    overwritten only with `force` (`dti frameworks import --force`)."""
    path = directory / f"{data['id']}.yaml"
    framework_of(path, data)
    if path.exists() and not force:
        raise FrameworkError(f"{path}: exists already; pass --force to overwrite it")
    directory.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    path.write_text(text, encoding="utf-8")
    return path


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
        not_applicable_to=tuple(item.get("not_applicable_to", ())),
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
