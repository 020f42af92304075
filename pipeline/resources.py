"""Where dti's own data lives: the frameworks, the lexicon and the schemas, as package data.

`pipeline/data/` is part of the package (in a checkout it links to `corpora/` and
`schemas/`; in a wheel the files themselves), so an installed `dti` works from any folder
with no checkout beside it. `$DTI_FRAMEWORKS` or `--frameworks-dir` can point elsewhere.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A file or folder of the package's data: data_path("schemas", "warehouse.sql")."""
    return Path(str(resources.files("pipeline").joinpath("data", *parts)))


def checkout_root() -> Path | None:
    """The repository root when running from a checkout (for the gold corpus), else None."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "corpora" / "documents").is_dir() else None
