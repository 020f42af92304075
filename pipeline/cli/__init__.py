"""The `dti` command: it parses options, calls `pipeline.api`, and prints.

Every known error is printed as one line naming the file and the fix; `--verbose` adds
the traceback. Exit codes are listed in `dti --help`. No SQL and no pipeline logic here:
each command is a few lines over a library call usable from Python as well. Commands about
one document live in `documents.py`, the frameworks in `frameworks.py`, commands over the
warehouse in `warehouse.py`.
"""

from __future__ import annotations

import click

from pipeline.cli import documents, frameworks, serve, warehouse

EXIT_CODES_HELP = """
\b
Exit codes:
  0  success
  2  bad usage (unknown option, missing argument)
  3  an input file cannot be read (missing, empty, unsupported format, undecodable),
     or holds no framework (`dti frameworks import`)
  4  a framework file is malformed or a framework id is unknown
  5  a batch finished, but some documents failed (see the summary and `dti runs`)
  6  the warehouse cannot be used (PostgreSQL unreachable, DuckDB file busy)
"""


@click.group(epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks with errors.")
@click.version_option(package_name="dti-ingest")
def main(verbose: bool) -> None:
    """dti — turn Vietnamese DTI plans, reports and decisions into indicator records.

    Reads a document (PDF, scanned PDF, DOCX, DOC, portal page, plain text), finds every
    indicator row and every score written in prose, matches each to the canonical framework
    (Decision 922/QĐ-BTTTT, Đắk Nông 1552/QĐ-UBND, ...), parses its figures ("52/57",
    "90,48%", "633,56/1000 điểm") and prints or loads them.

    \b
    Start here:
      dti frameworks                                  # what can be matched
      dti extract ke-hoach-dti-2024.txt --format table
      dti ingest corpora/documents/seeds --db dti.duckdb
      dti scores --inconsistent                        # totals that do not add up
      dti report --out bao-cao                         # report.html and report.xlsx
      dti serve                                        # review and correct, in the browser
    """


for command in (
    documents.extract,
    documents.read,
    frameworks.frameworks,
    documents.coverage_command,
    documents.eval_command,
    warehouse.ingest,
    warehouse.runs,
    warehouse.export,
    warehouse.subjects,
    warehouse.series,
    warehouse.scores,
    warehouse.report,
    serve.serve,
):
    main.add_command(command)
