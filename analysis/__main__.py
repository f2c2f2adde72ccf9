"""``python -m analysis`` runs the ``urbanista`` command line."""

import sys

from analysis.cli import main

sys.exit(main())
