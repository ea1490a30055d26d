//! The HTTP side of `serve`: pages from the in-memory build, with the live-reload script added to each HTML
//! response (never to the build itself), the reload events, and a clean stop on SIGINT or SIGTERM.

use std::convert::Infallible;
use std::net::TcpListener;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::Stream;
use tokio::sync::watch;
use tower_http::set_header::SetResponseHeaderLayer;

use super::{Served, Status};
use crate::render::urls;

/// Where the live-reload script, its stylesheet and its events are served; no page of the site lives there.
const LIVE_JS: &str = "/__briefing/live.js";
const LIVE_CSS: &str = "/__briefing/live.css";
const EVENTS: &str = "/__briefing/events";

#[derive(Clone)]
struct App {
    served: Arc<RwLock<Served>>,
    status: Arc<watch::Sender<Status>>,
    /// Set when the server is stopping: open event streams end, so that connections can close.
    stopping: watch::Receiver<bool>,
}

/// Serves until SIGINT or SIGTERM; returns the exit code.
pub fn serve(
    listener: TcpListener,
    served: Arc<RwLock<Served>>,
    status: Arc<watch::Sender<Status>>,
) -> u8 {
    // One thread is enough to serve a preview; rebuilding runs on its own thread and rayon's.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 2;
        }
    };
    runtime.block_on(async move {
        let listener = match listener
            .set_nonblocking(true)
            .and_then(|()| tokio::net::TcpListener::from_std(listener))
        {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot start the server: {e}");
                return 2;
            }
        };
        let (stop_tx, stopping) = watch::channel(false);
        let stopping_too = stopping.clone();
        let app = App {
            served,
            status,
            stopping,
        };
        let port = listener.local_addr().map_or(0, |a| a.port());
        let router = Router::new()
            .route(LIVE_JS, get(live_js))
            .route(LIVE_CSS, get(live_css))
            .route(EVENTS, get(events))
            .fallback(get(page))
            .with_state(app)
            .layer(axum::middleware::from_fn_with_state(port, own_host_only))
            // A preview must never show a stale page from the browser's cache.
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ));
        tokio::spawn(async move {
            stop_signal().await;
            let _ = stop_tx.send(true);
        });
        super::connections::serve(listener, router, stopping_too).await;
        0
    })
}

/// Resolves on SIGINT (Ctrl+C) or, on Unix, SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Answers only requests addressed to this server by a loopback name: a page on another site that points its own
/// name at 127.0.0.1 (DNS rebinding) sends its own name as `Host`, and must not read the preview or its events.
async fn own_host_only(
    State(port): State<u16>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    // An absolute request target names the host too; it must agree.
    let target = request.uri().authority().map(|a| a.as_str());
    let own = |name: &str| is_own_host(name, port);
    if host.is_some_and(own) && target.is_none_or(own) {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "This preview server answers only http://127.0.0.1:{port}/ (or localhost:{port}).\n"
        ),
    )
        .into_response()
}

/// Whether `host` (a Host header or a request target's authority) names this server: `127.0.0.1`, `localhost` or
/// `[::1]`, with its port.
fn is_own_host(host: &str, port: u16) -> bool {
    let Some((name, given)) = host.rsplit_once(':') else {
        return false;
    };
    given == port.to_string()
        && (name == "127.0.0.1" || name == "[::1]" || name.eq_ignore_ascii_case("localhost"))
}

async fn live_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("live.js"),
    )
        .into_response()
}

async fn live_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("live.css"),
    )
        .into_response()
}

/// The current status at once, then after each rebuild, until the server stops.
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let status = app.status.subscribe();
    let stream = futures_util::stream::unfold(
        (status, app.stopping, true),
        |(mut status, mut stopping, first)| async move {
            if *stopping.borrow() {
                return None;
            }
            if !first {
                tokio::select! {
                    changed = status.changed() => changed.ok()?,
                    _ = stopping.wait_for(|s| *s) => return None,
                }
            }
            let current = status.borrow_and_update().clone();
            let data = serde_json::to_string(&current).unwrap_or_default();
            let event = Event::default().event("status").data(data);
            Some((Ok(event), (status, stopping, false)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// A file of the current build: `/` and `/x/` serve their `index.html`; `/x` redirects to `/x/` when that is a
/// page; anything else missing is the site's 404 page with status 404.
async fn page(State(app): State<App>, uri: Uri) -> Response {
    let (output, generation) = {
        let served = app
            .served
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (served.output.clone(), served.generation)
    };
    let Some(output) = output else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            no_site_yet(generation),
        )
            .into_response();
    };
    let Some(path) = decode_path(uri.path()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let mut key = path.trim_start_matches('/').to_owned();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if let Some(bytes) = output.get(&key) {
        return file(StatusCode::OK, &key, bytes, generation);
    }
    if key == "favicon.ico" {
        // Browsers ask for it on their own; the site links no such file, so this is not a broken link.
        return StatusCode::NO_CONTENT.into_response();
    }
    if output.contains_key(&format!("{key}/index.html")) {
        // From the decoded key, with one leading slash: the raw path of `//countries` would give `//countries/`,
        // which a browser reads as another host.
        return (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, format!("/{}/", encode_path(&key)))],
        )
            .into_response();
    }
    match output.get(urls::NOT_FOUND) {
        Some(bytes) => file(StatusCode::NOT_FOUND, urls::NOT_FOUND, bytes, generation),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn file(status: StatusCode, key: &str, bytes: &[u8], generation: u64) -> Response {
    let kind = content_type(key);
    if kind.starts_with("text/html") {
        let html = String::from_utf8_lossy(bytes);
        (
            status,
            [(header::CONTENT_TYPE, kind)],
            with_live_reload(&html, generation),
        )
            .into_response()
    } else {
        (status, [(header::CONTENT_TYPE, kind)], bytes.to_vec()).into_response()
    }
}

/// The page with the live-reload script added to its head. The pages' Content-Security-Policy allows scripts
/// from the site itself only (an inline script would be blocked) and connections to the site itself, which the
/// reload events need; a page whose policy allows no connections is widened to that; nothing else changes.
fn with_live_reload(html: &str, generation: u64) -> String {
    let tag = format!("<script src=\"{LIVE_JS}?generation={generation}\" defer></script>");
    let html = html.replacen("connect-src 'none'", "connect-src 'self'", 1);
    match html.find("</head>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{tag}{html}"),
    }
}

/// What is served before the first successful build: the overlay (from the events) says what is wrong.
fn no_site_yet(generation: u64) -> String {
    let page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>The site has errors</title></head>\
                <body><main><h1>The site has errors</h1><p>It is served as soon as it builds; the terminal lists the errors.</p></main></body></html>\n";
    with_live_reload(page, generation)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("xml") => "application/xml",
        Some("atom") => "application/atom+xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}

/// The request path with `%XX` escapes decoded; `None` if they do not decode to UTF-8 or the path tries to leave
/// the site (the output is a map, so `..` could only miss, but it should not look like a page).
fn decode_path(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.split('/').any(|part| part == "..")).then_some(decoded)
}

/// `path` with every byte but unreserved characters and `/` percent-encoded, for a `Location` header.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_reload_goes_into_the_head_and_may_connect_to_the_server() {
        let page = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'; connect-src 'none'\"></head><body></body></html>";
        let served = with_live_reload(page, 7);
        assert!(
            served.contains(
                "connect-src 'self'\"></head>"
                    .replace(
                        "</head>",
                        "<script src=\"/__briefing/live.js?generation=7\" defer></script></head>"
                    )
                    .as_str()
            ),
            "{served}"
        );
    }

    #[test]
    fn paths_decode_and_stay_inside() {
        assert_eq!(decode_path("/a%20b/").as_deref(), Some("/a b/"));
        assert_eq!(decode_path("/%2e%2e/x"), None);
        assert_eq!(decode_path("/../x"), None);
        assert_eq!(decode_path("/%zz"), None);
        assert_eq!(decode_path("/%ff"), None);
    }
}
