"""`python -m pipeline ...`: the command line in `pipeline.cli`."""

import sys

from pipeline.cli import main

if __name__ == "__main__":  # not when a worker process (multiprocessing "spawn") imports this module
    sys.exit(main())
