"""The calendar arithmetic both date grammars share (`dates_en`, `dates_zh`), in both directions.

A reading is asked for with an `Ask`: the moment "now", whether the text is a deadline
(forwards: the next occurrence, never in the past) or a period bound (backwards: the latest
occurrence, a day, never after today), and the working-day calendar. The helpers below take
naive local wall-clock days and minutes after midnight and return naive wall-clock datetimes
(or a `Found` when the reading carries more than its moment). Pure: no clock, no I/O; every
failure is a `DateError` with one translated sentence.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from luoshi.domain.workdays import Calendar
from luoshi.i18n import N_, _

EOD = 18 * 60  # the end of the working day, in minutes after midnight
LAST = 23 * 60 + 59
HINT = N_("try e.g. 2026-12-01, 下周五, 明天下午3点, tomorrow 5pm, in 3 days")  # shown as _(HINT)
BOUND_HINT = N_("try e.g. 上周一, 11月16日, 3天前, last monday, 2026-11-16")  # shown as _(BOUND_HINT)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_WORDS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))  # DAY_NAMES as shown in messages
_SHORT_DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
_SHORT_MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
                 N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))
MOST_WORKDAYS = 2500  # about ten years of working days: more is a typing mistake


class DateError(ValueError):
    """A date or duration the user must retype; `str(e)` says why, `.text` holds the input."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


class WrongWay(DateError):
    """A word that points the wrong way: a past day as a deadline, a future day as a bound.
    The public functions turn it into a sentence that names the text."""

    def __init__(self) -> None:
        super().__init__("wrong way")


@dataclass(frozen=True)
class Ask:
    """How to read a text: at `now`; towards the past (a period bound) or the future."""

    now: datetime
    past: bool = False
    calendar: Calendar | None = None
    with_time: bool = False  # towards the past, a moment (a time of day kept), not a day

    @property
    def wall(self) -> datetime:
        """now's wall-clock time, naive."""
        return self.now.replace(tzinfo=None)

    @property
    def today(self) -> date:
        return self.now.date()

    def workdays(self) -> Calendar:
        return self.calendar if self.calendar is not None else Calendar()


@dataclass(frozen=True)
class Found:
    """A moment with what the grammar knows about how it was written."""

    moment: datetime
    yearless: bool = False  # a month and day without a year
    absolute: bool = False  # a date with its year: taken as written, in either direction


def towards_future(q: Ask) -> None:
    """A word that only names days ahead (明天, 下周五, in 3 days): not a period bound."""
    if q.past:
        raise WrongWay()


def towards_past(q: Ask) -> None:
    """A word that only names days behind (昨天, 上周五, 3 days ago): not a deadline."""
    if not q.past:
        raise WrongWay()


def clock(hour: int, minute: int = 0) -> int:
    """A 24-hour time as minutes after midnight."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise DateError(_("{time} is not a time of day; write e.g. 17:30 or 下午5点半").format(
            time=f"{hour}:{minute:02d}"))
    return hour * 60 + minute


def real_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        raise DateError(_("{date} is not a real date; {hint}").format(
            date=f"{year}-{month:02d}-{day:02d}", hint=_(HINT))) from None


def at(day: date, minutes: int | None) -> datetime:
    """`day` at `minutes` after midnight (1440 is midnight at its end); 18:00 when None."""
    return datetime.combine(day, time()) + timedelta(minutes=EOD if minutes is None else minutes)


def on(day: date, minutes: int | None, q: Ask, default: int = EOD) -> datetime:
    """A named day: without a time it is `default`, or 23:59 when that is already past today."""
    if minutes is None:
        wall = q.wall
        late = day == wall.date() and wall.hour * 60 + wall.minute >= default
        minutes = LAST if late else default
    return at(day, minutes)


def fixed(day: date, minutes: int | None, q: Ask) -> Found:
    """A date written with its year: as written, even in the past (or, as a bound, the future)."""
    return Found(on(day, minutes, q), absolute=True)


def next_time(minutes: int, q: Ask) -> datetime:
    """A bare time of day: today if still ahead, else tomorrow."""
    first = at(q.today, minutes)
    return first if first > q.wall else at(q.today + timedelta(days=1), minutes)


def coming(weekday: int, minutes: int | None, q: Ask) -> datetime:
    """The coming `weekday` (0 = Monday), today only while its time is still ahead; as a bound,
    the latest one not after today."""
    if q.past:
        return at(q.today - timedelta(days=(q.today.weekday() - weekday) % 7), minutes)
    for ahead in range(8):
        day = q.today + timedelta(days=ahead)
        if day.weekday() == weekday and at(day, minutes) > q.wall:
            return at(day, minutes)
    raise AssertionError("unreachable: a week always holds the weekday")


def week_day(weeks: int, weekday: int, minutes: int | None, q: Ask, instead: str) -> datetime:
    """`weekday` of the Monday-based week `weeks` after this one (before it when negative).
    A deadline this week must not be past; a bound this week must not be ahead."""
    (towards_past if weeks < 0 else towards_future if weeks > 0 else _either)(q)
    today = q.today
    day = today + timedelta(days=weekday - today.weekday(), weeks=weeks)
    if weeks == 0 and not q.past and day < today:
        raise DateError(_("{day} of this week has already passed; did you mean {instead}?").format(
            day=_(DAY_WORDS[weekday]), instead=instead))
    return on(day, minutes, q)


def _either(q: Ask) -> None:
    return None


def direct(offset: int | None, q: Ask) -> None:
    """A count of periods from this one (上月 -1, 下月 1) must point the way the text is read."""
    (towards_past if (offset or 0) < 0 else towards_future if (offset or 0) > 0 else _either)(q)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of a shorter month."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def _too_far(n: int, unit: str) -> DateError:
    return DateError(_("{n} {unit} from now is too far away; {hint}").format(n=n, unit=unit, hint=_(HINT)))


def later(n: int, unit: str, minutes: int | None, q: Ask) -> datetime | None:
    """N minutes/hours (exact) or days/weeks/months/years (a day, 18:00 unless a time is given)."""
    towards_future(q)
    if n < 1:
        raise DateError(_("write a count of at least 1, e.g. 3天后 or in 3 {unit}").format(unit=unit))
    try:
        if unit in ("minutes", "hours"):
            if minutes is not None:
                return None
            exact = q.now.astimezone(timezone.utc) + timedelta(**{unit: n})
            return exact.astimezone(q.now.tzinfo)
        return at(shift(q.today, n, unit), minutes)
    except OverflowError:
        raise _too_far(n, unit) from None


def ago(n: int, unit: str, q: Ask) -> datetime:
    """N days/weeks/months/years before today (a bound); hours and minutes before now."""
    towards_past(q)
    if n < 1:
        raise DateError(_("write a count of at least 1, e.g. 3天前 or 3 {unit} ago").format(unit=unit))
    try:
        if unit in ("minutes", "hours"):
            return (q.now.astimezone(timezone.utc) - timedelta(**{unit: n})).astimezone(q.now.tzinfo)
        return at(shift(q.today, -n, unit), 0)
    except OverflowError:
        raise _too_far(n, unit) from None


def shift(day: date, n: int, unit: str) -> date:
    """`day` moved by n days, weeks, months or years (OverflowError when out of range)."""
    if unit in ("months", "years"):
        return add_months(day, n * (12 if unit == "years" else 1))
    return day + timedelta(**{unit: n})


def workdays_later(n: int, minutes: int | None, q: Ask) -> datetime:
    """N个工作日内: the n-th working day after today (counting starts on the next working day)."""
    towards_future(q)
    if n < 1:
        raise DateError(_("write a count of at least 1, e.g. 3个工作日内 or in 3 working days"))
    if n > MOST_WORKDAYS:
        raise _too_far(n, _("working days"))
    try:
        return at(q.workdays().add_workdays(q.today, n), minutes)
    except OverflowError:
        raise _too_far(n, _("working days")) from None


def last_day(first: date) -> date:
    """The last day of `first`'s month."""
    return first.replace(day=monthrange(first.year, first.month)[1])


def month_end(months: int, minutes: int | None, q: Ask, roll: bool) -> datetime:
    """The last day of the month `months` from this one. With `roll` (a bare 月底): a deadline
    takes the next one once this one is past, a bound the latest one not after today."""
    found = at(last_day(add_months(q.today.replace(day=1), months)), minutes)
    if roll and not q.past and found <= q.wall:
        return month_end(months + 1, minutes, q, False)
    if roll and q.past and found.date() > q.today:
        return month_end(months - 1, minutes, q, False)
    return found


def quarter_end(quarters: int, minutes: int | None, q: Ask, roll: bool) -> datetime:
    """The last day of the quarter `quarters` from this one, rolling like `month_end`."""
    first = q.today.replace(day=1, month=(q.today.month - 1) // 3 * 3 + 1)
    found = at(last_day(add_months(first, 3 * quarters + 2)), minutes)
    if roll and not q.past and found <= q.wall:
        return quarter_end(quarters + 1, minutes, q, False)
    if roll and q.past and found.date() > q.today:
        return quarter_end(quarters - 1, minutes, q, False)
    return found


def year_end(years: int, minutes: int | None, q: Ask, roll: bool) -> datetime:
    """31 December of the year `years` from this one, rolling like `month_end`."""
    if not 1 <= q.today.year + years <= 9999:
        raise OverflowError("year out of range")
    found = at(date(q.today.year + years, 12, 31), minutes)
    if roll and not q.past and found <= q.wall:
        return year_end(years + 1, minutes, q, False)
    if roll and q.past and found.date() > q.today:
        return year_end(years - 1, minutes, q, False)
    return found


def period_start(kind: str, offset: int | None, minutes: int | None, q: Ask) -> datetime:
    """The first day of a month, quarter or year. `offset` None (a bare 月初): a deadline takes
    the next one, a bound this one; otherwise the period `offset` from this one."""
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    today = q.today
    first = today.replace(day=1) if kind == "month" else today.replace(
        day=1, month=1 if kind == "year" else (today.month - 1) // 3 * 3 + 1)
    if offset is None:
        offset = 0 if q.past else 1
    return at(add_months(first, months * offset), minutes)


def month_day(month: int, day: int, minutes: int | None, q: Ask) -> Found:
    """M月D日 / Dec 1 without a year: a deadline takes the next occurrence, a bound the latest
    one not after today."""
    if not (1 <= month <= 12 and 1 <= day <= monthrange(2024, month)[1]):  # 2024: leap year
        raise DateError(_("month {month} has no day {day}; write e.g. 12月1日 or Dec 1").format(
            month=month, day=day))
    step = -1 if q.past else 1
    for year in range(q.today.year, q.today.year + 9 * step, step):
        if 1 <= year <= 9999 and day <= monthrange(year, month)[1]:
            found = date(year, month, day)
            if (found <= q.today) if q.past else (found >= q.today):
                return Found(on(found, minutes, q), yearless=True)
    raise DateError(_("{month}/{day} never comes round again; {hint}").format(
        month=month, day=day, hint=_(HINT)))


def month_last(month: int, minutes: int | None, q: Ask) -> Found:
    """9月底 without a year: the last day of that month, the next one (a deadline) or the
    latest one not after today (a bound)."""
    if not 1 <= month <= 12:
        raise DateError(_("there is no month {month}; write e.g. 9月底 or 12月底").format(month=month))
    for years in ((0, -1) if q.past else (0, 1)):
        found = at(last_day(date(q.today.year + years, month, 1)), minutes)
        if (found.date() <= q.today) if q.past else (found > q.wall):
            return Found(found, yearless=True)
    raise AssertionError("unreachable: this year's or the next")


def day_of_month(day: int, months: int | None, minutes: int | None, q: Ask) -> datetime:
    """N号: the next time a month reaches day N (today counts), or as a bound the latest;
    `months` fixes the month (from this one)."""
    if not 1 <= day <= 31:
        raise DateError(_("no month has a day {day}; {hint}").format(day=day, hint=_(HINT)))
    first, step = q.today.replace(day=1), -1 if q.past else 1
    for offset in range(0, 13 * step, step) if months is None else (months,):
        month = add_months(first, offset)
        if day <= monthrange(month.year, month.month)[1]:
            found = month.replace(day=day)
            if months is None and ((found > q.today) if q.past else (found < q.today)):
                continue
            if not q.past and found < q.today:  # 本月5号 on the 23rd
                raise DateError(_("day {day} of this month has already passed; did you mean 下月{day}号?")
                                .format(day=day))
            return on(found, minutes, q)
    raise DateError(_("that month has no day {day}; {hint}").format(day=day, hint=_(HINT)))


def day_label(day: date, today: date) -> str:
    """Sat 28 Nov / 11月28日 周六, with the year when it is not today's."""
    weekday, month = _(_SHORT_DAYS[day.weekday()]), _(_SHORT_MONTHS[day.month - 1])
    if day.year == today.year:
        return _("{weekday} {day} {month}").format(weekday=weekday, day=day.day, month=month)
    return _("{weekday} {day} {month} {year}").format(weekday=weekday, day=day.day, month=month, year=day.year)


def moment_label(moment: datetime, now: datetime) -> str:
    """Sat 28 Nov 18:00 / 11月28日 周六 18:00 (in now's zone)."""
    local = moment.astimezone(now.tzinfo)
    return f"{day_label(local.date(), now.date())} {local.hour:02d}:{local.minute:02d}"
