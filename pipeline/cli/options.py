"""What every `dti` command shares: the one-line error handler and the repeated options."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from pipeline.errors import DtiError
from pipeline.settings import DEFAULT, OcrSettings, Settings

frameworks_dir_option = click.option(
    "--frameworks-dir",
    "frameworks_dirs",
    type=click.Path(file_okay=False, path_type=Path),
    multiple=True,
    help="A folder of framework files (imported with `dti frameworks import`) to use beside the "
    "bundled ones and $DTI_FRAMEWORKS; repeat it for several.",
)
framework_option = click.option(
    "--framework",
    "framework_id",
    metavar="ID",
    default=None,
    help="Framework to match against (see `dti frameworks`); detected from the document if omitted.",
)


db_option = click.option(
    "--db",
    "db_url",
    envvar="DTI_DB",
    default="dti.duckdb",
    show_default=True,
    metavar="URL",
    help="Warehouse: a DuckDB file path (embedded, the default) or postgresql://user@host/db (also $DTI_DB).",
)


def explained_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a `DtiError` into one line on stderr and its exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DtiError as error:
            if click.get_current_context().find_root().params.get("verbose"):
                traceback.print_exc()
            click.echo(f"dti: error: {error.message}", err=True)
            sys.exit(int(error.exit_code))

    return wrapper


no_ocr_option = click.option(
    "--no-ocr",
    "no_ocr",
    is_flag=True,
    help="Do not OCR scanned pages: they are left out and named, and the document is partial.",
)


def settings_for(no_ocr: bool) -> Settings:
    """The settings the command's options ask for (defaults otherwise)."""
    return Settings(ocr=OcrSettings(enabled=False)) if no_ocr else DEFAULT
