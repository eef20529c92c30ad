//! The HTTP endpoints every service serves: `/metrics`, `/healthz`, `/readyz`.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use prometheus::{Encoder, TextEncoder};

/// Liveness and readiness as reported by `/healthz` and `/readyz`. A service with several
/// loops gives each a [`Health::part`]: it is ready while it is and every part is.
#[derive(Clone, Default, Debug)]
pub struct Health {
    ready: Arc<AtomicBool>,
    parts: Arc<std::sync::Mutex<Vec<Arc<AtomicBool>>>>,
}

impl Health {
    pub fn set_ready(&self, ready: bool) {
        self.ready.store(ready, Ordering::SeqCst);
    }
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
            && self
                .parts
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .iter()
                .all(|p| p.load(Ordering::SeqCst))
    }
    /// A part of this service's readiness, ready until it says otherwise.
    pub fn part(&self) -> Health {
        let flag = Arc::new(AtomicBool::new(true));
        self.parts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(flag.clone());
        Health {
            ready: flag,
            parts: Arc::default(),
        }
    }
}

async fn metrics() -> impl IntoResponse {
    let mut buf = Vec::new();
    let families = prometheus::gather();
    match TextEncoder::new().encode(&families, &mut buf) {
        Ok(()) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, prometheus::TEXT_FORMAT)],
            buf,
        ),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain")],
            format!("encoding metrics failed: {e}").into_bytes(),
        ),
    }
}

async fn readyz(State(h): State<Health>) -> impl IntoResponse {
    if h.is_ready() {
        (StatusCode::OK, "ready\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
    }
}

/// Bind `addr` and serve the endpoints until `shutdown` completes. Returns the bound address
/// (useful with port 0) and the server task.
pub async fn serve(
    addr: SocketAddr,
    health: Health,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<(SocketAddr, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let app = Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .with_state(health);
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(error = %e, "metrics server failed");
        }
    });
    Ok((local, task))
}

/// A service's endpoints on `addr`, when it has one, until `shutdown`: [`serve`] plus the log
/// line every service writes.
pub async fn serve_until_shutdown(
    addr: Option<SocketAddr>,
    health: &Health,
    shutdown: &crate::Shutdown,
) -> std::io::Result<()> {
    if let Some(addr) = addr {
        let s = shutdown.clone();
        let (bound, _) = serve(addr, health.clone(), async move { s.wait().await }).await?;
        tracing::info!(%bound, "serving /metrics, /healthz, /readyz");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Health;

    #[test]
    fn a_service_is_ready_only_while_every_part_is() {
        let h = Health::default();
        let (a, b) = (h.part(), h.part());
        assert!(!h.is_ready(), "not ready before the service says so");
        h.set_ready(true);
        assert!(h.is_ready());
        b.set_ready(false);
        assert!(!h.is_ready() && a.is_ready());
        b.set_ready(true);
        assert!(h.is_ready());
    }
}
