//! Items written as `.page` files: an article's plain text and the invented news site that
//! carries it, rendered into that site's page layout before extraction, so that every item
//! meets a real page's boilerplate (cookie banner, navigation, byline, related links, footer)
//! while the skeleton of each layout is written once, in `sites/` of the set.
//!
//! A `.page` file: header lines `key: value` (`site`, `author`, `date`), a blank line, the
//! title line, a blank line, then paragraphs separated by blank lines: the `.txt` item format
//! under a header. `sites/sites.toml` holds one table per site (its layout and its strings);
//! `sites/<layout>.html` holds a layout with `{{field}}` slots, and the lines `{{nav}}`,
//! `{{related}}` and `{{body}}` expand to one element per line at their indentation. Every
//! value is text and is escaped for HTML.

use std::collections::BTreeMap;
use std::path::Path;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Site {
    layout: String,
    lang: String,
    name: String,
    cookie: String,
    nav: Vec<String>,
    /// The byline's text, with `{{author}}` where the item's author goes.
    byline: String,
    related_title: String,
    related: Vec<String>,
    footer: String,
}

/// The sites of one set, read once.
pub struct Sites {
    dir: std::path::PathBuf,
    sites: BTreeMap<String, Site>,
}

impl Sites {
    /// Reads `dir/sites.toml`; a set without that folder has no sites (its `.page` items
    /// then fail with a clear error).
    pub fn load(dir: &Path) -> Result<Sites, String> {
        let path = dir.join("sites.toml");
        let sites = match std::fs::read_to_string(&path) {
            Ok(s) => toml::from_str(&s).map_err(|e| format!("{}: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Ok(Sites {
            dir: dir.to_path_buf(),
            sites,
        })
    }

    /// The HTML page of one `.page` item.
    pub fn render(&self, page: &str) -> Result<String, String> {
        let (header, text) = page
            .split_once("\n\n")
            .ok_or("no blank line after the header")?;
        let mut fields = BTreeMap::new();
        for line in header.lines() {
            let (k, v) = line
                .split_once(": ")
                .ok_or_else(|| format!("header line without `key: value`: {line:?}"))?;
            fields.insert(k, v);
        }
        let field = |k: &str| {
            fields
                .get(k)
                .copied()
                .ok_or(format!("no `{k}:` in the header"))
        };
        let site_id = field("site")?;
        let site = self
            .sites
            .get(site_id)
            .ok_or_else(|| format!("unknown site {site_id:?}"))?;
        let (title, body) = text
            .split_once("\n\n")
            .ok_or("no blank line after the title")?;
        let paragraphs: Vec<&str> = body.split("\n\n").map(str::trim_end).collect();

        let layout_path = self.dir.join(format!("{}.html", site.layout));
        let layout = std::fs::read_to_string(&layout_path)
            .map_err(|e| format!("{}: {e}", layout_path.display()))?;
        let byline = site.byline.replace("{{author}}", field("author")?);
        let slot = |name: &str| -> Option<&str> {
            Some(match name {
                "lang" => site.lang.as_str(),
                "name" => site.name.as_str(),
                "cookie" => site.cookie.as_str(),
                "byline" => byline.as_str(),
                "related_title" => site.related_title.as_str(),
                "footer" => site.footer.as_str(),
                "title" => title,
                "date" => *fields.get("date")?,
                _ => return None,
            })
        };
        let mut out = String::with_capacity(layout.len() + page.len());
        for line in layout.split_inclusive('\n') {
            let indent = &line[..line.len() - line.trim_start().len()];
            let items: Option<Vec<String>> = match line.trim() {
                "{{nav}}" => Some(
                    (site.nav.iter().enumerate())
                        .map(|(i, t)| format!("<li><a href=\"/{i}/\">{}</a></li>", escape(t)))
                        .collect(),
                ),
                "{{related}}" => Some(
                    (site.related.iter().enumerate())
                        .map(|(i, t)| {
                            let n = 1000 + 37 * i;
                            format!("<li><a href=\"/story/{n}\">{}</a></li>", escape(t))
                        })
                        .collect(),
                ),
                "{{body}}" => Some(
                    (paragraphs.iter())
                        .map(|p| format!("<p>{}</p>", escape(p)))
                        .collect(),
                ),
                _ => None,
            };
            match items {
                Some(items) => {
                    for item in items {
                        out.push_str(indent);
                        out.push_str(&item);
                        out.push('\n');
                    }
                }
                None => fill(line, &slot, &mut out).map_err(|e| format!("{site_id}: {e}"))?,
            }
        }
        Ok(out)
    }
}

/// Copies `line` to `out` with each `{{name}}` replaced by its escaped value.
fn fill<'a>(
    mut line: &str,
    slot: &impl Fn(&str) -> Option<&'a str>,
    out: &mut String,
) -> Result<(), String> {
    while let Some(start) = line.find("{{") {
        let end = line[start..]
            .find("}}")
            .ok_or_else(|| format!("unclosed slot in {line:?}"))?;
        let name = &line[start + 2..start + end];
        let value = slot(name).ok_or_else(|| format!("no value for the slot {{{{{name}}}}}"))?;
        out.push_str(&line[..start]);
        out.push_str(&escape(value));
        line = &line[start + end + 2..];
    }
    out.push_str(line);
    Ok(())
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}
