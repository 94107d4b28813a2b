"""`python -m xiangshan_desk …`: the command line."""
import sys

from xiangshan_desk.cli import main

sys.exit(main())
