"""Run handouts from a checkout without installing it: `python cli.py build ...`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handouts.commands import main

if __name__ == "__main__":
    main()
