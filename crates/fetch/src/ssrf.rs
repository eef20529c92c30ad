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

/// The IPv4 address in the last 32 bits of `s`.
fn low_v4(s: &[u16; 8]) -> Ipv4Addr {
    Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8)
}

/// Classify an IPv6 address; IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64, 6to4 and
/// Teredo forms are judged by the IPv4 address they carry, and the transition prefixes that
/// only make sense inside one network (local-use NAT64) are refused whatever they carry.
pub fn classify_v6(ip: Ipv6Addr) -> Option<Blocked> {
    let s = ip.segments();
    if ip.is_unspecified() {
        return Some(Blocked::Unspecified);
    }
    if ip.is_loopback() {
        return Some(Blocked::Loopback);
    }
    // ::ffff:0:0/96, IPv4-mapped (::ffff:a.b.c.d).
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    // ::ffff:0:0:0/96, IPv4-translated (SIIT, RFC 2765): ::ffff:0:a.b.c.d. Never a valid
    // destination on the wire; refused even when it carries a public address.
    if s[0..4] == [0; 4] && s[4] == 0xffff && s[5] == 0 {
        return classify_v4(low_v4(&s)).or(Some(Blocked::Reserved));
    }
    // ::a.b.c.d (deprecated IPv4-compatible) and 64:ff9b::/96 (well-known NAT64 prefix).
    if s[0..6] == [0; 6] {
        return classify_v4(low_v4(&s)).or(Some(Blocked::Reserved));
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4] {
        return classify_v4(low_v4(&s));
    }
    // 64:ff9b:1::/48, the local-use NAT64 prefix (RFC 8215): the translator is inside the
    // operator's network and where the IPv4 address sits depends on its prefix length, so the
    // whole prefix is internal.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1 {
        return Some(Blocked::Private);
    }
    // 2001::/32 Teredo: the client's IPv4 address is the last 32 bits, inverted, and the
    // server's is bits 32..64. A tunnel endpoint is never a feed; refuse the prefix, naming the
    // internal address when it carries one.
    if s[0] == 0x2001 && s[1] == 0 {
        let client = Ipv4Addr::from(!u32::from(low_v4(&s)));
        let server = Ipv4Addr::new((s[2] >> 8) as u8, s[2] as u8, (s[3] >> 8) as u8, s[3] as u8);
        return classify_v4(server)
            .or(classify_v4(client))
            .or(Some(Blocked::Reserved));
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
    } else if (s[0] == 0x2001 && s[1] == 0x0db8) || (s[0] & 0xfff0) == 0x3ff0 {
        // 2001:db8::/32 and 3fff::/20 (RFC 9637).
        Some(Blocked::Documentation)
    } else if (s[0] == 0x0100 && s[1..4] == [0; 3]) || (s[0] == 0x2001 && s[1] < 0x0200) {
        // 100::/64 discard-only; the rest of 2001::/23, IETF protocol assignments
        // (benchmarking 2001:2::/48, ORCHID, AMT, …): no feed lives there.
        Some(Blocked::Reserved)
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

/// The address a URL names literally (`http://127.0.0.1/`, `http://[::1]/`), as the URL
/// parser read it: decimal (`2130706433`), octal (`0177.0.0.1`), hex (`0x7f.1`) and mixed
/// spellings of IPv4 are already numbers here. `None` for a host name, which is checked when it
/// is resolved.
pub fn literal_ip(url: &url::Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

/// The SSRF policy in effect: on by default (`Policy::default()` is `Policy::guarded()`), with
/// an explicit allow-list of networks and host names that are trusted even though they are
/// internal (tests, an intranet feed). `Policy::off()` turns the guard off, and must be asked
/// for by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// When false, every address is allowed (the guard is off).
    pub enabled: bool,
    /// Networks whose addresses are allowed even if internal.
    pub allow_nets: Vec<IpNet>,
    /// Host names (lowercase, exact) whose resolved addresses are allowed even if internal.
    pub allow_hosts: Vec<String>,
}

impl Default for Policy {
    /// Guard on, nothing allowed beyond public addresses.
    fn default() -> Policy {
        Policy::guarded()
    }
}

impl Policy {
    /// The default: guard on, nothing allowed beyond public addresses.
    pub fn guarded() -> Policy {
        Policy {
            enabled: true,
            allow_nets: Vec::new(),
            allow_hosts: Vec::new(),
        }
    }

    /// The guard off: every address is allowed.
    pub fn off() -> Policy {
        Policy {
            enabled: false,
            ..Policy::guarded()
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
        let off = Policy::off();
        assert!(off.check("127.0.0.1".parse().unwrap()).is_ok());
    }

    #[test]
    fn default_policy_is_guarded() {
        let p = Policy::default();
        assert!(p.enabled);
        assert_eq!(p, Policy::guarded());
        assert_eq!(
            p.check("169.254.169.254".parse().unwrap()),
            Err(Blocked::LinkLocal)
        );
        assert!(!p.host_allowed("anything.example"));
    }

    #[test]
    fn transition_prefixes_are_judged() {
        // Teredo: server 65.54.227.120 (public), client 127.0.0.1 inverted = 80ff:fffe.
        assert_eq!(
            b("2001:0:4136:e378:8000:63bf:80ff:fffe"),
            Some(Blocked::Loopback)
        );
        // Client 10.0.0.1 inverted = f5ff:fffe.
        assert_eq!(
            b("2001:0:4136:e378:8000:63bf:f5ff:fffe"),
            Some(Blocked::Private)
        );
        // Server 192.168.0.1 carried in bits 32..64.
        assert_eq!(b("2001:0:c0a8:1::1"), Some(Blocked::Private));
        // A Teredo address carrying only public addresses is still a tunnel endpoint.
        assert_eq!(
            b("2001:0:4136:e378:8000:63bf:f7f7:f7f7"),
            Some(Blocked::Reserved)
        );
        // Local-use NAT64 (RFC 8215), whatever it carries.
        assert_eq!(b("64:ff9b:1::a9fe:a9fe"), Some(Blocked::Private));
        assert_eq!(b("64:ff9b:1::808:808"), Some(Blocked::Private));
        assert_eq!(b("64:ff9b:1:ab00::1"), Some(Blocked::Private));
        // The well-known NAT64 prefix carries a routable address: judged by it.
        assert_eq!(b("64:ff9b::808:808"), None);
        assert_eq!(b("64:ff9b::7f00:1"), Some(Blocked::Loopback));
        // ::ffff:0:0/96, IPv4-mapped, in every spelling.
        assert_eq!(b("::ffff:7f00:1"), Some(Blocked::Loopback));
        assert_eq!(b("0:0:0:0:0:ffff:a00:1"), Some(Blocked::Private));
        assert_eq!(b("::FFFF:169.254.169.254"), Some(Blocked::LinkLocal));
        // ::ffff:0:0:0/96, IPv4-translated (SIIT).
        assert_eq!(b("::ffff:0:7f00:1"), Some(Blocked::Loopback));
        assert_eq!(b("::ffff:0:a9fe:a9fe"), Some(Blocked::LinkLocal));
        assert_eq!(b("::ffff:0:808:808"), Some(Blocked::Reserved));
        // IPv4-compatible carrying a public address: deprecated, never routed.
        assert_eq!(b("::8.8.8.8"), Some(Blocked::Reserved));
        // Other IETF special-purpose ranges.
        assert_eq!(b("2001:2::1"), Some(Blocked::Reserved));
        assert_eq!(b("100::1"), Some(Blocked::Reserved));
        assert_eq!(b("3fff::1"), Some(Blocked::Documentation));
        // Outside them, ordinary global unicast in 2001::/16 passes.
        assert_eq!(b("2001:4860:4860::8888"), None);
        assert_eq!(b("2001:200::1"), None);
    }

    fn url_verdict(raw: &str) -> Result<(), Blocked> {
        let url = url::Url::parse(raw).unwrap();
        let ip = literal_ip(&url).unwrap_or_else(|| panic!("{raw}: no literal address"));
        Policy::guarded().check(ip)
    }

    #[test]
    fn ipv4_literal_spellings_are_caught() {
        for (raw, want) in [
            // decimal
            ("http://2130706433/", Blocked::Loopback),
            ("http://2852039166/latest/meta-data/", Blocked::LinkLocal),
            ("http://167772161:8080/", Blocked::Private),
            // octal
            ("http://0177.0.0.1/", Blocked::Loopback),
            ("http://0251.0376.0251.0376/", Blocked::LinkLocal),
            ("http://012.0.0.01/", Blocked::Private),
            // hex
            ("http://0x7f000001/", Blocked::Loopback),
            ("http://0xa9.0xfe.0xa9.0xfe/", Blocked::LinkLocal),
            ("http://0XC0.0XA8.0X1.0X1/", Blocked::Private),
            // mixed, and short forms (a.b.c with c filling the low 16 bits, a.b with b 24)
            ("http://0x7f.0.0.01/", Blocked::Loopback),
            ("http://0xa9.254.0251.0xfe/", Blocked::LinkLocal),
            ("http://127.1/", Blocked::Loopback),
            ("http://10.1/", Blocked::Private),
            ("http://169.254.43518/", Blocked::LinkLocal),
            ("http://0x7f.1/", Blocked::Loopback),
            ("http://0/", Blocked::Unspecified),
            // trailing dot and userinfo do not hide the address
            ("http://127.0.0.1./", Blocked::Loopback),
            ("http://feed@0x7f.1/", Blocked::Loopback),
            ("https://user:pw@2130706433:443/x?y=1", Blocked::Loopback),
        ] {
            assert_eq!(url_verdict(raw), Err(want), "{raw}");
        }
        assert_eq!(
            url_verdict("http://134744072/"),
            Ok(()),
            "8.8.8.8 in decimal"
        );
        assert_eq!(url_verdict("http://0x08.0x08.010.8/"), Ok(()));
    }

    #[test]
    fn ipv6_literal_spellings_are_caught() {
        for (raw, want) in [
            ("http://[::1]/", Blocked::Loopback),
            ("http://[0:0:0:0:0:0:0:1]/", Blocked::Loopback),
            ("http://[0000::0001]:80/", Blocked::Loopback),
            ("http://[::]/", Blocked::Unspecified),
            ("http://[::ffff:127.0.0.1]/", Blocked::Loopback),
            ("http://[::ffff:7f00:1]/", Blocked::Loopback),
            (
                "http://[0:0:0:0:0:ffff:169.254.169.254]/",
                Blocked::LinkLocal,
            ),
            ("http://[::127.0.0.1]/", Blocked::Loopback),
            ("http://[64:ff9b::169.254.169.254]/", Blocked::LinkLocal),
            ("http://[64:ff9b:1::10.0.0.1]/", Blocked::Private),
            ("http://[::ffff:0:127.0.0.1]/", Blocked::Loopback),
            ("http://[2002:a9fe:a9fe::]/", Blocked::LinkLocal),
            (
                "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
                Blocked::Loopback,
            ),
            ("http://[FE80::1]/", Blocked::LinkLocal),
            ("http://[fd12:3456::1]/", Blocked::UniqueLocal),
            ("http://[ff05::2]/", Blocked::Multicast),
        ] {
            assert_eq!(url_verdict(raw), Err(want), "{raw}");
        }
        assert_eq!(url_verdict("http://[2606:4700::1111]/"), Ok(()));
        // A host name is not a literal: the resolver checks what it resolves to.
        assert_eq!(
            literal_ip(&url::Url::parse("http://localhost/").unwrap()),
            None
        );
        assert_eq!(
            literal_ip(&url::Url::parse("http://0x7f.example/").unwrap()),
            None
        );
    }
}
