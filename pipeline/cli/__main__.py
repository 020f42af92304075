"""`python -m pipeline.cli`: the same as the `dti` command."""

from pipeline.cli import main

main(prog_name="dti")
