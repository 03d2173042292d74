"""`python -m wparchive` runs the command line."""

from .cli import main

main()
