"""The certification body's models, one module per area, re-exported here."""
