//! SSRF rules: which resolved addresses the fetcher may connect to. A feed is untrusted input,
//! and so is every link and redirect in it; without these rules a feed item could make the
//! fetcher read a cloud metadata endpoint or an internal admin page and publish it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

/// Why an address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    Loopback,
    Private,
    LinkLocal,
    SharedCgnat,
    Multicast,
    Unspecified,
    Broadcast,
    Documentation,
    Reserved,
    UniqueLocal,
}

impl Blocked {
    pub fn as_str(self) -> &'static str {
        match self {
            Blocked::Loopback => "loopback",
            Blocked::Private => "private",
            Blocked::LinkLocal => "link_local",
            Blocked::SharedCgnat => "cgnat",
            Blocked::Multicast => "multicast",
            Blocked::Unspecified => "unspecified",
            Blocked::Broadcast => "broadcast",
            Blocked::Documentation => "documentation",
            Blocked::Reserved => "reserved",
            Blocked::UniqueLocal => "unique_local",
        }
    }
}

/// Classify an IPv4 address; `None` if it is a public unicast address.
pub fn classify_v4(ip: Ipv4Addr) -> Option<Blocked> {
    let o = ip.octets();
    if ip.is_unspecified() || o[0] == 0 {
        Some(Blocked::Unspecified)
    } else if ip.is_loopback() {
        Some(Blocked::Loopback)
    } else if ip.is_private() {
        Some(Blocked::Private)
    } else if ip.is_link_local() {
        // 169.254.0.0/16, which holds the cloud metadata endpoint 169.254.169.254.
        Some(Blocked::LinkLocal)
    } else if o[0] == 100 && (o[1] & 0xc0) == 64 {
        Some(Blocked::SharedCgnat)
    } else if ip.is_multicast() {
        Some(Blocked::Multicast)
    } else if ip.is_broadcast() {
        Some(Blocked::Broadcast)
    } else if ip.is_documentation() {
        Some(Blocked::Documentation)
    } else if o[0] >= 240
        || (o[0] == 192 && o[1] == 0 && o[2] == 0)
        || (o[0] == 198 && (o[1] & 0xfe) == 18)
    {
        // 240/4 reserved, 192.0.0/24 IETF protocol assignments, 198.18/15 benchmarking.
        Some(Blocked::Reserved)
    } else {
        None
    }
}

/// Classify an IPv6 address; IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms are judged by
/// the IPv4 address they carry.
pub fn classify_v6(ip: Ipv6Addr) -> Option<Blocked> {
    let s = ip.segments();
    if ip.is_unspecified() {
        return Some(Blocked::Unspecified);
    }
    if ip.is_loopback() {
        return Some(Blocked::Loopback);
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    // ::a.b.c.d (deprecated IPv4-compatible) and 64:ff9b::a.b.c.d (NAT64).
    if (s[0..6] == [0, 0, 0, 0, 0, 0]) || (s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4]) {
        let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        return classify_v4(v4).or(Some(Blocked::Reserved).filter(|_| s[0] == 0));
    }
    // 2002::/16 6to4 embeds an IPv4 address in the next 32 bits.
    if s[0] == 0x2002 {
        let v4 = Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8);
        if let Some(b) = classify_v4(v4) {
            return Some(b);
        }
    }
    if (s[0] & 0xfe00) == 0xfc00 {
        Some(Blocked::UniqueLocal)
    } else if (s[0] & 0xffc0) == 0xfe80 || (s[0] & 0xffc0) == 0xfec0 {
        // fe80::/10 link-local and the deprecated site-local fec0::/10.
        Some(Blocked::LinkLocal)
    } else if (s[0] & 0xff00) == 0xff00 {
        Some(Blocked::Multicast)
    } else if s[0] == 0x2001 && s[1] == 0x0db8 {
        Some(Blocked::Documentation)
    } else {
        None
    }
}

pub fn classify(ip: IpAddr) -> Option<Blocked> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

/// The SSRF policy in effect: on by default, with an explicit allow-list of networks and host
/// names that are trusted even though they are internal (tests, an intranet feed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// When false, every address is allowed (the guard is off).
    pub enabled: bool,
    /// Networks whose addresses are allowed even if internal.
    pub allow_nets: Vec<IpNet>,
    /// Host names (lowercase, exact) whose resolved addresses are allowed even if internal.
    pub allow_hosts: Vec<String>,
}

impl Policy {
    /// The default: guard on, nothing allowed beyond public addresses.
    pub fn guarded() -> Policy {
        Policy {
            enabled: true,
            ..Policy::default()
        }
    }

    /// Build from allow-list entries: each is a CIDR (`10.0.0.0/8`), a bare address
    /// (`127.0.0.1`) or a host name (`intranet.example`).
    pub fn with_allow_list<S: AsRef<str>>(entries: &[S]) -> Result<Policy, String> {
        let mut p = Policy::guarded();
        for e in entries {
            let e = e.as_ref().trim();
            if e.is_empty() {
                continue;
            }
            if let Ok(net) = e.parse::<IpNet>() {
                p.allow_nets.push(net);
            } else if let Ok(ip) = e.parse::<IpAddr>() {
                p.allow_nets.push(IpNet::from(ip));
            } else if e
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
                && !e.contains('/')
            {
                p.allow_hosts.push(e.to_ascii_lowercase());
            } else {
                return Err(format!(
                    "ssrf allow-list entry `{e}` is neither a CIDR, an address nor a host name"
                ));
            }
        }
        Ok(p)
    }

    /// Whether the host name itself is trusted (its addresses are not checked).
    pub fn host_allowed(&self, host: &str) -> bool {
        !self.enabled
            || self
                .allow_hosts
                .iter()
                .any(|h| h.eq_ignore_ascii_case(host.trim_end_matches('.')))
    }

    /// `Err(reason)` when connecting to `ip` is refused.
    pub fn check(&self, ip: IpAddr) -> Result<(), Blocked> {
        if !self.enabled {
            return Ok(());
        }
        let canonical = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        if self
            .allow_nets
            .iter()
            .any(|n| n.contains(&ip) || n.contains(&canonical))
        {
            return Ok(());
        }
        match classify(ip) {
            Some(b) => Err(b),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &str) -> Option<Blocked> {
        classify(s.parse().unwrap())
    }

    #[test]
    fn internal_addresses_are_blocked() {
        assert_eq!(b("127.0.0.1"), Some(Blocked::Loopback));
        assert_eq!(b("127.255.0.9"), Some(Blocked::Loopback));
        assert_eq!(b("10.1.2.3"), Some(Blocked::Private));
        assert_eq!(b("172.16.0.1"), Some(Blocked::Private));
        assert_eq!(b("172.31.255.255"), Some(Blocked::Private));
        assert_eq!(b("192.168.1.1"), Some(Blocked::Private));
        assert_eq!(b("169.254.169.254"), Some(Blocked::LinkLocal));
        assert_eq!(b("100.64.0.1"), Some(Blocked::SharedCgnat));
        assert_eq!(b("100.127.255.255"), Some(Blocked::SharedCgnat));
        assert_eq!(b("224.0.0.1"), Some(Blocked::Multicast));
        assert_eq!(b("0.0.0.0"), Some(Blocked::Unspecified));
        assert_eq!(b("0.1.2.3"), Some(Blocked::Unspecified));
        assert_eq!(b("255.255.255.255"), Some(Blocked::Broadcast));
        assert_eq!(b("::1"), Some(Blocked::Loopback));
        assert_eq!(b("::"), Some(Blocked::Unspecified));
        assert_eq!(b("fd00::1"), Some(Blocked::UniqueLocal));
        assert_eq!(b("fc12::1"), Some(Blocked::UniqueLocal));
        assert_eq!(b("fe80::1"), Some(Blocked::LinkLocal));
        assert_eq!(b("ff02::1"), Some(Blocked::Multicast));
        assert_eq!(b("::ffff:127.0.0.1"), Some(Blocked::Loopback));
        assert_eq!(b("::ffff:169.254.169.254"), Some(Blocked::LinkLocal));
        assert_eq!(b("::ffff:10.0.0.1"), Some(Blocked::Private));
        assert_eq!(b("::127.0.0.1"), Some(Blocked::Loopback));
        assert_eq!(b("64:ff9b::a9fe:a9fe"), Some(Blocked::LinkLocal));
        assert_eq!(b("2002:7f00:1::"), Some(Blocked::Loopback));
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "2002:0808:0808::1",
        ] {
            assert_eq!(b(ip), None, "{ip}");
        }
    }

    #[test]
    fn allow_list_overrides() {
        let p = Policy::guarded();
        assert!(p.check("127.0.0.1".parse().unwrap()).is_err());
        assert!(p.check("8.8.8.8".parse().unwrap()).is_ok());
        let p = Policy::with_allow_list(&["127.0.0.0/8", "10.0.0.5", "Intranet.Example"]).unwrap();
        assert!(p.check("127.0.0.2".parse().unwrap()).is_ok());
        assert!(p.check("::ffff:127.0.0.2".parse().unwrap()).is_ok());
        assert!(p.check("10.0.0.5".parse().unwrap()).is_ok());
        assert!(p.check("10.0.0.6".parse().unwrap()).is_err());
        assert!(p.check("169.254.169.254".parse().unwrap()).is_err());
        assert!(p.host_allowed("intranet.example"));
        assert!(!p.host_allowed("other.example"));
        assert!(Policy::with_allow_list(&["not a/net"]).is_err());
        let off = Policy::default();
        assert!(off.check("127.0.0.1".parse().unwrap()).is_ok());
    }
}
