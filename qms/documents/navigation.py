"""Menu entries and dashboard cards of documents (filled in by the views' author)."""
