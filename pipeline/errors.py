"""Typed errors that tell the person running `dti` what is wrong and how to fix it.

Every error the pipeline raises on purpose derives from `DtiError`, carries an exit
code (documented in `dti --help`) and names the file it is about.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    USAGE = 2
    INPUT_FILE = 3
    FRAMEWORK = 4
    PARTIAL = 5
    WAREHOUSE = 6


class DtiError(Exception):
    """Root of the errors `dti` explains in one line; `retryable` marks transient ones."""

    exit_code: ExitCode = ExitCode.INPUT_FILE
    retryable: bool = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputFileError(DtiError):
    """A file cannot be read as a document: missing, empty, unreadable or undecodable."""

    exit_code = ExitCode.INPUT_FILE


class EncryptedPdfError(InputFileError):
    """A PDF that opens only with a password the user has to supply."""


class NotDtiDocumentError(InputFileError):
    """A document with no indicator table and no scored prose asked for its coverage."""


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
