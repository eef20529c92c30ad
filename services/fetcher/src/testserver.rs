//! A tiny HTTP/1.1 server for tests and the benchmark: one request per connection, answers
//! built by a closure, optional trickling of the body. Hand-rolled so tests control exactly
//! what goes on the wire (bad lengths, slow bodies, raw compressed bytes).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request as received.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    /// The address the client connected to (several 127.0.0.x share one listener).
    pub local: SocketAddr,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Send the body in pieces of this many bytes, pausing between them.
    pub trickle: Option<(usize, Duration)>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            trickle: None,
        }
    }

    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, content_type, body)
    }

    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            trickle: None,
        }
    }

    pub fn redirect(status: u16, to: &str) -> Reply {
        Reply::status(status).header("Location", to)
    }

    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }

    pub fn trickle(mut self, piece: usize, pause: Duration) -> Reply {
        self.trickle = Some((piece.max(1), pause));
        self
    }
}

type Handler = dyn Fn(&Req) -> Reply + Send + Sync;

/// Serve on `addr` (e.g. `127.0.0.1:0`, or `0.0.0.0:0` to answer every 127.0.0.x) until the
/// runtime stops. Returns the bound address.
pub async fn serve<F>(addr: &str, handler: F) -> std::io::Result<SocketAddr>
where
    F: Fn(&Req) -> Reply + Send + Sync + 'static,
{
    let listener = TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let handler: Arc<Handler> = Arc::new(handler);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                continue;
            };
            let handler = handler.clone();
            tokio::spawn(async move {
                let local = sock.local_addr().unwrap_or(bound);
                let mut buf = Vec::with_capacity(1024);
                let mut tmp = [0u8; 4096];
                let head_end = loop {
                    let Ok(n) = sock.read(&mut tmp).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&tmp[..n]);
                    if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break p;
                    }
                    if buf.len() > 64 * 1024 {
                        return;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let mut lines = head.split("\r\n");
                let mut first = lines.next().unwrap_or("").split_whitespace();
                let req = Req {
                    method: first.next().unwrap_or("").to_string(),
                    path: first.next().unwrap_or("/").to_string(),
                    headers: lines
                        .filter_map(|l| l.split_once(':'))
                        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                        .collect(),
                    local,
                };
                let reply = handler(&req);
                let mut out = format!("HTTP/1.1 {} X\r\n", reply.status);
                let mut has_len = false;
                for (k, v) in &reply.headers {
                    has_len |= k.eq_ignore_ascii_case("content-length");
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                if !has_len {
                    out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
                }
                out.push_str("Connection: close\r\n\r\n");
                if sock.write_all(out.as_bytes()).await.is_err() {
                    return;
                }
                if req.method != "HEAD" {
                    match reply.trickle {
                        None => {
                            let _ = sock.write_all(&reply.body).await;
                        }
                        Some((piece, pause)) => {
                            for chunk in reply.body.chunks(piece) {
                                if sock.write_all(chunk).await.is_err() {
                                    return;
                                }
                                let _ = sock.flush().await;
                                tokio::time::sleep(pause).await;
                            }
                        }
                    }
                }
                let _ = sock.shutdown().await;
            });
        }
    });
    Ok(bound)
}
