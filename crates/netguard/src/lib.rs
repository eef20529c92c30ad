//! The SSRF policy (`claimwatch_fetch::ssrf`) applied to outgoing HTTP requests, for every
//! service that makes them (the fetcher's pages, the webhook sink's deliveries):
//!
//! * [`GuardedResolver`] is the client's DNS resolver: only addresses the policy allows are
//!   handed to the connector, so the address that was checked is the address connected to (no
//!   window for DNS rebinding between a check and a second resolution);
//! * [`check_literal`] checks a URL whose host is a literal address, for which reqwest does not
//!   consult the resolver;
//! * [`refusal_in`] finds the resolver's refusal in the error chain of a failed request.
//!
//! Clients that use it must not follow redirects on their own (each hop is checked again by the
//! caller) and must not use a proxy (it would resolve names out of the guard's reach).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use claimwatch_fetch::ssrf::Policy;

/// A DNS resolver for reqwest that applies `policy` to every resolved address. `static_hosts`
/// pins names to addresses (tests, `/etc/hosts`-like overrides).
pub struct GuardedResolver {
    policy: Arc<Policy>,
    static_hosts: Arc<HashMap<String, IpAddr>>,
}

impl GuardedResolver {
    pub fn new(policy: Arc<Policy>, static_hosts: HashMap<String, IpAddr>) -> GuardedResolver {
        GuardedResolver {
            policy,
            static_hosts: Arc::new(static_hosts),
        }
    }
}

/// The resolver's refusal, found again in the error chain of the failed request.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ssrf guard: {}", self.0)
    }
}

impl std::error::Error for Refused {}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_string();
        let fixed = self.static_hosts.get(&host).copied();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = match fixed {
                Some(ip) => vec![SocketAddr::new(ip, 0)],
                None => tokio::net::lookup_host((host.as_str(), 0)).await?.collect(),
            };
            if policy.host_allowed(&host) {
                return Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs);
            }
            let mut refused = None;
            let ok: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|a| match policy.check(a.ip()) {
                    Ok(()) => true,
                    Err(b) => {
                        refused = Some((a.ip(), b));
                        false
                    }
                })
                .collect();
            if ok.is_empty() {
                let why = match refused {
                    Some((ip, b)) => format!("{host} resolves to {ip} ({})", b.as_str()),
                    None => format!("{host} has no address"),
                };
                return Err(Box::new(Refused(why)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(ok.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The guard's refusal in an error chain, if that is why a request failed.
pub fn refusal_in(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(s) = err.downcast_ref::<Refused>() {
            return Some(s.to_string());
        }
        cur = err.source();
    }
    None
}

/// For a URL whose host is a literal address (the resolver is not consulted for those): the
/// refusal, when the policy does not allow it. Names pass here; the resolver checks them.
pub fn check_literal(policy: &Policy, url: &url::Url) -> Result<(), String> {
    let Some(ip) = claimwatch_fetch::ssrf::literal_ip(url) else {
        return Ok(());
    };
    policy
        .check(ip)
        .map_err(|b| format!("ssrf guard: {ip} is {}", b.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::dns::Resolve;

    fn resolve(r: &GuardedResolver, host: &str) -> Result<Vec<SocketAddr>, String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let name: reqwest::dns::Name = host.parse().unwrap();
        rt.block_on(r.resolve(name))
            .map(|a| a.collect())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn internal_addresses_are_refused_unless_allowed() {
        let hosts: HashMap<String, IpAddr> = [
            ("inside.test".to_string(), "10.1.2.3".parse().unwrap()),
            ("outside.test".to_string(), "93.184.216.34".parse().unwrap()),
        ]
        .into();
        let guarded = GuardedResolver::new(Arc::new(Policy::guarded()), hosts.clone());
        let err = resolve(&guarded, "inside.test").unwrap_err();
        assert!(err.contains("inside.test resolves to 10.1.2.3"), "{err}");
        assert_eq!(resolve(&guarded, "outside.test").unwrap().len(), 1);
        let allowed = GuardedResolver::new(
            Arc::new(Policy::with_allow_list(&["10.0.0.0/8"]).unwrap()),
            hosts,
        );
        assert_eq!(resolve(&allowed, "inside.test").unwrap().len(), 1);
    }

    #[test]
    fn literal_addresses_are_checked_without_the_resolver() {
        let p = Policy::guarded();
        let url = |s: &str| url::Url::parse(s).unwrap();
        assert!(check_literal(&p, &url("http://127.0.0.1:8080/hook")).is_err());
        assert!(check_literal(&p, &url("http://[::1]/hook")).is_err());
        assert!(check_literal(&p, &url("http://169.254.169.254/latest")).is_err());
        // The URL parser turns other spellings of an address into the address.
        assert!(check_literal(&p, &url("http://2130706433/")).is_err());
        assert!(check_literal(&p, &url("http://0x7f.1/")).is_err());
        assert!(check_literal(&p, &url("https://93.184.216.34/")).is_ok());
        assert!(check_literal(&p, &url("https://hooks.example/x")).is_ok());
        let allowed = Policy::with_allow_list(&["127.0.0.1"]).unwrap();
        assert!(check_literal(&allowed, &url("http://127.0.0.1:8080/hook")).is_ok());
    }
}
