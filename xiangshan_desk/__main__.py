"""`python -m xiangshan_desk …`: the command line."""
import sys

from .cli import main

sys.exit(main())
