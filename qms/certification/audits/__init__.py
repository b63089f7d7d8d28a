"""Certification audits: team, plan, checklist, findings and conclusions (issue 18)."""
