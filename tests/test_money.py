"""The one parse and the one rounding function for amounts."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from models.errors import AmountError
from models.money import (
    format_amount, format_rate, from_minor_units, parse_amount, parse_optional_amount, percent_of,
    round_half_up, sum_amounts, to_minor_units)


@pytest.mark.parametrize("text, expected", [
    ("1,234.56", "1234.56"),
    ("１２３４．５６", "1234.56"),
    ("  15.6 ", "15.60"),
    ("-5.17", "-5.17"),
    ("−5.17", "-5.17"),
    ("－５．１７", "-5.17"),
    ("0", "0.00"),
    ("1,234,567", "1234567.00"),
    ("+3", "3.00"),
])
def test_parse_accepts(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected) and str(value) == expected


@pytest.mark.parametrize("bad", ["abc", "1.234", "1e5", "", "  ", "1,23", "12,3456.00", "1.", ".5", "--1", "1 000",
                                 "NaN", "Infinity", "1,234.567"])
def test_parse_refuses_text_with_chinese_message(bad):
    with pytest.raises(AmountError) as caught:
        parse_amount(bad)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)


def test_parse_refuses_float_object():
    with pytest.raises(AmountError, match="浮点数"):
        parse_amount(1.5)
    with pytest.raises(AmountError):
        parse_amount(Decimal("1.005"))
    with pytest.raises(AmountError):
        parse_amount(Decimal("NaN"))


def test_parse_optional_and_ints():
    assert parse_optional_amount("") is None and parse_optional_amount(None) is None
    assert parse_amount(7) == Decimal("7.00")
    assert parse_amount(Decimal("2.5")) == Decimal("2.50")


def test_round_half_up_not_half_even():
    assert round_half_up(Decimal("0.125")) == Decimal("0.13")   # half-even would give 0.12
    assert round_half_up(Decimal("-0.125")) == Decimal("-0.13")
    assert round_half_up(Decimal("2.675")) == Decimal("2.68")
    with pytest.raises(AmountError):
        round_half_up(2.675)


def test_execution_rates_of_the_seed_need_half_up():
    # Truncation would give 97.27, 98.84 and 99.88: the seed's figures come only from half-up.
    assert percent_of(Decimal("2449.85"), Decimal("2518.38")) == Decimal("97.28")
    assert percent_of(Decimal("1732.93"), Decimal("1753.11")) == Decimal("98.85")
    assert percent_of(Decimal("43.45"), Decimal("43.50")) == Decimal("99.89")
    assert percent_of(Decimal("1"), Decimal("0")) is None


def test_format():
    assert format_amount(Decimal("15.6")) == "15.60"
    assert format_amount(Decimal("1234567.5"), thousands=True) == "1,234,567.50"
    assert format_amount(None) == ""
    assert format_rate(Decimal("97.28")) == "97.28%"
    assert format_rate(Decimal("100")) == "100.00%"


cents = st.integers(min_value=-(10**14) + 1, max_value=10**14 - 1)


@given(cents)
def test_format_parse_round_trip(units):
    amount = from_minor_units(units)
    assert parse_amount(format_amount(amount)) == amount
    assert parse_amount(format_amount(amount, thousands=True)) == amount
    assert to_minor_units(amount) == units


@given(st.lists(cents, max_size=300))
def test_sums_exact_at_any_size(values):
    amounts = [from_minor_units(v) for v in values]
    total = sum_amounts(amounts)
    if not values:
        assert total is None
    else:
        assert total * 100 == sum(values) and total == total.quantize(Decimal("0.01"))


def test_huge_values_refused_with_the_domain_error():
    for value in (Decimal("1E+26"), 10**30, "1" * 40, Decimal("-1E+13")):
        with pytest.raises(AmountError, match="过大"):
            parse_amount(value)
