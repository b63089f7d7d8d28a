"""Pages of the documents app: register.py (documents), revisions.py, schemes.py, and
reading.py (distribution, acknowledgements, reviews, retention; helper "docread")."""
