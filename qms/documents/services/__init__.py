"""Writes of the documents app, one module per concern.

- numbering.py: numbering schemes and the next document number;
- documents.py: the register (create, edit, made obsolete);
- revisions.py: revisions, their content, review signatures and the workflow's effects;
- reading.py, reviews.py, retention.py: distribution, acknowledgements, periodic review and
  retention (helper "docread").
"""
