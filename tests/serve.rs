//! `briefing serve` driven over HTTP: pages from memory, live reload after a change, the 404 page, a port in use,
//! editors' atomic saves, polling, and a clean stop. (The overlay in a browser: tests/browser/serve.mjs.)

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::Project;
use rustix::process::Signal;

/// A running `briefing serve` on a free port; killed if a test fails before stopping it.
struct Server {
    child: Child,
    port: u16,
    stderr: std::path::PathBuf,
    _logs: tempfile::TempDir,
}

impl Server {
    fn start(project: &Project, extra: &[&str]) -> Server {
        let logs = tempfile::tempdir().unwrap();
        let stderr = logs.path().join("stderr");
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args([
                "--root",
                project.path().to_str().unwrap(),
                "serve",
                "--port",
                "0",
            ])
            .args(extra)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Server {
            child,
            port,
            stderr,
            _logs: logs,
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        get(self.port, path)
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap()
    }

    /// Sends `signal` (from this process: no `kill` program needed) and waits for the process to end.
    fn stop(mut self, signal: Signal) -> ExitStatus {
        rustix::process::kill_process(rustix::process::Pid::from_child(&self.child), signal)
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not stop on {signal:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET: the status code and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Polls `path` until its body satisfies `done`, for up to 20 s; returns the body.
fn wait_for(server: &Server, path: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = server.get(path);
        if done(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never changed as expected; serve said:\n{}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The reload events as they arrive.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__briefing/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        Events(BufReader::new(stream))
    }

    /// The next `status` event's data.
    fn next(&mut self) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                self.0.read_line(&mut line).unwrap() > 0,
                "event stream closed"
            );
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                if data.starts_with('{') {
                    return data.to_owned();
                }
            }
        }
    }
}

fn generation(event: &str) -> u64 {
    let rest = event.split("\"generation\":").nth(1).unwrap();
    rest.split([',', '}']).next().unwrap().parse().unwrap()
}

#[test]
fn serves_pages_from_memory_with_the_reload_script_and_writes_nothing() {
    let project = Project::copy_of_real();
    let server = Server::start(&project, &[]);
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        home.contains("<script src=\"/__briefing/live.js?generation="),
        "{home}"
    );
    let (status, script) = server.get("/__briefing/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    let (status, css) = server.get("/static/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("live.js"));
    assert!(!project.path().join("public").exists());
    assert!(server.stop(Signal::TERM).success());
}

#[test]
fn missing_paths_get_the_404_page_with_status_404() {
    let project = Project::copy_of_real();
    let server = Server::start(&project, &[]);
    let (status, body) = server.get("/countries/atlantis/");
    assert_eq!(status, 404);
    let page = project_404(&project);
    let title = page
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(body.contains(title), "{body}");
    assert_eq!(server.get("/countries/rwanda/").0, 200);
    assert_eq!(server.get("/%2e%2e/Cargo.toml").0, 400);
}

fn project_404(project: &Project) -> String {
    let out = project.run(&["build", "--output", "built"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    project.read("built/404.html")
}

#[test]
fn the_reload_script_is_never_part_of_a_build() {
    let project = Project::copy_of_real();
    let out = project.run(&["build", "--output", "built"]);
    assert!(out.status.success());
    for (path, bytes) in project.snapshot("built") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__briefing"),
            "{} mentions serve's script",
            path.display()
        );
    }
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let project = Project::copy_of_real();
    let out = project.run(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn a_change_rebuilds_then_reloads_and_an_error_keeps_the_last_good_site() {
    let project = Project::copy_of_real();
    let server = Server::start(&project, &[]);
    let mut events = Events::open(server.port);
    let first = generation(&events.next());

    project.edit(
        "content/countries/rwanda.yaml",
        "name: Rwanda",
        "name: Rwanda Edited",
    );
    let reload = events.next();
    assert!(generation(&reload) > first, "{reload}");
    assert!(reload.contains("\"error\":null"), "{reload}");
    // The event comes once the new site is served.
    let (_, page) = server.get("/countries/rwanda/");
    assert!(page.contains("Rwanda Edited"));

    project.edit(
        "content/countries/rwanda.yaml",
        "quote: \"",
        "quote: \"Zzz ",
    );
    let failed = events.next();
    assert!(
        failed.contains("content/countries/rwanda.yaml:"),
        "{failed}"
    );
    assert!(failed.contains("E020"), "{failed}");
    let (status, page) = server.get("/countries/rwanda/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Rwanda Edited"),
        "the last good page is still served"
    );
    assert!(server.stderr().contains("quote not found"));

    project.edit(
        "content/countries/rwanda.yaml",
        "quote: \"Zzz ",
        "quote: \"",
    );
    let fixed = events.next();
    assert!(fixed.contains("\"error\":null"), "{fixed}");
    assert!(server.stop(Signal::INT).success());
}

#[test]
fn editors_atomic_saves_and_bursts_of_saves_are_seen() {
    let project = Project::copy_of_real();
    let server = Server::start(&project, &[]);
    // Write a temporary file beside the original, then rename it over the original (vim, VS Code, JetBrains).
    let rel = "content/countries/rwanda.yaml";
    let text = project.read(rel);
    for n in 1..=5 {
        let tmp = project.path().join("content/countries/.rwanda.yaml.tmp");
        std::fs::write(
            &tmp,
            text.replacen("name: Rwanda", &format!("name: Rwanda {n}"), 1),
        )
        .unwrap();
        std::fs::rename(&tmp, project.path().join(rel)).unwrap();
        std::thread::sleep(Duration::from_millis(5));
    }
    wait_for(&server, "/countries/rwanda/", |p| p.contains("Rwanda 5"));
    // Later saves are seen too: the watch survives the original file being replaced.
    project.edit(rel, "name: Rwanda 5", "name: Rwanda Again");
    wait_for(&server, "/countries/rwanda/", |p| {
        p.contains("Rwanda Again")
    });
}

#[test]
fn polling_sees_changes_too() {
    let project = Project::copy_of_real();
    let server = Server::start(&project, &["--poll"]);
    // Polling compares each file with what the poller saw last; on a loaded machine its first look may come after
    // an early edit, which it then takes as the baseline. Edit again, with a new name each time, until one is seen.
    let path = project.path().join("content/countries/rwanda.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let name = format!("name: Rwanda Polled {attempt}");
        std::fs::write(&path, original.replacen("name: Rwanda", &name, 1)).unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        let (_, page) = server.get("/countries/rwanda/");
        if page.contains("Rwanda Polled") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "polling never saw an edit; serve said:\n{}",
            server.stderr()
        );
    }
    assert!(server.stop(Signal::TERM).success());
}

/// Sends `raw` as it is and returns the whole response (the server closes after `Connection: close`).
fn exchange(port: u16, raw: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

/// A page on another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own name as `Host`: it gets
/// neither the pages nor the event stream, whose errors name files and quote their lines.
#[test]
fn only_requests_for_its_own_host_are_answered() {
    let project = Project::copy_of_real();
    let server = Server::start(&project, &[]);
    let port = server.port;
    for path in [
        "/",
        "/countries/index.html",
        "/__briefing/events",
        "/__briefing/live.js",
    ] {
        for host in [
            "evil.example".to_owned(),
            format!("evil.example:{port}"),
            "127.0.0.1".to_owned(),
            format!("127.0.0.1:{}", port.wrapping_add(1)),
            format!("localhost.evil.example:{port}"),
        ] {
            let response = exchange(
                port,
                &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            );
            assert!(
                response.starts_with("HTTP/1.1 421"),
                "{path} for {host}: {response}"
            );
            assert!(!response.contains("<html"), "{response}");
        }
        // An absolute target names its own host, which must agree with the server's.
        let response = exchange(
            port,
            &format!("GET http://evil.example{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
        );
        assert!(response.starts_with("HTTP/1.1 421"), "{response}");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = exchange(
            port,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert!(response.starts_with("HTTP/1.1 200"), "{host}: {response}");
    }
}

/// A folder's address without its slash redirects to it, always within the site: `//countries` is read by a
/// browser as the host `countries`, so the target is made from the decoded path with one leading slash.
#[test]
fn redirects_stay_on_the_site() {
    let project = Project::copy_of_real();
    let server = Server::start(&project, &[]);
    let port = server.port;
    for (path, location) in [
        ("/countries", "/countries/"),
        ("//countries", "/countries/"),
        ("///countries", "/countries/"),
        ("/%2Fcountries", "/countries/"),
        ("/%2F%2Fcountries", "/countries/"),
    ] {
        let response = exchange(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
        );
        assert!(response.starts_with("HTTP/1.1 308"), "{path}: {response}");
        assert!(
            response.contains(&format!("\r\nlocation: {location}\r\n")),
            "{path}: {response}"
        );
    }
    // A backslash is a slash to a browser: no redirect may start with one.
    let response = exchange(
        port,
        &format!(
            "GET /%5Ccountries HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(response.starts_with("HTTP/1.1 404"), "{response}");
}

/// Whether the server closes `stream` within 20 s without answering a request (it may send nothing, or a
/// timeout status, then the end of the stream).
fn closed_by_server(stream: &mut TcpStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut rest = Vec::new();
    match stream.read_to_end(&mut rest) {
        Ok(_) => !String::from_utf8_lossy(&rest).contains("HTTP/1.1 200"),
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    }
}

/// A client that sends its request head a byte at a time, or opens connections and sends nothing, has them
/// closed; and however many idle connections are open, the browser's next request is answered.
#[test]
fn slow_and_idle_clients_are_closed_and_cannot_keep_the_browser_out() {
    let project = Project::copy_of_real();
    let server = Server::start(&project, &[]);
    let port = server.port;
    // More idle connections than the server serves at once: each new one closes the idlest.
    let mut idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let response = exchange(
        port,
        &format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    // The oldest was closed to make room at once, not when its head's time ran out.
    idle[0]
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    assert!(
        matches!(idle[0].read(&mut [0; 16]), Ok(0)),
        "the oldest idle connection is still open"
    );
    // A head sent a byte every 300 ms never completes: the connection is closed once the head's time is up.
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let head = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: ");
    let dripping = std::thread::spawn({
        let mut slow = slow.try_clone().unwrap();
        move || {
            for b in head.bytes().chain(std::iter::repeat(b'a')).take(200) {
                if slow.write_all(&[b]).is_err() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(300));
            }
            false
        }
    });
    assert!(closed_by_server(&mut slow), "the slow head was answered");
    assert!(dripping.join().unwrap(), "the slow head was never cut off");
    // The newest idle connections were kept, and are closed too once the head's time is up.
    assert!(closed_by_server(idle.last_mut().unwrap()));
    // The server still answers.
    assert_eq!(server.get("/").0, 200);
}

/// A template that would overflow the stack (it includes itself) or fill the memory is refused when it loads:
/// the server stays up, keeps serving the last good site, shows the error over the page, and recovers.
#[test]
fn a_runaway_template_keeps_the_last_good_site_and_the_server_up() {
    let project = Project::copy_of_real();
    let server = Server::start(&project, &[]);
    let mut events = Events::open(server.port);
    events.next();
    let good = project.read("templates/404.html");
    for (template, expect) in [
        ("{% include \"404.html\" %}", "includes or calls itself"),
        (
            "{% component r() %}{{ <r /> }}{% endcomponent r %}{{ <r /> }}",
            "includes or calls itself",
        ),
        (
            "{% for i in range(end=2000000000) %}x{% endfor %}",
            "more than 100000 numbers",
        ),
    ] {
        project.write("templates/404.html", template);
        let failed = events.next();
        assert!(
            failed.contains("E040") && failed.contains(expect),
            "{failed}"
        );
        assert!(failed.contains("templates/404.html"), "{failed}");
        let (status, page) = server.get("/missing");
        assert_eq!(status, 404);
        assert!(
            page.contains("Page not found"),
            "the last good 404 page is served"
        );
        project.write("templates/404.html", &good);
        assert!(events.next().contains("\"error\":null"));
    }
    assert!(server.stop(Signal::TERM).success());
}
