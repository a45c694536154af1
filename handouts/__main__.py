"""`python -m handouts`: the command line, for a Python whose scripts folder is not on the PATH."""

from handouts.commands import main

if __name__ == "__main__":
    main(prog_name="handouts")
