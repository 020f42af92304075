"""Typed errors that tell the person running `dti` what is wrong and how to fix it.

Every error the pipeline raises on purpose derives from `DtiError`, carries an exit
code (documented in `dti --help`) and names the file it is about.
"""

from __future__ import annotations

import os
import traceback
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    USAGE = 2
    INPUT_FILE = 3
    FRAMEWORK = 4
    PARTIAL = 5
    WAREHOUSE = 6
    MISSING_DEPENDENCY = 7


class DtiError(Exception):
    """Root of the errors `dti` explains in one line; `retryable` marks transient ones."""

    exit_code: ExitCode = ExitCode.INPUT_FILE
    retryable: bool = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MissingDependencyError(DtiError):
    """A program dti needs is not installed (LibreOffice for .doc, Tesseract for scans): the
    message names it and the command that installs it."""

    exit_code = ExitCode.MISSING_DEPENDENCY

    def __init__(self, message: str, install: str) -> None:
        super().__init__(f"{message}; install it with: {install}")
        self.install = install


class InputFileError(DtiError):
    """A file cannot be read as a document: missing, empty, unreadable or undecodable."""

    exit_code = ExitCode.INPUT_FILE


class EncryptedPdfError(InputFileError):
    """A PDF that opens only with a password the user has to supply."""


class NotDtiDocumentError(InputFileError):
    """A document with no indicator table and no scored prose asked for its coverage."""


class NotAFrameworkDecisionError(InputFileError):
    """A file given to `dti frameworks import` that holds no framework table; the message says
    what it holds instead ("12 table(s), none with a maximum-points column")."""


class UnsupportedFormatError(InputFileError):
    """A file whose format no reader handles yet."""


class FrameworkError(DtiError):
    """A framework file is malformed, or a framework id is unknown."""

    exit_code = ExitCode.FRAMEWORK


class WarehouseError(DtiError):
    """The warehouse cannot be reached or written: a PostgreSQL server down, a bad URL."""

    exit_code = ExitCode.WAREHOUSE
    retryable = True


class WarehouseBusyError(WarehouseError):
    """Another process holds the DuckDB file's write lock for longer than we waited."""


class DocumentLoadError(WarehouseError):
    """The warehouse refused one document's rows (a constraint it breaks): that document is
    recorded as failed, the batch goes on, and nothing of it is half-written."""

    retryable = False


class CorrectionError(WarehouseError):
    """A correction the warehouse cannot take; `http_status` is what the review API answers."""

    http_status = 422


class UnknownRecordError(CorrectionError):
    """No record at that document and position: "no record 12 in document 3f2a…"."""

    http_status = 404


class InvalidCorrectionError(CorrectionError):
    """An unknown field or a value of the wrong type; the message lists what is accepted."""

    http_status = 422


class CorrectionConflictError(CorrectionError):
    """Another reviewer corrected the same field since this one looked: reload and decide again."""

    http_status = 409


class TransientReadError(DtiError):
    """A read that failed for a reason outside the file (a network share that dropped, a
    file locked by a scanner still writing it): worth trying again, a few times."""

    exit_code = ExitCode.INPUT_FILE
    retryable = True


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored, whatever bytes its name holds: a name
    that is not valid UTF-8 keeps its other characters and shows each stray byte as "\\xe9"."""
    text = os.fsdecode(path) if not isinstance(path, str) else path
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def error_detail(error: BaseException) -> str:
    """The full traceback of an error, kept beside its one-line message (`dti runs --verbose`)."""
    return "".join(traceback.format_exception(error)).rstrip()


def first_line(error: BaseException) -> str:
    """ "ValueError: tuple.index(x): x not in tuple": the class and the first line of its text."""
    text = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
