//! The preview server's connections: accepted one by one under a cap, each closed when its client is too slow to
//! send a request or lets it sit idle, so that no client can hold the preview away from the browser.

use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::time::Instant;

/// How long a client has to send a whole request head, counted from when the server starts waiting for one: on a
/// new connection, and on a kept-alive one after each response. A browser sends its head at once.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// A connection on which no byte has moved either way for this long is closed (a response the client does not
/// read, a body it never sends). The event stream sends a keep-alive every 15 s, so an open page is never idle.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(40);

/// Connections served at once, well below the usual limit of 1,024 open files. When a new one arrives at the cap,
/// the connection that has been idle longest is closed to make room: a flood of idle connections cannot keep the
/// browser out, and a page being loaded is not the one closed.
pub const MAX_CONNECTIONS: usize = 256;

/// One connection's bookkeeping: when a byte last moved, and how to close it from the accept loop.
struct Activity {
    /// Milliseconds since the server started.
    last: AtomicU64,
    close: Notify,
}

/// The open connections by id.
#[derive(Default)]
struct Open {
    next_id: u64,
    connections: HashMap<u64, Arc<Activity>>,
}

impl Open {
    /// Tells the longest-idle connection to close (of those idle since the same millisecond, the oldest), and
    /// forgets it at once, so that the next eviction (before its task has run) picks another.
    fn evict_one(&mut self) {
        let idlest = self
            .connections
            .iter()
            .min_by_key(|(&id, a)| (a.last.load(Ordering::Relaxed), id))
            .map(|(&id, _)| id);
        if let Some(activity) = idlest.and_then(|id| self.connections.remove(&id)) {
            activity.close.notify_one();
        }
    }
}

/// How long open requests may take to finish once the server is stopping; a client that holds its connection
/// does not keep the server up.
const GRACE: Duration = Duration::from_secs(3);

/// Accepts and serves connections until `stopping` turns true; then gives open ones `GRACE` to finish their
/// response, and returns.
pub async fn serve(listener: TcpListener, router: Router, mut stopping: watch::Receiver<bool>) {
    let started = Instant::now();
    let open = Arc::new(Mutex::new(Open::default()));
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopping.wait_for(|s| *s) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was accepted: try again shortly.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (id, activity) = {
            let mut open = open.lock().unwrap_or_else(PoisonError::into_inner);
            if open.connections.len() >= MAX_CONNECTIONS {
                open.evict_one();
            }
            let activity = Arc::new(Activity {
                last: AtomicU64::new(started.elapsed().as_millis() as u64),
                close: Notify::new(),
            });
            let id = open.next_id;
            open.next_id += 1;
            open.connections.insert(id, Arc::clone(&activity));
            (id, activity)
        };
        let open = Arc::clone(&open);
        let router = router.clone();
        let stopping = stopping.clone();
        tokio::spawn(async move {
            serve_one(stream, router, &activity, started, stopping).await;
            open.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .connections
                .remove(&id);
        });
    }
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline
        && !open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .connections
            .is_empty()
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Serves one connection until it ends, its client is too slow or idle, it is evicted, or the server stops.
async fn serve_one(
    stream: TcpStream,
    router: Router,
    activity: &Arc<Activity>,
    started: Instant,
    mut stopping: watch::Receiver<bool>,
) {
    let io = TokioIo::new(Watched {
        stream,
        activity: Arc::clone(activity),
        started,
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let conn = builder.serve_connection(io, TowerToHyperService::new(router));
    tokio::pin!(conn);
    let idle = async {
        loop {
            let last = Duration::from_millis(activity.last.load(Ordering::Relaxed));
            let deadline = started + last + IDLE_TIMEOUT;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline).await;
        }
    };
    let stop = async {
        let _ = stopping.wait_for(|s| *s).await;
    };
    tokio::select! {
        // A client that goes away or breaks the protocol ends its own connection; nothing to report.
        _ = conn.as_mut() => {}
        () = idle => {}
        () = activity.close.notified() => {}
        () = stop => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// A connection's stream, which records when a byte last moved through it.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
    started: Instant,
}

impl Watched {
    fn moved<T>(&self, result: &Poll<io::Result<T>>) {
        if matches!(result, Poll::Ready(Ok(_))) {
            let now = self.started.elapsed().as_millis() as u64;
            self.activity.last.store(now, Ordering::Relaxed);
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.stream).poll_read(cx, buf);
        self.moved(&result);
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.moved(&result);
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A client that asks for a large page and never reads it holds its connection only until it has been idle
    /// for `IDLE_TIMEOUT` (on a paused clock, which moves on whenever nothing else can).
    #[tokio::test(start_paused = true)]
    async fn a_response_the_client_never_reads_is_closed_when_idle() {
        const SIZE: usize = 64 << 20;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new().route("/", axum::routing::get(|| async { vec![b'x'; SIZE] }));
        let (_stop, stopping) = watch::channel(false);
        tokio::spawn(serve(listener, router, stopping));
        let mut client = TcpStream::connect(addr).await.unwrap();
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .unwrap();
        tokio::time::sleep(IDLE_TIMEOUT + Duration::from_secs(1)).await;
        let mut got = Vec::new();
        let read = tokio::time::timeout(IDLE_TIMEOUT * 3, client.read_to_end(&mut got)).await;
        assert!(read.is_ok(), "the stalled connection was kept open");
        assert!(got.len() < SIZE, "the whole page was sent");
    }
}
