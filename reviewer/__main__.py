"""Allow `python -m reviewer`."""

from reviewer.cli import main

raise SystemExit(main())
