"""Pages of internal audits: programmes (views.programmes), audits (views.audits), KPIs
(views.kpis); the checklist half adds checklists, findings and reports."""
