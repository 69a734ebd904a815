"""Runs every rule on a report, in the order of the report's parts.

A report in a form other than Suzhou's has its findings named in that form's headings: each finding
carries the form's key (`Finding.form`), and a finding about 指标目标值 points at the 指标值 column of a
form that splits the target (sichuan).
"""
from __future__ import annotations

from dataclasses import replace

from models.checks import (
    budget_rules, completeness_rules, cross_rules, delivery_rules, funding_rules, header_rules, indicator_rules,
    names_rules, narrative_rules, problems_rules, score_rules, text_figures)
from models.checks.findings import LEVELS, Finding
from models.checks.places import form_key
from models.forms import form_of

RULES = (header_rules.RULES + completeness_rules.RULES + budget_rules.RULES + funding_rules.RULES
         + indicator_rules.RULES + score_rules.RULES + cross_rules.RULES
         + narrative_rules.RULES + text_figures.RULES + delivery_rules.RULES + names_rules.RULES
         + problems_rules.RULES)


def _in_form(findings: list[Finding], report) -> list[Finding]:
    key = form_key(report)
    if not key:
        return findings   # the Suzhou form (or one not installed, checked as Suzhou's): the catalogue's words
    split = form_of(report).has_target_parts
    return [replace(f, form=key, column="target_value") if split and f.table == "indicators" and f.column == "target"
            else f if f.form == key else replace(f, form=key) for f in findings]


def run_checks(report) -> list[Finding]:
    """All findings, errors first, then in the order of the report."""
    findings = _in_form([finding for rule in RULES for finding in rule(report)], report)
    return sorted(findings, key=lambda f: LEVELS.index(f.level))
