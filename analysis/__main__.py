"""``python -m analysis``: the command line (see :mod:`analysis.pipeline.cli`)."""

import sys

from analysis.pipeline.cli import cli

if __name__ == "__main__":
    sys.exit(cli())
