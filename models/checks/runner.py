"""Runs every rule on a report, in the order of the report's parts."""
from __future__ import annotations

from models.checks import (
    budget_rules, completeness_rules, cross_rules, delivery_rules, funding_rules, header_rules, indicator_rules,
    names_rules, narrative_rules, problems_rules, score_rules, text_figures)
from models.checks.findings import LEVELS, Finding

RULES = (header_rules.RULES + completeness_rules.RULES + budget_rules.RULES + funding_rules.RULES
         + indicator_rules.RULES + score_rules.RULES + cross_rules.RULES
         + narrative_rules.RULES + text_figures.RULES + delivery_rules.RULES + names_rules.RULES
         + problems_rules.RULES)


def run_checks(report) -> list[Finding]:
    """All findings, errors first, then in the order of the report."""
    findings = [finding for rule in RULES for finding in rule(report)]
    return sorted(findings, key=lambda f: LEVELS.index(f.level))
