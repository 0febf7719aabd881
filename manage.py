#!/usr/bin/env python
"""Same as the `introsak` console script, for those who expect manage.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from introsak.__main__ import main  # noqa: E402

if __name__ == "__main__":
    main()
