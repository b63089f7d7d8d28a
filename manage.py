#!/usr/bin/env python3
"""Same as the `qms` command; kept for habit and for tools that look for manage.py."""

from qms.__main__ import main

if __name__ == "__main__":
    main()
