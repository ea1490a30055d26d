//! Watching content/, templates/ and seeds/ for changes: the system's file events (inotify, FSEvents, ...) through
//! a debouncer that merges an editor's burst of events (write to a temporary file, rename over the original) into
//! one batch, or polling where file events are unreliable or unavailable. The output is in memory: never watched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, Debouncer, NoCache, RecommendedCache,
};

/// The folders whose changes trigger a rebuild.
const WATCHED: &[&str] = &["content", "templates", "seeds"];

/// How long a file must be quiet before its events are passed on: an editor's save is a burst of a few events
/// within a millisecond (write a temporary file, rename it over the original); this wait adds directly to the
/// time a save takes to show. A slower burst only costs a second rebuild.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// How often polling looks at every file's modification time.
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// A running watcher; dropping it stops watching.
pub enum Watching {
    Events {
        _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    },
    Polling {
        _debouncer: Debouncer<PollWatcher, NoCache>,
        /// Why polling was chosen when it was not asked for.
        fallback: Option<String>,
    },
}

impl Watching {
    /// A line for the terminal when the way of watching deserves one.
    pub fn note(&self) -> Option<String> {
        match self {
            Watching::Polling {
                fallback: Some(why),
                ..
            } => Some(format!(
                "file events are unavailable ({why}); polling for changes every {} ms",
                POLL_INTERVAL.as_millis()
            )),
            _ => None,
        }
    }
}

/// Starts watching `root`'s folders; each batch of changed paths (relative to `root`) is sent to `changes`.
pub fn start(
    root: &Path,
    poll: bool,
    changes: Sender<BTreeSet<PathBuf>>,
) -> notify::Result<Watching> {
    if !poll {
        match watch_events(root, changes.clone()) {
            Ok(d) => return Ok(Watching::Events { _debouncer: d }),
            Err(e) => return watch_polling(root, changes, Some(e.to_string())),
        }
    }
    watch_polling(root, changes, None)
}

fn watch_events(
    root: &Path,
    changes: Sender<BTreeSet<PathBuf>>,
) -> notify::Result<Debouncer<RecommendedWatcher, RecommendedCache>> {
    let mut d = new_debouncer_opt(
        DEBOUNCE,
        None,
        handler(root, changes),
        RecommendedCache::new(),
        notify::Config::default(),
    )?;
    for dir in existing(root) {
        d.watch(&dir, RecursiveMode::Recursive)?;
    }
    Ok(d)
}

fn watch_polling(
    root: &Path,
    changes: Sender<BTreeSet<PathBuf>>,
    fallback: Option<String>,
) -> notify::Result<Watching> {
    let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
    let mut d = new_debouncer_opt(DEBOUNCE, None, handler(root, changes), NoCache, config)?;
    for dir in existing(root) {
        d.watch(&dir, RecursiveMode::Recursive)?;
    }
    Ok(Watching::Polling {
        _debouncer: d,
        fallback,
    })
}

fn existing(root: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    WATCHED.iter().map(|d| root.join(d)).filter(|p| p.is_dir())
}

/// Turns the debouncer's events into relative paths worth a rebuild and sends them as one batch.
fn handler(
    root: &Path,
    changes: Sender<BTreeSet<PathBuf>>,
) -> impl FnMut(DebounceEventResult) + Send + 'static {
    let root = root.to_path_buf();
    move |result: DebounceEventResult| match result {
        Ok(events) => {
            let batch: BTreeSet<PathBuf> = events
                .iter()
                // Reading files is not a change; the rebuild's own reads would otherwise trigger rebuilds.
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.paths.iter())
                .filter_map(|p| relevant(&root, p))
                .collect();
            if !batch.is_empty() {
                // The receiver is gone only when the server is stopping.
                let _ = changes.send(batch);
            }
        }
        Err(errors) => {
            for e in errors {
                let e = crate::diag::escape_line(&e.to_string()).into_owned();
                eprintln!("warning: watching for changes: {e}");
            }
        }
    }
}

/// The path relative to `root`, unless nothing reads it: hidden files (editors' swap and temporary files) and
/// backups ending in `~`, which loading skips too.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let hidden = rel.iter().any(|part| {
        let part = part.to_string_lossy();
        part.starts_with('.') || part.ends_with('~')
    });
    (!hidden && !rel.as_os_str().is_empty()).then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::relevant;
    use std::path::{Path, PathBuf};

    #[test]
    fn editor_files_are_not_changes() {
        let root = Path::new("/p");
        assert_eq!(
            relevant(root, Path::new("/p/content/countries/ghana.yaml")),
            Some(PathBuf::from("content/countries/ghana.yaml"))
        );
        for ignored in [
            "/p/content/countries/.ghana.yaml.swp",
            "/p/content/countries/ghana.yaml~",
            "/p/templates/.#base.html",
            "/elsewhere/content/x.yaml",
        ] {
            assert_eq!(relevant(root, Path::new(ignored)), None, "{ignored}");
        }
    }
}
