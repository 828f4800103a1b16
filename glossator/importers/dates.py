"""Publication dates as outlets write them, read into ISO 8601 with the precision and offset they state.

Shapes: ISO 8601 (`2025-11-07T08:30+08:00`), `2025-11-07 08:30`, `2020/8/9 21:58:41`,
`Nov 7, 2025`, `Nov. 7, 2025 at 9:05 pm`, `7 November 2025`, `10:10, January 04, 2005`,
`2025年11月07日 08:30`, and a stated zone (`GMT+8`, `UTC+08:00`, `+0800`, `EST`,
`Beijing Time`). A date alone stays a date; a time without a zone gets none, so
nothing is invented. Written here rather than with dateparser: that library
guesses (it reads 'may' or '2020' alone as dates), and an importer that
reports what it read must not guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
            ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
            ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<{p}month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{p}day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<{p}year>(?:19|20)\d{2})"
_DAY_FIRST = rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}".replace("{p}", "d")
_MONTH_FIRST = rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}".replace("{p}", "m")
_NUMERIC = r"(?P<nyear>(?:19|20)\d{2})(?P<sep>[-/.])(?P<nmonth>\d{1,2})(?P=sep)(?P<nday>\d{1,2})(?!\d)"
_CHINESE = r"(?P<cyear>(?:19|20)\d{2})\s*年\s*(?P<cmonth>\d{1,2})\s*月\s*(?P<cday>\d{1,2})\s*日"
_DAY_PART = rf"(?:{_DAY_FIRST}|{_MONTH_FIRST}|{_NUMERIC}|{_CHINESE})"
_TIME = r"(?P<{p}hour>\d{{1,2}})[:：](?P<{p}minute>\d{{2}})(?:[:：](?P<{p}second>\d{{2}}))?(?:\s*(?P<{p}ampm>[ap])\.?\s?m\b\.?)?"
_ZONE_NAMES = {
    "utc": "+00:00", "gmt": "+00:00", "z": "+00:00", "bst": "+01:00", "cet": "+01:00", "cest": "+02:00",
    "est": "-05:00", "edt": "-04:00", "cst": "", "pst": "-08:00", "pdt": "-07:00", "jst": "+09:00",
    "bjt": "+08:00", "beijing time": "+08:00", "hkt": "+08:00", "sgt": "+08:00", "ist": "",
}
"""Zone abbreviations read as offsets; '' marks the ambiguous ones (CST is China's and America's), left unread."""
_ZONE = (
    r"\(?(?:(?P<gmt>GMT|UTC)\s*(?P<gsign>[+-])\s*(?P<ghour>\d{1,2})(?::?(?P<gmin>\d{2}))?"
    r"|(?P<sign>[+-])(?P<ohour>\d{2}):?(?P<omin>\d{2})"
    r"|(?P<zname>" + "|".join(sorted(_ZONE_NAMES, key=len, reverse=True)) + r"))\)?(?![\w+-])"
)
_DATE = re.compile(
    rf"(?:{_TIME.format(p='b')},?\s+)?{_DAY_PART}"
    rf"(?:(?:,?\s+(?:at\s+|-\s+)?|T|(?<=日)){_TIME.format(p='a')})?(?:\s*{_ZONE})?",
    re.IGNORECASE,
)
_LABELLED = re.compile(r"\b(?:Published|Posted|Updated|Last updated|Date|发布时间|发布日期|时间)(?:\s+on)?\s*[:：]?\s*", re.I)


@dataclass(frozen=True)
class FoundDate:
    """A date read from text: its ISO 8601 form and where it stood."""

    iso: str
    start: int
    end: int


def find_date(text: str, default_offset: str = "") -> FoundDate | None:
    """The first date in `text`, if any; `default_offset` is the outlet's, used when a time has no zone."""
    for match in _DATE.finditer(text):
        iso = _iso(match, default_offset)
        if iso:
            return FoundDate(iso, match.start(), match.end())
    return None


def iso_date(value: str) -> str:
    """ISO 8601 for a machine-readable date attribute: ISO parsed as is, else the first written date in it."""
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        found = find_date(value)
        return found.iso if found else ""
    if re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", value):
        return parsed.date().isoformat()
    return parsed.replace(microsecond=0).isoformat()


def published_line_date(text: str) -> str:
    """The date of a visible 'Published: …' or 'Posted on …' line in a page's text."""
    for label in _LABELLED.finditer(text):
        found = find_date(text[label.end() : label.end() + 80])
        if found and found.start == 0:
            return found.iso
    return ""


_DATE_LABELS = re.compile(
    r"(?:Source|来源)\s*[:：].*?(?=(?:Published|Updated|Posted|Date|发布时间|时间)\s*[:：])"
    r"|\b(?:Published|Updated|Last updated|Posted|Date)(?:\s+on)?\s*[:：]?|发布时间\s*[:：]?|时间\s*[:：]|[|•·,]",
    re.I,
)
"""What a date line may say around its date: labels, and the outlet's name after 'Source:'."""


def date_line(line: str, default_offset: str = "") -> str:
    """The date a line states when it is (almost) only a date and its labels ('UPDATED: 10:10, January 04, 2005'); else ''."""
    epoch = epoch_millis_date(line)
    if epoch:
        return epoch
    found = find_date(line, default_offset)
    if not found:
        return ""
    rest = _DATE_LABELS.sub(" ", line[: found.start] + " " + line[found.end :])
    return found.iso if len(rest.split()) <= 3 else ""


def epoch_millis_date(text: str) -> str:
    """A bare Unix time in milliseconds on its own line (some CMS exports print one), as UTC."""
    if not re.fullmatch(r"1[0-9]{12}", text.strip()):
        return ""
    moment = datetime.fromtimestamp(int(text.strip()) / 1000, tz=timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def _iso(match: re.Match[str], default_offset: str) -> str:
    groups = match.groupdict()
    written = "d" if groups["dyear"] else "m" if groups["myear"] else ""
    if written:
        year, month, day = int(groups[written + "year"]), _MONTHS[groups[written + "month"].lower()], int(groups[written + "day"])
    elif groups["nyear"]:
        year, month, day = int(groups["nyear"]), int(groups["nmonth"]), int(groups["nday"])
    else:
        year, month, day = int(groups["cyear"]), int(groups["cmonth"]), int(groups["cday"])
    prefix = "a" if groups["ahour"] else "b" if groups["bhour"] else ""
    try:
        moment = datetime(year, month, day)
        if not prefix:
            return moment.date().isoformat()
        moment = moment.replace(hour=_hour(groups, prefix), minute=int(groups[prefix + "minute"]),
                                second=int(groups[prefix + "second"] or 0))
    except ValueError:  # 2025-13-45, 25:61
        return ""
    return moment.isoformat() + (_offset(groups) or default_offset)


def _hour(groups: dict[str, str | None], prefix: str) -> int:
    hour = int(groups[prefix + "hour"] or 0)
    ampm = (groups[prefix + "ampm"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("hour out of range for a 12-hour clock")
        hour = hour % 12 + (12 if ampm == "p" else 0)
    return hour


def _offset(groups: dict[str, str | None]) -> str:
    """The offset a date states, as +HH:MM ('' when it states none, or an ambiguous one)."""
    if groups["gmt"] and groups["ghour"]:
        sign, hours, minutes = groups["gsign"], int(groups["ghour"]), int(groups["gmin"] or 0)
    elif groups["sign"]:
        sign, hours, minutes = groups["sign"], int(groups["ohour"]), int(groups["omin"])
    elif groups["zname"] or groups["gmt"]:
        return _ZONE_NAMES[(groups["zname"] or groups["gmt"]).lower()]
    else:
        return ""
    if hours > 14 or minutes > 59:
        return ""
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if sign == "-" else offset).tzname(None)[3:] or "+00:00"
