//! robots.txt (RFC 9309): groups by user-agent, Allow/Disallow with `*` and `$`, the longest
//! match wins and Allow wins a tie; plus the non-standard but widespread `Crawl-delay`.

use std::time::Duration;

/// Most bytes of a robots.txt that are read (RFC 9309 asks for at least 500 KiB).
pub const MAX_ROBOTS_BYTES: usize = 512 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    pattern: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Group {
    agents: Vec<String>,
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

/// The rules of one robots.txt that apply to one user agent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    rules: Vec<Rule>,
    /// `Crawl-delay` for our agent, capped by the caller's maximum.
    pub crawl_delay: Option<Duration>,
    /// Sitemaps it lists (for information).
    pub sitemaps: Vec<String>,
}

/// The product token of a User-Agent header: `claimwatch/0.1 (+url)` → `claimwatch`.
pub fn product_token(user_agent: &str) -> String {
    user_agent
        .split(|c: char| c == '/' || c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Robots {
    /// Everything allowed (no robots.txt, or a 4xx answer for it).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Everything disallowed (RFC 9309: a 5xx or unreachable robots.txt means "assume complete
    /// disallow" until it can be read).
    pub fn disallow_all() -> Robots {
        Robots {
            rules: vec![Rule {
                allow: false,
                pattern: "/".into(),
            }],
            ..Robots::default()
        }
    }

    /// Parse `text` and keep the group for `user_agent` (its product token matched
    /// case-insensitively), or the `*` group when none names it.
    pub fn parse(text: &str, user_agent: &str) -> Robots {
        let token = product_token(user_agent);
        let text = &text[..floor_char_boundary(text, MAX_ROBOTS_BYTES)];
        let mut groups: Vec<Group> = Vec::new();
        let mut sitemaps = Vec::new();
        // Consecutive user-agent lines open one group; a rule after them closes the header.
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" | "useragent" | "user agent" => {
                    if !in_agents {
                        groups.push(Group::default());
                        in_agents = true;
                    }
                    if let Some(g) = groups.last_mut() {
                        g.agents.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    let Some(g) = groups.last_mut() else { continue };
                    // An empty Disallow allows everything: it is no rule at all.
                    if value.is_empty() {
                        continue;
                    }
                    g.rules.push(Rule {
                        allow: key == "allow",
                        pattern: normalise_pattern(value),
                    });
                }
                "crawl-delay" | "crawl_delay" => {
                    in_agents = false;
                    let Some(g) = groups.last_mut() else { continue };
                    if let Ok(secs) = value.parse::<f64>() {
                        if secs.is_finite() && secs >= 0.0 {
                            g.crawl_delay = Some(Duration::from_secs_f64(secs.min(86_400.0)));
                        }
                    }
                }
                "sitemap" => sitemaps.push(value.to_string()),
                _ => {
                    // Unknown keys do not end the user-agent header.
                }
            }
        }
        let matches_us = |g: &Group| {
            g.agents
                .iter()
                .any(|a| !a.is_empty() && a != "*" && token.starts_with(a.as_str()))
        };
        let mut chosen: Vec<&Group> = groups.iter().filter(|g| matches_us(g)).collect();
        if chosen.is_empty() {
            chosen = groups
                .iter()
                .filter(|g| g.agents.iter().any(|a| a == "*"))
                .collect();
        }
        // Several groups for the same agent are merged (RFC 9309 §2.2.1).
        let mut robots = Robots {
            sitemaps,
            ..Robots::default()
        };
        for g in chosen {
            robots.rules.extend(g.rules.iter().cloned());
            if robots.crawl_delay.is_none() {
                robots.crawl_delay = g.crawl_delay;
            }
        }
        robots
    }

    /// Whether the path-and-query `path` (e.g. `/a/b?c=d`) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        let path = normalise_pattern(if path.is_empty() { "/" } else { path });
        if path == "/robots.txt" {
            return true;
        }
        let mut best: Option<(usize, bool)> = None;
        for r in &self.rules {
            if pattern_matches(&r.pattern, &path) {
                let len = r.pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, r.allow)),
                };
            }
        }
        best.map(|(_, allow)| allow).unwrap_or(true)
    }
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Percent-encode what needs it and upper-case existing escapes, so `/a%c3%a9`, `/aé` and
/// `/a%C3%A9` compare equal.
fn normalise_pattern(p: &str) -> String {
    let bytes = p.as_bytes();
    let mut out = String::with_capacity(p.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' && i + 2 < bytes.len() {
            let h = &p[i + 1..i + 3];
            if h.chars().all(|c| c.is_ascii_hexdigit()) {
                out.push('%');
                out.push_str(&h.to_ascii_uppercase());
                i += 3;
                continue;
            }
        }
        if b.is_ascii() && !b.is_ascii_control() && b != b' ' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
    out
}

/// `*` matches any run of characters, a final `$` anchors the end; otherwise a prefix match.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut pos = 0usize;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            pos = part.len();
            continue;
        }
        let last = i == parts.len() - 1;
        if last && anchored {
            // The last piece must sit at the very end, after `pos`.
            return path.len() >= pos + part.len() && path.ends_with(part);
        }
        match path[pos..].find(part) {
            Some(off) => pos += off + part.len(),
            None => return false,
        }
    }
    !anchored || pos == path.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &str = "\
# comment
User-agent: Googlebot
Disallow: /

User-agent: claimwatch
User-agent: otherbot
Disallow: /private
Allow: /private/ok
Disallow: /*.pdf$
Disallow: /search?
Crawl-delay: 2.5

User-agent: *
Disallow: /tmp/
Crawl-delay: 10
Sitemap: https://example.org/sitemap.xml
";

    #[test]
    fn our_group_is_chosen_and_matched() {
        let r = Robots::parse(TXT, "claimwatch/0.1 (+https://x)");
        assert_eq!(r.crawl_delay, Some(Duration::from_millis(2500)));
        assert!(r.allowed("/"));
        assert!(r.allowed("/tmp/x"), "the * group does not apply to us");
        assert!(!r.allowed("/private"));
        assert!(!r.allowed("/private/x"));
        assert!(r.allowed("/private/ok/1"), "longer allow wins");
        assert!(!r.allowed("/a/b.pdf"));
        assert!(r.allowed("/a/b.pdf?x=1"), "$ anchors the end");
        assert!(!r.allowed("/search?q=1"));
        assert!(r.allowed("/search"));
        assert!(r.allowed("/robots.txt"));
        assert_eq!(r.sitemaps, vec!["https://example.org/sitemap.xml"]);
    }

    #[test]
    fn star_group_and_defaults() {
        let r = Robots::parse(TXT, "somebot/1.0");
        assert!(!r.allowed("/tmp/a"));
        assert!(r.allowed("/private"));
        assert_eq!(r.crawl_delay, Some(Duration::from_secs(10)));
        let none = Robots::parse("User-agent: x\nDisallow: /\n", "claimwatch");
        assert!(none.allowed("/anything"));
        let empty = Robots::parse("User-agent: *\nDisallow:\n", "claimwatch");
        assert!(empty.allowed("/anything"));
        assert!(!Robots::disallow_all().allowed("/a"));
        assert!(Robots::allow_all().allowed("/a"));
    }

    #[test]
    fn tie_goes_to_allow_and_encoding_is_normalised() {
        let r = Robots::parse("User-agent: *\nDisallow: /a\nAllow: /a\n", "x");
        assert!(r.allowed("/a"));
        let r = Robots::parse("User-agent: *\nDisallow: /caf%c3%a9\n", "x");
        assert!(!r.allowed("/caf%C3%A9/menu"));
        assert!(!r.allowed("/café/menu"));
        let r = Robots::parse("User-agent: *\nDisallow: /*/edit$\n", "x");
        assert!(!r.allowed("/x/y/edit"));
        assert!(r.allowed("/x/y/edit/more"));
    }

    #[test]
    fn hostile_input_is_bounded() {
        let big = "User-agent: *\n".to_string() + &"Disallow: /*a*b*c*d*e\n".repeat(2_000);
        let r = Robots::parse(&big, "x");
        assert_eq!(r.rules.len(), 2_000);
        let path = format!("/{}", "a".repeat(2000));
        let _ = r.allowed(&path);
        let r = Robots::parse("\u{0}\u{fffd}garbage:::\nUser-agent *\n", "x");
        assert!(r.allowed("/"));
    }
}
