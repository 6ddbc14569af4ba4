"""Formatted bibliographies (``--to text|html|markdown|rtf|docx``), rendered through CSL."""
