//! The address of the person at the other end. Behind a load balancer every connection comes
//! from the balancer, so per-address login throttling would lock a whole office out at once and
//! audit rows would name the balancer; the address the balancer forwards is used instead, but
//! only from balancers the configuration trusts (anyone can send the header).

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

use axum::{
    extract::{ConnectInfo, Request},
    middleware::Next,
    response::Response,
};
use ipnet::IpNet;

/// The client's address as worked out once per request.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

/// `trusted_proxies` entries: one address (`10.0.0.5`) or a network (`10.0.0.0/24`).
pub fn parse_trusted(entries: &[String]) -> Result<Vec<IpNet>, String> {
    entries
        .iter()
        .map(|e| {
            let e = e.trim();
            e.parse::<IpNet>()
                .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!(
                        "trusted_proxies 中的「{e}」不是 IP 地址或网段（如 10.0.0.5、10.0.0.0/24）"
                    )
                })
        })
        .collect()
}

/// The peer, or, when the peer is a trusted balancer, the nearest address in
/// `X-Forwarded-For` that is not itself a trusted balancer.
pub fn client_addr(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    // Each balancer appends the address it saw, so the right end is the nearest hop.
    let hops: Vec<IpAddr> = header
        .split(',')
        .filter_map(|h| h.trim().parse().ok())
        .collect();
    hops.iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .or(hops.first())
        .copied()
        .unwrap_or(peer)
}

/// Middleware: puts the [`ClientAddr`] among the request's extensions.
pub async fn resolve(trusted: Arc<Vec<IpNet>>, mut req: Request, next: Next) -> Response {
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        let ip = client_addr(peer.ip(), forwarded, &trusted);
        req.extensions_mut().insert(ClientAddr(ip.to_string()));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_balancer_may_name_the_client() {
        let trusted = parse_trusted(&["10.0.0.5".into(), "192.168.1.0/24".into()]).unwrap();
        // A direct client's header is ignored: it could say anything.
        assert_eq!(
            client_addr(ip("203.0.113.9"), Some("1.2.3.4"), &trusted),
            ip("203.0.113.9")
        );
        // Through one balancer.
        assert_eq!(
            client_addr(ip("10.0.0.5"), Some("172.16.3.7"), &trusted),
            ip("172.16.3.7")
        );
        // Through two trusted hops; whatever the client itself put in front is skipped.
        assert_eq!(
            client_addr(
                ip("10.0.0.5"),
                Some("6.6.6.6, 172.16.3.7, 192.168.1.20"),
                &trusted
            ),
            ip("172.16.3.7")
        );
        // No header, or nothing usable in it: the balancer itself.
        assert_eq!(client_addr(ip("10.0.0.5"), None, &trusted), ip("10.0.0.5"));
        assert_eq!(
            client_addr(ip("10.0.0.5"), Some("unknown"), &trusted),
            ip("10.0.0.5")
        );
        // Nothing trusted: never read the header.
        assert_eq!(
            client_addr(ip("10.0.0.5"), Some("172.16.3.7"), &[]),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn bad_entries_are_named() {
        let err = parse_trusted(&["10.0.0.300".into()]).unwrap_err();
        assert!(err.contains("10.0.0.300"), "{err}");
        assert_eq!(parse_trusted(&["::1".into()]).unwrap().len(), 1);
    }
}
