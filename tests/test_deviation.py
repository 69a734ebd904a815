"""偏差情况: the five cases of DOMAIN.md."""
import pytest

from models.deviation import compute_deviation, is_zero_deviation
from models.targets import parse_target


def deviation(target, actual):
    return compute_deviation(parse_target(target), parse_target(actual))


@pytest.mark.parametrize("target, actual, expected", [
    # 1. qualitative: met → 0%; not met → for the accountant to state
    ("健全", "健全", "0%"),
    ("健全", " 健 全 ", "0%"),
    ("健全", "基本健全", None),
    # 2. target 0
    ("=0%", "0%", "0%"),
    ("=0%", "447.96%", "100%"),
    ("=0%", "2.08%", "100%"),
    # 3. met for the operator; beating a target is not a deviation
    ("=100%", "100%", "0.00%"),
    (">=85%", "97.21%", "0.00%"),
    ("<=100%", "84.71%", "0.00%"),
    ("<=1000000 册", "0 册", "0.00%"),
    (">=6 个", "10 个", "0.00%"),
    # 4. a percent target missed: percentage points, signed
    (">=80%", "70.15%", "-9.85%"),
    ("=100%", "97.28%", "-2.72%"),
    ("<=5%", "7.5%", "2.50%"),
    # 5. a count or amount target missed: relative, signed
    (">=40 次", "30 次", "-25.00%"),
    ("=3 个", "2 个", "-33.33%"),
    ("<=12 份", "13 份", "8.33%"),
    (">=3 个", "2 个", "-33.33%"),
    ("=3 个", "1 个", "-66.67%"),
    # cannot be computed
    ("=1 个", "1 辆", None),
    ("=1 个", "完成", None),
    ("", "", None),
    ("=100%", "", None),
])
def test_cases(target, actual, expected):
    assert deviation(target, actual) == expected


def test_half_up_in_relative_deviation():
    # (1 - 8) / 8 = -87.5 exactly; (A-T)/T = -0.125 → -12.50; a tie at the third place rounds away from zero
    assert deviation("=8 个", "7 个") == "-12.50%"
    assert deviation("=800 个", "899 个") == "12.38%"   # 12.375 → 12.38, half-even would give 12.38 too
    assert deviation("=400 个", "400.5 个") == "0.13%"  # 0.125 → 0.13 (half-even: 0.12)


def test_zero_deviation():
    assert is_zero_deviation("0%") and is_zero_deviation("0.00%")
    assert not is_zero_deviation("-2.72%") and not is_zero_deviation("") and not is_zero_deviation("较大")
