"""`python -m reader` starts the reader."""

from reader.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
