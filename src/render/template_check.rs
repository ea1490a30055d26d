//! Bounds on templates, checked when they load: how deep they may nest and recurse, and how much a page may hold.
//! A stack overflow cannot be caught, so recursion must be refused before rendering. Tera itself refuses a call
//! to a function, filter, test, component or template it does not have, when the templates load; its only
//! functions are `range` and `throw`, so a template gets no environment, file system or clock, and pages depend on
//! the content alone (a build of a pull request cannot publish the CI's secrets).
//!
//! Both checks here read the templates' text before Tera parses it, knowing only the syntax (delimiters, strings,
//! block tags, component calls). `nesting` bounds each template's nesting and each tag's expression. `calls`
//! follows what each template and component enters (includes, component calls, parents): none may loop or go
//! deeper than `MAX_DEPTH`, or nest components deeper than Tera renders them.

use std::collections::HashMap;
use std::path::Path;

use tera::Tera;

use crate::diag::{Diagnostic, Pos};

/// The functions templates may call: Tera's own two, `range` bounded (`bounded_range`).
pub const FUNCTIONS: &[&str] = &["range", "throw"];

/// Block tags (`if`, `for`, `block`, `component`, `filter`, a `set` with a body, a component call with a body)
/// open inside one another at most this deep in a template.
pub const MAX_NESTING: usize = 24;

/// Brackets open inside one another at most this deep within one tag, and one tag holds at most `MAX_OPERATORS`
/// operators: Tera parses an expression recursively, one level per bracket and per operator.
pub const MAX_BRACKETS: usize = 16;
pub const MAX_OPERATORS: usize = 64;

/// The deepest a render may go, counting what Tera renders in a call of its own: each block (a parent's too, through
/// `super()`), include and component call on the way; conditions, loops and expressions run in the call they are
/// in. The real templates reach 4; a debug build overflows a 2 MB thread stack (rayon's) near 28, a release build
/// near 180.
pub const MAX_DEPTH: usize = 24;

/// Component calls nest at most this deep: Tera stops a render that goes deeper.
pub const MAX_COMPONENT_DEPTH: usize = 20;

/// A page (or a part of one a component renders) holds at most this many bytes; `range` gives at most
/// `MAX_RANGE` numbers per page in all. Both stop a loop that would fill the memory.
pub const MAX_PAGE_BYTES: usize = 128 << 20;
pub const MAX_RANGE: usize = 100_000;

fn error(name: &str, text: &str, at: Option<usize>, message: String) -> Diagnostic {
    let pos = at.map(|byte| Pos::of_offset(text, text[..byte].chars().count()));
    Diagnostic::error("E040", message)
        .in_file(&Path::new("templates").join(name))
        .at(text, pos, None)
}

/// An error in template `name` (whose text is `text`) at the first place `needle` occurs.
pub fn error_at(name: &str, text: &str, needle: &str, message: String) -> Diagnostic {
    error(name, text, text.find(needle), message)
}

/// One tag of a template: where its `{` is, its kind (`b'{'` or `b'%'`) and its inside, delimiters and
/// whitespace control left out.
struct Tag<'t> {
    open: usize,
    kind: u8,
    inner: &'t str,
}

impl<'t> Tag<'t> {
    /// The tag's first word (`if`, `endfor`...), empty for a component call.
    fn word(&self) -> &'t str {
        self.inner
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next()
            .unwrap_or("")
    }

    /// The first string literal in the tag (the template an `include` or `extends` names), and where its text
    /// starts in the tag's inside.
    fn string(&self) -> Option<(&'t str, usize)> {
        let start = self.inner.find(['"', '\'', '`'])? + 1;
        let q = char::from(self.inner.as_bytes()[start - 1]);
        let rest = &self.inner[start..];
        rest.find(q).map(|end| (&rest[..end], start))
    }

    /// Whether this block tag opens a body that a later tag closes.
    fn opens(&self) -> bool {
        match self.word() {
            "if" | "for" | "block" | "component" | "filter" => true,
            // `{% set x = 1 %}` assigns; `{% set x %}...{% endset %}` and `{% set x | f %}...` have a body.
            "set" | "set_global" => {
                let rest = self.inner[self.word().len()..].trim_start();
                let after_name =
                    rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
                !after_name.trim_start().starts_with('=')
            }
            // `{% <card title> %}...{% </card> %}`
            "" => self.inner.starts_with('<') && !self.inner.starts_with("</"),
            _ => false,
        }
    }

    fn closes(&self) -> bool {
        self.word().starts_with("end") || self.inner.starts_with("</")
    }
}

/// The tags of a template's text, comments and `raw` sections left out, up to the first tag that is not closed
/// (which Tera reports).
fn tags(text: &str) -> impl Iterator<Item = Tag<'_>> {
    let mut rest = 0;
    std::iter::from_fn(move || loop {
        let open = rest + text[rest..].find('{')?;
        let kind = text.as_bytes().get(open + 1).copied();
        let close = match kind {
            Some(b'#') => "#}",
            Some(b'%') => "%}",
            Some(b'{') => "}}",
            _ => {
                rest = open + 1;
                continue;
            }
        };
        let inner_start = open + 2;
        let inner_len = tag_length(&text[inner_start..], close)?;
        rest = inner_start + inner_len + 2;
        if kind == Some(b'#') {
            continue;
        }
        // The `-` of whitespace control (`{%-`, `-%}`) is not an operator.
        let inner = text[inner_start..inner_start + inner_len]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        let tag = Tag {
            open,
            kind: kind.unwrap_or(b'{'),
            inner,
        };
        if tag.kind == b'%' && tag.word() == "raw" {
            // Nothing is parsed up to `{% endraw %}`; its text may hold anything.
            let end = rest + text[rest..].find("endraw")?;
            rest = end + text[end..].find("%}")? + 2;
        }
        return Some(tag);
    })
}

/// Checks the nesting of one template's text (named `name`) before it is parsed.
pub fn nesting(name: &str, text: &str) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    for tag in tags(text) {
        expression(name, text, tag.open, tag.inner)?;
        if tag.kind != b'%' {
            continue;
        }
        if tag.opens() {
            depth += 1;
            if depth > MAX_NESTING {
                return Err(error(
                    name,
                    text,
                    Some(tag.open),
                    format!("blocks nest more than {MAX_NESTING} deep"),
                ));
            }
        } else if tag.closes() {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(())
}

/// The length of a tag's inside, up to its `close` delimiter outside any string; `None` if it is not closed.
fn tag_length(inner: &str, close: &str) -> Option<usize> {
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'' | b'`') => i += 1 + inner[i + 1..].find(char::from(q))? + 1,
            _ if inner[i..].starts_with(close) => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Checks one tag's expression: its bracket depth and its number of operators, strings left out (the `<`, `/`
/// and `>` of a component call count as operators too).
fn expression(name: &str, text: &str, open: usize, inner: &str) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut in_string = None;
    let mut word = String::new();
    for c in inner.chars() {
        if let Some(q) = in_string {
            in_string = (c != q).then_some(q);
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        operators += usize::from(matches!(word.as_str(), "and" | "or" | "not" | "in" | "is"));
        word.clear();
        match c {
            '"' | '\'' | '`' => in_string = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '+' | '-' | '*' | '/' | '%' | '~' | '<' | '>' | '|' | '=' | '!' => operators += 1,
            _ => {}
        }
        if depth > MAX_BRACKETS {
            return Err(error(
                name,
                text,
                Some(open),
                format!("brackets nest more than {MAX_BRACKETS} deep in one tag"),
            ));
        }
    }
    operators += usize::from(matches!(word.as_str(), "and" | "or" | "not" | "in" | "is"));
    if operators > MAX_OPERATORS {
        return Err(error(
            name,
            text,
            Some(open),
            format!("one tag holds more than {MAX_OPERATORS} operators; split it with `set`"),
        ));
    }
    Ok(())
}

/// The components a tag calls (`<name .../>`, `{% <name ...> %}`), with each call's byte offset in the tag: a
/// `<` before a name where a value starts, not a comparison after one.
fn component_calls(inner: &str) -> Vec<(&str, usize)> {
    let mut calls = Vec::new();
    let bytes = inner.as_bytes();
    let mut in_string = None;
    // Whether a value ends just before: a name (not a keyword), a number, a string or a closing bracket.
    let mut after_value = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = in_string {
            if c == q {
                in_string = None;
                after_value = true;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' | b'\'' | b'`' => in_string = Some(c),
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let end = inner[i..]
                    .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .map_or(inner.len(), |n| i + n);
                let word = &inner[i..end];
                after_value = !matches!(
                    word,
                    "and"
                        | "or"
                        | "not"
                        | "in"
                        | "is"
                        | "if"
                        | "elif"
                        | "else"
                        | "set"
                        | "set_global"
                );
                i = end;
                continue;
            }
            b'<' if !after_value => {
                let name_len = inner[i + 1..]
                    .find(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '.')
                    .unwrap_or(inner.len() - i - 1);
                let name = &inner[i + 1..i + 1 + name_len];
                if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                    calls.push((name, i));
                }
            }
            b')' | b']' | b'}' => after_value = true,
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => after_value = false,
        }
        i += 1;
    }
    calls
}

/// What a render may enter: a template or a component, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Callee<'a> {
    Template(&'a str),
    Component(&'a str),
}

/// One place a template or component enters another: inside `level` blocks of its body, at byte `at` of `file`.
struct Call<'a> {
    callee: Callee<'a>,
    level: usize,
    file: &'a str,
    at: usize,
}

/// A template's or a component's body, as `calls` reads it.
#[derive(Default)]
struct Body<'a> {
    /// The file it is written in, and where (the component's definition; the start of a template).
    file: &'a str,
    at: usize,
    /// Its deepest nesting of `block`s, each rendered in a call of its own.
    nesting: usize,
    calls: Vec<Call<'a>>,
    /// The template it extends (a template's only).
    parent: Option<Call<'a>>,
}

/// How deep a body renders: in all, and in component calls alone.
#[derive(Debug, Clone, Copy, Default)]
struct Depth {
    all: usize,
    components: usize,
}

/// The templates' bodies and components, walked for what each enters and how deep each goes.
struct Walk<'a> {
    sources: HashMap<&'a str, &'a str>,
    /// The file each component is defined in.
    files: HashMap<&'a str, &'a str>,
    bodies: HashMap<Callee<'a>, Body<'a>>,
    depths: HashMap<Callee<'a>, Depth>,
    entered: Vec<Callee<'a>>,
    diags: Vec<Diagnostic>,
}

/// Reads each template's text (name, text) for its bodies: its own, and one per component it defines.
fn bodies<'a>(name: &'a str, text: &'a str, out: &mut HashMap<Callee<'a>, Body<'a>>) {
    let mut own = Body {
        file: name,
        ..Body::default()
    };
    // The component being defined, and the nesting of blocks its body starts at.
    let mut component: Option<(Body<'a>, &'a str, usize)> = None;
    // For each tag open around this one, whether it is a `block`; how many are.
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0usize;
    for tag in tags(text) {
        let call_at = |offset: usize| tag.inner.as_ptr() as usize - text.as_ptr() as usize + offset;
        let (body, start) = match &mut component {
            Some((b, _, start)) => (b, *start),
            None => (&mut own, 0),
        };
        let level = depth.saturating_sub(start);
        for (callee, offset) in component_calls(tag.inner) {
            body.calls.push(Call {
                callee: Callee::Component(callee),
                level,
                file: name,
                at: call_at(offset),
            });
        }
        if tag.kind != b'%' {
            continue;
        }
        match tag.word() {
            "include" => body.calls.extend(tag.string().map(|(t, offset)| Call {
                callee: Callee::Template(t),
                level,
                file: name,
                at: call_at(offset),
            })),
            "extends" => {
                own.parent = tag.string().map(|(t, offset)| Call {
                    callee: Callee::Template(t),
                    level: 0,
                    file: name,
                    at: call_at(offset),
                })
            }
            "component" if component.is_none() => {
                let rest = tag.inner["component".len()..].trim_start();
                let len = rest
                    .find(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '.')
                    .unwrap_or(rest.len());
                let def = Body {
                    file: name,
                    at: tag.open,
                    ..Body::default()
                };
                component = Some((def, &rest[..len], depth));
            }
            "endcomponent" => {
                if let Some((def, component_name, _)) = component.take() {
                    out.entry(Callee::Component(component_name)).or_insert(def);
                }
            }
            _ => {}
        }
        if tag.opens() {
            let block = tag.word() == "block";
            open.push(block);
            depth += usize::from(block);
            let (body, start) = match &mut component {
                Some((b, _, start)) => (b, *start),
                None => (&mut own, 0),
            };
            body.nesting = body.nesting.max(depth.saturating_sub(start));
        } else if tag.closes() && open.pop() == Some(true) {
            depth -= 1;
        }
    }
    out.insert(Callee::Template(name), own);
}

/// Checks what the templates (name, text) enter, before they are parsed: no template or component may include or
/// call itself, directly or through others, or render deeper than the bounds.
pub fn calls(raw: &[(String, String)]) -> Result<(), Vec<Diagnostic>> {
    let mut walk = Walk {
        sources: raw.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect(),
        files: HashMap::new(),
        bodies: HashMap::new(),
        depths: HashMap::new(),
        entered: Vec::new(),
        diags: Vec::new(),
    };
    for (name, text) in raw {
        bodies(name, text, &mut walk.bodies);
    }
    for (callee, body) in &walk.bodies {
        if let Callee::Component(c) = callee {
            walk.files.insert(c, body.file);
        }
    }
    for (name, _) in raw {
        if walk.diags.is_empty() {
            walk.depth(Callee::Template(name), None);
        }
    }
    if walk.diags.is_empty() {
        Ok(())
    } else {
        Err(walk.diags)
    }
}

impl<'a> Walk<'a> {
    fn describe(&self, callee: Callee<'a>) -> String {
        match callee {
            Callee::Template(t) => t.to_owned(),
            Callee::Component(c) => {
                let file = self.files.get(c).copied().unwrap_or("");
                format!("{file}: component {c}")
            }
        }
    }

    fn error(&mut self, file: &str, at: usize, message: String) {
        let text = self.sources.get(file).copied().unwrap_or("");
        self.diags.push(error(file, text, Some(at), message));
    }

    /// How deep rendering `callee` goes; `from` is the call that enters it, for a diagnostic.
    fn depth(&mut self, callee: Callee<'a>, from: Option<(&'a str, usize)>) -> Depth {
        if let Some(&d) = self.depths.get(&callee) {
            return d;
        }
        if let Some(i) = self.entered.iter().position(|c| *c == callee) {
            let chain: Vec<String> = self.entered[i..]
                .iter()
                .chain([&callee])
                .map(|c| self.describe(*c))
                .collect();
            let (file, at) = from.unwrap_or_default();
            self.error(
                file,
                at,
                format!(
                    "a template that includes or calls itself never ends ({}); compute nested data in the view instead",
                    chain.join(" -> ")
                ),
            );
            return Depth::default();
        }
        // A name that is neither a template nor a component is Tera's to refuse.
        let Some(body) = self.bodies.remove(&callee) else {
            return Depth::default();
        };
        self.entered.push(callee);
        let mut depth = Depth {
            all: body.nesting,
            components: 0,
        };
        for call in &body.calls {
            let d = self.depth(call.callee, Some((call.file, call.at)));
            let own = usize::from(matches!(call.callee, Callee::Component(_)));
            depth.all = depth.all.max(call.level + 1 + d.all);
            depth.components = depth.components.max(own + d.components);
        }
        if let Some(parent) = &body.parent {
            let d = self.depth(parent.callee, Some((parent.file, parent.at)));
            depth.all += d.all;
            depth.components = depth.components.max(d.components);
        }
        self.entered.pop();
        let (file, at) = (body.file, body.at);
        self.bodies.insert(callee, body);
        if self.diags.is_empty() {
            if depth.all > MAX_DEPTH {
                let message = format!(
                    "{} renders {} levels deep (blocks, includes, component calls and parents), more than {MAX_DEPTH}",
                    self.describe(callee),
                    depth.all
                );
                self.error(file, at, message);
            } else if depth.components > MAX_COMPONENT_DEPTH {
                let message = format!(
                    "{} nests component calls {} levels deep, more than {MAX_COMPONENT_DEPTH}",
                    self.describe(callee),
                    depth.components
                );
                self.error(file, at, message);
            }
        }
        self.depths.insert(callee, depth);
        depth
    }
}

thread_local! {
    /// What is left of the page being rendered on this thread's `range` budget.
    static RANGE_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_RANGE) };
}

/// Tera's `range` (`start`, `end`, `step_by`), drawing on the page's budget of `MAX_RANGE` numbers: Tera's own
/// bounds each call, not the page (two loops of `range(end=100000)`, one in the other, would run for hours).
pub fn bounded_range(args: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<usize>> {
    let arg = |key: &str, default: Option<usize>| match args.get::<&tera::Value>(key)? {
        Some(v) => v
            .as_i128()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                tera::Error::message(format!(
                    "`range` got {key}={v}, which is not a whole number"
                ))
            }),
        None => default.ok_or_else(|| tera::Error::message(format!("`range` needs `{key}`"))),
    };
    let (start, end, step) = (
        arg("start", Some(0))?,
        arg("end", None)?,
        arg("step_by", Some(1))?,
    );
    if step == 0 || start > end {
        return Err(tera::Error::message(
            "`range` needs start <= end and a step_by of at least 1",
        ));
    }
    let count = (end - start).div_ceil(step);
    let left = RANGE_LEFT.with(std::cell::Cell::get);
    if count > left {
        return Err(tera::Error::message(format!(
            "`range` would give more than {MAX_RANGE} numbers on one page"
        )));
    }
    RANGE_LEFT.with(|l| l.set(left - count));
    Ok((start..end).step_by(step).collect())
}

/// A page's output, refused past `MAX_PAGE_BYTES`.
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_PAGE_BYTES {
            return Err(std::io::Error::other(format!(
                "the page would be larger than {} MB",
                MAX_PAGE_BYTES >> 20
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders one page within the bounds: at most `MAX_PAGE_BYTES`, and a fresh `range` budget.
pub fn render_page(
    tera: &Tera,
    template: &str,
    context: &tera::Context,
) -> tera::TeraResult<String> {
    RANGE_LEFT.with(|l| l.set(MAX_RANGE));
    let mut out = Bounded(Vec::with_capacity(16 * 1024));
    contained(|| tera.render_to(template, context, &mut out))?;
    String::from_utf8(out.0).map_err(|_| tera::Error::message("the page is not UTF-8"))
}

thread_local! {
    /// Set while this thread runs Tera under `contained`: a panic there is reported as a template error, not printed.
    static CONTAINING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, a call into Tera, turning a panic into an error: Tera asserts its own invariants with panics (Tera
/// 1 reached one on `1 + self::m()`), and a template that reaches one must be a diagnostic naming it, not a crash.
pub fn contained<T>(f: impl FnOnce() -> tera::TeraResult<T>) -> tera::TeraResult<T> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let print = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINING.with(std::cell::Cell::get) {
                print(info);
            }
        }));
    });
    let was = CONTAINING.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(was));
    result.unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(tera::Error::message(format!(
            "Tera cannot render this template ({what}); write the expression another way"
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain of `links` components, each called from a condition of `width` operators inside `nesting` blocks.
    fn component_chain(links: usize, width: usize, nesting: usize) -> String {
        let mut out = String::new();
        for k in 0..links {
            let call = if k + 1 < links {
                format!("<m{} />", k + 1)
            } else {
                "1".into()
            };
            let side = vec!["false"; width / 2].join(" or ");
            out += &format!(
                "{{% component m{k}() %}}{}{{% if {side} or ((({call}))) == \"x\" or {side} %}}y{{% endif %}}{}{{% endcomponent m{k} %}}",
                "{% if true %}".repeat(nesting),
                "{% endif %}".repeat(nesting),
            );
        }
        out + "{{ <m0 /> }}"
    }

    /// A chain of `links` templates, each including the next inside a loop, a filter section and `nesting` blocks.
    fn include_chain(links: usize, nesting: usize) -> Vec<(String, String)> {
        (0..links)
            .map(|k| {
                let next = if k + 1 < links {
                    format!("{{% include \"t{}.html\" %}}", k + 1)
                } else {
                    "{{ 1 + 2 * 3 | round }}".into()
                };
                let body = format!(
                    "{}{{% for i in range(end=1) %}}{{% filter upper %}}{next}{{% endfilter %}}{{% endfor %}}{}",
                    "{% if true %}".repeat(nesting),
                    "{% endif %}".repeat(nesting),
                );
                (format!("t{k}.html"), body)
            })
            .collect()
    }

    /// A chain of `links` templates, each extending the next and filling its block with a component call.
    fn parent_chain(links: usize) -> Vec<(String, String)> {
        let mut raw: Vec<(String, String)> = (0..links)
            .map(|k| {
                let text = if k + 1 < links {
                    format!("{{% extends \"t{}.html\" %}}{{% block b %}}{{{{ <c /> }}}}{{{{ super() }}}}{{% endblock b %}}", k + 1)
                } else {
                    "{% block b %}z{% endblock b %}".into()
                };
                (format!("t{k}.html"), text)
            })
            .collect();
        raw.push((
            "c.html".into(),
            "{% component c() %}c{% endcomponent c %}".into(),
        ));
        raw
    }

    /// Renders `name` on a thread with rayon's default stack (2 MB), where pages are rendered: an overflow there
    /// aborts the test binary, so this passes only if the bound keeps every accepted template within the stack.
    fn render_on_a_small_stack(tera: Tera, name: &'static str) {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || render_page(&tera, name, &tera::Context::new()).map(|_| ()))
            .unwrap()
            .join()
            .unwrap()
            .unwrap();
    }

    /// For each shape, the largest template the checks accept renders within a 2 MB stack in this (debug) build,
    /// and one step further is refused with E040 naming the template.
    #[test]
    fn the_deepest_accepted_templates_render_within_the_stack() {
        let compile = crate::render::templates::compile;
        type Shape = Box<dyn Fn(usize) -> Vec<(String, String)>>;
        let mut shapes: Vec<Shape> = vec![
            Box::new(|n| vec![("t0.html".into(), component_chain(n, 56, 0))]),
            Box::new(|n| vec![("t0.html".into(), component_chain(n, 4, 3))]),
            Box::new(|n| include_chain(n, 0)),
            Box::new(|n| include_chain(n, 4)),
            Box::new(parent_chain),
        ];
        for (i, shape) in shapes.drain(..).enumerate() {
            let deepest = (1..200)
                .take_while(|&n| compile(shape(n)).is_ok())
                .last()
                .unwrap_or_else(|| panic!("shape {i}: even one link is refused"));
            let refused = compile(shape(deepest + 1)).unwrap_err();
            assert!(
                refused[0].code == "E040" && (refused[0].message.contains("levels deep")),
                "shape {i}: {refused:?}"
            );
            render_on_a_small_stack(compile(shape(deepest)).unwrap(), "t0.html");
        }
    }

    #[test]
    fn self_including_templates_and_self_calling_components_are_refused_where_they_call() {
        let compile = crate::render::templates::compile;
        let cases = [
            vec![("a.html", "x{% include \"a.html\" %}")],
            vec![("a.html", "{% include \"b.html\" %}"), ("b.html", "\n {% include \"a.html\" %}")],
            vec![("a.html", "{% component r() %}{{ <r /> }}{% endcomponent r %}{{ <r /> }}")],
            vec![
                ("a.html", "{{ <p /> }}"),
                ("m.html", "{% component p() %}{{ <q /> }}{% endcomponent p %}{% component q() %}{% if true %}{{ <p /> }}{% endif %}{% endcomponent q %}"),
            ],
            vec![("a.html", "{% extends \"b.html\" %}"), ("b.html", "{% extends \"a.html\" %}")],
        ];
        for case in cases {
            let raw = case
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect();
            let diags = compile(raw).unwrap_err();
            assert_eq!(diags[0].code, "E040");
            assert!(
                diags[0].message.contains("includes or calls itself"),
                "{diags:?}"
            );
            assert!(
                diags[0].file.is_some() && diags[0].pos.is_some(),
                "{diags:?}"
            );
        }
    }

    #[test]
    fn comparisons_are_not_component_calls() {
        assert_eq!(component_calls("if a <b and c < d"), vec![]);
        assert_eq!(
            component_calls("if x and <card title={t} /> or (<b />)"),
            vec![("card", 9), ("b", 32)]
        );
        assert_eq!(component_calls("\"<s />\" ~ <t />"), vec![("t", 10)]);
        assert_eq!(component_calls("</card>"), vec![]);
    }

    #[test]
    fn bodies_of_sets_and_component_calls_count_as_nesting() {
        let deep = |open: &str, close: &str| {
            let text = format!(
                "{}{}",
                open.repeat(MAX_NESTING + 1),
                close.repeat(MAX_NESTING + 1)
            );
            nesting("t.html", &text)
        };
        assert!(deep("{% set x %}", "{% endset %}").is_err());
        assert!(deep("{% set x | upper %}", "{% endset %}").is_err());
        assert!(deep("{% <card> %}", "{% </card> %}").is_err());
        assert!(deep("{% if true %}{% set x = 1 %}", "{% endif %}").is_err());
        assert!(deep("{% raw %}{% if %}{% endraw %}", "").is_ok());
    }

    #[test]
    fn a_panic_in_tera_is_an_error() {
        let r: tera::TeraResult<()> = contained(|| panic!("reached"));
        assert!(r
            .unwrap_err()
            .to_string()
            .contains("Tera cannot render this template (reached)"));
    }
}
