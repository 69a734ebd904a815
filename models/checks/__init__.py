"""Checks: every rule of the report, each a small function returning findings in Chinese.

`run_checks(report)` runs them all on a `models.views.ReportData`; nothing here touches the file.
"""
from models.checks.findings import ERROR, INFO, LEVELS, WARNING, Finding, has_errors
from models.checks.runner import RULES, run_checks

__all__ = ["ERROR", "WARNING", "INFO", "LEVELS", "Finding", "has_errors", "RULES", "run_checks"]
