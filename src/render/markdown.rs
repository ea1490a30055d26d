//! Markdown from contributors, rendered with pulldown-cmark. Raw HTML becomes visible text, links with a
//! scheme other than http(s)/mailto lose their link, and images become their alt text: the site loads nothing
//! from outside itself and contributor text cannot inject markup.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    // `//host` and `\\host` leave the site: from file:// they name a network share.
    if lower.starts_with("//") || lower.starts_with('\\') {
        return false;
    }
    match lower.split_once(':') {
        // A colon before any slash, `?` or `#` starts a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Bidirectional overrides and isolates reorder what a reader sees (a quote could appear to say the opposite);
/// loading refuses them, and rendering drops any that reach it, so that no page holds one.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Renders Markdown to sanitised HTML.
pub fn render(markdown: &str) -> String {
    let cleaned: String;
    let markdown = if markdown.contains(is_bidi_control) {
        cleaned = markdown.chars().filter(|&c| !is_bidi_control(c)).collect();
        &cleaned
    } else {
        markdown
    };
    let mut in_image = 0usize;
    let mut dropped_links = Vec::new();
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    )
    .filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            None
        }
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = safe_url(dest_url) && in_image == 0;
            dropped_links.push(!keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => {
            let dropped = dropped_links.pop().unwrap_or(false);
            (!dropped).then_some(Event::End(TagEnd::Link))
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Whether `markdown` is at most one paragraph (no lists, headings, quotes or code blocks): what claim, transfer and
/// event texts may hold, since they are shown inside a sentence-level element.
pub fn is_one_paragraph(markdown: &str) -> bool {
    // One line that starts with a letter cannot open any other block (those start with a mark, a digit or
    // indentation, or need a second line): the common case, decided without parsing.
    (!markdown.contains(['\n', '\r']) && markdown.starts_with(char::is_alphabetic))
        || parses_as_one_paragraph(markdown)
}

fn parses_as_one_paragraph(markdown: &str) -> bool {
    let mut depth = 0usize;
    let mut paragraphs = 0;
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    ) {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    if !matches!(tag, Tag::Paragraph) {
                        return false;
                    }
                    paragraphs += 1;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule | Event::Html(_) if depth == 0 => return false,
            _ => {}
        }
    }
    paragraphs <= 1
}

/// Renders a one-paragraph Markdown text for inline use, without the surrounding `<p>`.
pub fn render_inline(markdown: &str) -> String {
    let html = render(markdown);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

/// Markdown as plain text, for places that hold no markup (an SVG's text, a print line): the words, with a link
/// followed by its address in parentheses when the address is not already its text.
pub fn to_plain(markdown: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<(String, usize)> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((dest_url.to_string(), out.len()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, from)) = links.pop() {
                    if out[from..] != url && safe_url(&url) {
                        out.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::End(TagEnd::Paragraph) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_and_link_addresses() {
        assert_eq!(
            to_plain("Under the\n[*CC BY* licence](https://example.org/l). <b>x</b> `y`"),
            "Under the CC BY licence (https://example.org/l). <b>x</b> y"
        );
        assert_eq!(
            to_plain("[https://a.example/](https://a.example/)"),
            "https://a.example/"
        );
    }

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let out = render("Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](https://a.example/) ![i](http://e.example/p.png) [z](//evil.example/) [w](\\\\share\\x)");
        assert!(
            !out.contains("evil.example") || !out.contains("href=\"//"),
            "{out}"
        );
        assert!(!out.contains("href=\"\\"), "{out}");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(out.contains("href=\"https://a.example/\""), "{out}");
    }

    #[test]
    fn bidirectional_overrides_never_reach_the_html() {
        let out = render("price \u{202E}001$\u{202C} and \u{2066}x\u{2069}");
        assert_eq!(out, "<p>price 001$ and x</p>\n");
    }

    #[test]
    fn one_paragraph_means_no_blocks() {
        assert!(is_one_paragraph(
            "Some *text* with a [link](https://a.example/)."
        ));
        assert!(is_one_paragraph(""));
        for block in ["a\n\nb", "- a", "# a", "> a", "a\n\n---", "    code"] {
            assert!(!is_one_paragraph(block), "{block:?}");
        }
    }

    proptest::proptest! {
        /// The shortcut for one line starting with a letter says what parsing says, line breaks included.
        #[test]
        fn the_shortcut_says_what_parsing_says(
            text in "[a\\u{e9}#>*-](a| |\\r|\\n|-|=|#|>|\\*|1\\.|```){0,20}",
        ) {
            proptest::prop_assert_eq!(is_one_paragraph(&text), parses_as_one_paragraph(&text), "{:?}", text);
        }
    }

    #[test]
    fn inline_strips_one_paragraph() {
        assert_eq!(render_inline("*a* b"), "<em>a</em> b");
    }
}
