//! The tables the pre-parse passes and metadata extraction share.
//!
//! - Elements: one lookup per tag name ([`class_of`]) gives its class (void, implicitly closed
//!   or skeleton, raw text, text separator), read by the scanner ([`super::scan`]), the depth
//!   guard ([`super::depth`]) and the slimming ([`super::slim`]). The lists the class bits stand
//!   for are kept, as functions, for the tests to compare with.
//! - `<meta>` keys: [`META_KEY_ATTRS`] and [`meta_field`], the keys metadata extraction
//!   (`html_article`) reads and what each gives; the slimming drops every other `<meta>`.

/// Elements that never have content (the reference for [`VOID`]).
#[cfg(test)]
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"basefont"
            | b"bgsound"
            | b"frame"
            | b"image"
    )
}

/// Elements that are closed implicitly by their next sibling (so they do not stack up), and the
/// document skeleton (the reference for [`FLAT`]).
#[cfg(test)]
fn is_flat(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"rb"
            | b"rt"
            | b"rtc"
            | b"rp"
            | b"colgroup"
            | b"html"
            | b"head"
            | b"body"
    )
}

/// Elements whose content is raw text up to the matching end tag (the reference for
/// [`RAW_TEXT`]).
#[cfg(test)]
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"noscript"
    )
}

/// [`is_void`]: an element that never has content.
pub(super) const VOID: u8 = 1;
/// [`is_flat`]: closed implicitly by its next sibling, or the document skeleton.
pub(super) const FLAT: u8 = 1 << 1;
/// [`is_raw_text`]: its content is raw text up to the matching end tag.
pub(super) const RAW_TEXT: u8 = 1 << 2;
/// [`separates_text`]: the extraction's text breaks at its tags.
pub(super) const SEPARATES: u8 = 1 << 3;

/// What the pre-parse passes need to know about a (lowercased) tag name, in one lookup per
/// tag instead of one per question: the union of the bits above. The lists the bits stand
/// for are kept as the functions they name, which the tests compare this with.
pub(super) fn class_of(name: &[u8]) -> u8 {
    const VOID_SEP: u8 = VOID | SEPARATES;
    const FLAT_SEP: u8 = FLAT | SEPARATES;
    const RAW_SEP: u8 = RAW_TEXT | SEPARATES;
    match name {
        b"br" | b"hr" | b"meta" | b"link" | b"base" => VOID_SEP,
        b"area" | b"col" | b"embed" | b"img" | b"input" | b"param" | b"source" | b"track"
        | b"wbr" | b"keygen" | b"basefont" | b"bgsound" | b"frame" | b"image" => VOID,
        b"p" | b"li" | b"dt" | b"dd" | b"tr" | b"td" | b"th" | b"tbody" | b"thead" | b"tfoot"
        | b"html" | b"head" | b"body" => FLAT_SEP,
        b"option" | b"optgroup" | b"rb" | b"rt" | b"rtc" | b"rp" | b"colgroup" => FLAT,
        b"title" => RAW_SEP,
        b"script" | b"style" | b"textarea" | b"xmp" | b"iframe" | b"noembed" | b"noframes"
        | b"noscript" => RAW_TEXT,
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"blockquote" | b"pre" | b"div"
        | b"section" | b"article" | b"main" | b"ul" | b"ol" | b"dl" | b"table" | b"caption"
        | b"header" | b"footer" | b"aside" | b"nav" | b"figure" | b"figcaption" | b"address"
        | b"details" | b"summary" | b"center" | b"form" | b"fieldset" => SEPARATES,
        _ => 0,
    }
}

/// Tags at which the extraction's text breaks anyway: the block elements of
/// `content::is_block` (paragraphs are split there, and `text_of` puts a space there), `<br>`
/// (a space), and elements of the head. Whitespace alone between two of them is never text
/// the extraction keeps, so [`slim`](super::slim::slim) leaves it out: on news pages most text nodes are such
/// indentation between `</div>` and `<div>`, `</li>` and `<li>`. (The reference for
/// [`SEPARATES`].)
#[cfg(test)]
pub(crate) fn separates_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"li"
            | b"blockquote"
            | b"pre"
            | b"td"
            | b"th"
            | b"dd"
            | b"dt"
            | b"div"
            | b"section"
            | b"article"
            | b"main"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"table"
            | b"tr"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"caption"
            | b"header"
            | b"footer"
            | b"aside"
            | b"nav"
            | b"figure"
            | b"figcaption"
            | b"hr"
            | b"address"
            | b"details"
            | b"summary"
            | b"center"
            | b"form"
            | b"fieldset"
            | b"body"
            | b"html"
            | b"br"
            | b"head"
            | b"title"
            | b"meta"
            | b"link"
            | b"base"
    )
}

/// The attributes that hold a `<meta>`'s key, first present first: `property`, else `name`,
/// else `itemprop`, else `http-equiv` (the key is then trimmed and lowercased).
pub(crate) const META_KEY_ATTRS: [&str; 4] = ["property", "name", "itemprop", "http-equiv"];

/// What metadata extraction takes from a `<meta>` (its `content`), by key ([`meta_field`]).
/// The number is the source's priority among the others of its field: lower wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaField {
    OgTitle,
    OgUrl,
    ContentLanguage,
    OgLocale,
    Published(u8),
    Modified(u8),
    Byline(u8),
    /// The page's own summary (`og:description`, `description`, `twitter:description`): the
    /// text of last resort for a page whose body a script renders.
    Description(u8),
}

/// The one table of `<meta>` keys extraction reads (trimmed, lowercased): `None` for every
/// other key. Metadata extraction (`html_article::meta_tag`) reads the tags by it, and the slimming
/// ([`super::slim`]) drops before parsing every `<meta>` whose key it does not list.
pub(crate) fn meta_field(key: &str) -> Option<MetaField> {
    use MetaField::*;
    Some(match key {
        "og:title" => OgTitle,
        "og:url" => OgUrl,
        "og:description" => Description(0),
        "description" => Description(1),
        "twitter:description" => Description(2),
        "content-language" => ContentLanguage,
        "og:locale" => OgLocale,
        "article:published_time" => Published(0),
        "datepublished" => Published(2),
        "og:published_time"
        | "og:article:published_time"
        | "article:published"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "publish_date"
        | "dc.date"
        | "dc.date.issued"
        | "dcterms.created"
        | "dcterms.issued"
        | "date"
        | "sailthru.date"
        | "parsely-pub-date" => Published(3),
        "article:modified_time" | "og:updated_time" | "article:updated_time" => Modified(0),
        "datemodified" => Modified(2),
        "last-modified" | "dcterms.modified" | "dc.date.modified" | "lastmod" => Modified(3),
        "author" | "article:author" | "dc.creator" | "sailthru.author" | "parsely-author" => {
            Byline(2)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_classes_match_the_lists() {
        let mut names: Vec<&[u8]> = vec![
            b"",
            b"a",
            b"b",
            b"span",
            b"svg",
            b"math",
            b"plaintext",
            b"templat",
            b"x-li",
            b"lis",
            b"h7",
            b"p\0",
            b"brr",
            b"tablex",
            b"0123456789abcdefghij",
        ];
        // Every name of every list, and each with its last byte cut or a byte added.
        let all = "area base br col embed hr img input link meta param source track wbr keygen \
            basefont bgsound frame image p li dt dd option optgroup tr td th tbody thead tfoot rb \
            rt rtc rp colgroup html head body script style textarea title xmp iframe noembed \
            noframes noscript h1 h2 h3 h4 h5 h6 blockquote pre section article main ul ol dl \
            table caption header footer aside nav figure figcaption address details summary \
            center form fieldset div";
        let mut variants = Vec::new();
        for n in all.split_ascii_whitespace() {
            names.push(n.as_bytes());
            variants.push(n.as_bytes()[..n.len() - 1].to_vec());
            variants.push([n.as_bytes(), b"x"].concat());
            variants.push([b"x", n.as_bytes()].concat());
        }
        names.extend(variants.iter().map(Vec::as_slice));
        for n in names {
            let class = class_of(n);
            let s = String::from_utf8_lossy(n);
            assert_eq!(class & VOID != 0, is_void(n), "{s}");
            assert_eq!(class & FLAT != 0, is_flat(n), "{s}");
            assert_eq!(class & RAW_TEXT != 0, is_raw_text(n), "{s}");
            assert_eq!(class & SEPARATES != 0, separates_text(n), "{s}");
        }
    }

    #[test]
    fn meta_keys_are_read_by_the_table() {
        assert_eq!(meta_field("og:title"), Some(MetaField::OgTitle));
        assert_eq!(
            meta_field("article:published_time"),
            Some(MetaField::Published(0))
        );
        assert_eq!(meta_field("dc.date"), Some(MetaField::Published(3)));
        assert_eq!(meta_field("datemodified"), Some(MetaField::Modified(2)));
        assert_eq!(meta_field("parsely-author"), Some(MetaField::Byline(2)));
        assert_eq!(meta_field("description"), Some(MetaField::Description(1)));
        // Keys are matched as given: the callers trim and lowercase them first.
        for other in [
            "viewport", "keywords", "OG:TITLE", " author", "og:image", "",
        ] {
            assert_eq!(meta_field(other), None, "{other}");
        }
    }
}
