"""The packaged command line (xiangshan-cli): the same commands as `python -m xiangshan_desk`."""
import sys

from xiangshan_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
