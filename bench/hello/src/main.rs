//! The ceiling for page throughput: the same HTTP stack with no session, database or template.

use axum::{Router, routing::get};

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".into());
    let app = Router::new().route("/", get(|| async { "您好" }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("hello listening on {addr}");
    axum::serve(listener, app).await.expect("serve");
}
