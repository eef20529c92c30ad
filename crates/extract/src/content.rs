//! Main-text detection on the lean DOM.
//!
//! 1. **Pruning.** Subtrees that are never article text are skipped everywhere: navigation and page
//!    chrome by tag (`nav`, `aside`, `footer`, `figure` unless it frames a table, a quote or a code
//!    listing, ...), by ARIA role, by `hidden` / `display:none`, and by boilerplate words in
//!    `class`/`id` (comments, related, share, newsletter, a call to action, ...), unless the same attribute also
//!    names article content; a name of the author ("post-author", `itemprop="author"`) is
//!    boilerplate whatever else it says, and a box about the writer never comes back as a
//!    body of prose (below). Inside `<pre>` and `<code>` class names are a highlighter's
//!    ("hljs-comment") and prune nothing. An element under a weak name whose text is all one
//!    unlinked heading (below the headline) is a section title that a page builder wraps in a
//!    "widget", and stays. A region of chrome by tag or role that holds nearly all of the page's
//!    prose (an unclosed `<aside>`) is not pruned, and a tab list is not chrome (accordions put
//!    their panels in it); nor is an element under a weak boilerplate class name, or hidden by
//!    markup, that reads as a body of prose of its own (long paragraphs, hardly any links) and does
//!    not repeat the page's other text. On a thread (next to no prose outside elements named as
//!    comments), posts of a kind are judged together, like the blocks of a page builder. Names of
//!    presentation ("carousel", "widget", "teaser") are not boilerplate on a page where the blocks
//!    so named hold more reading text than all the rest; so is markup that hides the pieces of a
//!    page rendered in parts, each read once. One body of prose under a strong name (not several
//!    posts of a kind) is kept when it holds over half of the page's prose. Several elements of
//!    one kind (tag and first class name) under a weak name, with text to read, are kept when
//!    their distinct texts together hold a quarter of the page's reading text outside pruned
//!    elements (the cards of a page whose builder names them "banner"); a lone caption or
//!    byline, or one caption copied under every photo, is not so kept. On a page that declares
//!    a product (schema.org `Product`), elements named as reviews are its visitors' comments.
//! 2. **Blocks.** Text is grouped into blocks: the text of a block element (`p`, `li`, `div`
//!    with loose text, ...) together with its inline descendants. Each block knows its length
//!    and how much of it is link text.
//! 3. **Scoring.** A block that reads like prose (long enough, few links) gives its parent its
//!    length and its grandparent half of it, with a bonus for commas and sentence ends. The
//!    element with the best score, damped by its own link density and nudged by content-like
//!    or boilerplate-like class names, is the main container.
//! 4. **Sibling merge.** Siblings of the container that also hold prose (an article body split
//!    into several wrappers, a lead paragraph outside the body div) join it, in document order;
//!    after it, a block of another kind (tag and first class) only with a quarter of its prose
//!    (a short one is an appendix: a call to action, a disclaimer).
//!    Before the selection (or above the one container it is widened to, step 5), a run of
//!    sibling paragraphs joins with a paragraph of prose of any share: the opening paragraphs
//!    in a wrapper of their own, or in several short ones, above the body.
//! 5. **Repeated items and widening.** When the container sits in one of several elements
//!    of the same kind (tag and first class: the posts of a thread, the answers under a
//!    question, the entries of a listing), all of them are the main text. When the selection
//!    still holds implausibly little of the page's reading text (under two thirds, unless it
//!    is a long text of several paragraphs, or such a text inside the page's `<main>`, which
//!    is widened up to `<main>` only), its nearest ancestor that holds two thirds, and is not
//!    mostly links, takes its place; a selection over half of the page only for an ancestor
//!    that adds paragraphs (not a headline, byline and standfirst alone).
//! 6. **Output filter.** Inside the kept region, blocks that are mostly links (related lists,
//!    tag clouds), and short lines that are page furniture ("Advertisement", "Share this"), are
//!    dropped (but not a list item that says more than its link, between paragraphs of the
//!    text: the members of an API, each linked to its page); on a widened page that is not
//!    mostly prose, only short link lines are.
//!
//! A page that is hardly prose at all (a listing whose entries are links) is widened by all
//! its text, links included, and keeps its item names, however short the names of a list of
//! several entries.
//!
//! Hidden markup (`hidden`, inline `display:none`, `aria-hidden`) is never scored, but comes
//! back when it holds most of the page (a streamed rendering) or reads as prose inside the
//! chosen container (a collapsed answer, the closed panel of an accordion); so does a panel
//! that only its class hides ("answer hidden") and that reads as prose, unless it copies text
//! the page shows or several such panels repeat one text. Classes that hide an element on some screens only, or hide
//! just its overflow, are not boilerplate; nor is a class name that the page gives to nearly
//! all of its text blocks. A plain "hide" or "hidden" class prunes its element whatever
//! content word another class says ("text-left"), and such an element is read only when it
//! is the whole page, not when it holds most of its prose (a hidden promotion bar).

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use html5ever::{local_name, LocalName};

use crate::chars::push_normalized;
use crate::dom::{walk, Data, Dom, Element, NodeId, Visit, NONE, ROOT};

/// Elements whose subtree is never main text.
fn is_skipped_tag(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("nav")
            | local_name!("footer")
            | local_name!("aside")
            | local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("template")
            | local_name!("svg")
            | local_name!("math")
            | local_name!("iframe")
            | local_name!("button")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("object")
            | local_name!("embed")
            | local_name!("canvas")
            | local_name!("video")
            | local_name!("audio")
            | local_name!("dialog")
            | local_name!("menu")
            | local_name!("input")
            | local_name!("head")
            | local_name!("title")
            | local_name!("label")
            | local_name!("option")
            | local_name!("picture")
            | local_name!("map")
    )
}

/// Words in a class or id that mark boilerplate.
const BOILERPLATE_WORDS: &[&str] = &[
    "comment",
    "comments",
    "related",
    "share",
    "sharing",
    "social",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "menu",
    "nav",
    "navigation",
    "footer",
    "masthead",
    "byline",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "dfp",
    "banner",
    "popup",
    "modal",
    "recommended",
    "recommendations",
    "recirc",
    "recirculation",
    "trending",
    "popular",
    "hidden",
    "caption",
    "credit",
    "credits",
    "author",
    "bio",
    "tags",
    "tag",
    "topics",
    "toolbar",
    "sponsor",
    "sponsored",
    "outbrain",
    "taboola",
    "disqus",
    "print",
    "skip",
    "jump",
    "dateline",
    "timestamp",
    "meta",
    "widget",
    "login",
    "signin",
    "rail",
    "more",
    "next",
    "prev",
    "pagination",
    "embed",
    "video",
    "gallery",
    "slideshow",
    "carousel",
    "lightbox",
    "headline",
    "kicker",
    "eyebrow",
    "overlay",
    "follow",
    "contributor",
    "disclaimer",
    "hide",
    "invisible",
    "offscreen",
    "sronly",
    "visually",
    "sr",
    "teaser",
    "teasers",
    "tooltip",
    "cta",
    "calltoaction",
];

/// Endings that keep a class word boilerplate: `navbar`, `sharetools`, `commentlist`.
fn is_boilerplate_suffix(rest: &str) -> bool {
    matches!(
        rest,
        "s" | "bar"
            | "box"
            | "list"
            | "links"
            | "block"
            | "area"
            | "section"
            | "wrapper"
            | "wrap"
            | "container"
            | "ing"
            | "igation"
            | "item"
            | "items"
            | "button"
            | "buttons"
            | "tools"
            | "widget"
            | "form"
            | "thread"
            | "icons"
            | "count"
            | "info"
            | "unit"
            | "module"
            | "panel"
            | "column"
            | "content"
            | "text"
            | "name"
            | "line"
    )
}

/// Words in a class or id that mark article content (they protect an element from the
/// boilerplate words, and raise its score).
const CONTENT_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "prose",
    "richtext",
    "paragraph",
    "copy",
];

/// Splits a class/id value into lowercase words at non-alphanumerics and camelCase humps.
pub(crate) fn class_words(value: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut buf = String::new();
    for_each_class_word(value, &mut buf, |w| words.push(w.to_string()));
    words
}

/// Calls `f` with each word of [`class_words`], reusing `buf` instead of allocating.
pub(crate) fn for_each_class_word(value: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    buf.clear();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphanumeric() {
            if !buf.is_empty() {
                f(buf);
                buf.clear();
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !buf.is_empty() {
            f(buf);
            buf.clear();
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    if !buf.is_empty() {
        f(buf);
    }
    buf.clear();
}

/// The entries of a word list grouped by their first byte.
type ByFirstByte = [Vec<&'static str>; 256];

fn by_first_byte(list: &[&'static str]) -> ByFirstByte {
    let mut index: ByFirstByte = std::array::from_fn(|_| Vec::new());
    for w in list {
        index[w.as_bytes()[0] as usize].push(w);
    }
    index
}

/// Whether `word` is one of `list`, or one of them followed by an allowed ending. Only the
/// entries that start with the word's first byte are compared: most words match none.
fn matches_word_list(word: &str, list: &ByFirstByte, endings: impl Fn(&str) -> bool) -> bool {
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    list[first as usize].iter().any(|w| {
        word.len() >= w.len() && (word == *w || word.strip_prefix(w).is_some_and(&endings))
    })
}

pub(crate) fn is_boilerplate_word(word: &str) -> bool {
    static INDEX: std::sync::OnceLock<ByFirstByte> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| by_first_byte(BOILERPLATE_WORDS));
    matches_word_list(word, index, is_boilerplate_suffix)
}

fn is_content_word(word: &str) -> bool {
    static INDEX: std::sync::OnceLock<ByFirstByte> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| by_first_byte(CONTENT_WORDS));
    matches_word_list(word, index, |rest| {
        matches!(rest, "s" | "body" | "content" | "text" | "inner")
    })
}

/// Boilerplate words that almost never name a wrapper of the article itself.
fn is_strong_boilerplate_word(word: &str) -> bool {
    [
        "comment",
        "disqus",
        "related",
        "share",
        "social",
        "cookie",
        "consent",
        "newsletter",
        "breadcrumb",
        "outbrain",
        "taboola",
        "recommended",
    ]
    .iter()
    .any(|w| word.starts_with(w))
}

/// A class word that names the author of a page ("author", "authors", "author-box",
/// "authorbio", "bio"): a byline or a box about the writer, whatever else the name says
/// ("post-author", "entry__author-bio").
fn names_author(word: &str) -> bool {
    ["author", "bio"].iter().any(|w| {
        word.strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || is_boilerplate_suffix(rest) || rest == "bio")
    })
}

/// What the class/id attributes say about an element.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hint {
    Neutral,
    Content,
    /// Boilerplate by name; `strong` when the name is one that wrappers of the article
    /// itself do not use.
    Boilerplate {
        strong: bool,
    },
}

/// What the words of one class or id value say: (content, boilerplate, strong boilerplate).
fn value_verdict(v: &str, buf: &mut String) -> Verdict {
    let mut out = Verdict::default();
    if v.len() > 1000 {
        return out;
    }
    let mut hiding = false;
    // "Call to action" written as three words ("CallToActionBox", "call-to-action").
    let (mut call, mut call_to) = (false, false);
    for_each_class_word(v, buf, |w| {
        hiding |= matches!(w, "hidden" | "hide" | "visible");
        out.boiler |= call_to && w.starts_with("action");
        call_to = call && w == "to";
        call = w == "call";
        out.date |= matches!(
            w,
            "date" | "pubdate" | "published" | "posted" | "dateline" | "postdate" | "timestamp"
        );
        if is_content_word(w) {
            out.content = true;
        } else if is_boilerplate_word(w) {
            out.boiler = true;
            out.strong |= is_strong_boilerplate_word(w);
        }
        out.author |= names_author(w);
    });
    if hiding {
        let shown = shown_at_breakpoint(v);
        let layout_variant = v.split_ascii_whitespace().any(is_breakpoint_hide);
        if shown || layout_variant || v.split_ascii_whitespace().any(hides_a_part) {
            // Hidden on some screen sizes only, or only a part of it hidden: judge the value
            // without those classes.
            let rest: Vec<&str> = v
                .split_ascii_whitespace()
                .filter(|t| {
                    !(is_breakpoint_hide(t) || hides_a_part(t) || (shown && is_plain_hide(t)))
                })
                .collect();
            return Verdict {
                date: out.date,
                author: out.author,
                layout_variant,
                ..value_verdict(&rest.join(" "), buf)
            };
        }
    }
    out.hides = hiding;
    out.outright = hiding && v.split_ascii_whitespace().any(is_plain_hide);
    out
}

/// What the words of one class or id value say.
#[derive(Clone, Copy, Default)]
struct Verdict {
    content: bool,
    boiler: bool,
    /// A boilerplate word that wrappers of the article itself do not use.
    strong: bool,
    /// It names a date ("post-date", "published").
    date: bool,
    /// It hides the element on every screen ("hidden", "is-hidden").
    hides: bool,
    /// One of its classes is a plain hide ("hide", "hidden"), not a word of a longer name.
    outright: bool,
    /// It hides the element on some screens only ([`is_breakpoint_hide`]).
    layout_variant: bool,
    /// It names the author ([`names_author`]).
    author: bool,
}

/// A class that hides an element on some screen sizes only (`hidden-xs`, `hide-mobile`,
/// `hidden-desktop`, and generated variants such as `hidden-k3x9q`): pages that ship one
/// layout per breakpoint carry the main text in each of them.
fn is_breakpoint_hide(token: &str) -> bool {
    ["hidden-", "hide-", "visible-"].iter().any(|p| {
        token.len() > p.len() && token.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    }) || qualified_hide(token)
}

/// A camelCase class that hides something the next word names, or hides under a condition
/// (`hideBullet`, `hiddenOnMobile`): not the element itself on every screen.
fn qualified_hide(token: &str) -> bool {
    ["hidden", "hide", "visible"].iter().any(|p| {
        token.len() > p.len()
            && token.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            && token.as_bytes()[p.len()].is_ascii_uppercase()
    })
}

/// A class that hides only a part or a property of the element, not the element:
/// `overflow-hidden`, `overflow-x-hidden`, `label-hidden`, `scrollbar-hidden`.
fn hides_a_part(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    let Some(pos) = lower.find("hidden").or_else(|| lower.find("hide")) else {
        return false;
    };
    let before = &lower[..pos];
    ["overflow", "label", "scrollbar", "scroll"]
        .iter()
        .any(|w| before.contains(w))
}

/// A class that hides an element outright.
fn is_plain_hide(token: &str) -> bool {
    matches!(token.to_ascii_lowercase().as_str(), "hidden" | "hide")
}

/// Utility-class markup that hides an element by default and shows it from some screen width
/// on (`hidden md:block`, `hide lg:flex`).
fn shown_at_breakpoint(v: &str) -> bool {
    v.split_ascii_whitespace().any(is_plain_hide)
        && v.split_ascii_whitespace().any(|t| {
            t.split_once(':').is_some_and(|(_, display)| {
                matches!(
                    display,
                    "block"
                        | "flex"
                        | "grid"
                        | "inline"
                        | "inline-block"
                        | "inline-flex"
                        | "table"
                        | "contents"
                )
            })
        })
}

/// Per-document memo of class/id verdicts: the same values repeat on most elements, and
/// judging one means matching each of its words against the word lists.
#[derive(Default)]
struct ClassCache<'a> {
    map: HashMap<&'a str, Verdict, BuildHasherDefault<FxHasher>>,
    buf: String,
}

/// The Fx hash (as in rustc): much cheaper than SipHash on short class names, and the keys
/// are the page's own attribute values, probed once per element.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.write(&[b]);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The content hint of an element's class and id, and whether they name a date and hide it
/// (and hide it outright, by a plain "hide" or "hidden" class).
fn class_hint<'a>(
    el: &'a Element,
    cache: &mut ClassCache<'a>,
) -> (Hint, bool, bool, bool, bool, bool) {
    let mut all = Verdict::default();
    for key in [local_name!("class"), local_name!("id")] {
        if let Some(v) = el.attr(key) {
            let ClassCache { map, buf } = cache;
            let got = *map.entry(v).or_insert_with(|| value_verdict(v, buf));
            all.content |= got.content;
            all.boiler |= got.boiler;
            all.strong |= got.strong;
            all.date |= got.date;
            all.hides |= got.hides;
            all.outright |= got.outright;
            all.author |= got.author;
            all.layout_variant |= got.layout_variant;
        }
    }
    let Verdict {
        content,
        boiler,
        strong,
        date,
        hides,
        outright,
        author,
        layout_variant,
    } = all;
    let hint = match (content, boiler) {
        // "related-articles", "comment-content": the boilerplate name wins.
        _ if strong => Hint::Boilerplate { strong },
        // "post-author", "entry__author-bio": the box about the writer, not the post.
        _ if author => Hint::Boilerplate { strong: false },
        // "promo-bar hide text-align-left": a class that hides the element outright is not
        // outweighed by a content word of another class (a utility class's "text").
        _ if outright => Hint::Boilerplate { strong: false },
        (true, _) => Hint::Content,
        (false, true) => Hint::Boilerplate { strong },
        _ => Hint::Neutral,
    };
    (hint, date, hides, outright, author, layout_variant)
}

/// Every element's pruning verdict and content hint, judged on the element alone.
pub(crate) struct Verdicts {
    prune: Vec<Prune>,
    content: Vec<bool>,
    date: Vec<bool>,
    /// The class names hide the element ("hidden").
    hides: Vec<bool>,
    /// Of them, by a plain "hide" or "hidden" class ([`Verdict::outright`]).
    hides_outright: Vec<bool>,
    /// The class or id names the author ([`names_author`]).
    author: Vec<bool>,
    /// The class or id hides the element on some screens only ([`is_breakpoint_hide`]).
    layout_variant: Vec<bool>,
}

impl Verdicts {
    pub(crate) fn of(dom: &Dom) -> Verdicts {
        let mut cache = ClassCache::default();
        let mut prune = vec![Prune::Keep; dom.nodes.len()];
        let mut content = vec![false; dom.nodes.len()];
        let mut date = vec![false; dom.nodes.len()];
        let mut hides = vec![false; dom.nodes.len()];
        let mut hides_outright = vec![false; dom.nodes.len()];
        let mut author = vec![false; dom.nodes.len()];
        let mut layout_variant = vec![false; dom.nodes.len()];
        for (i, node) in dom.nodes.iter().enumerate() {
            if let Data::Element(el) = &node.data {
                let (mut hint, names_date, hidden, outright, mut names_author, variant) =
                    class_hint(el, &mut cache);
                layout_variant[i] = variant;
                // Marked up as the page's author (schema.org): a byline or a box about the
                // writer.
                if el
                    .attr(local_name!("itemprop"))
                    .is_some_and(|p| p.trim().eq_ignore_ascii_case("author"))
                {
                    names_author = true;
                    if hint != (Hint::Boilerplate { strong: true }) {
                        hint = Hint::Boilerplate { strong: false };
                    }
                }
                prune[i] = prune_of(el, hint);
                if el.name == local_name!("figure") && frames_text(dom, i as NodeId) {
                    // A figure that frames a table (block editors wrap every table so), a
                    // quote (a pull quote, a testimonial) or a code listing is that text,
                    // not an illustration.
                    prune[i] = Prune::Keep;
                }
                content[i] = hint == Hint::Content;
                date[i] = names_date;
                hides[i] = hidden;
                hides_outright[i] = outright;
                author[i] = names_author;
            }
        }
        // Inside code, class names are the highlighter's ("hljs-comment", "token comment"):
        // the comments of a listing are text of it, not comments of a page.
        let mut in_code = 0u32;
        walk(dom, ROOT, |v| {
            match v {
                Visit::Open(id) => {
                    let Some(el) = dom.element(id) else {
                        return Some(id == ROOT);
                    };
                    if in_code > 0 && matches!(prune[id as usize], Prune::Soft { .. }) {
                        prune[id as usize] = Prune::Keep;
                    }
                    if matches!(el.name, local_name!("pre") | local_name!("code")) {
                        in_code += 1;
                    }
                }
                Visit::Close(id) => {
                    if dom.element(id).is_some_and(|el| {
                        matches!(el.name, local_name!("pre") | local_name!("code"))
                    }) {
                        in_code -= 1;
                    }
                }
            }
            Some(true)
        });
        Verdicts {
            prune,
            content,
            date,
            hides,
            hides_outright,
            author,
            layout_variant,
        }
    }

    /// On a product page (one that declares a schema.org `Product`), the visitors' reviews
    /// are its comments: elements whose class or id names reviews ("reviews",
    /// "product-reviews", "reviews-list") are pruned under a strong name, like comments (kept
    /// only where they are nearly all of the page, a thread of reviews).
    pub(crate) fn reviews_are_comments(&mut self, dom: &Dom) {
        let mut buf = String::new();
        for (i, node) in dom.nodes.iter().enumerate() {
            let Data::Element(el) = &node.data else {
                continue;
            };
            if matches!(
                el.name,
                local_name!("html") | local_name!("body") | local_name!("main")
            ) || self.prune[i] != Prune::Keep && self.prune[i] != (Prune::Soft { strong: false })
            {
                continue;
            }
            let mut reviews = false;
            for key in [local_name!("class"), local_name!("id")] {
                if let Some(v) = el.attr(key) {
                    for_each_class_word(v, &mut buf, |w| {
                        reviews |= w
                            .strip_prefix("reviews")
                            .is_some_and(|rest| rest.is_empty() || is_boilerplate_suffix(rest));
                    });
                }
            }
            if reviews {
                self.prune[i] = Prune::Soft { strong: true };
                self.content[i] = false;
            }
        }
    }

    /// Whether the element's class or id names it a date ("post-date", "published").
    pub(crate) fn names_date(&self, id: NodeId) -> bool {
        self.date[id as usize]
    }

    /// Whether the element is pruned when judged alone (soft prunes included).
    pub(crate) fn skipped(&self, id: NodeId) -> bool {
        self.prune[id as usize] != Prune::Keep
    }

    /// Whether the element's class or id hides it on some screens only: one of the layouts a
    /// page ships per breakpoint.
    fn layout_variant(&self, id: NodeId) -> bool {
        self.layout_variant[id as usize]
    }
}

/// Whether the subtree of `id` holds a `<table>`, a `<blockquote>` or a `<pre>`.
fn frames_text(dom: &Dom, id: NodeId) -> bool {
    let mut found = false;
    walk(dom, id, |v| {
        if let Visit::Open(n) = v {
            match dom.element(n) {
                Some(el)
                    if matches!(
                        el.name,
                        local_name!("table") | local_name!("blockquote") | local_name!("pre")
                    ) =>
                {
                    found = true;
                    return None;
                }
                Some(_) => {}
                None => return Some(false),
            }
        }
        Some(true)
    });
    found
}

/// How an element is pruned.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Prune {
    Keep,
    /// Never main text (tags, roles, hidden).
    Hard,
    /// Boilerplate by its class/id: pruned unless it holds most of the page's prose.
    Soft {
        strong: bool,
    },
    /// Hidden by markup (`hidden`, an inline `display:none`, `aria-hidden="true"`): collapsed
    /// answers, the closed panels of an accordion, "read more" expanders, streamed renderings
    /// waiting to be moved into place. Never scored; kept
    /// when it holds most of the page's prose, or reads as a body of prose of its own, and
    /// inside the chosen main container.
    Hidden,
    /// A region of page chrome by its tag or ARIA role (`nav`, `aside`, `footer`,
    /// `role="navigation"`): pruned unless it holds nearly all of the page's
    /// prose (an unclosed `<aside>` that swallowed the page).
    Region,
}

/// Tags of page-chrome regions: pruned as [`Prune::Region`], not outright.
fn is_region_tag(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("nav")
            | local_name!("footer")
            | local_name!("aside")
            | local_name!("menu")
            | local_name!("dialog")
    )
}

/// How an element is pruned, judged on the element alone.
fn prune_of(el: &Element, hint: Hint) -> Prune {
    let name = &el.name;
    if is_skipped_tag(name) {
        return if is_region_tag(name) {
            Prune::Region
        } else {
            Prune::Hard
        };
    }
    let mut hidden = false;
    for (attr, value) in &el.attrs {
        // `style` is only kept by the DOM when it hides the element.
        hidden |= matches!(&**attr, "hidden" | "style");
        // Hidden from assistive technology until opened: an accordion's closed panels are
        // text, judged like other hidden markup rather than as page chrome.
        hidden |= &**attr == "aria-hidden" && value.trim().eq_ignore_ascii_case("true");
        let hit = match &**attr {
            "role" => matches!(
                value.trim().to_ascii_lowercase().as_str(),
                "navigation"
                    | "banner"
                    | "contentinfo"
                    | "complementary"
                    | "search"
                    | "menu"
                    | "menubar"
                    | "dialog"
                    | "alert"
                    | "alertdialog"
                    | "toolbar"
            ),
            _ => false,
        };
        if hit {
            return Prune::Region;
        }
    }
    if hidden {
        return Prune::Hidden;
    }
    // Never judge the document skeleton by its classes ("nav-open" on <body> is common).
    if matches!(
        *name,
        local_name!("html") | local_name!("body") | local_name!("main") | local_name!("article")
    ) {
        return Prune::Keep;
    }
    match hint {
        Hint::Boilerplate { strong } => Prune::Soft { strong },
        _ => Prune::Keep,
    }
}

/// The final pruning decision per node.
struct Pruning {
    /// Left out of scoring and of the text.
    skip: Vec<bool>,
    /// Left out of scoring, but its text is kept inside the chosen container (hidden by
    /// markup; see [`Prune::Hidden`]).
    hidden: Vec<bool>,
}

/// Hard prunes always; a soft prune (and a hidden element) is lifted from an element that
/// holds most of the prose found under `body` (an article wrapped in, say, `class="paywall"`
/// or `class="ad-margins"`, a streamed rendering in a `hidden` element). On a page with
/// hardly any prose (a listing, a product grid, where items are links) the share is taken of
/// all text.
fn prune_map(dom: &Dom, body: NodeId, verdicts: &Verdicts, counts: &TextCounts) -> Pruning {
    let mut soft = vec![false; dom.nodes.len()];
    let mut strong = vec![false; dom.nodes.len()];
    let mut hidden = vec![false; dom.nodes.len()];
    let mut region = vec![false; dom.nodes.len()];
    // Regions not inside another region, and how many regions are open during the walk.
    let mut outer_regions = Vec::new();
    let mut region_depth = 0u32;
    // The same for elements pruned by strong boilerplate names (comments, related, ...).
    let mut outer_strong = Vec::new();
    let mut strong_depth = 0u32;
    let mut any_soft = false;
    let mut skip = vec![false; dom.nodes.len()];
    walk(dom, body, |v| {
        if let Visit::Open(id) = v {
            if dom.element(id).is_none() {
                return Some(false);
            }
            match verdicts.prune[id as usize] {
                Prune::Hard => {
                    skip[id as usize] = true;
                    return Some(false);
                }
                Prune::Soft { strong: s } => {
                    soft[id as usize] = true;
                    strong[id as usize] = s;
                    any_soft = true;
                    if s {
                        if strong_depth == 0 {
                            outer_strong.push(id);
                        }
                        strong_depth += 1;
                    }
                }
                Prune::Hidden => {
                    soft[id as usize] = true;
                    hidden[id as usize] = true;
                    any_soft = true;
                }
                Prune::Region => {
                    soft[id as usize] = true;
                    region[id as usize] = true;
                    any_soft = true;
                    if region_depth == 0 {
                        outer_regions.push(id);
                    }
                    region_depth += 1;
                }
                Prune::Keep => {}
            }
        } else if let Visit::Close(id) = v {
            if region[id as usize] {
                region_depth -= 1;
            }
            if strong[id as usize] {
                strong_depth -= 1;
            }
        }
        Some(true)
    });
    if !any_soft {
        return Pruning { skip, hidden };
    }
    // Prose per node with only the hard prunes applied.
    let stats = score(dom, body, &skip, counts);
    let b = &stats[body as usize];
    // The page's text outside regions of page chrome, of which the other shares are taken.
    let (region_prose, region_chars) = outer_regions.iter().fold((0, 0), |(p, c), &r| {
        let s = &stats[r as usize];
        (p + s.prose, c + s.chars)
    });
    let by_prose = b.prose.saturating_sub(region_prose) >= MIN_PAGE_PROSE;
    let amount = |s: &Stats| if by_prose { s.prose } else { s.chars };
    let region_total = amount(b).max(1) as f32;
    let total = if by_prose {
        b.prose.saturating_sub(region_prose)
    } else {
        b.chars.saturating_sub(region_chars)
    }
    .max(1) as f32;
    // A class name that the page gives to all its blocks of text (one per section of a page
    // builder) is not boilerplate however it reads: the share counts all elements of that
    // tag and class together.
    let mut by_class: HashMap<(&LocalName, &str), u32, BuildHasherDefault<FxHasher>> =
        HashMap::default();
    for (id, is_soft) in soft.iter().enumerate() {
        if *is_soft && !strong[id] && !region[id] {
            if let Some(el) = dom.element(id as NodeId) {
                let class = el.attr(local_name!("class")).unwrap_or("");
                *by_class.entry((&el.name, class)).or_default() += amount(&stats[id]);
            }
        }
    }
    // A thread: next to no prose outside elements named as comments, of which there are
    // several of a kind (the posts of a forum, the answers under a question). The share of
    // such an element counts all of its kind (tag and first class name) together.
    let outside: u32 = outer_strong
        .iter()
        .map(|&id| amount(&stats[id as usize]))
        .sum();
    let thread = !outer_strong.is_empty()
        && (amount(b).saturating_sub(region_total_amount(&outer_regions, &stats, amount)))
            .saturating_sub(outside)
            < MAX_THREAD_OTHER_PROSE;
    let mut posts: HashMap<(&LocalName, &str), (u32, u32), BuildHasherDefault<FxHasher>> =
        HashMap::default();
    if thread {
        for (id, is_strong) in strong.iter().enumerate() {
            if let Some(sig) = is_strong
                .then(|| dom.element(id as NodeId).and_then(item_signature))
                .flatten()
            {
                let e = posts.entry(sig).or_default();
                e.0 += amount(&stats[id]);
                e.1 += 1;
            }
        }
    }
    let kinds = weak_kind_members(
        &stats, &soft, &strong, &region, &hidden, verdicts, !by_prose,
    );
    // Pruned elements that read as a body of prose of their own.
    let mut bodies = Vec::new();
    // Elements hidden by their class that come back inside the main container.
    let mut panels = Vec::new();
    for (id, is_soft) in soft.iter().enumerate() {
        if *is_soft {
            let s = &stats[id];
            let mut share = amount(s) as f32 / if region[id] { region_total } else { total };
            if !strong[id] && !hidden[id] && !region[id] {
                if let Some(el) = dom.element(id as NodeId) {
                    let class = el.attr(local_name!("class")).unwrap_or("");
                    if !class.is_empty() {
                        let group = by_class.get(&(&el.name, class)).copied().unwrap_or(0);
                        share = share.max(group as f32 / total * 0.5);
                    }
                }
            }
            let mut post = false;
            if thread && strong[id] {
                if let Some(sig) = dom.element(id as NodeId).and_then(item_signature) {
                    if let Some(&(sum, n)) = posts.get(&sig) {
                        if n >= 2 {
                            share = share.max(sum as f32 / total);
                            post = true;
                        }
                    }
                }
            }
            // Text hidden from assistive technology is left unscored unless it is nearly all
            // of the page, as a region of chrome: a hidden copy of the story is not the story.
            let aria_hidden = hidden[id]
                && dom
                    .element(id as NodeId)
                    .is_some_and(|el| el.attr(LocalName::from("aria-hidden")).is_some());
            let limit = if region[id] || aria_hidden {
                MIN_REGION_SHARE
            } else if verdicts.hides_outright[id] && !hidden[id] && !strong[id] {
                // A class that hides the element outright ("hide") is outweighed only by
                // being the whole page (a page its scripts reveal), not most of it: a hidden
                // promotion bar that says one message per country is not the page's text.
                MIN_HIDDEN_PAGE_SHARE
            } else if strong[id] && !post && !(reads_as_body(s) && single_body(dom, id as NodeId)) {
                0.8
            } else if strong[id] && !post {
                // One body of prose under a strong name (an issue of a newsletter, a page
                // about comments) that holds over half of the page's prose is its text.
                MIN_STRONG_BODY_SHARE
            } else {
                0.4
            };
            skip[id] = share < limit;
            // A heading that a page builder wraps in a "widget" is the title of a section,
            // not page chrome: an element under a weak name whose text is all one unlinked
            // heading stays.
            if skip[id]
                && !strong[id]
                && !region[id]
                && !hidden[id]
                && !verdicts.hides[id]
                && s.chars > 0
                && s.heading_chars == s.chars
                && s.heading_link_chars == 0
                && !s.h1
            {
                skip[id] = false;
            }
            // A class that hides an element for good ("hidden", "is-invisible") outweighs its
            // prose, unless markup hides it too (a collapsed panel that a script opens).
            let hidden_for_good = verdicts.hides[id] && !hidden[id];
            let body_like =
                reads_as_body(s) || (reads_as_titled_body(s) && single_body(dom, id as NodeId));
            // A box about the writer reads as prose too, but is not the page's.
            let about_author = verdicts.author[id];
            if skip[id]
                && !strong[id]
                && !region[id]
                && !hidden_for_good
                && body_like
                && !about_author
            {
                bodies.push(id as NodeId);
            }
            // Hidden text comes back inside the main container only when it reads as prose
            // (a collapsed answer), not as a list of names or links (a menu, a dialog).
            let reads = s.prose * 2 >= own_chars(s) && s.link_chars * 4 < s.chars;
            hidden[id] &= skip[id] && reads;
            // The same for a panel that its class names hide (a collapsed answer, the closed
            // panel of an accordion), when nothing but that name prunes it.
            if hidden_for_good && !strong[id] && !region[id] && skip[id] && reads && s.prose > 0 {
                hidden[id] = true;
                panels.push(id as NodeId);
            }
        }
    }
    if !kinds.is_empty() {
        keep_weak_kinds(dom, body, &kinds, &stats, &mut skip, !by_prose);
    }
    let streamed = lift_weak_prunes(dom, body, verdicts, &stats, &mut skip, !by_prose);
    let mut pruning = Pruning { skip, hidden };
    if !bodies.is_empty() {
        keep_unrepeated_bodies(dom, body, &bodies, &mut pruning, counts, false);
    }
    if !panels.is_empty() {
        keep_unrepeated_panels(dom, body, &panels, &mut pruning, counts);
    }
    if !streamed.is_empty() {
        // Hidden parts of a page rendered in pieces: each comes back unless it repeats what
        // is shown or a part already back (a page ships copies for other screens).
        keep_unrepeated_bodies(dom, body, &streamed, &mut pruning, counts, true);
    }
    pruning
}

/// The elements pruned only for weak boilerplate words of their class or id (not strong
/// ones, not regions of chrome, not hidden, not a class that hides them) that have text to
/// read rather than a list of links: the candidates of [`keep_weak_kinds`]. On a page with
/// hardly any prose (`links_page`: a grid of products named by links) lists of links are
/// candidates too: the entries are the page.
fn weak_kind_members(
    stats: &[Stats],
    soft: &[bool],
    strong: &[bool],
    region: &[bool],
    hidden: &[bool],
    verdicts: &Verdicts,
    links_page: bool,
) -> Vec<NodeId> {
    (0..soft.len())
        .filter(|&id| {
            soft[id]
                && !strong[id]
                && !region[id]
                && !hidden[id]
                && !verdicts.hides[id]
                && (links_page || !link_list(&stats[id]))
        })
        .map(|id| id as NodeId)
        .collect()
}

/// Elements of one kind (tag and first class name, as [`item_signature`]) among `members`
/// ([`weak_kind_members`]) are kept together when there are [`MIN_WEAK_KIND_COUNT`] distinct
/// texts of them and those add up to [`MIN_WEAK_KIND_SHARE`] of the page's reading text
/// (outside links) outside the elements that stay pruned: the cards of a page whose builder
/// names them "banner" or "meta-block", the slides of a carousel of testimonials, the items
/// of a "follow-up" list. One caption, one byline, a print header or a footer is a single
/// element of its kind and is not kept so; the captions of an article's photos hold little
/// of the page, and one caption copied under every photo counts once. On a page with hardly
/// any prose (`links_page`) all text counts, links included.
fn keep_weak_kinds(
    dom: &Dom,
    body: NodeId,
    members: &[NodeId],
    stats: &[Stats],
    skip: &mut [bool],
    links_page: bool,
) {
    let amount = |s: &Stats| if links_page { s.chars } else { own_chars(s) };
    let kind = |id: NodeId| dom.element(id).and_then(item_signature);
    let mut count: HashMap<(&LocalName, &str), u32, BuildHasherDefault<FxHasher>> =
        HashMap::default();
    for &id in members {
        if let Some(k) = kind(id) {
            *count.entry(k).or_default() += 1;
        }
    }
    if !count.values().any(|&n| n >= MIN_WEAK_KIND_COUNT) {
        return;
    }
    // Reading text and number of the distinct items of each kind: copies of one text (the
    // same caption under every photo) count once.
    let mut kinds: HashMap<(&LocalName, &str), (u32, u32), BuildHasherDefault<FxHasher>> =
        HashMap::default();
    let mut seen: std::collections::HashSet<(&LocalName, &str, u64), BuildHasherDefault<FxHasher>> =
        Default::default();
    for &id in members {
        let Some(k) = kind(id) else {
            continue;
        };
        if count.get(&k).is_some_and(|&n| n >= MIN_WEAK_KIND_COUNT)
            && seen.insert((k.0, k.1, text_hash(dom, id)))
        {
            let e = kinds.entry(k).or_default();
            e.0 += amount(&stats[id as usize]);
            e.1 += 1;
        }
    }
    let mut pruned = 0u32;
    walk(dom, body, |v| {
        if let Visit::Open(id) = v {
            if dom.element(id).is_none() {
                return Some(false);
            }
            if skip[id as usize] {
                pruned += amount(&stats[id as usize]);
                return Some(false);
            }
        }
        Some(true)
    });
    let floor = MIN_WEAK_KIND_SHARE * amount(&stats[body as usize]).saturating_sub(pruned) as f32;
    for &id in members {
        let Some(&(sum, n)) = kind(id).and_then(|k| kinds.get(&k)) else {
            continue;
        };
        if skip[id as usize] && n >= MIN_WEAK_KIND_COUNT && sum as f32 >= floor {
            skip[id as usize] = false;
        }
    }
}

/// A hash of the text under `id` (its characters other than whitespace).
fn text_hash(dom: &Dom, id: NodeId) -> u64 {
    text_hash_and_len(dom, id).0
}

/// [`text_hash`], and how many bytes of text other than whitespace it hashed.
fn text_hash_and_len(dom: &Dom, id: NodeId) -> (u64, usize) {
    let mut h = FxHasher::default();
    let mut len = 0;
    walk(dom, id, |v| {
        if let Visit::Open(n) = v {
            if let Data::Text(t) = &dom.node(n).data {
                for b in t.bytes().filter(|b| !b.is_ascii_whitespace()) {
                    h.write_u8(b);
                    len += 1;
                }
                return Some(false);
            }
        }
        Some(true)
    });
    (h.finish(), len)
}

/// Least number of elements of one kind that [`keep_weak_kinds`] keeps together.
const MIN_WEAK_KIND_COUNT: u32 = 2;

/// Least share of the page's reading text outside pruned elements that the elements of one
/// kind of [`weak_kinds`] hold together to be kept.
const MIN_WEAK_KIND_SHARE: f32 = 0.25;

/// Boilerplate words that name how a block is presented (a slider, a page-builder widget,
/// a teaser card, an embedded video) rather than what it is: on a page built from such
/// blocks, they hold the page's text.
const PRESENTATION_WORDS: &[&str] = &[
    "widget",
    "widgets",
    "carousel",
    "slideshow",
    "gallery",
    "teaser",
    "teasers",
    "video",
    "embed",
    "invisible",
    "next",
    "more",
    "promo",
    "tooltip",
    "caption",
    "credit",
    "headline",
    "kicker",
    "eyebrow",
];

/// Whether an element is pruned only for boilerplate words of presentation in its class or
/// id ([`PRESENTATION_WORDS`]), or hidden by markup under no other such name (a piece of a
/// page rendered in parts): not by tag or role, nor by a strong name, a class
/// that hides it, a name of page chrome ("menu", "footer", "login"), of an overlay ("modal",
/// "popup") or of the visitors' reviews of a product (comments by another name).
fn presentation_prune(dom: &Dom, verdicts: &Verdicts, id: NodeId) -> bool {
    let by_name = verdicts.prune[id as usize] == (Prune::Soft { strong: false })
        && !verdicts.hides[id as usize];
    if !by_name && verdicts.prune[id as usize] != Prune::Hidden {
        return false;
    }
    let Some(el) = dom.element(id) else {
        return false;
    };
    let mut ok = true;
    let mut buf = String::new();
    for key in [local_name!("class"), local_name!("id")] {
        if let Some(v) = el.attr(key) {
            for_each_class_word(v, &mut buf, |w| {
                let review = w.starts_with("review") || w.starts_with("rating");
                if review
                    || (is_boilerplate_word(w)
                        && !is_content_word(w)
                        && !PRESENTATION_WORDS.contains(&w))
                {
                    ok = false;
                }
            });
        }
    }
    ok
}

/// A list of links rather than text to read: a menu, a list of other pages.
fn link_list(s: &Stats) -> bool {
    s.link_chars * 2 >= s.chars
}

/// When the elements pruned for names of presentation alone ([`presentation_prune`]) hold
/// more of the page's reading text (outside links) than everything that is kept, the names
/// were the page's vocabulary, not page furniture: a landing page built from "promo" and
/// "carousel" sections, a page builder that calls every block a "widget". Their pruning is
/// lifted, except on lists of links. On a page with hardly any prose (`links_page`: a chart
/// or a grid whose entries are named by links) all text counts, links included, and lists of
/// links are lifted too: the entries are the page.
fn lift_weak_prunes(
    dom: &Dom,
    body: NodeId,
    verdicts: &Verdicts,
    stats: &[Stats],
    skip: &mut [bool],
    links_page: bool,
) -> Vec<NodeId> {
    let amount = |s: &Stats| if links_page { s.chars } else { own_chars(s) };
    let text = |s: &Stats| links_page || !link_list(s);
    let (mut pruned, mut weak) = (0u32, 0u32);
    walk(dom, body, |v| {
        if let Visit::Open(id) = v {
            if dom.element(id).is_none() {
                return Some(false);
            }
            if skip[id as usize] {
                let s = &stats[id as usize];
                pruned += amount(s);
                if text(s) && presentation_prune(dom, verdicts, id) {
                    weak += amount(s);
                }
                return Some(false);
            }
        }
        Some(true)
    });
    let kept = amount(&stats[body as usize]).saturating_sub(pruned);
    let mut streamed = Vec::new();
    if weak <= kept {
        return streamed;
    }
    for (id, s) in stats.iter().enumerate() {
        if skip[id] && text(s) && presentation_prune(dom, verdicts, id as NodeId) {
            if verdicts.prune[id] == Prune::Hidden {
                streamed.push(id as NodeId);
                continue;
            }
            skip[id] = false;
        }
    }
    streamed
}

/// The text `body` shows with the current pruning (hidden parts left out) as a pruning that
/// hides nothing more, and the set of its word pairs (see `word_pairs`).
fn shown_word_pairs(
    dom: &Dom,
    body: NodeId,
    pruning: &Pruning,
    counts: &TextCounts,
) -> (
    Pruning,
    std::collections::HashSet<u64, BuildHasherDefault<FxHasher>>,
) {
    let seen = Pruning {
        skip: pruning.skip.clone(),
        hidden: vec![false; pruning.hidden.len()],
    };
    let mut shown = Vec::new();
    collect(dom, body, &seen, counts, &mut shown);
    let mut pairs: std::collections::HashSet<u64, BuildHasherDefault<FxHasher>> =
        Default::default();
    for b in &shown {
        word_pairs(&b.text, |h| {
            pairs.insert(h);
        });
    }
    (seen, pairs)
}

/// Lifts the pruning of `bodies` (pruned elements that [`read_as_body`](reads_as_body)) that
/// do not repeat the page's other text: a hidden copy of the article (schema markup, a print
/// or mobile rendering) stays pruned. Text is compared by pairs of consecutive words, so a
/// copy that joins or splits the paragraphs differently is still a copy. With `exclusive`
/// (the hidden pieces of a page rendered in parts, in document order), what comes back also
/// counts as shown for the later ones: a piece shipped twice is read once.
fn keep_unrepeated_bodies(
    dom: &Dom,
    body: NodeId,
    bodies: &[NodeId],
    pruning: &mut Pruning,
    counts: &TextCounts,
    exclusive: bool,
) {
    let (seen, pairs) = shown_word_pairs(dom, body, pruning, counts);
    // Each is read whole, with the bodies inside it.
    let mut open = seen;
    for &id in bodies {
        open.skip[id as usize] = false;
    }
    let mut kept: Vec<NodeId> = Vec::new();
    // Pairs of the parts that came back (exclusive mode).
    let mut back: std::collections::HashSet<u64, BuildHasherDefault<FxHasher>> = Default::default();
    for &id in bodies {
        if exclusive && kept.iter().any(|&k| is_inside(dom, id, k)) {
            // Inside a part already back: read with it.
            pruning.skip[id as usize] = false;
            pruning.hidden[id as usize] = false;
            continue;
        }
        let mut own = Vec::new();
        collect(dom, id, &open, counts, &mut own);
        let (mut total, mut repeated, mut again) = (0u32, 0u32, 0u32);
        for b in &own {
            word_pairs(&b.text, |h| {
                total += 1;
                repeated += u32::from(pairs.contains(&h));
                again += u32::from(back.contains(&h));
            });
        }
        if (repeated + again) * 2 < total {
            pruning.skip[id as usize] = false;
            pruning.hidden[id as usize] = false;
            if exclusive {
                // What comes back is shown: a later copy of it repeats it.
                for b in &own {
                    word_pairs(&b.text, |h| {
                        back.insert(h);
                    });
                }
                kept.push(id);
            }
        } else if again * 2 >= total {
            // A second copy of a part that came back: not inside the main container either.
            pruning.hidden[id as usize] = false;
        }
    }
}

/// Panels that their class names hide and that read as prose come back inside the main
/// container (see [`Pruning::hidden`]) only when their text is their own: not a copy of
/// text the page shows (a preview of the first post), nor a text that several of them repeat
/// (an error message under every entry). Compared by pairs of consecutive words.
fn keep_unrepeated_panels(
    dom: &Dom,
    body: NodeId,
    panels: &[NodeId],
    pruning: &mut Pruning,
    counts: &TextCounts,
) {
    let (seen, pairs) = shown_word_pairs(dom, body, pruning, counts);
    let mut open = seen;
    for &id in panels {
        open.skip[id as usize] = false;
    }
    let mut hashes = Vec::with_capacity(panels.len());
    for &id in panels {
        let mut own = Vec::new();
        collect(dom, id, &open, counts, &mut own);
        let (mut total, mut repeated) = (0u32, 0u32);
        let mut h = FxHasher::default();
        for b in &own {
            h.write(b.text.as_bytes());
            word_pairs(&b.text, |p| {
                total += 1;
                repeated += u32::from(pairs.contains(&p));
            });
        }
        if repeated * 2 >= total {
            pruning.hidden[id as usize] = false;
        }
        hashes.push(h.finish());
    }
    for (i, &id) in panels.iter().enumerate() {
        if hashes.iter().filter(|&&h| h == hashes[i]).count() > 1 {
            pruning.hidden[id as usize] = false;
        }
    }
}

/// Whether `id` is `ancestor` or inside it.
fn is_inside(dom: &Dom, id: NodeId, ancestor: NodeId) -> bool {
    let mut cur = id;
    while cur != NONE {
        if cur == ancestor {
            return true;
        }
        cur = dom.node(cur).parent;
    }
    false
}

/// Calls `f` with a hash of each pair of consecutive words of `text` (lowercased).
fn word_pairs(text: &str, mut f: impl FnMut(u64)) {
    let mut prev = 0u64;
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut h = FxHasher::default();
        for c in w.chars() {
            for l in c.to_lowercase() {
                h.write_u32(l as u32);
            }
        }
        let cur = h.finish();
        if prev != 0 {
            f(prev.rotate_left(17) ^ cur);
        }
        prev = cur | 1;
    }
}

/// Share of the page's prose above which one body of prose under a strong boilerplate name
/// is kept.
const MIN_STRONG_BODY_SHARE: f32 = 0.5;

/// Whether the subtree of `id` is one text, not several posts: it holds at most one
/// `<article>`, and no element has three or more block children of one kind (tag and first
/// class name, as the posts of a thread).
fn single_body(dom: &Dom, id: NodeId) -> bool {
    let mut articles = 0;
    let mut repeated = false;
    walk(dom, id, |v| {
        if let Visit::Open(n) = v {
            let Some(el) = dom.element(n) else {
                return Some(false);
            };
            if el.name == local_name!("article") {
                articles += 1;
            }
            let mut kinds: Vec<(&LocalName, &str)> = dom
                .children(n)
                .filter_map(|c| dom.element(c))
                .filter(|c| is_block(&c.name) && c.name != local_name!("p"))
                .filter_map(item_signature)
                .collect();
            kinds.sort_unstable();
            repeated |= kinds.windows(3).any(|w| w[0] == w[2]);
            if articles > 1 || repeated {
                return None;
            }
        }
        Some(true)
    });
    articles <= 1 && !repeated
}

/// Most prose (characters) outside comment-named elements on a page read as a thread.
const MAX_THREAD_OTHER_PROSE: u32 = 1000;

/// Prose (or text, as `amount` measures) of the given regions together.
fn region_total_amount(regions: &[NodeId], stats: &[Stats], amount: impl Fn(&Stats) -> u32) -> u32 {
    regions.iter().map(|&r| amount(&stats[r as usize])).sum()
}

/// Share of the page's prose above which a region of page chrome ([`Prune::Region`]) is
/// not chrome.
const MIN_REGION_SHARE: f32 = 0.8;

/// Least prose (characters of prose blocks) of an element that [`reads_as_body`].
const MIN_BODY_PROSE: u32 = 400;

/// A body of prose of its own: long paragraphs with hardly any links. A class name that reads
/// as boilerplate ("widget", "jump-section", "more") or markup that hides it (a collapsed
/// section) does not make such an element boilerplate; the class names of page furniture
/// that holds prose (comments, related stories, newsletters) are strong and stay pruned.
fn reads_as_body(s: &Stats) -> bool {
    body_of(s.prose, s.chars, s.link_chars)
}

/// [`reads_as_body`] with the headings left out: the sections of a guide titled by links to
/// the pages that tell more, over paragraphs of their own. Only for one text
/// ([`single_body`]): a carousel of teaser cards is built the same way, card by card.
fn reads_as_titled_body(s: &Stats) -> bool {
    body_of(
        s.prose,
        s.chars - s.heading_chars,
        s.link_chars - s.heading_link_chars,
    )
}

/// Long paragraphs (`prose` of `chars`) with hardly any links.
fn body_of(prose: u32, chars: u32, links: u32) -> bool {
    prose >= MIN_BODY_PROSE && prose * 5 >= chars * 4 && links * 10 <= chars
}

/// Share of the page's prose that an element hidden outright by its class
/// ([`Verdicts::hides_outright`]) must hold to be read: all of the page, near enough.
const MIN_HIDDEN_PAGE_SHARE: f32 = 0.95;

/// Least prose (characters of prose blocks) under `body` for the soft-prune shares to be
/// taken of prose.
const MIN_PAGE_PROSE: u32 = 200;

/// Elements that break text into separate blocks. Pre-parse slimming drops whitespace
/// between these (`markup::elements::separates_text` must list them all).
pub(crate) fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("li")
            | local_name!("blockquote")
            | local_name!("pre")
            | local_name!("td")
            | local_name!("th")
            | local_name!("dd")
            | local_name!("dt")
            | local_name!("div")
            | local_name!("section")
            | local_name!("article")
            | local_name!("main")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("dl")
            | local_name!("table")
            | local_name!("tr")
            | local_name!("tbody")
            | local_name!("thead")
            | local_name!("tfoot")
            | local_name!("caption")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("aside")
            | local_name!("nav")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("hr")
            | local_name!("address")
            | local_name!("details")
            | local_name!("summary")
            | local_name!("center")
            | local_name!("form")
            | local_name!("fieldset")
            | local_name!("body")
            | local_name!("html")
    )
}

fn is_heading(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
    )
}

/// Per-element numbers from the scoring pass.
#[derive(Clone, Copy, Default)]
struct Stats {
    /// Visible non-whitespace characters in the (unpruned) subtree.
    chars: u32,
    /// Of which inside links.
    link_chars: u32,
    /// Characters of prose blocks in the subtree.
    prose: u32,
    /// Number of prose blocks in the subtree.
    prose_blocks: u32,
    /// Score from prose blocks among the children (full) and grandchildren (half).
    score: f32,
    /// The subtree is or holds an `<article>` or an `<h1>`: the start of another story.
    story: bool,
    /// The subtree holds an `<h1>` (the headline, usually).
    h1: bool,
    /// Characters inside headings, and of them inside links (linked section titles).
    heading_chars: u32,
    heading_link_chars: u32,
}

/// A block of text being accumulated.
#[derive(Default)]
struct OpenBlock {
    chars: u32,
    link_chars: u32,
    commas: u32,
    ends: u32,
}

/// [`count_text`] of each text node, computed once: scoring runs up to twice over the same
/// nodes and collecting once more.
struct TextCounts(Vec<Cell<[u32; 3]>>);

impl TextCounts {
    fn new(dom: &Dom) -> TextCounts {
        TextCounts(vec![Cell::new([0; 3]); dom.nodes.len()])
    }

    /// Like [`count_text`] for text node `id` with text `t`.
    fn add(&self, id: NodeId, t: &str, in_link: bool, b: &mut OpenBlock) -> u32 {
        let cell = &self.0[id as usize];
        // Stored as (characters + 1, commas, ends); zero means not counted yet.
        let [stored, commas, ends] = cell.get();
        let (n, commas, ends) = if stored != 0 {
            (stored - 1, commas, ends)
        } else {
            let mut own = OpenBlock::default();
            let n = count_text(t, false, &mut own);
            cell.set([n.saturating_add(1), own.commas, own.ends]);
            (n, own.commas, own.ends)
        };
        b.chars += n;
        if in_link {
            b.link_chars += n;
        }
        b.commas += commas;
        b.ends += ends;
        n
    }
}

/// Counts the visible characters of `t` into `b` (with commas and sentence ends). Works on
/// bytes: ASCII is classified directly; a non-ASCII character counts once, at its leading
/// byte, except the common Unicode spaces (no-break, ideographic, U+2000–U+200A).
fn count_text(t: &str, in_link: bool, b: &mut OpenBlock) -> u32 {
    let bytes = t.as_bytes();
    let mut n = 0u32;
    let mut i = 0usize;
    while i < bytes.len() {
        let c = bytes[i];
        if c < 0x80 {
            if !c.is_ascii_whitespace() && c != 0x0b {
                n += 1;
                match c {
                    b',' => b.commas += 1,
                    b'.' | b'!' | b'?' => b.ends += 1,
                    _ => {}
                }
            }
            i += 1;
            continue;
        }
        let rest = &bytes[i..];
        let len = match c {
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xff => 4,
            _ => 1, // a continuation byte cannot start a character in valid UTF-8
        };
        let space = rest.starts_with(&[0xc2, 0xa0])
            || rest.starts_with(&[0xe3, 0x80, 0x80])
            || (rest.starts_with(&[0xe2, 0x80]) && rest.get(2).is_some_and(|&x| x <= 0x8a));
        if !space {
            n += 1;
            if rest.starts_with("，".as_bytes()) || rest.starts_with("、".as_bytes()) {
                b.commas += 1;
            } else if rest.starts_with("。".as_bytes())
                || rest.starts_with("！".as_bytes())
                || rest.starts_with("？".as_bytes())
            {
                b.ends += 1;
            }
        }
        i += len;
    }
    b.chars += n;
    if in_link {
        b.link_chars += n;
    }
    n
}

/// Shortest mean prose-block length of a sibling merged into the main text, in characters.
const MIN_MERGED_MEAN_CHARS: u32 = 80;

/// Shortest prose block, in characters.
const MIN_PROSE_CHARS: u32 = 25;

/// Scores every element. Returns per-node stats (indexed by node id).
fn score(dom: &Dom, body: NodeId, skip: &[bool], counts: &TextCounts) -> Vec<Stats> {
    let mut stats = vec![Stats::default(); dom.nodes.len()];
    // Open elements: (node, block accumulated while it is the innermost block).
    let mut stack: Vec<NodeId> = Vec::new();
    let mut blocks: Vec<(NodeId, OpenBlock)> = Vec::new();
    let mut link_depth = 0u32;
    walk(dom, body, |v| {
        match v {
            Visit::Open(id) => match &dom.node(id).data {
                Data::Element(el) => {
                    if skip[id as usize] {
                        return Some(false);
                    }
                    let name = &el.name;
                    if *name == local_name!("a") {
                        link_depth += 1;
                    }
                    if is_block(name) {
                        blocks.push((id, OpenBlock::default()));
                    }
                    if matches!(*name, local_name!("article") | local_name!("h1")) {
                        stats[id as usize].story = true;
                        stats[id as usize].h1 = *name == local_name!("h1");
                    }
                    stack.push(id);
                }
                Data::Text(t) => {
                    if let (Some((bid, b)), Some(&a)) = (blocks.last_mut(), stack.last()) {
                        let n = counts.add(id, t, link_depth > 0, b);
                        let heading = dom.element(*bid).is_some_and(|e| is_heading(&e.name));
                        let s = &mut stats[a as usize];
                        s.chars += n;
                        if link_depth > 0 {
                            s.link_chars += n;
                        }
                        if heading {
                            s.heading_chars += n;
                            if link_depth > 0 {
                                s.heading_link_chars += n;
                            }
                        }
                    }
                    return Some(false);
                }
                _ => return Some(false),
            },
            Visit::Close(id) => {
                if let Data::Element(el) = &dom.node(id).data {
                    stack.pop();
                    let name = &el.name;
                    if *name == local_name!("a") {
                        link_depth = link_depth.saturating_sub(1);
                    }
                    if is_block(name) {
                        if let Some((bid, b)) = blocks.pop() {
                            debug_assert_eq!(bid, id);
                            let own = b.chars.saturating_sub(b.link_chars);
                            let prose = own >= MIN_PROSE_CHARS
                                && b.link_chars * 2 < b.chars
                                && !is_heading(name);
                            if prose {
                                let w = own as f32
                                    + 20.0 * b.commas.min(20) as f32
                                    + 10.0 * b.ends.min(10) as f32;
                                stats[id as usize].prose += own;
                                stats[id as usize].prose_blocks += 1;
                                let parent = dom.node(id).parent;
                                // A block element with loose text counts for itself too.
                                stats[id as usize].score += w * 0.5;
                                if parent != NONE {
                                    stats[parent as usize].score += w;
                                    let grand = dom.node(parent).parent;
                                    if grand != NONE {
                                        stats[grand as usize].score += w * 0.5;
                                    }
                                }
                            }
                        }
                    }
                    // Subtree totals flow up to the parent.
                    if let Some(&p) = stack.last() {
                        let c = stats[id as usize];
                        let s = &mut stats[p as usize];
                        s.chars += c.chars;
                        s.link_chars += c.link_chars;
                        s.prose += c.prose;
                        s.prose_blocks += c.prose_blocks;
                        s.heading_chars += c.heading_chars;
                        s.heading_link_chars += c.heading_link_chars;
                        s.story |= c.story;
                        s.h1 |= c.h1;
                    }
                }
            }
        }
        Some(true)
    });
    stats
}

/// One paragraph of output.
pub(crate) struct Block {
    pub text: String,
    pub heading: bool,
    /// Text characters (non-whitespace) and of them inside links.
    chars: u32,
    link_chars: u32,
    list_item: bool,
}

impl Block {
    /// A paragraph of text from outside the DOM (a JSON-LD articleBody).
    pub(crate) fn plain(text: String) -> Block {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count() as u32;
        Block {
            text,
            heading: false,
            chars,
            link_chars: 0,
            list_item: false,
        }
    }
}

/// Picks the main container(s): the best-scoring element and the siblings that join it,
/// widened to repeated items or a larger ancestor where it holds too little of the page.
/// Also tells whether it was widened so (the page is built from many blocks, not one body
/// of prose).
fn choose(
    dom: &Dom,
    body: NodeId,
    stats: &[Stats],
    skip: &[bool],
    verdicts: &Verdicts,
) -> (Vec<NodeId>, bool) {
    let scope = semantic_scope(dom, body, stats, skip);
    let mut best = NONE;
    let mut best_score = 0.0f32;
    walk(dom, scope, |v| {
        if let Visit::Open(id) = v {
            let Some(el) = dom.element(id) else {
                return Some(false);
            };
            if skip[id as usize] {
                return Some(false);
            }
            let s = &stats[id as usize];
            if s.score > 0.0 {
                let ld = if s.chars > 0 {
                    s.link_chars as f32 / s.chars as f32
                } else {
                    0.0
                };
                let hint = if verdicts.content[id as usize] {
                    1.15
                } else {
                    1.0
                };
                let semantic = if el
                    .attr(local_name!("itemprop"))
                    .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
                {
                    1.5
                } else if matches!(el.name, local_name!("article") | local_name!("main")) {
                    1.1
                } else {
                    1.0
                };
                let score = s.score * (1.0 - ld) * hint * semantic;
                if score > best_score {
                    best_score = score;
                    best = id;
                }
            }
        }
        Some(true)
    });
    if best == NONE {
        return (vec![scope], false);
    }
    let selection = merge_siblings(dom, best, body, scope, stats, skip, Merge::Strict);
    if let Some(items) = repeated_items(dom, best, scope, stats, skip) {
        let mut widened = widen(dom, scope, stats, skip, items.clone(), true);
        if widened == items {
            // The blocks that joined the best one as more of its text stay with the items.
            for &x in &selection {
                if !items
                    .iter()
                    .any(|&i| is_inside(dom, x, i) || is_inside(dom, i, x))
                {
                    widened.push(x);
                }
            }
            if widened.len() > items.len() {
                widened = in_document_order(dom, scope, &widened);
            }
        }
        return (widened, true);
    }
    let widened = widen(dom, scope, stats, skip, selection.clone(), false);
    if widened != selection {
        // Widened to one container: the opening paragraphs above it join it.
        if let [one] = widened[..] {
            return (
                merge_siblings(dom, one, body, scope, stats, skip, Merge::LeadOnly),
                true,
            );
        }
        return (widened, true);
    }
    // Not widened: the opening paragraphs before the body's wrapper join it too.
    (
        merge_siblings(dom, best, body, scope, stats, skip, Merge::Lead),
        false,
    )
}

/// Which siblings [`merge_siblings`] lets join the selection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// Siblings with a tenth of the selection's prose.
    Strict,
    /// Those, and before the selection any run of paragraphs (an opening above the body).
    Lead,
    /// Only the run of paragraphs before the selection (above a widened container).
    LeadOnly,
}

/// Climbs from `best` while the article continues in siblings: at each level the selection
/// becomes the current selection plus the parent's other children that read like article
/// prose (see [`Merge`]). The siblings before the selection that read like paragraphs may
/// join as a run (a standfirst, or an opening in several short paragraphs above the body's
/// wrapper) when together they hold a paragraph of prose, not only a tenth of the
/// selection's.
fn merge_siblings(
    dom: &Dom,
    best: NodeId,
    body: NodeId,
    scope: NodeId,
    stats: &[Stats],
    skip: &[bool],
    merge: Merge,
) -> Vec<NodeId> {
    let lead = merge != Merge::Strict;
    let mut selection = vec![best];
    let mut cur = best;
    loop {
        let parent = dom.node(cur).parent;
        if parent == NONE || cur == body || cur == scope {
            break;
        }
        let cur_prose = stats[cur as usize].prose.max(1) as f32;
        let mut next = Vec::new();
        let mut added = 0u32;
        let reads = |sib: NodeId| {
            let s = &stats[sib as usize];
            if dom.element(sib).is_none() || skip[sib as usize] || s.prose == 0 {
                return false;
            }
            let ld = s.link_chars as f32 / s.chars as f32;
            let prose_share = s.prose as f32 / s.chars as f32;
            // Teaser lists are many short blurbs; article text comes in longer paragraphs.
            let paragraphs = s.prose / s.prose_blocks.max(1) >= MIN_MERGED_MEAN_CHARS;
            ld < 0.25 && prose_share > 0.6 && paragraphs && !s.story
        };
        // The prose of the siblings before the selection that read like article paragraphs:
        // an opening in several short paragraphs joins as a whole.
        let lead_prose: u32 = if lead {
            dom.children(parent)
                .take_while(|&c| c != cur)
                .filter(|&c| reads(c))
                .map(|c| stats[c as usize].prose)
                .sum()
        } else {
            0
        };
        let mut before = true;
        for sib in dom.children(parent) {
            if sib == cur {
                next.append(&mut selection.clone());
                before = false;
                continue;
            }
            let s = &stats[sib as usize];
            if merge == Merge::LeadOnly && !before {
                continue;
            }
            let enough = if lead && before {
                lead_prose >= 100
            } else {
                // After the text, a block of another kind (tag and first class) with under a
                // quarter of its prose is an appendix to it: a note about the writer, a call
                // to action, a disclaimer. More of the same kind is more of the text.
                let same_kind = dom.element(sib).and_then(item_signature)
                    == dom.element(cur).and_then(item_signature);
                s.prose >= 100
                    && s.prose as f32 >= 0.1 * cur_prose
                    && (before || same_kind || s.prose as f32 >= 0.25 * cur_prose)
            };
            if enough && reads(sib) {
                next.push(sib);
                added += s.prose;
            }
        }
        if added > 0 {
            selection = next;
        } else if stats[parent as usize].prose > stats[cur as usize].prose {
            // The parent holds other prose that does not read like the article: stop here.
            break;
        }
        // Otherwise the parent is a mere wrapper: look one level higher.
        cur = parent;
    }
    selection
}

/// `nodes` (none inside another) in document order, by a walk of `scope`.
fn in_document_order(dom: &Dom, scope: NodeId, nodes: &[NodeId]) -> Vec<NodeId> {
    let mut out = Vec::with_capacity(nodes.len());
    walk(dom, scope, |v| {
        if let Visit::Open(id) = v {
            if nodes.contains(&id) {
                out.push(id);
                return Some(false);
            }
        }
        Some(true)
    });
    out
}

/// Text outside links: what a reader reads rather than clicks.
fn own_chars(s: &Stats) -> u32 {
    s.chars.saturating_sub(s.link_chars)
}

/// How many levels above the best candidate [`repeated_items`] looks.
const MAX_ITEM_LEVELS: usize = 12;

/// How many levels above the selection [`widen`] and [`widen_link_page`] look: generated
/// markup nests a block of text twenty wrappers deep.
const MAX_WIDEN_LEVELS: usize = 24;

/// An element's tag and first class name (see [`item_signature`]).
type ItemSig<'a> = (&'a LocalName, &'a str);

/// What makes elements "the same kind of item": the tag and the first class name.
fn item_signature(el: &Element) -> Option<ItemSig<'_>> {
    let class = el
        .attr(local_name!("class"))?
        .split_ascii_whitespace()
        .next()?;
    Some((&el.name, class))
}

/// Posts of a thread, answers under a question, entries of a listing: when the best candidate
/// sits in an element whose parent holds several more of the same kind (same tag, same first
/// class name) with real text, the main text is all of them, in document order. Looks at the
/// lowest such level above `best`; `None` when there is none.
fn repeated_items(
    dom: &Dom,
    best: NodeId,
    scope: NodeId,
    stats: &[Stats],
    skip: &[bool],
) -> Option<Vec<NodeId>> {
    item_levels(dom, best, scope).find_map(|(cur, parent, sig)| {
        let items: Vec<NodeId> = dom
            .children(parent)
            .filter(|&c| {
                c == cur
                    || (!skip[c as usize]
                        && dom.element(c).and_then(item_signature) == Some(sig)
                        && readable_item(&stats[c as usize]))
            })
            .collect();
        let pair = items.len() == 2 && item_like_text(&stats[cur as usize]);
        if items.len() >= 3 || pair {
            let own: u32 = items.iter().map(|&c| own_chars(&stats[c as usize])).sum();
            if own > own_chars(&stats[cur as usize]) + own_chars(&stats[cur as usize]) / 2 {
                return Some(items);
            }
        }
        None
    })
}

/// The levels at and above `start`, up to [`MAX_ITEM_LEVELS`] and below `scope`, whose element
/// has an item signature: (element, its parent, the signature).
fn item_levels<'a>(
    dom: &'a Dom,
    start: NodeId,
    scope: NodeId,
) -> impl Iterator<Item = (NodeId, NodeId, ItemSig<'a>)> + 'a {
    let mut cur = start;
    std::iter::from_fn(move || {
        if cur == scope || cur == NONE {
            return None;
        }
        let parent = dom.node(cur).parent;
        let here = cur;
        cur = parent;
        (parent != NONE).then_some((here, parent))
    })
    .take(MAX_ITEM_LEVELS)
    .filter_map(|(c, p)| {
        dom.element(c)
            .and_then(item_signature)
            .map(|sig| (c, p, sig))
    })
}

/// An item with text of its own, not a list of links.
fn readable_item(s: &Stats) -> bool {
    own_chars(s) >= 20 && s.link_chars * 2 < s.chars
}

/// Enough text that a pair of such items is a thread rather than two teasers.
fn item_like_text(s: &Stats) -> bool {
    own_chars(s) >= 200 && s.link_chars * 2 < s.chars
}

/// Share of the page's reading text (outside links) below which the chosen container is
/// implausibly small.
const MIN_MAIN_SHARE: f32 = 0.5;

/// Share of the page's reading text that [`widen`] looks for: a selection between
/// [`MIN_MAIN_SHARE`] and this is widened only by an ancestor that adds paragraphs of its own
/// ([`MIN_ADDED_PROSE`]), not just a headline, a byline and a standfirst.
const WIDE_MAIN_SHARE: f32 = 0.65;

/// Least prose (characters of prose blocks) that an ancestor must add to a selection that
/// holds over [`MIN_MAIN_SHARE`] of the page for [`widen`] to take it.
const MIN_ADDED_PROSE: u32 = 250;

/// Reading text (outside links) of a selection that [`widen`] leaves alone when it also holds
/// [`LONG_MAIN_SHARE`] of the page's.
const LONG_MAIN_CHARS: u32 = 1200;
const LONG_MAIN_SHARE: f32 = 0.4;

/// Most link text (share of all text) in an ancestor that [`widen`] takes: the entries of a
/// listing or a grid of services are named by links (and a directory of names may be most of
/// a page's characters), but a region that is nearly all links is a menu or a list of other
/// pages.
const MAX_WIDENED_LINK_SHARE: f32 = 0.8;

/// When the selection holds implausibly little of the page's reading text (a service page
/// built from many sections, a product page with a description and a spec table, a thread
/// whose question and answers sit in different wrappers), its nearest ancestor that holds
/// enough of it becomes the main container, provided that ancestor is not mostly links.
fn widen(
    dom: &Dom,
    scope: NodeId,
    stats: &[Stats],
    skip: &[bool],
    selection: Vec<NodeId>,
    items: bool,
) -> Vec<NodeId> {
    let page = own_chars(&stats[scope as usize]) as f32;
    let held: u32 = selection
        .iter()
        .map(|&c| own_chars(&stats[c as usize]))
        .sum();
    // A long text that holds a good part of the page is plausible as it is: what surrounds it
    // is more likely teasers of other pages than more of the same. Repeated items (the
    // questions of an FAQ, the cards of a service page) are not one text: they are widened
    // by the share alone; nor is one block, however long (the code listing of a tutorial
    // whose steps are short paragraphs and lists): a text runs over several paragraphs.
    let paragraphs: u32 = selection
        .iter()
        .map(|&c| stats[c as usize].prose_blocks)
        .sum();
    let long_text = !items
        && paragraphs >= 2
        && held >= LONG_MAIN_CHARS
        && held as f32 >= LONG_MAIN_SHARE * page;
    if page == 0.0 || held as f32 >= WIDE_MAIN_SHARE * page {
        return selection;
    }
    let Some(&first) = selection.first() else {
        return selection;
    };
    // Where the page marks its main content (`<main>`), the rest of it is more of the same
    // page, not teasers of others: a long text is widened there, but not past it.
    let mut limit = None;
    if long_text {
        match main_ancestor(dom, first, scope) {
            Some(m) => limit = Some(m),
            None => return selection,
        }
    }
    let half = held as f32 >= MIN_MAIN_SHARE * page;
    let held_prose: u32 = selection.iter().map(|&c| stats[c as usize].prose).sum();
    let mut cur = first;
    for _ in 0..MAX_WIDEN_LEVELS {
        if cur == scope {
            break;
        }
        let parent = dom.node(cur).parent;
        if parent == NONE || skip[parent as usize] {
            break;
        }
        cur = parent;
        let s = &stats[cur as usize];
        if own_chars(s) as f32 >= WIDE_MAIN_SHARE * page {
            let adds_paragraphs = !half || s.prose >= held_prose + MIN_ADDED_PROSE;
            if s.link_chars as f32 <= MAX_WIDENED_LINK_SHARE * s.chars as f32 && adds_paragraphs {
                return vec![cur];
            }
            break;
        }
        if limit == Some(cur) {
            break;
        }
    }
    selection
}

/// The nearest `<main>` (or `role="main"`) element at or above `id`, up to `scope`.
fn main_ancestor(dom: &Dom, id: NodeId, scope: NodeId) -> Option<NodeId> {
    let mut cur = id;
    while cur != NONE {
        let el = dom.element(cur)?;
        if el.name == local_name!("main")
            || el
                .attr(local_name!("role"))
                .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
        {
            return Some(cur);
        }
        if cur == scope {
            return None;
        }
        cur = dom.node(cur).parent;
    }
    None
}

/// Where to look for the main container: the page's one element marked up as the article
/// body (`itemprop="articleBody"`), else its one `<article>` holding real prose, else `body`.
/// Pages that mark up several articles (teaser lists, infinite scroll) keep `body`, and so
/// does a thread whose first post is marked up as the article body: the element sits in one
/// of several wrappers of a kind whose others hold more prose (the replies), or two or more
/// `<article>` elements outside it (replies marked up as articles of their own) hold over
/// twice its prose.
fn semantic_scope(dom: &Dom, body: NodeId, stats: &[Stats], skip: &[bool]) -> NodeId {
    let mut bodies = Vec::new();
    let mut articles = Vec::new();
    walk(dom, body, |v| {
        if let Visit::Open(id) = v {
            let Some(el) = dom.element(id) else {
                return Some(false);
            };
            if skip[id as usize] {
                return Some(false);
            }
            let prose = stats[id as usize].prose;
            if el
                .attr(local_name!("itemprop"))
                .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
            {
                bodies.push((id, prose));
            } else if el.name == local_name!("article") {
                articles.push((id, prose));
            }
        }
        Some(true)
    });
    let single = |list: &[(NodeId, u32)], min: u32| {
        let mut big = list.iter().filter(|(_, p)| *p >= min);
        match (big.next(), big.next()) {
            (Some((id, _)), None) => Some(*id),
            _ => None,
        }
    };
    let with_headline: Vec<(NodeId, u32)> = articles
        .iter()
        .copied()
        .filter(|(id, _)| stats[*id as usize].h1)
        .collect();
    // The page's one article is not its main text when the page's headline stands outside
    // it (an FAQ block marked up as an article below a post written in plain divs).
    let page_h1 = stats[body as usize].h1;
    let titled = |id: &NodeId| stats[*id as usize].h1 || !page_h1;
    // Nor is the article with the headline when another article (one that holds no article
    // itself) has more prose: a summary card with the title above the steps of a recipe.
    let mut outer = Vec::new();
    for &(id, _) in &articles {
        let mut p = dom.node(id).parent;
        while p != NONE && p != body {
            if articles.iter().any(|&(a, _)| a == p) {
                outer.push(p);
            }
            p = dom.node(p).parent;
        }
    }
    let largest = |id: &NodeId| {
        articles
            .iter()
            .all(|&(a, prose)| a == *id || outer.contains(&a) || prose <= stats[*id as usize].prose)
    };
    // Nor is the body of one post when the page marks up the others as articles of their
    // own, with more prose than it: the question of a thread over its replies.
    let outweighed = |id: &NodeId| {
        let (mut n, mut prose) = (0u32, 0u32);
        for &(a, p) in &articles {
            if p > 0 && !is_inside(dom, *id, a) && !is_inside(dom, a, *id) && !outer.contains(&a) {
                n += 1;
                prose += p;
            }
        }
        n >= 2 && prose > stats[*id as usize].prose * 2
    };
    single(&bodies, 150)
        .filter(|id| !outweighed(id))
        .or_else(|| single(&articles, 300).filter(titled))
        .or_else(|| single(&with_headline, 300).filter(largest))
        .filter(|&id| !in_repeated_item(dom, id, body, stats, skip))
        .unwrap_or(body)
}

/// Whether `id` sits in one of several elements of a kind (tag and first class name, as
/// [`item_signature`]) whose others hold more prose than `id`: the first post of a thread
/// marked up as the article body, among replies marked up otherwise. Looks up to
/// [`MAX_ITEM_LEVELS`] levels above `id`, not past `body`.
fn in_repeated_item(dom: &Dom, id: NodeId, body: NodeId, stats: &[Stats], skip: &[bool]) -> bool {
    item_levels(dom, id, body).any(|(cur, parent, sig)| {
        let (mut others, mut prose) = (0u32, 0u32);
        for c in dom.children(parent) {
            if c != cur
                && !skip[c as usize]
                && stats[c as usize].prose > 0
                && dom.element(c).and_then(item_signature) == Some(sig)
            {
                others += 1;
                prose += stats[c as usize].prose;
            }
        }
        others >= 2 && prose >= stats[id as usize].prose
    })
}

/// Text blocks under `root`, pruned.
fn collect(dom: &Dom, root: NodeId, pruning: &Pruning, counts: &TextCounts, out: &mut Vec<Block>) {
    collect_text(dom, root, pruning, counts, false, out);
}

/// [`collect`]; with `cards`, a paragraph inside a link is text of its own, not the link's:
/// the description of a card whose whole box is one link (a service, a product, an entry
/// of a listing). The name of the card (its heading, its loose text) stays link text.
fn collect_text(
    dom: &Dom,
    root: NodeId,
    pruning: &Pruning,
    counts: &TextCounts,
    cards: bool,
    out: &mut Vec<Block>,
) {
    collect_text_once(dom, root, pruning, counts, cards, None, out);
}

/// Most layout variants ([`Verdicts::layout_variant`]) whose text is hashed on one page (each hash
/// reads the variant's subtree once more).
const MAX_LAYOUT_VARIANTS: usize = 64;

/// Least text (bytes other than whitespace) of a layout variant that is read once only: a
/// short label hidden on some screens ("Discounted price is") is one per item of a grid, not
/// one text laid out twice.
const MIN_LAYOUT_VARIANT_BYTES: usize = 100;

/// [`collect_text`]; with `once`, reading each text once across the layouts a page ships per
/// breakpoint: an element hidden on some screens only ([`Verdicts::layout_variant`]) whose
/// text is that of one read before (the vector holds their text hashes, across calls) is the
/// same text laid out for another screen, which a reader never sees twice.
fn collect_text_once(
    dom: &Dom,
    root: NodeId,
    pruning: &Pruning,
    counts: &TextCounts,
    cards: bool,
    mut once: Option<(&Verdicts, &mut Vec<u64>)>,
    out: &mut Vec<Block>,
) {
    let (skip, hidden) = (&pruning.skip, &pruning.hidden);
    let mut buf = String::new();
    let mut pending = false;
    let mut cur = OpenBlock::default();
    let mut link_depth = 0u32;
    // Where the text stands against inline elements: right after one closed, or right inside
    // the next one opened after that (see [`separates_words`]).
    let mut boundary = Boundary::None;
    // Innermost open block elements: (is heading, is list item).
    let mut blocks: Vec<(bool, bool)> = Vec::new();
    // With `cards`, the link depth at which each open block element started: text is link
    // text only inside a link opened within the innermost paragraph.
    let mut bases: Vec<u32> = Vec::new();
    let flush = |buf: &mut String,
                 pending: &mut bool,
                 cur: &mut OpenBlock,
                 blocks: &[(bool, bool)],
                 out: &mut Vec<Block>| {
        if !buf.is_empty() {
            let (heading, list_item) = blocks
                .iter()
                .rev()
                .copied()
                .find(|(h, l)| *h || *l)
                .unwrap_or((false, false));
            out.push(Block {
                text: std::mem::take(buf),
                heading,
                chars: cur.chars,
                link_chars: cur.link_chars,
                list_item,
            });
        }
        *cur = OpenBlock::default();
        *pending = false;
    };
    walk(dom, root, |v| {
        match v {
            Visit::Open(id) => match &dom.node(id).data {
                Data::Element(el) => {
                    if id != root && skip[id as usize] && !hidden[id as usize] {
                        return Some(false);
                    }
                    if let Some((verdicts, variants)) = once.as_mut() {
                        if verdicts.layout_variant(id) && variants.len() < MAX_LAYOUT_VARIANTS {
                            let (h, len) = text_hash_and_len(dom, id);
                            if len >= MIN_LAYOUT_VARIANT_BYTES {
                                if variants.contains(&h) {
                                    return Some(false);
                                }
                                variants.push(h);
                            }
                        }
                    }
                    let name = &el.name;
                    if is_block(name) {
                        flush(&mut buf, &mut pending, &mut cur, &blocks, out);
                        blocks.push((is_heading(name), *name == local_name!("li")));
                        if cards {
                            let outer = bases.last().copied().unwrap_or(0);
                            bases.push(if *name == local_name!("p") {
                                link_depth
                            } else {
                                outer
                            });
                        }
                    } else if *name == local_name!("br") {
                        pending = true;
                    } else {
                        if *name == local_name!("a") {
                            link_depth += 1;
                        }
                        if boundary == Boundary::Closed {
                            boundary = Boundary::Opened;
                        }
                    }
                }
                Data::Text(t) => {
                    let base = bases.last().copied().unwrap_or(0);
                    counts.add(id, t, link_depth > base, &mut cur);
                    let apart = match boundary {
                        Boundary::Opened => separates_words(&buf, t),
                        Boundary::Closed => starts_a_sentence_after(&buf, t),
                        Boundary::None => false,
                    };
                    if apart && !pending {
                        pending = true;
                    }
                    boundary = Boundary::None;
                    push_normalized(&mut buf, t, &mut pending);
                    return Some(false);
                }
                _ => return Some(false),
            },
            Visit::Close(id) => {
                if let Some(el) = dom.element(id) {
                    let name = &el.name;
                    if is_block(name) {
                        flush(&mut buf, &mut pending, &mut cur, &blocks, out);
                        blocks.pop();
                        bases.pop();
                        boundary = Boundary::None;
                    } else {
                        if *name == local_name!("a") {
                            link_depth = link_depth.saturating_sub(1);
                        }
                        boundary = Boundary::Closed;
                    }
                }
            }
        }
        Some(true)
    });
    flush(&mut buf, &mut pending, &mut cur, &blocks, out);
}

/// Where [`collect_text`] stands against inline elements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Boundary {
    None,
    /// Right after an inline element closed.
    Closed,
    /// Inside (or right at the start of) another element opened right after one closed.
    Opened,
}

/// Whether two texts of sibling inline elements written with nothing between them
/// (`<span>2026</span><span>1h 54m</span>`, `<a>Road Running</a><a>Road Racing</a>`) are
/// separate words: the first ends with a letter or digit, and the second begins with a
/// capital or a digit, of a script that separates words by spaces. A word cut into runs of
/// markup (an editor's "child" + "ren", an ordinal's "3" + "rd") goes on in lowercase; a
/// drop cap is followed by loose text, not by another element.
fn separates_words(before: &str, next: &str) -> bool {
    let spaced = |c: char| c.is_alphanumeric() && (c as u32) < 0x2E80;
    before.chars().next_back().is_some_and(spaced)
        && next
            .chars()
            .next()
            .is_some_and(|c| spaced(c) && (c.is_uppercase() || c.is_numeric()))
}

/// Whether loose text written right after an inline element (`<b>Industry
/// Competency</b>Our experts`, a title the page styles as a line of its own) begins a new
/// phrase: the element's text ends with a lowercase letter and the loose text begins with a
/// capital, of a script that separates words by spaces. (A drop cap or a word cut into runs
/// goes on in lowercase.)
fn starts_a_sentence_after(before: &str, next: &str) -> bool {
    let spaced = |c: char| c.is_alphabetic() && (c as u32) < 0x2E80;
    before
        .chars()
        .next_back()
        .is_some_and(|c| spaced(c) && c.is_lowercase())
        && next
            .chars()
            .next()
            .is_some_and(|c| spaced(c) && c.is_uppercase())
}

/// Short lines that are page furniture rather than article text.
fn is_furniture(text: &str) -> bool {
    if text.len() > 120 {
        return false;
    }
    let lower = text.to_lowercase();
    let t = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '©');
    const EXACT: &[&str] = &[
        "advertisement",
        "advert",
        "ad",
        "story continues below advertisement",
        "continue reading",
        "continue reading below",
        "read more",
        "share",
        "share this",
        "share this article",
        "share this story",
        "related",
        "related articles",
        "related stories",
        "related content",
        "more",
        "loading",
        "comments",
        "print",
        "email",
        "tweet",
        "close",
        "skip",
        "menu",
        "sponsored",
        "sponsored content",
        "recommended",
        "trending",
        "most popular",
        "most read",
        "top stories",
        "latest",
        "latest news",
        "see also",
        "read next",
        "up next",
        // The title of a list of other pages or items whose entries (links) are dropped.
        "you may also like",
        "related posts",
        "related topics",
        "similar items",
        // The label of a control: a link or button to more of an entry, a quote button.
        "learn more",
        "find out more",
        "see more",
        "show more",
        "see all",
        "reveal answer",
        "quote",
        // A feedback prompt under a help page.
        "was this helpful",
        "was this page helpful",
        "was this article helpful",
        // The title of a table of contents whose entries (links) are dropped.
        "table of contents",
        "contents",
        "contents hide",
        "in this article",
        "in this post",
        "on this page",
        // A "like" button's label and its placeholder.
        "like this",
        "like loading",
        // The label of a byline line whose name is a link.
        "edited by",
        "reviewed by",
    ];
    if EXACT.contains(&t) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "advertisement",
        "read more:",
        "read more at",
        "related:",
        "see also:",
        "click here",
        "sign up",
        "subscribe to",
        "follow us",
        "share this",
        "copyright",
        "©",
        "all rights reserved",
        "(c) ",
        "getty images",
        "image:",
        "photo:",
        "photograph:",
        "image source",
        "image caption",
        "media caption",
        "you might also like",
        "we recommend",
    ];
    PREFIXES
        .iter()
        .any(|p| t.starts_with(p) || lower.starts_with(p))
}

/// The main text of the document: blocks in document order.
pub(crate) fn main_blocks(dom: &Dom, body: NodeId, verdicts: &Verdicts) -> Vec<Block> {
    let counts = TextCounts::new(dom);
    let mut pruning = prune_map(dom, body, verdicts, &counts);
    let skip = &pruning.skip;
    let stats = score(dom, body, skip, &counts);
    let (mut containers, mut widened) = choose(dom, body, &stats, skip, verdicts);
    let page = &stats[body as usize];
    // A page whose text is hardly prose at all: a listing or a grid of links to items. A page
    // whose text is mostly links but not quite so little prose is one too when what was
    // chosen is not a long text: a short introduction over a grid of linked cards, or a few
    // teasers of a listing whose other sections are more of them (none of them a body of
    // prose).
    let held_prose: u32 = containers.iter().map(|&c| stats[c as usize].prose).sum();
    let link_page = (page.prose as f32) < MAX_LINK_PAGE_PROSE * page.chars as f32
        || ((page.prose as f32) < MAX_LINKED_PAGE_PROSE * page.chars as f32
            && (widened || held_prose < LONG_MAIN_CHARS)
            && !containers
                .iter()
                .any(|&c| reads_as_body(&stats[c as usize])));
    if link_page {
        if let Some(wider) = widen_link_page(dom, body, &stats, skip, &containers) {
            containers = vec![wider];
            widened = true;
        }
    }
    // Widened to a region that is not mostly prose: a listing, a product grid, a service
    // page of short sections.
    let (prose, own) = containers.iter().fold((0u32, 0u32), |(p, o), &c| {
        (
            p + stats[c as usize].prose,
            o + own_chars(&stats[c as usize]),
        )
    });
    let blocks_page = (widened && prose * 4 < own * 3) || link_page;
    if widened {
        keep_named_parts_of_items(dom, &containers, verdicts, &mut pruning);
    }
    let mut raw = Vec::new();
    let mut variants = Vec::new();
    for c in &containers {
        // On a page widened to several blocks, the descriptions of cards that are one link
        // each are the entries' text.
        let once = Some((verdicts, &mut variants));
        collect_text_once(dom, *c, &pruning, &counts, widened, once, &mut raw);
    }
    filter(raw, blocks_page, link_page)
}

/// When the main text was widened to several blocks (the entries of a listing, the items of
/// a grid, the sections of a service page), the parts of the chosen containers that are
/// pruned only for names of presentation ([`presentation_prune`]: a "teaser", a "caption",
/// a "headline") are the entries' own text: the summary of an episode, the name of a
/// product. Parts hidden by markup, or pruned under any other name, stay out.
fn keep_named_parts_of_items(
    dom: &Dom,
    containers: &[NodeId],
    verdicts: &Verdicts,
    pruning: &mut Pruning,
) {
    for &c in containers {
        walk(dom, c, |v| {
            if let Visit::Open(id) = v {
                if dom.element(id).is_none() {
                    return Some(false);
                }
                if id != c && pruning.skip[id as usize] {
                    if verdicts.prune[id as usize] == (Prune::Soft { strong: false })
                        && presentation_prune(dom, verdicts, id)
                    {
                        pruning.skip[id as usize] = false;
                    } else {
                        return Some(false);
                    }
                }
            }
            Some(true)
        });
    }
}

/// Most prose (share of all text) on a page read as a listing of links ([`widen_link_page`]).
const MAX_LINK_PAGE_PROSE: f32 = 0.2;

/// Most prose (share of all text) on a page read as a listing of links when the chosen text
/// is short or already a set of repeated items (see [`main_blocks`]).
const MAX_LINKED_PAGE_PROSE: f32 = 0.3;

/// On a page that is hardly prose (a listing whose entries are links), the selection is
/// widened by all text, links included: its nearest ancestor that holds half of the page's
/// text, however much of it is links (the entries of a product grid are links; menus are
/// pruned as chrome before). `None` when the selection holds enough already or no ancestor
/// qualifies.
fn widen_link_page(
    dom: &Dom,
    body: NodeId,
    stats: &[Stats],
    skip: &[bool],
    selection: &[NodeId],
) -> Option<NodeId> {
    let page = stats[body as usize].chars as f32;
    let held: u32 = selection.iter().map(|&c| stats[c as usize].chars).sum();
    let mut cur = *selection.first()?;
    if held as f32 >= MIN_MAIN_SHARE * page {
        return None;
    }
    for _ in 0..MAX_WIDEN_LEVELS {
        if cur == body {
            return None;
        }
        let parent = dom.node(cur).parent;
        if parent == NONE || skip[parent as usize] {
            return None;
        }
        cur = parent;
        let s = &stats[cur as usize];
        if s.chars as f32 >= MIN_MAIN_SHARE * page {
            return Some(cur);
        }
    }
    None
}

/// Shortest link text kept on a page built from many blocks (the name of an item in a
/// listing is a link; "Learn more" is not content).
const MIN_ITEM_LINK_CHARS: u32 = 20;

/// Fewest short linked lines, each said once over text of its own, that [`filter`] reads as
/// the names of a page's entries.
const MIN_NAMED_ENTRIES: usize = 3;

/// Least characters of a block that [`filter`] reads as a paragraph of the text around a
/// list (with under a fifth of them in links, not a list item).
const MIN_FRAMING_CHARS: u32 = 100;

/// Most link text (share of its characters) in a list item between paragraphs that
/// [`filter`] keeps as the text's own: an entry that says more than its link (an API member
/// and a note, a tool and what it does). A list of nothing but links stays out wherever it is
/// (the "read also" list in the middle of a story).
const MAX_FRAMED_ITEM_LINK_SHARE: f32 = 0.9;

/// Fewest list items in a row that [`filter`] reads, on a page that is hardly prose (a
/// listing), as the page's list of entries, each named by a short link.
const MIN_LISTED_ENTRIES: usize = 6;

/// Drops link lists and furniture lines. On a page built from many blocks (`blocks_page`),
/// item names are links: link blocks stay unless they are short, or are short linked headings
/// or lines with nothing of the entry's own after them (or said more than once). Linked headings stay on every page, and so do
/// list items that are mostly links but not all, between paragraphs of the text (the
/// members of an API, the steps of a guide, each linked to its page). On a page that is
/// hardly prose (`listing`), a run of list items is the list of the page's entries, and
/// their short linked names stay.
fn filter(raw: Vec<Block>, blocks_page: bool, listing: bool) -> Vec<Block> {
    let relax = blocks_page;
    // On a listing, list items in a run of several (blocks without text between them do not
    // break it): the entries, named by links however short ("Ada", "Go").
    let mut listed = vec![false; raw.len()];
    if listing {
        let mut i = 0;
        while i < raw.len() {
            if !(raw[i].list_item && raw[i].chars > 0) {
                i += 1;
                continue;
            }
            let mut end = i;
            while end < raw.len() && (raw[end].list_item || raw[end].chars == 0) {
                end += 1;
            }
            if (i..end).filter(|&k| raw[k].chars > 0).count() >= MIN_LISTED_ENTRIES {
                listed[i..end].iter_mut().for_each(|l| *l = true);
            }
            i = end;
        }
    }
    let mut out: Vec<Block> = Vec::with_capacity(raw.len());
    let paragraph =
        |b: &Block| !b.list_item && b.chars >= MIN_FRAMING_CHARS && b.link_chars * 5 < b.chars;
    // On a page of blocks, the short lines said more than once: controls ("Shop now", "Add
    // to cart") rather than the names of entries, which differ.
    let mut repeated: HashMap<&str, bool, BuildHasherDefault<FxHasher>> = HashMap::default();
    if relax {
        for b in raw.iter().filter(|b| b.chars < MIN_ITEM_LINK_CHARS) {
            repeated
                .entry(b.text.as_str())
                .and_modify(|r| *r = true)
                .or_insert(false);
        }
    }
    // Short link lines said once with text of their own after them: the names of entries
    // when there are several (one such line is a bar of links over an introduction).
    let own_text = |n: &Block| !n.heading && n.link_chars * 2 <= n.chars;
    let shown: Vec<usize> = (0..raw.len()).filter(|&i| raw[i].chars > 0).collect();
    let mut names = vec![false; raw.len()];
    if relax {
        for w in shown.windows(2) {
            let (b, n) = (&raw[w[0]], &raw[w[1]]);
            names[w[0]] = !b.heading
                && b.chars < MIN_ITEM_LINK_CHARS
                && b.link_chars * 2 > b.chars
                && !repeated.get(b.text.as_str()).copied().unwrap_or(false)
                && own_text(n);
        }
    }
    drop(repeated);
    if names.iter().filter(|&&n| n).count() < MIN_NAMED_ENTRIES {
        names.iter_mut().for_each(|n| *n = false);
    }
    let first_paragraph = raw.iter().position(paragraph);
    let last_paragraph = raw.iter().rposition(paragraph);
    let mut raw = raw
        .into_iter()
        .enumerate()
        .filter(|(_, b)| b.chars > 0)
        .peekable();
    while let Some((i, b)) = raw.next() {
        let next_is_own_text = raw.peek().is_some_and(|(_, n)| own_text(n));
        let ld = b.link_chars as f32 / b.chars as f32;
        if relax {
            // A short linked heading is an entry's name when text of the entry's own follows
            // it (a price, a description); a run of them is a list of names (clients, a menu).
            // So is a short linked line, said once, among several such (`names`), and an
            // item of a listing's list (`listed`).
            let names_entry = b.heading && next_is_own_text || names[i] || listed[i];
            if ld > 0.5 && b.chars < MIN_ITEM_LINK_CHARS && !names_entry || is_furniture(&b.text) {
                continue;
            }
            out.push(b);
            continue;
        }
        // A heading that is a link names a section or an entry of the page (the titles of a
        // listing), not a list of other pages.
        if b.heading && b.chars >= MIN_ITEM_LINK_CHARS && !is_furniture(&b.text) {
            out.push(b);
            continue;
        }
        let framed = b.list_item
            && ld < MAX_FRAMED_ITEM_LINK_SHARE
            && first_paragraph.is_some_and(|f| f < i)
            && last_paragraph.is_some_and(|l| l > i);
        // Mostly links: a related list, tag cloud, "read more" line.
        if ld > 0.5 && (b.list_item || b.chars < 200) && !framed {
            continue;
        }
        if is_furniture(&b.text) {
            continue;
        }
        out.push(b);
    }
    out
}

/// The text of every non-skipped block under `root`, links included (the fallback when
/// scoring and filtering leave nothing).
pub(crate) fn all_blocks(dom: &Dom, root: NodeId, verdicts: &Verdicts) -> Vec<Block> {
    let counts = TextCounts::new(dom);
    let mut pruning = prune_map(dom, root, verdicts, &counts);
    pruning.hidden.iter_mut().for_each(|h| *h = false);
    let mut raw = Vec::new();
    collect(dom, root, &pruning, &counts, &mut raw);
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_block_element_separates_text_for_slimming() {
        // Pre-parse slimming drops whitespace between the tags of `separates_text`; that is
        // only invisible if each of them is a block here (or `br` / an element of the head).
        let blocks = [
            "p",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "blockquote",
            "pre",
            "td",
            "th",
            "dd",
            "dt",
            "div",
            "section",
            "article",
            "main",
            "ul",
            "ol",
            "dl",
            "table",
            "tr",
            "tbody",
            "thead",
            "tfoot",
            "caption",
            "header",
            "footer",
            "aside",
            "nav",
            "figure",
            "figcaption",
            "hr",
            "address",
            "details",
            "summary",
            "center",
            "form",
            "fieldset",
            "body",
            "html",
        ];
        for name in blocks {
            assert!(is_block(&LocalName::from(name)), "{name}");
            assert!(crate::markup::separates_text(name.as_bytes()), "{name}");
        }
        for name in [
            "span", "a", "b", "i", "em", "label", "time", "font", "small", "img",
        ] {
            assert!(!is_block(&LocalName::from(name)), "{name}");
            assert!(!crate::markup::separates_text(name.as_bytes()), "{name}");
        }
    }

    #[test]
    fn class_words_match_wordishly() {
        assert!(is_boilerplate_word("navbar"));
        assert!(is_boilerplate_word("comments"));
        assert!(!is_boilerplate_word("navy"));
        assert!(!is_boilerplate_word("commentary"));
        assert_eq!(
            class_words("siteFooter main-Nav"),
            ["site", "footer", "main", "nav"]
        );
    }

    #[test]
    fn visible_characters_are_counted_by_bytes() {
        let mut b = OpenBlock::default();
        let n = count_text(
            "Hi, you.\u{a0}Да, 中文，好。 \u{2009}x\u{3000}",
            false,
            &mut b,
        );
        let expected = "Hi, you.\u{a0}Да, 中文，好。 \u{2009}x\u{3000}"
            .chars()
            .filter(|c| !c.is_whitespace())
            .count() as u32;
        assert_eq!(n, expected);
        assert_eq!((b.commas, b.ends), (3, 2));
    }

    #[test]
    fn furniture_lines() {
        assert!(is_furniture("ADVERTISEMENT"));
        assert!(is_furniture("Read more: Another story"));
        assert!(is_furniture("© 2026 The Paper"));
        assert!(!is_furniture(
            "Read the full report before the vote, officials said."
        ));
    }
}

#[cfg(test)]
#[path = "content_tests.rs"]
mod page_tests;
