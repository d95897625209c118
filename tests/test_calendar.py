"""The census calendar: window, target path, days left, previous day."""

from dataclasses import replace
from datetime import date

import pytest

from sensus.core import calendar, config

CFG = replace(config.read(), mulai=date(2020, 2, 15), selesai=date(2020, 3, 31), target_persen=22.9)


def test_the_window_is_the_configured_one():
    assert calendar.window(CFG) == (date(2020, 2, 15), date(2020, 3, 31))
    assert CFG.jumlah_hari == 46


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 2, 15), 22.9 / 46),  # day one already asks for one day's share
        (date(2020, 3, 10), 22.9 * 25 / 46),
        (date(2020, 3, 31), 22.9),  # the last day asks for the whole target
        (date(2020, 2, 1), 22.9 / 46),  # before the window: its first day
        (date(2020, 4, 30), 22.9),  # after it: its last day
    ],
)
def test_target_path(day, expected):
    assert calendar.target_path(day, CFG) == pytest.approx(expected)


def test_path_per_week_is_seven_days_of_the_path():
    assert calendar.path_per_week(22.9, 46) == pytest.approx(22.9 * 7 / 46)
    assert calendar.WEEK == 7


@pytest.mark.parametrize(
    ("day", "left"), [(date(2020, 3, 10), 21), (date(2020, 3, 31), 0), (date(2020, 4, 5), 0), (date(2020, 2, 15), 45)]
)
def test_days_left(day, left):
    assert calendar.days_left(day, CFG) == left


def test_previous_day():
    assert calendar.previous_day(date(2020, 3, 1)) == date(2020, 2, 29)
    assert calendar.previous_day(date(2020, 3, 1), calendar.WEEK) == date(2020, 2, 23)


def test_stalled_after_three_quiet_days():
    assert calendar.STALLED_DAYS == 3


def test_a_page_without_a_date_opens_on_the_last_day_with_data_inside_the_window():

    cfg = config.read()
    assert calendar.as_of_default(date(2020, 3, 10), cfg) == date(2020, 3, 10)
    assert calendar.as_of_default(date(2020, 4, 3), cfg) == cfg.selesai  # an export after the window
    assert calendar.as_of_default(None, cfg) == cfg.mulai  # no data yet
