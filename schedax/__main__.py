"""``python -m schedax``: the schedax command line."""

from ._cli import main

raise SystemExit(main())
