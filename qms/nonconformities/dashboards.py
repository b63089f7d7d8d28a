"""Dashboards of the improvement loop (filled in below)."""
