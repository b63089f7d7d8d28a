"""Reads of the documents app: register.py (the register, revisions, diffs) and reading.py
(distribution and acknowledgements, helper "docread")."""
