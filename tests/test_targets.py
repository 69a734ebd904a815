"""Parsing of 指标目标值 / 指标完成值: every quantitative form, and qualitative text kept whole."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from models.targets import QUALITATIVE, QUANTITATIVE, looks_numeric, parse_target


@pytest.mark.parametrize("text, op, value, unit", [
    ("=100%", "=", "100", "%"),
    (">=85%", ">=", "85", "%"),
    ("<=1000000 册", "<=", "1000000", "册"),
    ("=2 份", "=", "2", "份"),
    (">=3个", ">=", "3", "个"),
    ("≥ 95%", ">=", "95", "%"),
    ("≤12 份", "<=", "12", "份"),
    ("不低于９５％", ">=", "95", "%"),
    ("不高于 100 万元", "<=", "100", "万元"),
    ("不少于 6 次", ">=", "6", "次"),
    ("＝１ 辆", "=", "1", "辆"),
    ("＞＝ 80 %", ">=", "80", "%"),
    ("97.28%", "=", "97.28", "%"),
    ("1 个", "=", "1", "个"),
    ("48 条", "=", "48", "条"),
    ("<=114 人", "<=", "114", "人"),
    ("=0%", "=", "0", "%"),
    ("-2.5%", "=", "-2.5", "%"),
    ("1,000 册", "=", "1000", "册"),
    ("=40", "=", "40", ""),
])
def test_quantitative_forms(text, op, value, unit):
    target = parse_target(text)
    assert target.kind == QUANTITATIVE
    assert (target.operator, target.value, target.unit) == (op, Decimal(value), unit)
    assert target.text == text


@pytest.mark.parametrize("text", ["健全", "提升", "及时", "按时发布", "每年 12 月 31 日前完成", "质量高",
                                  "12 月底前完成", ">=85%以上的满意度", "较好"])
def test_qualitative_kept_verbatim(text):
    target = parse_target(text)
    assert target.kind == QUALITATIVE and target.text == text and target.value is None


def test_empty():
    assert parse_target("").is_empty and parse_target(None).is_empty and parse_target("  ").is_empty


def test_looks_numeric_flags_likely_typos():
    assert looks_numeric(">=85%以上的满意度")
    assert not looks_numeric("健全")
    assert not looks_numeric(">=85%")
    assert looks_numeric("85%左右")
    assert not looks_numeric("每年 12 月 31 日前完成") and not looks_numeric("12 月底前完成")
    assert looks_numeric(parse_target("85%左右")) and not looks_numeric(parse_target(">=85%"))  # parsed already


@given(st.text(max_size=40))
def test_never_raises_never_loses_never_floats(text):
    target = parse_target(text)
    assert target.text == text
    assert target.value is None or isinstance(target.value, Decimal)
