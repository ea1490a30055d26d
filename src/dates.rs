//! Dates as the sources give them: a year, a month, a day, only "before" a year, or the one period the articles
//! name without a year, Trump's first administration. Partial dates stay partial: they are never padded into a
//! day the sources do not state, and readers see what is not stated.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The value naming Trump's first administration, which the articles place before the Biden administration and
/// his second term (2025) without giving its years.
pub const FIRST_TERM: &str = "first Trump administration";

/// The parts of a date value: `first Trump administration`, `before YYYY`, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parsed {
    FirstTerm,
    Before(u32),
    Year(u32),
    Month(u32, u32),
    Day(u32, u32, u32),
}

fn parse(s: &str) -> Option<Parsed> {
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    if s == FIRST_TERM {
        return Some(Parsed::FirstTerm);
    }
    if let Some(year) = s.strip_prefix("before ") {
        return num(year, 4).filter(|y| *y > 0).map(Parsed::Before);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let year = num(parts.first()?, 4).filter(|y| *y > 0)?;
    let month = match parts.get(1) {
        None => return (parts.len() == 1).then_some(Parsed::Year(year)),
        Some(m) => num(m, 2).filter(|m| (1..=12).contains(m))?,
    };
    let Some(day) = parts.get(2) else {
        return Some(Parsed::Month(year, month));
    };
    let day = num(day, 2)?;
    (parts.len() == 3 && (1..=days_in_month(year, month)).contains(&day))
        .then_some(Parsed::Day(year, month, day))
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (a day that exists; year 0000 is not a year), `before YYYY`, or
/// `first Trump administration`.
pub fn is_date(s: &str) -> bool {
    parse(s).is_some()
}

/// Sort key: (year, month, day). A date known only to the year or month sorts after the dated events of that year
/// or month ("2025" is "some time in 2025", shown apart as "month not stated"); `before 2025` sorts before 2025;
/// the first administration, which the articles date by its order alone, before every year.
pub fn sort_key(value: &str) -> (u32, u32, u32) {
    match parse(value) {
        Some(Parsed::FirstTerm) => (0, 1, 0),
        Some(Parsed::Before(y)) => (y.saturating_sub(1), 14, 32),
        Some(Parsed::Year(y)) => (y, 13, 32),
        Some(Parsed::Month(y, m)) => (y, m, 32),
        Some(Parsed::Day(y, m, d)) => (y, m, d),
        None => (0, 0, 0),
    }
}

/// Whether the value is a year alone (`2025`), with neither month nor day.
pub fn is_year(value: &str) -> bool {
    matches!(parse(value), Some(Parsed::Year(_)))
}

/// What a date value states: a day, a month, a year, or only that it was before a year.
pub fn precision(value: &str) -> Option<&'static str> {
    parse(value).map(|p| match p {
        Parsed::FirstTerm => "period",
        Parsed::Before(_) => "before",
        Parsed::Year(_) => "year",
        Parsed::Month(..) => "month",
        Parsed::Day(..) => "day",
    })
}

/// The first and last days (ISO 8601, `YYYY-MM-DD`) that a date value allows: "2025-02" is 2025-02-01 to
/// 2025-02-28; "before 2025" has no first day and ends on 2024-12-31.
pub fn bounds(value: &str) -> Option<(Option<String>, String)> {
    let day = |y: u32, m: u32, d: u32| format!("{y:04}-{m:02}-{d:02}");
    Some(match parse(value)? {
        // It ended before the second term, which the articles place in 2025.
        Parsed::FirstTerm => (None, day(2024, 12, 31)),
        Parsed::Before(y) => (None, day(y - 1, 12, 31)),
        Parsed::Year(y) => (Some(day(y, 1, 1)), day(y, 12, 31)),
        Parsed::Month(y, m) => (Some(day(y, m, 1)), day(y, m, days_in_month(y, m))),
        Parsed::Day(y, m, d) => (Some(day(y, m, d)), day(y, m, d)),
    })
}

/// `sort_key` as one number, `YYYYMMDD` with the month 13 for a year alone, 14 for "before" the next year, and
/// the day 32 for a month alone: sorting by it orders dates as the timeline does.
pub fn sort_number(value: &str) -> Option<u64> {
    parse(value)?;
    let (y, m, d) = sort_key(value);
    Some(u64::from(y) * 10_000 + u64::from(m) * 100 + u64::from(d))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date in a reader's words: "12 March 2025", "March 2025", "2025, month not stated", "Before 2025".
pub fn readable(value: &str) -> String {
    let month = |m: u32| MONTHS[(m as usize).saturating_sub(1).min(11)];
    match parse(value) {
        Some(Parsed::FirstTerm) => "Trump's first administration, years not stated".to_owned(),
        Some(Parsed::Before(y)) => format!("Before {y}"),
        Some(Parsed::Year(y)) => format!("{y}, month not stated"),
        Some(Parsed::Month(y, m)) => format!("{} {y}", month(m)),
        Some(Parsed::Day(y, m, d)) => format!("{d} {} {y}", month(m)),
        None => value.to_owned(),
    }
}

/// The group a date belongs to on the timeline: its year, "before" a year, or the first administration.
pub fn year_label(value: &str) -> String {
    match parse(value) {
        Some(Parsed::FirstTerm) => "Trump's first administration".to_owned(),
        Some(Parsed::Before(y)) => format!("Before {y}"),
        Some(Parsed::Year(y) | Parsed::Month(y, _) | Parsed::Day(y, _, _)) => y.to_string(),
        None => value.to_owned(),
    }
}

/// The month group within a year ("March"), or `None` when the month is not stated.
pub fn month_label(value: &str) -> Option<&'static str> {
    match parse(value) {
        Some(Parsed::Month(_, m) | Parsed::Day(_, m, _)) => Some(MONTHS[m as usize - 1]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_sort_after_dated_ones_and_before_sorts_first() {
        assert!(sort_key("2025-02") < sort_key("2025"));
        assert!(sort_key("2025-02-01") < sort_key("2025-02"));
        assert!(sort_key("2022") < sort_key("2025-01"));
        assert!(sort_key("before 2025") < sort_key("2025-01"));
        assert!(sort_key("2022") < sort_key("before 2025"));
    }

    #[test]
    fn dates_are_year_month_day_or_before_a_year() {
        for ok in ["2025", "2025-03", "2025-03-01", "2024-02-29", "before 2025"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "25",
            "2025-13",
            "2025-3",
            "March 2025",
            "2025-03-32",
            "2025-02-29",
            "2025-04-31",
            "",
            "0000",
            "0000-01",
            "before 25",
            "before",
            "2025-03-01-02",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn bounds_are_the_first_and_last_days_a_date_allows() {
        let b = |v: &str| bounds(v).map(|(lo, hi)| (lo.unwrap_or_default(), hi));
        assert_eq!(
            b("2024-02"),
            Some(("2024-02-01".into(), "2024-02-29".into()))
        );
        assert_eq!(
            b("2025-02"),
            Some(("2025-02-01".into(), "2025-02-28".into()))
        );
        assert_eq!(b("2025"), Some(("2025-01-01".into(), "2025-12-31".into())));
        assert_eq!(
            b("2025-03-07"),
            Some(("2025-03-07".into(), "2025-03-07".into()))
        );
        assert_eq!(b("before 2025"), Some((String::new(), "2024-12-31".into())));
        assert_eq!(b("March 2025"), None);
        assert_eq!(precision("before 2025"), Some("before"));
        assert_eq!(precision("2025-04"), Some("month"));
    }

    #[test]
    fn the_sort_number_orders_as_the_timeline_does() {
        let mut values = [
            "2025",
            "2025-03",
            "before 2025",
            "2022",
            "2025-03-01",
            "2025-02",
        ];
        values.sort_by_key(|v| sort_number(v));
        assert_eq!(
            values,
            [
                "2022",
                "before 2025",
                "2025-02",
                "2025-03-01",
                "2025-03",
                "2025"
            ]
        );
        assert_eq!(sort_number("2025-02"), Some(20_250_232));
        assert_eq!(sort_number("soon"), None);
    }

    #[test]
    fn the_first_administration_is_a_period_before_every_dated_event() {
        assert!(is_date(FIRST_TERM));
        assert!(sort_key(FIRST_TERM) < sort_key("2022"));
        assert!(sort_key(FIRST_TERM) < sort_key("before 2025"));
        assert_eq!(precision(FIRST_TERM), Some("period"));
        assert_eq!(bounds(FIRST_TERM), Some((None, "2024-12-31".to_owned())));
        assert_eq!(year_label(FIRST_TERM), "Trump's first administration");
        assert!(readable(FIRST_TERM).contains("years not stated"));
    }

    #[test]
    fn readers_see_what_is_not_stated() {
        assert_eq!(readable("2025"), "2025, month not stated");
        assert_eq!(readable("2025-02"), "February 2025");
        assert_eq!(readable("2025-03-07"), "7 March 2025");
        assert_eq!(readable("before 2025"), "Before 2025");
        assert_eq!(month_label("2025"), None);
        assert_eq!(year_label("2025-04"), "2025");
    }
}
