"""Every date form luoshi reads, with a worked example: the one table behind both the tests
(tests/unit/test_date_table.py) and docs/dates.md (`python tools/dategen.py > docs/dates.md`).

Each case is (section, typed text, the "now" it is read at, the expected reading, and a short
English explanation). Deadlines expect "YYYY-MM-DD HH:MM" and the warnings they carry
(`WARNS`); period bounds expect a day "YYYY-MM-DD"; refusals expect None. Every expectation
was worked out by hand from a calendar of 2026 (the arithmetic is in the note when it is not
plain). Working days follow China's 2026 arrangement: National Day 1–7 October off with Saturday
10 October worked, Mid-autumn 25–27 September off. 1 January 2027 is given to the calendar
as an office holiday (`CALENDAR`), so the cases read the same before and after the holiday
package learns 2027.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from luoshi.domain.workdays import Calendar

TZ = ZoneInfo("Asia/Shanghai")
NOWS = {
    "Mon 23 Nov 09:30": datetime(2026, 11, 23, 9, 30, tzinfo=TZ),  # the suite's usual now
    "Fri 27 Nov 10:00": datetime(2026, 11, 27, 10, 0, tzinfo=TZ),  # a Friday
    "Mon 30 Nov 09:30": datetime(2026, 11, 30, 9, 30, tzinfo=TZ),  # a month's last day
    "Mon 30 Nov 19:00": datetime(2026, 11, 30, 19, 0, tzinfo=TZ),  # the same, after work
    "Wed 30 Sep 10:00": datetime(2026, 9, 30, 10, 0, tzinfo=TZ),  # the eve of National Day
    "Thu 31 Dec 10:00": datetime(2026, 12, 31, 10, 0, tzinfo=TZ),  # the year's last day
}
CALENDAR = Calendar(extra_holidays={date(2027, 1, 1)})
# Warning tags, and the words of the English warning each stands for.
WARNS = {
    "past": "is already past",
    "soon": "less than one working day away",
    "weekend": "is a weekend day",
    "holiday": "holiday",  # "is a holiday" or "is a public holiday (National Day)"
    "far": "more than six months ahead",
}


@dataclass(frozen=True)
class Case:
    section: str
    text: str
    now: str  # a key of NOWS
    expected: str | None  # "2026-12-02 18:00" (a deadline), "2026-11-16" (a bound), None: refused
    note: str = ""
    warns: tuple[str, ...] = ()  # keys of WARNS, for deadlines


def alternatives(note: str) -> list[str]:
    """The forms a note lists as reading the same ("… also A, B, C" up to a ';')."""
    _, also, rest = note.partition("also ")
    return [form.strip() for form in rest.split(";")[0].split(",")] if also else []


def _d(section: str, rows: list[tuple]) -> list[Case]:
    return [Case(section, *row) for row in rows]


MON, FRI, LAST, EVENING, EVE, DEC31 = NOWS
ZH_DAYS, ZH_TIMES, ZH_WEEKS, ZH_PERIODS, ZH_COUNTS, ZH_WORK = (
    "Chinese: days", "Chinese: times of day", "Chinese: weekdays", "Chinese: months, quarters, years",
    "Chinese: counts from now", "Working days")
EN, NUM = "English", "Numbers and ISO dates"

DEADLINES = _d(ZH_DAYS, [
    ("今天", MON, "2026-11-23 18:00", "today, the end of the working day", ("soon",)),
    ("今天", EVENING, "2026-11-30 23:59", "after 18:00, today means before midnight", ("soon",)),
    ("明天", MON, "2026-11-24 18:00", "also 明日"),
    ("明天", FRI, "2026-11-28 18:00", "the calendar's tomorrow, a Saturday: warned", ("soon", "weekend")),
    ("明天", EVE, "2026-10-01 18:00", "National Day: warned, and named", ("soon", "holiday")),
    ("后天", MON, "2026-11-25 18:00"),
    ("大后天", MON, "2026-11-26 18:00"),
    ("今天下班前", FRI, "2026-11-27 18:00", "下班前: by the end of the working day", ("soon",)),
    ("今天下班前", EVENING, "2026-11-30 23:59", "after work: before midnight", ("soon",)),
    ("周五下班前", MON, "2026-11-27 18:00"),
    ("12月1日", MON, "2026-12-01 18:00", "also 12月1号, 十二月一日"),
    ("11月22日", MON, "2027-11-22 18:00", "passed this year: next year's, warned", ("far",)),
    ("11月1日", EVE, "2026-11-01 18:00", "a Sunday", ("weekend",)),
    ("10月10日", EVE, "2026-10-10 18:00", "a Saturday worked (调休): no weekend warning"),
    ("2026年12月1日", MON, "2026-12-01 18:00", "with the year"),
    ("5号", MON, "2026-12-05 18:00", "the next 5th (a Saturday)", ("weekend",)),
    ("30号", MON, "2026-11-30 18:00"),
    ("下个月5号", MON, "2026-12-05 18:00", "also 下月5号", ("weekend",)),
]) + _d(ZH_TIMES, [
    ("后天下午3点", MON, "2026-11-25 15:00"),
    ("明天 下午 3 点", MON, "2026-11-24 15:00", "spaces are ignored"),
    ("明天下午3点一刻", MON, "2026-11-24 15:15", "一刻 :15, 三刻 :45, 半 :30"),
    ("明天早上8点半", MON, "2026-11-24 08:30", "14.5 h of Monday + 8.5 h of Tuesday < 24 h", ("soon",)),
    ("明天9:15", MON, "2026-11-24 09:15", "", ("soon",)),
    ("今天上午9点", MON, "2026-11-23 09:00", "an explicit time today is taken as written", ("past",)),
    ("今晚", MON, "2026-11-23 20:00", "今晚 20:00, 明早 09:00 tomorrow", ("soon",)),
    ("下午3点", MON, "2026-11-23 15:00", "a time alone: its next occurrence", ("soon",)),
    ("凌晨1点", MON, "2026-11-24 01:00", "", ("soon",)),
    ("晚上12点", MON, "2026-11-24 00:00", "midnight at the end of today", ("soon",)),
    ("8点三刻", MON, "2026-11-24 08:45", "08:45 has passed today: tomorrow", ("soon",)),
    ("１２月１日　１８：００", MON, "2026-12-01 18:00", "full-width digits and spaces"),
]) + _d(ZH_WEEKS, [
    ("周五", MON, "2026-11-27 18:00", "the coming Friday; also 星期五, 礼拜5"),
    ("周一", MON, "2026-11-23 18:00", "today, while 18:00 is ahead", ("soon",)),
    ("周日", MON, "2026-11-29 18:00", "also 星期天", ("weekend",)),
    ("本周五", MON, "2026-11-27 18:00", "also 这周五, 这个星期五"),
    ("下周五", MON, "2026-12-04 18:00", "the Friday of next week; also 下个星期五"),
    ("下周五", DEC31, "2027-01-08 18:00", "next week runs Mon 4 – Sun 10 Jan"),
    ("下下周一", MON, "2026-12-07 18:00"),
    ("下周五下午3点", MON, "2026-12-04 15:00"),
    ("周五前", MON, "2026-11-27 18:00", "a trailing 前/之前/以前 (by) is ignored"),
    ("周五下班前", EVE, "2026-10-02 18:00", "inside National Day: warned", ("soon", "holiday")),
]) + _d(ZH_PERIODS, [
    ("月底", MON, "2026-11-30 18:00", "also 本月底, 这个月底, 月末"),
    ("月底", FRI, "2026-11-30 18:00", "14 h of Friday + 18 h of Monday ≥ 24 h: no warning"),
    ("月底", LAST, "2026-11-30 18:00", "on the last day: today, warned", ("soon",)),
    ("月底", EVENING, "2026-12-31 18:00", "after 18:00 on the last day: next month's"),
    ("月底", EVE, "2026-09-30 18:00", "", ("soon",)),
    ("下月底", MON, "2026-12-31 18:00", "also 下个月底"),
    ("下月底", DEC31, "2027-01-31 18:00", "", ("weekend",)),
    ("9月底", FRI, "2027-09-30 18:00", "this year's has passed: next year's, warned", ("far",)),
    ("9月底", EVE, "2026-09-30 18:00", "", ("soon",)),
    ("12月底", FRI, "2026-12-31 18:00"),
    ("季度末", FRI, "2026-12-31 18:00", "the end of this quarter; also 本季度末, 季末"),
    ("季度末", EVE, "2026-09-30 18:00", "", ("soon",)),
    ("下季度末", MON, "2027-03-31 18:00"),
    ("年内", FRI, "2026-12-31 18:00", "within the year: 31 Dec (月内, 本季度内: the month's, the quarter's end)"),
    ("年内", DEC31, "2026-12-31 18:00", "", ("soon",)),
    ("年底", MON, "2026-12-31 18:00", "also 今年底, 年末"),
    ("明年底", MON, "2027-12-31 18:00"),
    ("月初", MON, "2026-12-01 18:00", "the next 1st; also 下月初"),
]) + _d(ZH_COUNTS, [
    ("3天后", MON, "2026-11-26 18:00", "also 三天后, 3天之后, 3日后"),
    ("两周后", MON, "2026-12-07 18:00", "also 2个星期后"),
    ("2个月后", MON, "2027-01-23 18:00", "", ("weekend",)),
    ("一百天后", MON, "2027-03-03 18:00", "Chinese numerals"),
    ("3天后上午10点", MON, "2026-11-26 10:00"),
    ("2小时后", MON, "2026-11-23 11:30", "hours and minutes are exact", ("soon",)),
    ("半小时后", MON, "2026-11-23 10:00", "", ("soon",)),
    ("十五分钟后", MON, "2026-11-23 09:45", "", ("soon",)),
    ("7天内", FRI, "2026-12-04 18:00", "within: the end of that span, 18:00"),
    ("一周内", EVE, "2026-10-07 18:00", "the last day of National Day", ("soon", "holiday")),
    ("两周内", FRI, "2026-12-11 18:00"),
    ("一个月内", FRI, "2026-12-27 18:00", "", ("weekend",)),
    ("一个月内", LAST, "2026-12-30 18:00", "30 Nov + 1 month"),
    ("半个月内", FRI, "2026-12-12 18:00", "半个月: 15 days", ("weekend",)),
]) + _d(ZH_WORK, [
    ("3个工作日内", FRI, "2026-12-02 18:00", "from the next working day: Mon 30 (1), Tue 1 (2), Wed 2 (3)"),
    ("3个工作日内", LAST, "2026-12-03 18:00", "Tue 1 (1), Wed 2 (2), Thu 3 (3)"),
    ("3个工作日内", EVE, "2026-10-10 18:00", "1–7 Oct off: Thu 8 (1), Fri 9 (2), Sat 10 worked (3)"),
    ("1个工作日内", EVE, "2026-10-08 18:00"),
    ("3个工作日内", DEC31, "2027-01-06 18:00", "1 Jan off: Mon 4 (1), Tue 5 (2), Wed 6 (3)"),
    ("5个工作日", MON, "2026-11-30 18:00", "Tue 24 … Mon 30; also 5个工作日后"),
    ("in 3 working days", FRI, "2026-12-02 18:00", "also within 3 business days"),
]) + _d(EN, [
    ("today", MON, "2026-11-23 18:00", "", ("soon",)),
    ("tonight", MON, "2026-11-23 20:00", "", ("soon",)),
    ("tomorrow", MON, "2026-11-24 18:00", "also tmr, tmrw"),
    ("Tomorrow 5pm", MON, "2026-11-24 17:00", "also 5pm tomorrow"),
    ("tomorrow at 5:30 pm", MON, "2026-11-24 17:30"),
    ("day after tomorrow", MON, "2026-11-25 18:00"),
    ("friday", MON, "2026-11-27 18:00", "the coming Friday; also fri"),
    ("this friday", MON, "2026-11-27 18:00"),
    ("next friday", MON, "2026-12-04 18:00", "the Friday of next week; also friday next week"),
    ("next friday at 3pm", MON, "2026-12-04 15:00"),
    ("friday noon", MON, "2026-11-27 12:00"),
    ("in 3 days", MON, "2026-11-26 18:00", "also in three days, 3 days from now, within 3 days"),
    ("in a week", MON, "2026-11-30 18:00"),
    ("in 2 months", MON, "2027-01-23 18:00", "", ("weekend",)),
    ("in 3 days", DEC31, "2027-01-03 18:00", "14 h of Thursday, then 1 Jan and a weekend", ("soon", "weekend")),
    ("in 2 hours", MON, "2026-11-23 11:30", "also in 2h, in 2 hrs", ("soon",)),
    ("in 30m", FRI, "2026-11-27 10:30", "also in 30 minutes, in 30 min", ("soon",)),
    ("eod", FRI, "2026-11-27 18:00", "also end of day, cob", ("soon",)),
    ("end of day", EVENING, "2026-11-30 23:59", "after 18:00: before midnight", ("soon",)),
    ("end of week", MON, "2026-11-27 18:00", "Friday, the end of the working week; also eow"),
    ("end of week", DEC31, "2027-01-01 18:00", "a holiday: warned", ("soon", "holiday")),
    ("end of month", MON, "2026-11-30 18:00", "also eom, end of the month"),
    ("end of next month", MON, "2026-12-31 18:00"),
    ("end of quarter", FRI, "2026-12-31 18:00", "also eoq"),
    ("end of year", MON, "2026-12-31 18:00", "also eoy"),
    ("Dec 1", MON, "2026-12-01 18:00", "also December 1, 1 Dec, 1st December, dec 1st"),
    ("Dec 1", DEC31, "2027-12-01 18:00", "passed this year: next year's, warned", ("far",)),
    ("Dec 1 5pm", MON, "2026-12-01 17:00"),
    ("5pm", MON, "2026-11-23 17:00", "also 5 pm, at 5pm, 17:00", ("soon",)),
    ("noon", MON, "2026-11-23 12:00", "", ("soon",)),
    ("midnight", MON, "2026-11-24 00:00", "the end of today", ("soon",)),
]) + _d(NUM, [
    ("2026-12-01", MON, "2026-12-01 18:00", "also 2026/12/01, 2026.12.01"),
    ("2026-12-01 18:00", MON, "2026-12-01 18:00", "local time; also 2026-12-01T18:00"),
    ("2026-12-01T10:00:00Z", MON, "2026-12-01 18:00", "an exact moment, shown in local time"),
    ("2025-01-01", MON, "2025-01-01 18:00", "a date with its year may be past", ("past", "holiday")),
    ("12.15", FRI, "2026-12-15 18:00", "month.day, as offices write it"),
    ("12.15", DEC31, "2027-12-15 18:00", "", ("far",)),
    ("12/15", FRI, "2026-12-15 18:00", "15 cannot be a month: not ambiguous"),
    ("15/12", FRI, "2026-12-15 18:00"),
    ("12/15/2026", FRI, "2026-12-15 18:00"),
])

BOUNDS = _d("Period bounds", [
    ("上周一", FRI, "2026-11-16", "Monday of last week"),
    ("上周五", FRI, "2026-11-20"),
    ("上周五", LAST, "2026-11-27"),
    ("last monday", FRI, "2026-11-16", "like next friday: the Monday of last week"),
    ("last friday", DEC31, "2026-12-25"),
    ("周一", FRI, "2026-11-23", "a bare weekday: the latest one, today included; also monday"),
    ("本周一", LAST, "2026-11-30"),
    ("今天", FRI, "2026-11-27", "also today"),
    ("昨天", FRI, "2026-11-26", "also yesterday, 昨日; 前天 two days ago"),
    ("yesterday", EVE, "2026-09-29"),
    ("3天前", FRI, "2026-11-24", "also 3 days ago"),
    ("两周前", FRI, "2026-11-13", "also 2 weeks ago"),
    ("一个月前", FRI, "2026-10-27", "also a month ago"),
    ("11月16日", FRI, "2026-11-16", "this year's when it is not after today"),
    ("11月16日", EVE, "2025-11-16", "never next year's: last year's"),
    ("12月1日", FRI, "2025-12-01", "12/1 is refused (ambiguous); also Dec 1, 12.1"),
    ("12/31", DEC31, "2026-12-31"),
    ("2026-11-16", FRI, "2026-11-16", "a date with its year, as written"),
    ("2026-12-31", FRI, "2026-12-31", "… even after today"),
    ("上个月1号", FRI, "2026-10-01", "also 上月1号"),
    ("1号", FRI, "2026-11-01", "the latest 1st"),
    ("月初", EVE, "2026-09-01", "the first of this month; also start of month"),
    ("上月底", FRI, "2026-10-31", "also end of last month"),
    ("月底", FRI, "2026-10-31", "the latest month end not after today"),
    ("月底", LAST, "2026-11-30"),
    ("季度末", FRI, "2026-09-30"),
    ("上季度末", EVE, "2026-06-30"),
    ("年初", FRI, "2026-01-01", "also start of year, 今年初"),
    ("去年底", FRI, "2025-12-31", "also end of last year"),
    ("年底", DEC31, "2026-12-31"),
])

REFUSED = _d("Refused", [
    ("昨天", FRI, None, "a deadline must be ahead"),
    ("上周五", FRI, None, "a deadline must be ahead"),
    ("3天前", FRI, None, "a deadline must be ahead; also 3 days ago"),
    ("本周四", FRI, None, "this week's Thursday has passed: did you mean 下周四?"),
    ("3/4", FRI, None, "ambiguous: 3 April or 3 March? write 2026-04-03"),
    ("13月底", FRI, None, "there is no 13th month"),
    ("2月30日", FRI, None, "not a real date"),
    ("晚上1点", FRI, None, "ambiguous: write 凌晨1点 or 下午1点"),
    ("0个工作日内", FRI, None, "a count of at least 1"),
])
REFUSED_BOUNDS = _d("Refused as period bounds", [
    ("明天", FRI, None, "a bound is a day up to today"),
    ("下周五", FRI, None, "a bound is a day up to today"),
    ("3天后", FRI, None, "also in 3 days"),
    ("本周五", LAST, None, "this week's Friday is still ahead"),
    ("3个工作日内", FRI, None, "a deadline, not a day"),
    ("下午3点", FRI, None, "a bound is a day, not a time"),
])

# (typed, minutes, as shown, note)
DURATIONS = [
    ("3d", 3 * 1440, "3 days", "also 3 days, 3天, 三天"),
    ("1w", 7 * 1440, "7 days", "also 1 week, 1周, 1个星期; 两周 14 days"),
    ("12h", 12 * 60, "12 hours", "also 12 hours, 12小时"),
    ("30min", 30, "30 minutes", "also 30m"),
    ("每天", 1440, "1 day", "also daily, a day"),
    ("每周", 7 * 1440, "7 days", "also weekly"),
    ("1w 2d", 9 * 1440, "9 days", "parts add up"),
]
# (typed, seconds or None, weekday or None, as shown, note)
CADENCES = [
    ("3d", 3 * 86400, None, "every 3 days", "any duration above"),
    ("friday", None, 4, "every Friday", "also every friday, fri, fridays"),
    ("每周五", None, 4, "every Friday", "also 周五, 每星期五, 每个周五"),
]
