//! Rebuilds for `serve`: the same stages as `build`, in memory, redoing only what a change touches where that is
//! cheap to know. A changed country file is parsed and validated alone, and only the country pages it can show on
//! are rendered again; every other page, the data files and the search index are rendered as in a full build.
//! Anything else (templates, seeds, sources, topics, the timeline, a country added or removed with references to
//! check again) falls back to a full stage. The tests below compare every incremental result with a full build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use crate::diag::Diagnostic;
use crate::load::{self, Loaded};
use crate::model::{Country, Site};
use crate::render::{self, urls, Output, Tally};

/// The files being served: an `Output` whose files are shared, so that a rebuild reuses the pages it did not
/// render without copying them.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;
use crate::site::{self, Timings};
use crate::validate;

/// The outcome of one rebuild.
pub enum Outcome {
    /// A new site; `changed` counts the files that differ from the previous one (0: nothing to reload).
    Built {
        output: Arc<Files>,
        changed: usize,
        warnings: Vec<Diagnostic>,
    },
    /// Content or template errors: the last good site stays served.
    Failed(Vec<Diagnostic>),
    /// Nothing the site is made from changed (an editor's temporary file came and went).
    Unchanged,
}

/// What changed since the last site that rendered.
#[derive(Debug, Default)]
enum Pending {
    #[default]
    Nothing,
    /// Only these country files (by slug), edited, added or removed; `refs` are the countries that their
    /// versions in the last render referred to.
    Countries {
        slugs: BTreeSet<String>,
        refs: BTreeSet<String>,
    },
    Everything,
}

impl Pending {
    /// Adds a country about to change; `before` is the site it is in now, which is the last render's version
    /// of it unless it already changed since, in which case that version was recorded then.
    fn add_country(&mut self, slug: &str, before: Option<&Site>) {
        let Some(site) = before else {
            *self = Pending::Everything;
            return;
        };
        if let Pending::Nothing = self {
            *self = Pending::Countries {
                slugs: BTreeSet::new(),
                refs: BTreeSet::new(),
            };
        }
        if let Pending::Countries { slugs, refs } = self {
            if slugs.insert(slug.to_owned()) {
                refs.extend(
                    site.country(slug)
                        .into_iter()
                        .flat_map(references)
                        .map(str::to_owned),
                );
            }
        }
    }
}

pub struct Rebuilder {
    root: PathBuf,
    loaded: Loaded,
    /// Loading's diagnostics, each about one file (or a folder) that `load::reload_file` can replace.
    load_diags: Vec<Diagnostic>,
    tera: Result<Tera, Vec<Diagnostic>>,
    /// Large pages these templates rendered before; emptied when the templates change.
    memo: render::Memo,
    /// Validation of the current `loaded`, kept so that a country edit validates that country alone.
    validated: Option<(Site, Vec<Diagnostic>)>,
    /// The last good site's files.
    rendered: Option<Arc<Files>>,
    pending: Pending,
}

impl Rebuilder {
    /// Loads, checks and renders everything once.
    pub fn new(root: &Path, timings: &mut Timings) -> (Rebuilder, Outcome) {
        let (loaded, load_diags) = timings.time("load", || load::load(root));
        let mut rebuilder = Rebuilder {
            root: root.to_path_buf(),
            loaded,
            load_diags,
            tera: timings.time("templates", || render::templates::load(root)),
            memo: render::Memo::default(),
            validated: None,
            rendered: None,
            pending: Pending::Everything,
        };
        let outcome = rebuilder.finish(None, timings);
        (rebuilder, outcome)
    }

    /// Applies changes to the files at `paths` (relative to the project folder) and rebuilds.
    pub fn rebuild(&mut self, paths: &BTreeSet<PathBuf>, timings: &mut Timings) -> Outcome {
        let paths: Vec<&PathBuf> = paths.iter().filter(|rel| !self.is_noise(rel)).collect();
        if paths.is_empty() {
            return Outcome::Unchanged;
        }
        let mut templates = false;
        let mut reloaded = Vec::new();
        let mut full_load = false;
        let mut slugs_changed = false;
        for rel in paths {
            if rel.starts_with("templates") {
                templates = true;
            } else if !full_load {
                let known =
                    |l: &Loaded| country_slug(rel).is_some_and(|s| l.country_slugs.contains(&s));
                let was_known = known(&self.loaded);
                match load::reload_file(&self.root, &mut self.loaded, rel) {
                    Some(diags) => {
                        // A country added or removed changes which references resolve, in every file.
                        slugs_changed |= was_known != known(&self.loaded);
                        self.load_diags.retain(|d| d.file.as_deref() != Some(rel));
                        self.load_diags.extend(diags);
                        reloaded.push(rel);
                    }
                    None => full_load = true,
                }
            }
        }
        if templates {
            self.tera = timings.time("templates", || render::templates::load(&self.root));
            self.memo = render::Memo::default();
            self.pending = Pending::Everything;
        }
        if full_load {
            (self.loaded, self.load_diags) = timings.time("load", || load::load(&self.root));
            self.validated = None;
            self.pending = Pending::Everything;
            return self.finish(None, timings);
        }
        let countries: Option<BTreeSet<String>> = reloaded
            .iter()
            .map(|rel| country_slug(rel))
            .collect::<Option<_>>();
        match countries {
            Some(slugs) => {
                let before = self.validated.as_ref().map(|(site, _)| site);
                for slug in &slugs {
                    self.pending.add_country(slug, before);
                }
                self.finish((!slugs_changed).then_some(&slugs), timings)
            }
            None => {
                self.pending = Pending::Everything;
                self.finish(None, timings)
            }
        }
    }

    /// Whether `rel` is a path of content or seeds that is gone and that the last load neither read (at or below
    /// it) nor reported: an editor's probe or temporary file, such as vim's `4913`, changes nothing.
    fn is_noise(&self, rel: &Path) -> bool {
        let under = |file: &Path| file.starts_with(rel);
        let l = &self.loaded;
        (rel.starts_with("content") || rel.starts_with("seeds"))
            && !self.root.join(rel).exists()
            && ![
                "content/site.yaml",
                "content/timeline.yaml",
                "seeds/sources.yaml",
            ]
            .iter()
            .any(|f| under(Path::new(f)))
            && !l.country_slugs.iter().any(|s| under(&country_file(s)))
            && !l.topics.values().any(|d| under(&d.file))
            && !l.seeds.values().any(|s| under(&s.file))
            && !self
                .load_diags
                .iter()
                .any(|d| d.file.as_deref().is_some_and(under))
    }

    /// Validates (only the `countries` given, if any), checks, and renders if there is no error.
    fn finish(&mut self, countries: Option<&BTreeSet<String>>, timings: &mut Timings) -> Outcome {
        let partial = countries.filter(|_| self.validated.is_some());
        let (site, diags) = timings.time("validate", || match partial {
            Some(slugs) => self.validate_countries(slugs),
            None => validate::validate_files(&self.loaded),
        });
        let mut all = self.load_diags.clone();
        all.extend(diags.iter().cloned());
        // Comparisons between countries are made again over the whole site, whichever files were validated.
        if let Some(site) = &site {
            all.extend(validate::cross_country(site, &self.loaded));
        }
        let mut checked = site::finish_check(site, all, timings);
        site::promote_for_build(&mut checked.diags);
        let has_errors = checked.has_errors();
        self.validated = checked.site.map(|site| (site, diags));
        let (Some((site, _)), false) = (&self.validated, has_errors) else {
            return Outcome::Failed(checked.diags);
        };
        let tera = match &self.tera {
            Ok(tera) => tera,
            Err(diags) => return Outcome::Failed(diags.clone()),
        };
        let rendered = timings.time_counting("render", "files rendered", None, |tally| {
            self.render(site, tera, tally)
        });
        let (output, changed) = match rendered {
            Ok(rendered) => rendered,
            Err(diags) => return Outcome::Failed(diags),
        };
        let output = Arc::new(output);
        self.rendered = Some(Arc::clone(&output));
        self.memo.advance();
        self.pending = Pending::Nothing;
        Outcome::Built {
            output,
            changed,
            warnings: checked.diags,
        }
    }

    /// Renders what the pending change can have touched (everything when it is not known), counting the files
    /// made in `tally`; returns the whole site's files and how many of them changed since the last render.
    fn render(
        &self,
        site: &Site,
        tera: &Tera,
        tally: &Tally,
    ) -> Result<(Files, usize), Vec<Diagnostic>> {
        match (&self.pending, &self.rendered) {
            (Pending::Countries { slugs, refs }, Some(last)) => {
                let touched = pages_touched(site, slugs, refs);
                let memo = Some(&self.memo);
                let out =
                    render::render_some(&self.root, site, tera, &|i| touched[i], memo, tally)?;
                let changed = out
                    .iter()
                    .filter(|(k, v)| last.get(*k).map(|f| &***f) != Some(*v))
                    .count();
                let mut files: Files = out.into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
                for (c, _) in site.countries.iter().zip(&touched).filter(|(_, t)| !**t) {
                    let path = urls::country(&c.slug);
                    // An untouched country was neither added nor removed: the last render has its page.
                    if let Some(file) = last.get(&path) {
                        files.insert(path, Arc::clone(file));
                    }
                }
                let removed = last.keys().filter(|k| !files.contains_key(*k)).count();
                Ok((files, changed + removed))
            }
            _ => render::render_some(&self.root, site, tera, &|_| true, Some(&self.memo), tally)
                .map(|out| {
                    let changed = match &self.rendered {
                        Some(last) => changed_files(last, &out),
                        None => out.len(),
                    };
                    (
                        out.into_iter().map(|(k, v)| (k, Arc::new(v))).collect(),
                        changed,
                    )
                }),
        }
    }

    /// Validates only the country files `slugs` against the sources, and merges the result into the last
    /// validation: a file's checks read the sources and the set of country slugs, never another country (the
    /// checks that compare countries, `validate::cross_country`, run over the whole site after this).
    fn validate_countries(&mut self, slugs: &BTreeSet<String>) -> (Option<Site>, Vec<Diagnostic>) {
        let Some((mut site, mut diags)) = self.validated.take() else {
            return validate::validate_files(&self.loaded);
        };
        // Validation reads a `Loaded`: lend it the sources and seeds, and only the changed countries.
        let mut part = Loaded {
            sources: self.loaded.sources.take(),
            seeds: std::mem::take(&mut self.loaded.seeds),
            country_slugs: self.loaded.country_slugs.clone(),
            ..Loaded::default()
        };
        for slug in slugs {
            if let Some(doc) = self.loaded.countries.remove(slug) {
                part.countries.insert(slug.clone(), doc);
            }
        }
        let (fresh, fresh_diags) = validate::validate_files(&part);
        self.loaded.sources = part.sources;
        self.loaded.seeds = part.seeds;
        self.loaded.countries.append(&mut part.countries);
        let Some(fresh) = fresh else {
            return validate::validate_files(&self.loaded);
        };
        // The files validated again: the sources, every seed, the changed countries.
        let mut files: BTreeSet<PathBuf> =
            self.loaded.seeds.values().map(|s| s.file.clone()).collect();
        files.insert(PathBuf::from("seeds/sources.yaml"));
        files.extend(slugs.iter().map(|s| country_file(s)));
        diags.retain(|d| d.file.as_ref().is_none_or(|f| !files.contains(f)));
        diags.extend(fresh_diags);
        site.sources = fresh.sources;
        site.reporters = fresh.reporters;
        site.countries.retain(|c| !slugs.contains(&c.slug));
        site.countries.extend(fresh.countries);
        site.countries.sort_by(|a, b| a.slug.cmp(&b.slug));
        crate::status::mark_disputes(&mut site);
        (Some(site), diags)
    }
}

fn country_file(slug: &str) -> PathBuf {
    Path::new("content/countries").join(format!("{slug}.yaml"))
}

/// The slug of a country file's path, `content/countries/<slug>.yaml`.
fn country_slug(rel: &Path) -> Option<String> {
    let slug = rel
        .strip_prefix("content/countries")
        .ok()?
        .to_str()?
        .strip_suffix(".yaml")?;
    (country_file(slug) == rel).then(|| slug.to_owned())
}

/// The countries another country's page links to or names: claims' `countries` and transfers' `origins`.
fn references(c: &Country) -> impl Iterator<Item = &str> {
    c.claims
        .iter()
        .flat_map(|cl| cl.countries.iter())
        .chain(c.transfers.iter().flat_map(|t| t.origins.iter()))
        .map(String::as_str)
}

/// For each country of `site`, whether its page may differ after the country files `changed` changed: it is one
/// of them, it refers to one of them (a link shows the name), or one of them refers to it, now or (`refs`) in the
/// last render (its page lists transfers from the countries that refer to it).
fn pages_touched(site: &Site, changed: &BTreeSet<String>, refs: &BTreeSet<String>) -> Vec<bool> {
    let mut touched: BTreeSet<&str> = changed.iter().chain(refs).map(String::as_str).collect();
    for slug in changed {
        touched.extend(site.country(slug).into_iter().flat_map(references));
    }
    site.countries
        .iter()
        .map(|c| touched.contains(c.slug.as_str()) || references(c).any(|r| changed.contains(r)))
        .collect()
}

/// How many files were added, removed or changed between two outputs.
fn changed_files(old: &Files, new: &Output) -> usize {
    let removed = old.keys().filter(|k| !new.contains_key(*k)).count();
    removed
        + new
            .iter()
            .filter(|(k, v)| old.get(*k).map(|f| &***f) != Some(*v))
            .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the real project to edit.
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"));
        for sub in ["content", "seeds", "templates"] {
            for entry in walkdir::WalkDir::new(from.join(sub)) {
                let entry = entry.unwrap();
                let to = dir.path().join(entry.path().strip_prefix(from).unwrap());
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&to).unwrap();
                } else {
                    std::fs::copy(entry.path(), &to).unwrap();
                }
            }
        }
        dir
    }

    fn edit(root: &Path, rel: &str, from: &str, to: &str) -> BTreeSet<PathBuf> {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        BTreeSet::from([PathBuf::from(rel)])
    }

    /// Rebuilds after `changed` and asserts that the result is exactly what a full build gives.
    fn same_as_full_build(r: &mut Rebuilder, changed: &BTreeSet<PathBuf>) -> usize {
        let outcome = r.rebuild(changed, &mut Timings::default());
        let full = site::build(&r.root, &mut Timings::default(), site::Addresses::Published);
        match (outcome, full) {
            (
                Outcome::Built {
                    output,
                    changed,
                    warnings,
                },
                Ok((files, full_warnings)),
            ) => {
                let differ: Vec<&String> = files
                    .keys()
                    .chain(output.keys())
                    .filter(|k| files.get(*k) != output.get(*k).map(|f| &**f))
                    .collect();
                assert!(differ.is_empty(), "differs from a full build: {differ:?}");
                assert_eq!(warnings, full_warnings);
                changed
            }
            (Outcome::Failed(diags), Err(full_diags)) => {
                assert_eq!(diags, full_diags);
                0
            }
            (Outcome::Built { .. }, Err(d)) => panic!("built, but a full build fails: {d:?}"),
            (Outcome::Failed(d), Ok(_)) => panic!("failed, but a full build passes: {d:?}"),
            (Outcome::Unchanged, _) => panic!("{changed:?} was taken for no change"),
        }
    }

    #[test]
    fn incremental_rebuilds_equal_full_builds() {
        let dir = project();
        let root = dir.path();
        let (mut r, first) = Rebuilder::new(root, &mut Timings::default());
        assert!(matches!(first, Outcome::Built { .. }));
        let unchanged = BTreeSet::from([PathBuf::from("content/countries/rwanda.yaml")]);
        assert_eq!(same_as_full_build(&mut r, &unchanged), 0);

        // A claim's wording: the page, the data files, the search index.
        let rwanda = "content/countries/rwanda.yaml";
        let changed = edit(
            root,
            rwanda,
            "text: >-\n      ",
            "text: >-\n      Reportedly, ",
        );
        assert!(same_as_full_build(&mut r, &changed) > 0);
        // A statement that two countries place, reworded in the second only: the first's row in the statements
        // table lists one placement fewer, though the first neither changed nor names the second.
        let italy = "content/countries/italy.yaml";
        same_as_full_build(
            &mut r,
            &edit(
                root,
                italy,
                "      Under another arrangement,",
                "      Under another deal,",
            ),
        );
        // A name that another country's page shows in a link (El Salvador's flows name Venezuela).
        let venezuela = "content/countries/venezuela.yaml";
        same_as_full_build(&mut r, &edit(root, venezuela, "name: ", "name: The "));
        // A flow's origin removed: the page of the country it named loses a mention.
        let salvador = "content/countries/el-salvador.yaml";
        same_as_full_build(
            &mut r,
            &edit(root, salvador, "origins: [venezuela]", "origins: []"),
        );

        // Checks that compare countries run over the whole site, even when one country is validated alone: a
        // code already used by another country, a conflict that no disagreement records; then both fixed.
        let kosovo = "content/countries/kosovo.yaml";
        same_as_full_build(&mut r, &edit(root, kosovo, "iso2: XK", "iso2: RW"));
        same_as_full_build(&mut r, &edit(root, kosovo, "iso2: RW", "iso2: XK"));
        let guinea = "content/countries/equatorial-guinea.yaml";
        let denial = "claims:\n  - text: Denied.\n    axis: stance\n    status: denied\n    cites:\n      - source: africa-europe-negotiations\n        quote: the representative of Equatorial Guinea stated that he was unaware of such negotiations\n";
        let conflict = edit(root, guinea, "claims:\n", denial);
        let outcome = r.rebuild(&conflict, &mut Timings::default());
        assert!(
            matches!(&outcome, Outcome::Failed(d) if d.iter().any(|d| d.code == "E050")),
            "an unrecorded conflict in one edited country is not reported"
        );
        same_as_full_build(&mut r, &edit(root, guinea, denial, "claims:\n"));

        // A country added, then removed: references to it resolve, then fail.
        let added = root.join("content/countries/testland.yaml");
        let text = std::fs::read_to_string(root.join(rwanda)).unwrap();
        std::fs::write(&added, text.replacen("name: ", "name: Test", 1)).unwrap();
        let testland = BTreeSet::from([PathBuf::from("content/countries/testland.yaml")]);
        same_as_full_build(&mut r, &testland);
        std::fs::remove_file(&added).unwrap();
        same_as_full_build(&mut r, &testland);

        // A broken quote fails as a full build does; edits during the failure are kept; the fix renders them.
        let broken = edit(root, rwanda, "quote: \"", "quote: \"Zzz ");
        same_as_full_build(&mut r, &broken);
        same_as_full_build(&mut r, &edit(root, venezuela, "name: The ", "name: "));
        same_as_full_build(&mut r, &edit(root, rwanda, "quote: \"Zzz ", "quote: \""));

        // Several files at once, and files that are not country profiles.
        let mut both = edit(root, rwanda, "Reportedly, ", "");
        both.extend(edit(
            root,
            "content/timeline.yaml",
            "text: >-\n      ",
            "text: >-\n      Then ",
        ));
        same_as_full_build(&mut r, &both);
        same_as_full_build(
            &mut r,
            &edit(root, "templates/country.html", "<h1", "<h1 data-x=\"1\""),
        );
        let stray = root.join("content/countries/notes.txt");
        std::fs::write(&stray, "x").unwrap();
        let notes = BTreeSet::from([PathBuf::from("content/countries/notes.txt")]);
        same_as_full_build(&mut r, &notes);
        std::fs::remove_file(&stray).unwrap();
        same_as_full_build(&mut r, &notes);

        // A probe file that came and went is nothing to rebuild; a folder moved away is everything in it.
        let probe = BTreeSet::from([PathBuf::from("content/countries/4913")]);
        assert!(matches!(
            r.rebuild(&probe, &mut Timings::default()),
            Outcome::Unchanged
        ));
        std::fs::rename(root.join("content/topics"), root.join("topics-moved")).unwrap();
        same_as_full_build(&mut r, &BTreeSet::from([PathBuf::from("content/topics")]));
    }
}
