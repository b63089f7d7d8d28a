"""Audit reports (PDF, DOCX): the Stage 1 report and the audit report a CB sends."""
