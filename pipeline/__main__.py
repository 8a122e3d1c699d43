"""`python -m pipeline ...`: the command line in `pipeline.cli`."""

import sys

from pipeline.cli import main

sys.exit(main())
