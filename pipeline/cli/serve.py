"""`dti serve`: the review queue and the read API, over the warehouse `dti ingest` filled."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from pipeline import api
from pipeline.cli.options import db_option, explained_errors, frameworks_dir_option
from pipeline.load.warehouse import is_postgres_url, redacted

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other lets other machines in (needs --token).")  # fmt: skip
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")  # fmt: skip
@click.option("--token", envvar="DTI_SERVE_TOKEN", default=None, metavar="TOKEN",
              help="Writes (corrections) need this token: 'Authorization: Bearer TOKEN' or the /login page. "
              "Required on PostgreSQL and off 127.0.0.1 (also $DTI_SERVE_TOKEN).")  # fmt: skip
@frameworks_dir_option
@explained_errors
def serve(db_url: str, host: str, port: int, token: str | None, frameworks_dirs: Sequence[Path]) -> None:
    """Start the review application: a queue of what needs a person, most consequential first
    (totals that disagree, figures read as "[?]", codes the column's order replaced, matches to
    confirm, rows OCR read with low confidence), each beside the crop of its page, corrected in
    a click or a key; and a JSON API for the scoring engine (documents, records as reviewed,
    coverage, omissions, scores, corrections), described at /docs.

    A correction is stored beside the record, never over it: `dti export`, `dti scores`,
    `dti report` and the API use the corrected value and mark it, the value as read stays,
    and the correction follows its record through `dti ingest --force`.

    \b
    Example:
      dti ingest bao-cao-scan.pdf && dti serve        # then open http://127.0.0.1:8000/review
      dti serve --db postgresql://dti@db/dti --host 0.0.0.0 --token "$(cat token.txt)"
      curl -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
        -d '{"document_sha256": "…", "position": 12, "field": "figures.1.value", "value": "776,64"}' \\
        http://127.0.0.1:8000/api/corrections
    """
    if not token and is_postgres_url(db_url):
        raise click.UsageError(
            "a shared PostgreSQL warehouse needs a write token: give --token TOKEN or set $DTI_SERVE_TOKEN"
        )
    if token is not None and (not token.isascii() or not token.isprintable() or not token.strip()):
        raise click.UsageError("--token takes printable ASCII characters (an HTTP header carries it)")
    if not token and host not in LOOPBACK:
        raise click.UsageError(f"--host {host} lets other machines write: give --token TOKEN as well")
    import uvicorn

    from pipeline.web.app import ServeSettings, create_app

    api.documents(db_url)  # a missing warehouse or server is said now, not at the first page
    app = create_app(ServeSettings(db_url, token, tuple(frameworks_dirs)))
    shown = f"[{host}]" if ":" in host else host
    writes = "; writes need the token" if token else ""
    click.echo(f"dti serve: {redacted(db_url)}; review queue at http://{shown}:{port}/review, API at "
               f"http://{shown}:{port}/docs{writes} (Ctrl+C stops)", err=True)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level="warning")
