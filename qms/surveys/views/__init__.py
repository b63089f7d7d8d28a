"""Pages of surveys (for members) and the public answer page (for customers)."""
