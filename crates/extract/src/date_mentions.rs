//! Date expressions in claim sentences, normalised against a reference date.
//!
//! The reference is the article's publication date, else the fetch time the caller passes in
//! ([`crate::ExtractOptions::reference_time_ms`]), else none. Recognised shapes:
//!
//! * day + month (+ year): "June 7", "June 7, 2025", "7 June 2025", "7 июня", "7. Juni",
//!   "le 7 juin", "6월 7일", ISO `2025-06-07`;
//! * month + year: "February 2025", "лютого 2025", "im Februar 2025", "2025년 2월";
//! * a month after a preposition: "in March", "в марте", "у березні", "im März", "en mars";
//! * a year after a preposition: "in 2024", "by 2019", "в 2024 году";
//! * weekdays ("on Tuesday", "во вторник", "am Dienstag") and "yesterday"/"today" words.
//!
//! The mention's text is the date itself, without the preposition ("June 7" in "On June 7").
//!
//! Resolution: a year-less day or month takes the year that makes it the most recent
//! occurrence on or before the reference date (news reports the past); a weekday is the most
//! recent such day on or before the reference ("next Tuesday" looks forward). Without a
//! reference the year stays unresolved: `--06-07`, `--06`; weekdays and relative words then
//! have no value.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use serde::Serialize;

use crate::attribution::FastMap;
use crate::words::{tokenize, Token, WordFilter};

/// How precise a normalised date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// A date expression found in a sentence. Offsets are UTF-8 byte offsets into the searched
/// text (`text[start..end] == self.text`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DateMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// ISO 8601 at `precision` (`2025-06-07`, `2025-06`, `2025`); `--06-07` / `--06` when the
    /// year is unknown; `None` for a weekday or relative word without a reference date.
    pub value: Option<String>,
    pub precision: DatePrecision,
    /// The year (or, for weekdays and relative words, the whole date) came from the reference.
    pub year_inferred: bool,
}

/// The reference date of a Unix-milliseconds timestamp (UTC).
pub fn reference_date(ms: i64) -> Option<NaiveDate> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|dt| dt.date_naive())
}

/// Month names (lowercase) in en/ru/uk/de/fr, every grammatical form the patterns need.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // Russian: nominative, genitive, prepositional
    ("январь", 1),
    ("января", 1),
    ("январе", 1),
    ("февраль", 2),
    ("февраля", 2),
    ("феврале", 2),
    ("март", 3),
    ("марта", 3),
    ("марте", 3),
    ("апрель", 4),
    ("апреля", 4),
    ("апреле", 4),
    ("май", 5),
    ("мая", 5),
    ("мае", 5),
    ("июнь", 6),
    ("июня", 6),
    ("июне", 6),
    ("июль", 7),
    ("июля", 7),
    ("июле", 7),
    ("август", 8),
    ("августа", 8),
    ("августе", 8),
    ("сентябрь", 9),
    ("сентября", 9),
    ("сентябре", 9),
    ("октябрь", 10),
    ("октября", 10),
    ("октябре", 10),
    ("ноябрь", 11),
    ("ноября", 11),
    ("ноябре", 11),
    ("декабрь", 12),
    ("декабря", 12),
    ("декабре", 12),
    // Ukrainian: nominative, genitive, locative
    ("січень", 1),
    ("січня", 1),
    ("січні", 1),
    ("лютий", 2),
    ("лютого", 2),
    ("лютому", 2),
    ("березень", 3),
    ("березня", 3),
    ("березні", 3),
    ("квітень", 4),
    ("квітня", 4),
    ("квітні", 4),
    ("травень", 5),
    ("травня", 5),
    ("травні", 5),
    ("червень", 6),
    ("червня", 6),
    ("червні", 6),
    ("липень", 7),
    ("липня", 7),
    ("липні", 7),
    ("серпень", 8),
    ("серпня", 8),
    ("серпні", 8),
    ("вересень", 9),
    ("вересня", 9),
    ("вересні", 9),
    ("жовтень", 10),
    ("жовтня", 10),
    ("жовтні", 10),
    ("листопад", 11),
    ("листопада", 11),
    ("листопаді", 11),
    ("грудень", 12),
    ("грудня", 12),
    ("грудні", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    // French
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
];

/// English month names that are also common words: they count only when capitalised.
const AMBIGUOUS_MONTHS: &[&str] = &["may", "march", "mar", "jan", "dec", "sep", "aug", "mai"];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("понедельник", Weekday::Mon),
    ("вторник", Weekday::Tue),
    ("среду", Weekday::Wed),
    ("четверг", Weekday::Thu),
    ("пятницу", Weekday::Fri),
    ("субботу", Weekday::Sat),
    ("воскресенье", Weekday::Sun),
    ("понеділок", Weekday::Mon),
    ("вівторок", Weekday::Tue),
    ("середу", Weekday::Wed),
    ("четвер", Weekday::Thu),
    ("п'ятницю", Weekday::Fri),
    ("суботу", Weekday::Sat),
    ("неділю", Weekday::Sun),
    ("montag", Weekday::Mon),
    ("dienstag", Weekday::Tue),
    ("mittwoch", Weekday::Wed),
    ("donnerstag", Weekday::Thu),
    ("freitag", Weekday::Fri),
    ("samstag", Weekday::Sat),
    ("sonntag", Weekday::Sun),
    ("lundi", Weekday::Mon),
    ("mardi", Weekday::Tue),
    ("mercredi", Weekday::Wed),
    ("jeudi", Weekday::Thu),
    ("vendredi", Weekday::Fri),
    ("samedi", Weekday::Sat),
    ("dimanche", Weekday::Sun),
];

/// Relative day words and their offset from the reference date.
const RELATIVE_DAYS: &[(&str, i64)] = &[
    ("today", 0),
    ("yesterday", -1),
    ("сегодня", 0),
    ("вчера", -1),
    ("позавчера", -2),
    ("сьогодні", 0),
    ("вчора", -1),
    ("позавчора", -2),
    ("heute", 0),
    ("gestern", -1),
    ("vorgestern", -2),
];

/// Prepositions that make a bare month or year a date ("in March", "by 2019").
const DATE_PREPS: &[&str] = &[
    "in", "by", "since", "until", "till", "before", "after", "during", "from", "of", "last",
    "early", "late", "mid", "в", "во", "с", "до", "к", "у", "з", "із", "від", "im", "seit", "bis",
    "ab", "vor", "nach", "en", "depuis", "avant", "après", "jusqu'en",
];

/// Words after a year that belong to it ("2024 года", "2024 року", "2024 г.").
const YEAR_SUFFIXES: &[&str] = &["года", "году", "год", "г", "року", "рік", "р"];

/// What a word can be in a date: a month, a weekday, a relative day (the first entry of
/// [`MONTHS`], [`WEEKDAYS`] and [`RELATIVE_DAYS`] for it).
#[derive(Default)]
struct DateWord {
    month: Option<u32>,
    weekday: Option<Weekday>,
    relative: Option<i64>,
}

/// [`MONTHS`], [`WEEKDAYS`] and [`RELATIVE_DAYS`] by word: every token of every sentence is
/// looked up.
static DATE_WORDS: std::sync::LazyLock<FastMap<&'static str, DateWord>> =
    std::sync::LazyLock::new(|| {
        let mut m: FastMap<&'static str, DateWord> = FastMap::default();
        for &(w, n) in MONTHS {
            m.entry(w).or_default().month.get_or_insert(n);
        }
        for &(w, d) in WEEKDAYS {
            m.entry(w).or_default().weekday.get_or_insert(d);
        }
        for &(w, delta) in RELATIVE_DAYS {
            m.entry(w).or_default().relative.get_or_insert(delta);
        }
        m
    });

/// The keys of [`DATE_WORDS`], checked first.
static DATE_WORD_FILTER: std::sync::LazyLock<WordFilter> =
    std::sync::LazyLock::new(|| WordFilter::new(DATE_WORDS.keys().copied()));

/// [`DATE_WORDS`]' entry for a lowercase word.
fn date_word(lower: &str) -> Option<&'static DateWord> {
    if DATE_WORD_FILTER.may_contain(lower) {
        DATE_WORDS.get(lower)
    } else {
        None
    }
}

/// Whether a lowercase word names a month, a weekday or a day relative to today.
pub(crate) fn is_date_word(lower: &str) -> bool {
    date_word(lower).is_some()
}

fn month_of(t: &Token<'_>) -> Option<u32> {
    if !t.is_word() {
        return None;
    }
    let m = date_word(t.lower_str())?.month?;
    if AMBIGUOUS_MONTHS.contains(&t.lower_str()) && !t.is_capitalized() {
        return None;
    }
    Some(m)
}

fn weekday_of(t: &Token<'_>) -> Option<Weekday> {
    if !t.is_word() {
        return None;
    }
    let wd = date_word(t.lower_str())?.weekday?;
    // English and German weekdays are capitalised; a lowercase one is some other word.
    let latin = t.text.is_ascii();
    let french = matches!(
        t.lower_str(),
        "lundi" | "mardi" | "mercredi" | "jeudi" | "vendredi" | "samedi" | "dimanche"
    );
    (!latin || french || t.is_capitalized()).then_some(wd)
}

/// A day of the month: `7`, `07`, `7th`.
fn day_of(t: &Token<'_>) -> Option<u32> {
    if !t.is_word() {
        return None;
    }
    let w = t.lower_str();
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty()
        || digits.len() > 2
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "er")
    {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_of(t: &Token<'_>) -> Option<i32> {
    if !t.is_word() || t.text.len() != 4 || !t.text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = t.text.parse().ok()?;
    (1900..=2099).contains(&y).then_some(y)
}

/// `2025년`, `6월`, `7일`: a number with a Korean unit.
fn korean_number(t: &Token<'_>, unit: &str) -> Option<u32> {
    let n = t.text.strip_suffix(unit)?;
    if n.is_empty() || n.len() > 4 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

fn iso_date(t: &Token<'_>) -> Option<NaiveDate> {
    if !t.is_word() || t.text.len() != 10 {
        return None;
    }
    let d = NaiveDate::parse_from_str(t.text, "%Y-%m-%d").ok()?;
    (1900..=2099).contains(&d.year()).then_some(d)
}

/// Finds and normalises the dates of one sentence.
pub fn find_dates(sentence: &str, reference: Option<NaiveDate>) -> Vec<DateMention> {
    let toks = tokenize(sentence);
    dates_in(sentence, &toks, reference)
}

/// What a pattern matched, before resolution.
enum Raw {
    Full(NaiveDate),
    DayMonth(u32, u32),
    MonthYear(i32, u32),
    Month(u32),
    Year(i32),
    Weekday(Weekday, bool),
    Relative(i64),
}

pub(crate) fn dates_in(
    s: &str,
    toks: &[Token<'_>],
    reference: Option<NaiveDate>,
) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut i = 0;
    let filter = &*DATE_WORD_FILTER;
    while i < toks.len() {
        // Most tokens are neither a date word nor a word with a digit: turned away here,
        // without a call.
        let t = &toks[i];
        if !t.is_word()
            || !filter.may_contain(t.lower_str()) && !t.text.bytes().any(|b| b.is_ascii_digit())
        {
            i += 1;
            continue;
        }
        match match_at(toks, i) {
            Some((len, raw)) => {
                let (start, end) = (toks[i].start, toks[i + len - 1].end);
                if let Some((value, precision, year_inferred)) = resolve(raw, reference) {
                    out.push(DateMention {
                        text: s[start..end].to_string(),
                        start,
                        end,
                        value,
                        precision,
                        year_inferred,
                    });
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out
}

fn lower_at<'t>(toks: &'t [Token<'_>], i: usize) -> Option<&'t str> {
    toks.get(i).map(|t| t.lower_str())
}

/// Extends a year at `y` over a following "года"/"року"/"г." and returns the token count used.
fn year_len(toks: &[Token<'_>], y: usize) -> usize {
    match lower_at(toks, y + 1) {
        Some(w) if YEAR_SUFFIXES.contains(&w) => {
            if toks.get(y + 2).is_some_and(|t| t.text == ".") && matches!(w, "г" | "р") {
                3
            } else {
                2
            }
        }
        _ => 1,
    }
}

/// The pattern starting at token `i`: (token count, raw date).
fn match_at(toks: &[Token<'_>], i: usize) -> Option<(usize, Raw)> {
    let t = &toks[i];
    if !t.is_word() {
        return None;
    }
    // Every pattern starts with a digit or with a month, weekday or relative-day word.
    let word = date_word(t.lower_str());
    if word.is_none() && !t.text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(d) = iso_date(t) {
        return Some((1, Raw::Full(d)));
    }
    // Korean: 2025년 6월 7일 / 6월 7일 / 2025년 2월
    if let Some(y) = korean_number(t, "년").filter(|y| (1900..=2099).contains(y)) {
        if let Some(m) = toks
            .get(i + 1)
            .and_then(|n| korean_number(n, "월"))
            .filter(|m| (1..=12).contains(m))
        {
            if let Some(d) = toks.get(i + 2).and_then(|n| korean_number(n, "일")) {
                let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
                return Some((3, Raw::Full(date)));
            }
            return Some((2, Raw::MonthYear(y as i32, m)));
        }
        return None;
    }
    if let Some(m) = korean_number(t, "월").filter(|m| (1..=12).contains(m)) {
        if let Some(d) = toks.get(i + 1).and_then(|n| korean_number(n, "일")) {
            return Some((2, Raw::DayMonth(m, d)));
        }
        return Some((1, Raw::Month(m)));
    }
    let prev = i.checked_sub(1).and_then(|p| lower_at(toks, p));
    let after_prep = prev.is_some_and(|p| DATE_PREPS.contains(&p));
    // Day first: "7 June 2025", "7 июня", "7. Juni", "le 7 juin".
    if let Some(d) = day_of(t) {
        let mut k = i + 1;
        if toks.get(k).is_some_and(|n| n.text == ".") {
            k += 1; // German ordinal dot
        }
        if let Some(m) = toks.get(k).and_then(month_of) {
            if let Some(y) = toks.get(k + 1).and_then(year_of) {
                let date = NaiveDate::from_ymd_opt(y, m, d)?;
                return Some((k + 1 + year_len(toks, k + 1) - i, Raw::Full(date)));
            }
            return Some((k + 1 - i, Raw::DayMonth(m, d)));
        }
        return None;
    }
    // Month first: "June 7", "June 7, 2025", "February 2025", "in March".
    if let Some(m) = month_of(t) {
        if let Some(d) = toks.get(i + 1).and_then(day_of) {
            // "June 7, 2025"
            if toks.get(i + 2).is_some_and(|n| n.text == ",") {
                if let Some(y) = toks.get(i + 3).and_then(year_of) {
                    return Some((4, Raw::Full(NaiveDate::from_ymd_opt(y, m, d)?)));
                }
            }
            if let Some(y) = toks.get(i + 2).and_then(year_of) {
                return Some((3, Raw::Full(NaiveDate::from_ymd_opt(y, m, d)?)));
            }
            return Some((2, Raw::DayMonth(m, d)));
        }
        if let Some(y) = toks.get(i + 1).and_then(year_of) {
            return Some((1 + year_len(toks, i + 1), Raw::MonthYear(y, m)));
        }
        // A bare month needs a preposition, or an unambiguous inflected form (марте, лютому).
        let inflected = !t.text.is_ascii() && !matches!(t.lower_str(), "mai" | "mars");
        if after_prep || (inflected && !t.is_capitalized()) {
            return Some((1, Raw::Month(m)));
        }
        return None;
    }
    if let Some(y) = year_of(t) {
        if after_prep {
            return Some((year_len(toks, i), Raw::Year(y)));
        }
        return None;
    }
    if let Some(wd) = weekday_of(t) {
        let next = prev.is_some_and(|p| matches!(p, "next" | "coming" | "следующий" | "наступний"));
        return Some((1, Raw::Weekday(wd, next)));
    }
    if let Some(delta) = word.and_then(|w| w.relative) {
        return Some((1, Raw::Relative(delta)));
    }
    None
}

type Resolved = (Option<String>, DatePrecision, bool);

fn resolve(raw: Raw, reference: Option<NaiveDate>) -> Option<Resolved> {
    use DatePrecision::{Day, Month, Year};
    Some(match raw {
        Raw::Full(d) => (Some(d.format("%Y-%m-%d").to_string()), Day, false),
        Raw::MonthYear(y, m) => (Some(format!("{y:04}-{m:02}")), Month, false),
        Raw::Year(y) => (Some(format!("{y:04}")), Year, false),
        Raw::DayMonth(m, d) => {
            // Reject impossible days even without a reference (2000 is a leap year).
            NaiveDate::from_ymd_opt(2000, m, d)?;
            match reference {
                Some(r) => {
                    let this_year = NaiveDate::from_ymd_opt(r.year(), m, d);
                    let date = match this_year {
                        Some(c) if c <= r => c,
                        _ => (1..=8)
                            .find_map(|back| NaiveDate::from_ymd_opt(r.year() - back, m, d))?,
                    };
                    (Some(date.format("%Y-%m-%d").to_string()), Day, true)
                }
                None => (Some(format!("--{m:02}-{d:02}")), Day, false),
            }
        }
        Raw::Month(m) => match reference {
            Some(r) => {
                let y = if m <= r.month() {
                    r.year()
                } else {
                    r.year() - 1
                };
                (Some(format!("{y:04}-{m:02}")), Month, true)
            }
            None => (Some(format!("--{m:02}")), Month, false),
        },
        Raw::Weekday(wd, next) => match reference {
            Some(r) => {
                let (from, to) = (
                    r.weekday().num_days_from_monday() as i64,
                    wd.num_days_from_monday() as i64,
                );
                let delta = if next {
                    let ahead = (to - from).rem_euclid(7);
                    if ahead == 0 {
                        7
                    } else {
                        ahead
                    }
                } else {
                    -(from - to).rem_euclid(7)
                };
                let d = r + Duration::days(delta);
                (Some(d.format("%Y-%m-%d").to_string()), Day, true)
            }
            None => (None, Day, false),
        },
        Raw::Relative(delta) => match reference {
            Some(r) => {
                let d = r + Duration::days(delta);
                (Some(d.format("%Y-%m-%d").to_string()), Day, true)
            }
            None => (None, Day, false),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> Option<NaiveDate> {
        // A Thursday.
        NaiveDate::from_ymd_opt(2025, 6, 12)
    }

    fn values(s: &str) -> Vec<(String, Option<String>, &'static str, bool)> {
        find_dates(s, reference())
            .into_iter()
            .map(|d| {
                assert_eq!(&s[d.start..d.end], d.text);
                (d.text, d.value, d.precision.as_str(), d.year_inferred)
            })
            .collect()
    }

    fn one(s: &str) -> (String, Option<String>, &'static str, bool) {
        let v = values(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        v.into_iter().next().unwrap()
    }

    fn check(s: &str, text: &str, value: &str, precision: &str) {
        let (t, v, p, _) = one(s);
        assert_eq!(
            (t.as_str(), v.as_deref(), p),
            (text, Some(value), precision),
            "{s}"
        );
    }

    #[test]
    fn english_days_take_the_most_recent_past_year() {
        check("On June 7, the chief spoke.", "June 7", "2025-06-07", "day");
        check("On June 12 the envoy left.", "June 12", "2025-06-12", "day");
        // Later in the year than the reference: last year.
        check("On June 30 the envoy left.", "June 30", "2024-06-30", "day");
        check(
            "The talks on 3rd March ended.",
            "3rd March",
            "2025-03-03",
            "day",
        );
        check(
            "It began on June 7, 2023, in Seoul.",
            "June 7, 2023",
            "2023-06-07",
            "day",
        );
        check(
            "Filed 2024-11-05 in court.",
            "2024-11-05",
            "2024-11-05",
            "day",
        );
        assert!(one("On June 7 they met.").3, "year inferred");
        assert!(!one("On June 7, 2023 they met.").3);
    }

    #[test]
    fn months_and_years() {
        check(
            "In February 2025 the think tank wrote.",
            "February 2025",
            "2025-02",
            "month",
        );
        check(
            "Expel them by December 2019.",
            "December 2019",
            "2019-12",
            "month",
        );
        check(
            "In March 2024 Moscow vetoed it.",
            "March 2024",
            "2024-03",
            "month",
        );
        check("In March the group ended.", "March", "2025-03", "month");
        check(
            "In September the group ended.",
            "September",
            "2024-09",
            "month",
        );
        check("The ban took effect in 2017.", "2017", "2017", "year");
        assert!(values("He counted 2017 shells.").is_empty());
        assert!(values("They may march on.").is_empty());
        assert!(values("The May Day parade.").is_empty());
    }

    #[test]
    fn weekdays_and_relative_words() {
        // Reference is Thursday 2025-06-12.
        check(
            "On Tuesday the ministry said so.",
            "Tuesday",
            "2025-06-10",
            "day",
        );
        check(
            "On Thursday the ministry said so.",
            "Thursday",
            "2025-06-12",
            "day",
        );
        check(
            "On Friday the ministry said so.",
            "Friday",
            "2025-06-06",
            "day",
        );
        check("The vote is next Monday.", "Monday", "2025-06-16", "day");
        check("Вчера министерство сообщило.", "Вчера", "2025-06-11", "day");
        check(
            "Am Dienstag sagte der Sprecher.",
            "Dienstag",
            "2025-06-10",
            "day",
        );
        check("Во вторник министр заявил.", "вторник", "2025-06-10", "day");
        check(
            "Mardi, le ministre a déclaré.",
            "Mardi",
            "2025-06-10",
            "day",
        );
    }

    #[test]
    fn other_languages() {
        check(
            "7 июня капитан порта открыл причал.",
            "7 июня",
            "2025-06-07",
            "day",
        );
        check(
            "В феврале 2025 года паром снова вышел в рейс.",
            "феврале 2025 года",
            "2025-02",
            "month",
        );
        check(
            "В марте мост закрыли на ремонт.",
            "марте",
            "2025-03",
            "month",
        );
        check(
            "В 2024 году порт принял первый контейнеровоз.",
            "2024 году",
            "2024",
            "year",
        );
        check(
            "7 червня рибалки повернулися до гавані.",
            "7 червня",
            "2025-06-07",
            "day",
        );
        check(
            "У лютому 2025 року маяк відремонтували.",
            "лютому 2025 року",
            "2025-02",
            "month",
        );
        check("Am 7. Juni berichtete er.", "7. Juni", "2025-06-07", "day");
        check(
            "Im Februar 2025 eröffnete der Hafen ein Terminal.",
            "Februar 2025",
            "2025-02",
            "month",
        );
        check(
            "Le 7 juin 2025, il a déclaré.",
            "7 juin 2025",
            "2025-06-07",
            "day",
        );
        check(
            "En février 2025, le port a rouvert le quai.",
            "février 2025",
            "2025-02",
            "month",
        );
        check("합참은 6월 7일 밝혔다.", "6월 7일", "2025-06-07", "day");
        check("2025년 2월 보고서.", "2025년 2월", "2025-02", "month");
    }

    #[test]
    fn without_a_reference_the_year_stays_open() {
        let got = find_dates("On June 7 and on Tuesday, and in March 2024.", None);
        let v: Vec<(Option<&str>, bool)> = got
            .iter()
            .map(|d| (d.value.as_deref(), d.year_inferred))
            .collect();
        assert_eq!(
            v,
            [
                (Some("--06-07"), false),
                (None, false),
                (Some("2024-03"), false)
            ]
        );
        assert!(find_dates("On February 30 nothing happened.", None).is_empty());
    }

    #[test]
    fn leap_days_look_back_to_a_leap_year() {
        check(
            "On February 29 they met.",
            "February 29",
            "2024-02-29",
            "day",
        );
    }

    #[test]
    fn reference_from_millis() {
        assert_eq!(
            reference_date(1_749_686_400_000),
            NaiveDate::from_ymd_opt(2025, 6, 12)
        );
    }
}
