"""``python -m criteria``: the same command line as the ``criteria`` script (see :mod:`criteria.cli`)."""

import sys

from .cli import main

sys.exit(main())
