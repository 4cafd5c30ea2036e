"""`python -m server.cli`: the same as the `trackcue` command."""

from server.cli import main

main()
