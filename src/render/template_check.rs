//! Bounds on templates, checked when they load: what a template may call, how deep it may nest and recurse, and
//! how much a page may hold. A stack overflow cannot be caught, so recursion must be refused before rendering; a
//! template gets no environment, file system or clock, so that pages depend on the content alone (and a build of
//! a pull request cannot publish the CI's secrets).
//!
//! Two passes. `nesting` reads the template's text before Tera parses it, knowing only the syntax (delimiters,
//! strings, block tags), because Tera's parser itself recurses on nesting and overflows on deep input. `calls`
//! walks the parsed templates: every function called must be one of `FUNCTIONS`, every included template must
//! exist, and no chain of includes, macro calls and parents may loop or go deeper than `MAX_DEPTH`.

use std::collections::HashMap;
use std::path::Path;

use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

use crate::diag::{Diagnostic, Pos};

/// The functions templates may call. Tera's others read the environment (`get_env`), the clock (`now`) or a
/// random source (`get_random`); a page's data comes from its view alone.
pub const FUNCTIONS: &[&str] = &["range", "throw"];

/// Block tags (`if`, `for`, `block`, `macro`, `filter`) open inside one another at most this deep in a template.
pub const MAX_NESTING: usize = 24;

/// Brackets open inside one another at most this deep within one tag, and one tag holds at most `MAX_OPERATORS`
/// operators: Tera parses and evaluates an expression recursively, one level per bracket and per operator.
pub const MAX_BRACKETS: usize = 16;
pub const MAX_OPERATORS: usize = 64;

/// The deepest a render may go, counting what Tera recurses on: each nested block, include, macro call and parent
/// template, and each operator, argument list and call inside an expression on the way. The real templates reach
/// 10; a debug build overflows a 2 MB thread stack (rayon's) near 300.
pub const MAX_DEPTH: usize = 64;

/// A page (or a part of one a macro renders) holds at most this many bytes; `range` gives at most
/// `MAX_RANGE` numbers per page in all. Both stop a loop that would fill the memory.
pub const MAX_PAGE_BYTES: usize = 128 << 20;
pub const MAX_RANGE: usize = 100_000;

fn error(name: &str, text: &str, at: Option<usize>, message: String) -> Diagnostic {
    let pos = at.map(|byte| Pos::of_offset(text, text[..byte].chars().count()));
    Diagnostic::error("E040", message)
        .in_file(&Path::new("templates").join(name))
        .at(text, pos, None)
}

/// Checks the nesting of one template's text (named `name`) before it is parsed.
pub fn nesting(name: &str, text: &str) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut rest = 0;
    while let Some(found) = text[rest..].find('{') {
        let open = rest + found;
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
        let Some(inner_len) = tag_length(&text[inner_start..], close) else {
            // Tera reports the unclosed tag.
            return Ok(());
        };
        let inner = &text[inner_start..inner_start + inner_len];
        rest = inner_start + inner_len + 2;
        if kind == Some(b'#') {
            continue;
        }
        expression(name, text, open, inner)?;
        if kind != Some(b'%') {
            continue;
        }
        let word = inner
            .trim_start_matches('-')
            .trim_start()
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        match word {
            "raw" => {
                // Nothing is parsed up to `{% endraw %}`; its text may hold anything.
                match text[rest..].find("endraw") {
                    Some(end) => rest += end,
                    None => return Ok(()),
                }
            }
            "if" | "for" | "block" | "macro" | "filter" => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(error(
                        name,
                        text,
                        Some(open),
                        format!("blocks nest more than {MAX_NESTING} deep"),
                    ));
                }
            }
            w if w.starts_with("end") => depth = depth.saturating_sub(1),
            _ => {}
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

/// Checks one tag's expression: its bracket depth and its number of operators, strings left out.
fn expression(name: &str, text: &str, open: usize, inner: &str) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut in_string = None;
    let mut word = String::new();
    // The `-` of whitespace control (`{%-`, `-%}`) is not an operator.
    let inner = inner.trim_start_matches('-').trim_end_matches('-');
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
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
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

/// What a render may enter: a template (by name) or a macro (by its file and name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Callee<'a> {
    Template(&'a str),
    Macro(&'a str, &'a str),
}

impl Callee<'_> {
    fn describe(&self) -> String {
        match self {
            Callee::Template(t) => t.to_string(),
            Callee::Macro(file, name) => format!("{file}: macro {name}"),
        }
    }
}

/// The parsed templates, walked for what each can call and how deep each goes.
struct Walk<'a> {
    tera: &'a Tera,
    sources: &'a HashMap<&'a str, &'a str>,
    /// The files imported under each namespace, in any template.
    namespaces: HashMap<&'a str, Vec<&'a str>>,
    depths: HashMap<Callee<'a>, usize>,
    entered: Vec<Callee<'a>>,
    diags: Vec<Diagnostic>,
}

/// Checks the parsed templates (`sources` gives each one's text, by name, for positions).
pub fn calls(tera: &Tera, sources: &HashMap<&str, &str>) -> Result<(), Vec<Diagnostic>> {
    let mut namespaces: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut names: Vec<&str> = tera.get_template_names().collect();
    names.sort_unstable();
    for name in &names {
        if let Ok(t) = tera.get_template(name) {
            for (file, namespace) in &t.imported_macro_files {
                namespaces.entry(namespace).or_default().push(file);
            }
        }
    }
    let mut walk = Walk {
        tera,
        sources,
        namespaces,
        depths: HashMap::new(),
        entered: Vec::new(),
        diags: Vec::new(),
    };
    for name in names {
        if walk.diags.is_empty() {
            walk.depth(Callee::Template(name), name, None);
        }
    }
    if walk.diags.is_empty() {
        Ok(())
    } else {
        Err(walk.diags)
    }
}

impl<'a> Walk<'a> {
    /// The first place `needle` occurs in template `file`, for a diagnostic's position.
    fn error_at(&mut self, file: &str, needle: &str, message: String) {
        let text = self.sources.get(file).copied().unwrap_or("");
        self.diags
            .push(error(file, text, text.find(needle), message));
    }

    /// How deep rendering `callee` goes; `from` is the file and text of the call, for a diagnostic.
    fn depth(&mut self, callee: Callee<'a>, from: &'a str, needle: Option<&str>) -> usize {
        if let Some(&d) = self.depths.get(&callee) {
            return d;
        }
        if let Some(i) = self.entered.iter().position(|c| *c == callee) {
            let chain: Vec<String> = self.entered[i..]
                .iter()
                .chain([&callee])
                .map(Callee::describe)
                .collect();
            self.error_at(
                from,
                needle.unwrap_or(""),
                format!(
                    "a template that includes or calls itself never ends ({}); compute nested data in the view instead",
                    chain.join(" -> ")
                ),
            );
            return 0;
        }
        self.entered.push(callee);
        let depth = match callee {
            Callee::Template(name) => match self.tera.get_template(name) {
                Ok(t) => {
                    let own = self.nodes(name, &t.ast, 0);
                    let parent = t
                        .parent
                        .as_deref()
                        .map_or(0, |p| self.depth(Callee::Template(p), name, Some(p)));
                    own + parent
                }
                Err(_) => 0,
            },
            Callee::Macro(file, name) => {
                match self
                    .tera
                    .get_template(file)
                    .ok()
                    .and_then(|t| t.macros.get(name))
                {
                    Some(m) => {
                        let args = m
                            .args
                            .values()
                            .flatten()
                            .map(|e| self.expr(file, e, 0))
                            .max()
                            .unwrap_or(0);
                        args.max(self.nodes(file, &m.body, 0))
                    }
                    None => 0,
                }
            }
        };
        self.entered.pop();
        if depth > MAX_DEPTH && self.diags.is_empty() {
            let (file, needle) = match callee {
                Callee::Template(t) => (t, String::new()),
                Callee::Macro(f, m) => (f, format!("macro {m}")),
            };
            self.error_at(
                file,
                &needle,
                format!(
                    "{} renders {depth} levels deep (nested blocks, includes, macro calls, parents and operators), more than {MAX_DEPTH}",
                    callee.describe()
                ),
            );
        }
        self.depths.insert(callee, depth);
        depth
    }

    /// The depth of a body at nesting `level` in template `file`.
    fn nodes(&mut self, file: &'a str, nodes: &'a [Node], level: usize) -> usize {
        nodes
            .iter()
            .map(|node| self.node(file, node, level))
            .max()
            .unwrap_or(level)
    }

    fn node(&mut self, file: &'a str, node: &'a Node, level: usize) -> usize {
        match node {
            Node::VariableBlock(_, e) => self.expr(file, e, level),
            Node::Set(_, set) => self.expr(file, &set.value, level),
            Node::FilterSection(_, f, _) => {
                let args = f
                    .filter
                    .args
                    .values()
                    .map(|e| self.expr(file, e, level))
                    .max()
                    .unwrap_or(level);
                args.max(self.nodes(file, &f.body, level + 1))
            }
            Node::Block(_, b, _) => self.nodes(file, &b.body, level + 1),
            Node::Forloop(_, f, _) => {
                let container = self.expr(file, &f.container, level);
                let body = self.nodes(file, &f.body, level + 1);
                let empty = f
                    .empty_body
                    .as_deref()
                    .map_or(level, |b| self.nodes(file, b, level + 1));
                container.max(body).max(empty)
            }
            Node::If(i, _) => {
                let mut deepest = level;
                for (_, cond, body) in &i.conditions {
                    deepest = deepest.max(self.expr(file, cond, level)).max(self.nodes(
                        file,
                        body,
                        level + 1,
                    ));
                }
                if let Some((_, body)) = &i.otherwise {
                    deepest = deepest.max(self.nodes(file, body, level + 1));
                }
                deepest
            }
            Node::Include(_, names, ignore_missing) => {
                let mut deepest = level;
                for included in names {
                    if self.tera.get_template(included).is_ok() {
                        let d = self.depth(Callee::Template(included), file, Some(included));
                        deepest = deepest.max(level + 1 + d);
                    } else if !ignore_missing {
                        self.error_at(
                            file,
                            included,
                            format!("`{included}` is not a template in templates/; only those can be included"),
                        );
                    }
                }
                deepest
            }
            // Macro definitions are entered where they are called; the rest renders at its level.
            _ => level,
        }
    }

    /// The depth of an expression at nesting `level` in template `file`, each operator, argument list and call a
    /// level of Tera's recursion; refuses unknown functions.
    fn expr(&mut self, file: &'a str, e: &'a Expr, level: usize) -> usize {
        let filters = self.all(
            file,
            e.filters.iter().flat_map(|f| f.args.values()),
            level + 1,
        );
        self.val(file, &e.val, level).max(filters)
    }

    /// The deepest of several expressions.
    fn all(&mut self, file: &'a str, es: impl Iterator<Item = &'a Expr>, level: usize) -> usize {
        es.map(|e| self.expr(file, e, level)).max().unwrap_or(level)
    }

    fn val(&mut self, file: &'a str, v: &'a ExprVal, level: usize) -> usize {
        let inner = level + 1;
        match v {
            ExprVal::Math(m) => self
                .expr(file, &m.lhs, inner)
                .max(self.expr(file, &m.rhs, inner)),
            ExprVal::Logic(l) => self
                .expr(file, &l.lhs, inner)
                .max(self.expr(file, &l.rhs, inner)),
            ExprVal::In(i) => self
                .expr(file, &i.lhs, inner)
                .max(self.expr(file, &i.rhs, inner)),
            ExprVal::Test(t) => self.all(file, t.args.iter(), inner),
            ExprVal::Array(items) => self.all(file, items.iter(), inner),
            ExprVal::StringConcat(c) => c
                .values
                .iter()
                .map(|v| self.val(file, v, inner))
                .max()
                .unwrap_or(level),
            ExprVal::FunctionCall(f) => {
                if !FUNCTIONS.contains(&f.name.as_str()) {
                    self.error_at(
                        file,
                        &format!("{}(", f.name),
                        format!(
                            "templates cannot call `{}`: they get no environment, file system or clock, only their page's data (functions: {})",
                            f.name,
                            FUNCTIONS.join(", ")
                        ),
                    );
                }
                self.all(file, f.args.values(), inner)
            }
            ExprVal::MacroCall(call) => {
                let args = self.all(file, call.args.values(), inner);
                let files: Vec<&'a str> = if call.namespace == "self" {
                    vec![file]
                } else {
                    self.namespaces
                        .get(call.namespace.as_str())
                        .cloned()
                        .unwrap_or_default()
                };
                let needle = format!("{}::{}", call.namespace, call.name);
                let mut deepest = args;
                for target in files {
                    let d = self.depth(Callee::Macro(target, &call.name), file, Some(&needle));
                    deepest = deepest.max(inner + d);
                }
                deepest
            }
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => level,
        }
    }
}

thread_local! {
    /// What is left of the page being rendered on this thread's `range` budget.
    static RANGE_LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(MAX_RANGE) };
}

/// Tera's `range` (`start`, `end`, `step_by`), drawing on the page's budget of `MAX_RANGE` numbers: Tera's own
/// builds any list asked for (two billion numbers took 23.5 GB) and loops for ever with `step_by=0`.
pub fn bounded_range(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let arg = |key: &str, default: Option<usize>| match args.get(key) {
        Some(v) => tera::from_value::<usize>(v.clone()).map_err(|_| {
            tera::Error::msg(format!(
                "`range` got {key}={v}, which is not a whole number"
            ))
        }),
        None => default.ok_or_else(|| tera::Error::msg(format!("`range` needs `{key}`"))),
    };
    let (start, end, step) = (
        arg("start", Some(0))?,
        arg("end", None)?,
        arg("step_by", Some(1))?,
    );
    if step == 0 || start > end {
        return Err(tera::Error::msg(
            "`range` needs start <= end and a step_by of at least 1",
        ));
    }
    let count = (end - start).div_ceil(step);
    let left = RANGE_LEFT.with(std::cell::Cell::get);
    if count > left {
        return Err(tera::Error::msg(format!(
            "`range` would give more than {MAX_RANGE} numbers on one page"
        )));
    }
    RANGE_LEFT.with(|l| l.set(left - count));
    Ok(tera::Value::from(
        (start..end).step_by(step).collect::<Vec<_>>(),
    ))
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
pub fn render_page(tera: &Tera, template: &str, context: &tera::Context) -> tera::Result<String> {
    RANGE_LEFT.with(|l| l.set(MAX_RANGE));
    let mut out = Bounded(Vec::with_capacity(16 * 1024));
    contained(|| tera.render_to(template, context, &mut out))?;
    String::from_utf8(out.0).map_err(|_| tera::Error::msg("the page is not UTF-8"))
}

thread_local! {
    /// Set while this thread runs Tera under `contained`: a panic there is reported as a template error, not printed.
    static CONTAINING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, a call into Tera, turning a panic into an error: Tera 1 panics on some templates it parsed (`1 +
/// self::m()` reaches an `unreachable!`), which must be a diagnostic naming the template, not a crash.
pub fn contained<T>(f: impl FnOnce() -> tera::Result<T>) -> tera::Result<T> {
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
        Err(tera::Error::msg(format!(
            "Tera cannot render this template ({what}); write the expression another way"
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chain of `links` macros, each called from a condition of `width` operators inside `nesting` blocks.
    fn macro_chain(links: usize, width: usize, nesting: usize) -> String {
        let mut out = String::new();
        for k in 0..links {
            let call = if k + 1 < links {
                format!("self::m{}()", k + 1)
            } else {
                "1".into()
            };
            let side = vec!["false"; width / 2].join(" or ");
            out += &format!(
                "{{% macro m{k}() %}}{}{{% if {side} or ((({call}))) == \"x\" or {side} %}}y{{% endif %}}{}{{% endmacro m{k} %}}",
                "{% if true %}".repeat(nesting),
                "{% endif %}".repeat(nesting),
            );
        }
        out + "{{ self::m0() }}"
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
            Box::new(|n| vec![("t0.html".into(), macro_chain(n, 60, 0))]),
            Box::new(|n| vec![("t0.html".into(), macro_chain(n, 4, 3))]),
            Box::new(|n| include_chain(n, 0)),
            Box::new(|n| include_chain(n, 4)),
        ];
        for (i, shape) in shapes.drain(..).enumerate() {
            let deepest = (1..200)
                .take_while(|&n| compile(shape(n)).is_ok())
                .last()
                .unwrap_or_else(|| panic!("shape {i}: even one link is refused"));
            let refused = compile(shape(deepest + 1)).unwrap_err();
            assert!(
                refused[0].code == "E040" && refused[0].message.contains("levels deep"),
                "shape {i}: {refused:?}"
            );
            render_on_a_small_stack(compile(shape(deepest)).unwrap(), "t0.html");
        }
    }

    #[test]
    fn self_including_templates_and_self_calling_macros_are_refused_where_they_call() {
        let compile = crate::render::templates::compile;
        let cases = [
            vec![("a.html", "x{% include \"a.html\" %}")],
            vec![("a.html", "{% include \"b.html\" %}"), ("b.html", "\n {% include \"a.html\" %}")],
            vec![("a.html", "{% macro r() %}{{ self::r() }}{% endmacro r %}{{ self::r() }}")],
            vec![
                ("a.html", "{% import \"m.html\" as m %}{{ m::p() }}"),
                ("m.html", "{% macro p() %}{{ self::q() }}{% endmacro p %}{% macro q() %}{% if true %}{{ self::p() }}{% endif %}{% endmacro q %}"),
            ],
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
}
