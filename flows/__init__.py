"""Prefect 3 flows over `pipeline.batch`: no extraction logic lives here.

`configure_prefect` sets the defaults a local run needs (an ephemeral API with no server to
install, no telemetry, quiet logs) before Prefect is imported; a user's own environment
variables win over them.
"""

from __future__ import annotations

import os

PREFECT_DEFAULTS = {
    # No PREFECT_API_URL: the client starts a temporary local API (SQLite under PREFECT_HOME).
    "PREFECT_SERVER_EPHEMERAL_ENABLED": "true",
    # A first migration can take longer than the 20 s default.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def configure_prefect() -> None:
    """Apply the local-run defaults; call before the first `import prefect`."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
