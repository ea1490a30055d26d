//! When the content last changed: from the repository's history, never from the build clock, so that two builds
//! of the same commit are byte-identical. One `git log` call gives every file's last commit date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The date (`YYYY-MM-DD`) of the last commit that touched each file under content/ and seeds/, by path relative to
/// the project. Empty when the project is not a git checkout (or git is missing): pages then show no date rather
/// than a wrong one. `SOURCE_DATE_EPOCH`, the reproducible-builds convention, overrides every date when set.
#[derive(Debug, Default, Clone)]
pub struct History {
    files: BTreeMap<PathBuf, String>,
    /// The first commit that touched each file: when it was added (the feed's "new country", "new source").
    added: BTreeMap<PathBuf, String>,
    overall: Option<String>,
}

impl History {
    pub fn read(root: &Path) -> History {
        if let Some(date) = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .map(date_of_epoch)
        {
            return History {
                overall: Some(date),
                ..History::default()
            };
        }
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "log",
                "--format=@%cs",
                "--name-only",
                "--relative",
                "--",
                "content",
                "seeds",
            ])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        let Ok(output) = output else {
            return History::default();
        };
        if !output.status.success() {
            return History::default();
        }
        History::parse(&String::from_utf8_lossy(&output.stdout))
    }

    /// Parses `git log --format=@%cs --name-only` (newest first): a date line, then the files of that commit.
    fn parse(log: &str) -> History {
        let mut files = BTreeMap::new();
        let mut added = BTreeMap::new();
        let mut overall = None;
        let mut date: Option<&str> = None;
        for line in log.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(d) = line.strip_prefix('@') {
                date = Some(d);
                overall.get_or_insert_with(|| d.to_owned());
            } else if let Some(d) = date {
                files
                    .entry(PathBuf::from(line))
                    .or_insert_with(|| d.to_owned());
                // Newest first: the last date met is the oldest.
                added.insert(PathBuf::from(line), d.to_owned());
            }
        }
        History {
            files,
            added,
            overall,
        }
    }

    /// The last change to `file` (relative to the project), or to the content as a whole when unknown.
    pub fn of(&self, file: &Path) -> Option<&str> {
        self.files
            .get(file)
            .or(self.overall.as_ref())
            .map(String::as_str)
    }

    /// When `file` was first committed, or the content's last change when unknown.
    pub fn added(&self, file: &Path) -> Option<&str> {
        self.added
            .get(file)
            .or(self.overall.as_ref())
            .map(String::as_str)
    }

    /// The last change to any content file.
    pub fn overall(&self) -> Option<&str> {
        self.overall.as_deref()
    }
}

/// `YYYY-MM-DD` of a Unix time, in UTC (days from the civil-from-days algorithm by Howard Hinnant).
fn date_of_epoch(secs: i64) -> String {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_wins_per_file() {
        let h = History::parse(
            "@2026-11-20\ncontent/a.yaml\n\n@2026-10-01\ncontent/a.yaml\nseeds/s.txt\n",
        );
        assert_eq!(h.of(Path::new("content/a.yaml")), Some("2026-11-20"));
        assert_eq!(h.of(Path::new("seeds/s.txt")), Some("2026-10-01"));
        assert_eq!(h.of(Path::new("content/new.yaml")), Some("2026-11-20"));
        assert_eq!(h.overall(), Some("2026-11-20"));
        assert_eq!(h.added(Path::new("content/a.yaml")), Some("2026-10-01"));
        assert_eq!(h.added(Path::new("seeds/s.txt")), Some("2026-10-01"));
    }

    #[test]
    fn epoch_dates_are_utc_calendar_dates() {
        assert_eq!(date_of_epoch(0), "1970-01-01");
        assert_eq!(date_of_epoch(951_782_400), "2000-02-29");
        assert_eq!(date_of_epoch(1_795_000_000), "2026-11-18");
    }
}
