//! The watch-topic query language: syntax tree, parser and canonical printing.
//!
//! ```text
//! query    := or
//! or       := and ( "OR" and )*
//! and      := unary ( [ "AND" ] unary )*          adjacent terms are ANDed
//! unary    := ( "NOT" | "-" ) unary | primary
//! primary  := "(" or ")" [ "NEAR/" n near ] | field | entity [ "NEAR/" n near ]
//!           | text [ "NEAR/" n near ]
//! near     := text | entity | "(" ( text | entity ) ( "OR" ( text | entity ) )* ")"
//! text     := word | prefix "*" | "*" infix "*" | "\"" phrase "\""
//! field    := ( "entity" | "in" | "speaker" | "lang" | "source" | "hedged" | "tag" ) ":" value
//! ```
//!
//! Precedence, tightest first: `NEAR/n`, `NOT`/`-`, `AND` (explicit or implicit), `OR`. The
//! operators are recognised only in upper case; `and`, `or`, `not` are ordinary words.
//!
//! `*part*` is a word that contains `part` anywhere (three letters or more, two Hangul
//! syllables): the parts of
//! compounds, which German, Dutch and the Nordic languages write as one word, so `*streik*`
//! finds "Warnstreik" and "Hafenarbeiterstreiks" (and `Hafen*` does not find "Flughafen").
//!
//! A bare word that contains separators (`main-d'œuvre`) is the phrase of its words. `NEAR/n`
//! takes two text terms (word, prefix or phrase) and holds when they occur with at most `n` words
//! between them, in either order. Either side may be an OR-group of text terms: `(feu OR
//! incendie*) NEAR/3 (forêt* OR maquis)` is read, and printed, as the OR of its four pairs (at
//! most [`MAX_NEAR_PAIRS`]). One side may be an `entity:` term, which stands for the words of
//! each of the entity's mentions, in every spelling and language the dictionary has:
//! `entity:russia NEAR/4 diplomat*` holds on "Russian diplomats" and on "two diplomats of the
//! Russian embassy" (two entities on both sides are not supported).

use std::fmt;

use crate::text::{is_word_char, norm_field, tokenize};

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Every part holds (two or more parts).
    And(Vec<Query>),
    /// At least one part holds (two or more parts).
    Or(Vec<Query>),
    Not(Box<Query>),
    /// A word, prefix or phrase in the claim text.
    Text(TextPattern),
    /// Two text patterns at most `distance` words apart, either order.
    Near {
        left: TextPattern,
        right: TextPattern,
        distance: u32,
    },
    /// A mention of an entity (always a [`FieldTerm::Entity`]) and a text pattern at most
    /// `distance` words apart, either order.
    NearEntity {
        entity: FieldTerm,
        text: TextPattern,
        distance: u32,
    },
    /// A condition on a claim field.
    Field(FieldTerm),
}

/// A pattern over words. All words are lowercase, as produced by [`tokenize`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextPattern {
    Word(String),
    /// A word starting with this (`sanction*`).
    Prefix(String),
    /// A word containing this anywhere (`*streik*`).
    Infix(String),
    /// Two or more consecutive words.
    Phrase(Vec<String>),
}

/// A field selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldTerm {
    /// An entity by its stable id; `written` is the id or alias as the query spelled it.
    Entity {
        id: String,
        written: String,
    },
    /// The statement is placed in this country: it mentions the country or a place inside it
    /// (a city or region of the gazetteer). The value is the country's entity id.
    In(String),
    /// A word, prefix or phrase of the claim's speaker.
    Speaker(TextPattern),
    /// The claim's language (ISO 639-1, lowercase).
    Lang(String),
    /// The source id (normalised: lowercase).
    Source(String),
    Hedged(bool),
    /// A tag of the source (normalised: lowercase).
    Tag(String),
}

/// The names accepted before `:`.
pub const FIELDS: &[&str] = &["entity", "in", "speaker", "lang", "source", "hedged", "tag"];

/// Largest `n` accepted in `NEAR/n`.
pub const MAX_NEAR: u32 = 100;

/// Most pairs a `NEAR/n` between two OR-groups may make (it is read as the OR of its pairs).
pub const MAX_NEAR_PAIRS: usize = 64;

/// The text terms of a text term or of an OR of text terms (a `NEAR/n` operand).
fn texts_of(q: &Query) -> Option<Vec<NearOperand>> {
    let one = |p: &Query| match p {
        Query::Text(t) => Some(NearOperand::Text(t.clone())),
        Query::Field(f @ FieldTerm::Entity { .. }) => Some(NearOperand::Entity(f.clone())),
        _ => None,
    };
    match q {
        Query::Or(parts) => parts.iter().map(one).collect(),
        q => one(q).map(|o| vec![o]),
    }
}

/// One side of `NEAR/n`.
#[derive(Debug, Clone)]
enum NearOperand {
    Text(TextPattern),
    /// A [`FieldTerm::Entity`].
    Entity(FieldTerm),
}
/// Deepest nesting of parentheses and `NOT`s accepted.
pub const MAX_DEPTH: usize = 32;

/// A syntax or resolution error in a query, located in the query string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at char {char_offset}, byte {byte_offset} of the query)")]
pub struct ParseError {
    /// Byte offset in the query string (0-based).
    pub byte_offset: usize,
    /// Character offset in the query string (0-based).
    pub char_offset: usize,
    /// What was expected and what was found.
    pub message: String,
}

impl Query {
    /// Parse `src`, resolving `entity:` values (ids or aliases) with `resolve_entity`.
    pub fn parse(
        src: &str,
        resolve_entity: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Query, ParseError> {
        Self::parse_noting(src, resolve_entity).map(|(q, _)| q)
    }

    /// [`Query::parse`], with the char offset of the first `OR` whose side is an AND written
    /// without parentheses (`in:france wildfire* OR bushfire*` reads as `(in:france AND
    /// wildfire*) OR bushfire*`, which is seldom what its writer meant): tools warn about it.
    pub fn parse_noting(
        src: &str,
        resolve_entity: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(Query, Option<usize>), ParseError> {
        let tokens = lex(src)?;
        let mut p = Parser {
            src,
            tokens,
            pos: 0,
            resolve: resolve_entity,
            depth: 0,
            mixed_or: None,
        };
        let q = p.or()?;
        let q = (q, p.mixed_or.map(|at| char_offset(src, at)));
        match p.peek() {
            Lex::End => Ok(q),
            Lex::RParen => Err(p.error_here("unexpected `)` without a matching `(`".into())),
            other => Err(p.error_here(format!(
                "expected `AND`, `OR` or the end of the query, found {}",
                other.describe()
            ))),
        }
    }

    /// `AND` of `parts`, flattening nested `AND`s; one part is returned as is.
    pub fn and(parts: Vec<Query>) -> Query {
        Self::join(parts, true)
    }

    /// `OR` of `parts`, flattening nested `OR`s; one part is returned as is.
    pub fn or(parts: Vec<Query>) -> Query {
        Self::join(parts, false)
    }

    fn join(parts: Vec<Query>, and: bool) -> Query {
        let mut flat = Vec::with_capacity(parts.len());
        for p in parts {
            match p {
                Query::And(inner) if and => flat.extend(inner),
                Query::Or(inner) if !and => flat.extend(inner),
                other => flat.push(other),
            }
        }
        if flat.len() == 1 {
            return flat.pop().expect("one part");
        }
        if and {
            Query::And(flat)
        } else {
            Query::Or(flat)
        }
    }

    /// Whether this is a single term (not AND, OR or NOT).
    pub fn is_leaf(&self) -> bool {
        matches!(
            self,
            Query::Text(_) | Query::Near { .. } | Query::NearEntity { .. } | Query::Field(_)
        )
    }

    /// Call `f` on every leaf (text, NEAR or field term), in query order.
    pub fn for_each_leaf<'q>(&'q self, f: &mut dyn FnMut(&'q Query)) {
        match self {
            Query::And(parts) | Query::Or(parts) => parts.iter().for_each(|p| p.for_each_leaf(f)),
            Query::Not(q) => q.for_each_leaf(f),
            leaf => f(leaf),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Printing: the canonical form parses back to the same tree.

impl fmt::Display for TextPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextPattern::Word(w) => f.write_str(w),
            TextPattern::Prefix(p) => write!(f, "{p}*"),
            TextPattern::Infix(p) => write!(f, "*{p}*"),
            TextPattern::Phrase(ws) => write!(f, "\"{}\"", ws.join(" ")),
        }
    }
}

fn write_value(f: &mut fmt::Formatter<'_>, v: &str) -> fmt::Result {
    let plain = !v.is_empty()
        && !v
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '*' | ':'))
        && !v.starts_with('-');
    if plain {
        f.write_str(v)
    } else {
        write!(f, "\"{v}\"")
    }
}

impl Query {
    /// Call `f` with every field term of the query.
    pub fn visit_fields(&self, f: &mut dyn FnMut(&FieldTerm)) {
        match self {
            Query::And(ps) | Query::Or(ps) => ps.iter().for_each(|p| p.visit_fields(f)),
            Query::Not(q) => q.visit_fields(f),
            Query::Field(t) | Query::NearEntity { entity: t, .. } => f(t),
            Query::Text(_) | Query::Near { .. } => {}
        }
    }
}

impl fmt::Display for FieldTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldTerm::Entity { id, .. } => {
                f.write_str("entity:")?;
                write_value(f, id)
            }
            FieldTerm::In(id) => {
                f.write_str("in:")?;
                write_value(f, id)
            }
            FieldTerm::Speaker(p) => write!(f, "speaker:{p}"),
            FieldTerm::Lang(l) => write!(f, "lang:{l}"),
            FieldTerm::Source(s) => {
                f.write_str("source:")?;
                write_value(f, s)
            }
            FieldTerm::Hedged(h) => write!(f, "hedged:{h}"),
            FieldTerm::Tag(t) => {
                f.write_str("tag:")?;
                write_value(f, t)
            }
        }
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::And(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" AND ")?;
                    }
                    if matches!(p, Query::Or(_)) {
                        write!(f, "({p})")?;
                    } else {
                        write!(f, "{p}")?;
                    }
                }
                Ok(())
            }
            Query::Or(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            Query::Not(q) if q.is_leaf() || matches!(**q, Query::Not(_)) => write!(f, "NOT {q}"),
            Query::Not(q) => write!(f, "NOT ({q})"),
            Query::Text(t) => write!(f, "{t}"),
            Query::Near {
                left,
                right,
                distance,
            } => write!(f, "{left} NEAR/{distance} {right}"),
            Query::NearEntity {
                entity,
                text,
                distance,
            } => write!(f, "{entity} NEAR/{distance} {text}"),
            Query::Field(t) => write!(f, "{t}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Lexer.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lex {
    LParen,
    RParen,
    And,
    Or,
    Not,
    /// `-` directly before a term.
    Minus,
    Near(u32),
    /// `"…"`; the content.
    Quoted(String),
    /// A run of characters other than space, parentheses and quotes.
    Bare(String),
    /// `name:value`; `value_at` is the byte offset of the value, `quoted` whether it was `"…"`.
    Field {
        name: String,
        value: String,
        value_at: usize,
        quoted: bool,
    },
    End,
}

impl Lex {
    fn describe(&self) -> String {
        match self {
            Lex::LParen => "`(`".into(),
            Lex::RParen => "`)`".into(),
            Lex::And => "`AND`".into(),
            Lex::Or => "`OR`".into(),
            Lex::Not => "`NOT`".into(),
            Lex::Minus => "`-`".into(),
            Lex::Near(n) => format!("`NEAR/{n}`"),
            Lex::Quoted(s) => format!("phrase `\"{s}\"`"),
            Lex::Bare(s) => format!("`{s}`"),
            Lex::Field { name, value, .. } => format!("`{name}:{value}`"),
            Lex::End => "the end of the query".into(),
        }
    }
}

fn char_offset(src: &str, byte: usize) -> usize {
    src[..byte.min(src.len())].chars().count()
}

fn err_at(src: &str, byte: usize, message: String) -> ParseError {
    ParseError {
        byte_offset: byte,
        char_offset: char_offset(src, byte),
        message,
    }
}

fn is_bare_char(c: char) -> bool {
    !(c.is_whitespace() || matches!(c, '(' | ')' | '"'))
}

/// Read a `"…"` starting at `at` (which holds the quote); returns the content and the offset
/// after the closing quote.
fn read_quoted(src: &str, at: usize) -> Result<(String, usize), ParseError> {
    let body = at + 1;
    match src[body..].find('"') {
        Some(len) => Ok((src[body..body + len].to_string(), body + len + 1)),
        None => Err(err_at(
            src,
            at,
            "expected a closing `\"` for this phrase".into(),
        )),
    }
}

fn lex(src: &str) -> Result<Vec<(Lex, usize)>, ParseError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let c = src[i..].chars().next().expect("in bounds");
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        match c {
            '(' => {
                out.push((Lex::LParen, i));
                i += 1;
            }
            ')' => {
                out.push((Lex::RParen, i));
                i += 1;
            }
            '"' => {
                let (s, next) = read_quoted(src, i)?;
                out.push((Lex::Quoted(s), i));
                i = next;
            }
            '-' if src[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| !n.is_whitespace() && n != ')') =>
            {
                out.push((Lex::Minus, i));
                i += 1;
            }
            _ => {
                let start = i;
                let mut end = i;
                for (j, ch) in src[i..].char_indices() {
                    if !is_bare_char(ch) {
                        break;
                    }
                    end = i + j + ch.len_utf8();
                }
                let word = &src[start..end];
                i = end;
                let lexeme = match word {
                    "AND" => Lex::And,
                    "OR" => Lex::Or,
                    "NOT" => Lex::Not,
                    _ if word.starts_with("NEAR") => {
                        let n = word
                            .strip_prefix("NEAR/")
                            .and_then(|n| n.parse::<u32>().ok())
                            .filter(|n| *n <= MAX_NEAR);
                        match n {
                            Some(n) => Lex::Near(n),
                            None => {
                                return Err(err_at(
                                    src,
                                    start,
                                    format!("expected `NEAR/<n>` with n from 0 to {MAX_NEAR}, found `{word}`"),
                                ))
                            }
                        }
                    }
                    _ => match word.split_once(':') {
                        Some((name, value))
                            if !name.is_empty()
                                && name.chars().all(|c| c.is_ascii_alphabetic()) =>
                        {
                            let name = name.to_string();
                            let value_at = start + name.len() + 1;
                            if value.is_empty() {
                                if src[end..].starts_with('"') {
                                    let (v, next) = read_quoted(src, end)?;
                                    i = next;
                                    Lex::Field {
                                        name,
                                        value: v,
                                        value_at: end + 1,
                                        quoted: true,
                                    }
                                } else {
                                    return Err(err_at(
                                        src,
                                        value_at,
                                        format!("expected a value after `{name}:`"),
                                    ));
                                }
                            } else {
                                Lex::Field {
                                    name,
                                    value: value.to_string(),
                                    value_at,
                                    quoted: false,
                                }
                            }
                        }
                        _ => Lex::Bare(word.to_string()),
                    },
                };
                out.push((lexeme, start));
            }
        }
    }
    out.push((Lex::End, src.len()));
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Parser.

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<(Lex, usize)>,
    pos: usize,
    resolve: &'a dyn Fn(&str) -> Option<String>,
    depth: usize,
    /// Byte offset of the first `OR` with an unparenthesized AND on a side of it.
    mixed_or: Option<usize>,
}

impl Parser<'_> {
    fn peek(&self) -> &Lex {
        &self.tokens[self.pos].0
    }

    fn at(&self) -> usize {
        self.tokens[self.pos].1
    }

    fn bump(&mut self) -> (Lex, usize) {
        let t = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    fn error_here(&self, message: String) -> ParseError {
        err_at(self.src, self.at(), message)
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_here(format!("query nests deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Query, ParseError> {
        let (first, mut mixed) = self.and()?;
        let mut parts = vec![first];
        let mut first_or = None;
        while *self.peek() == Lex::Or {
            first_or.get_or_insert(self.at());
            self.bump();
            let (part, several) = self.and()?;
            mixed |= several;
            parts.push(part);
        }
        if mixed && self.mixed_or.is_none() {
            self.mixed_or = first_or;
        }
        Ok(Query::or(parts))
    }

    /// An AND of unary terms, and whether it has more than one.
    fn and(&mut self) -> Result<(Query, bool), ParseError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek() {
                Lex::And => {
                    self.bump();
                    parts.push(self.unary()?);
                }
                Lex::LParen
                | Lex::Not
                | Lex::Minus
                | Lex::Quoted(_)
                | Lex::Bare(_)
                | Lex::Field { .. } => parts.push(self.unary()?),
                _ => break,
            }
        }
        let several = parts.len() > 1;
        Ok((Query::and(parts), several))
    }

    fn unary(&mut self) -> Result<Query, ParseError> {
        if matches!(self.peek(), Lex::Not | Lex::Minus) {
            self.bump();
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Query::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Query, ParseError> {
        let (tok, at) = self.bump();
        match tok {
            Lex::LParen => {
                let q = self.group(at)?;
                if let Lex::Near(distance) = *self.peek() {
                    let left = self.near_operand(&q, at)?;
                    return self.near_of(left, distance);
                }
                Ok(q)
            }
            Lex::Field {
                name,
                value,
                value_at,
                quoted,
            } => {
                let f = self.field(&name, &value, value_at, quoted)?;
                if let (FieldTerm::Entity { .. }, Lex::Near(distance)) = (&f, self.peek()) {
                    let distance = *distance;
                    return self.near_of(vec![NearOperand::Entity(f)], distance);
                }
                Ok(Query::Field(f))
            }
            Lex::Quoted(s) => {
                let left = text_pattern(self.src, &s, at + 1, true)?;
                self.maybe_near(left)
            }
            Lex::Bare(s) => {
                let left = text_pattern(self.src, &s, at, false)?;
                self.maybe_near(left)
            }
            other => Err(err_at(
                self.src,
                at,
                format!("expected a term, found {}", other.describe()),
            )),
        }
    }

    fn maybe_near(&mut self, left: TextPattern) -> Result<Query, ParseError> {
        if let Lex::Near(distance) = *self.peek() {
            return self.near_of(vec![NearOperand::Text(left)], distance);
        }
        Ok(Query::Text(left))
    }

    /// The inside of a parenthesized group whose `(` was at byte `at`, and its `)`.
    fn group(&mut self, at: usize) -> Result<Query, ParseError> {
        self.enter()?;
        let q = self.or()?;
        self.depth -= 1;
        if *self.peek() != Lex::RParen {
            let open = char_offset(self.src, at);
            return Err(self.error_here(format!(
                "expected `)` to close the `(` at char {open}, found {}",
                self.peek().describe()
            )));
        }
        self.bump();
        Ok(q)
    }

    /// The text terms of a group beside `NEAR/n` (see [`texts_of`]), or an error at its `(`.
    fn near_operand(&self, q: &Query, at: usize) -> Result<Vec<NearOperand>, ParseError> {
        texts_of(q).ok_or_else(|| {
            err_at(
                self.src,
                at,
                "`NEAR/n` joins words, prefixes, phrases, `entity:` terms or OR-groups of them; \
                 this group holds something else"
                    .into(),
            )
        })
    }

    /// `left NEAR/distance right`, the `NEAR/n` next: each side a text term or an OR-group of
    /// them (`(feu OR incendie*) NEAR/3 (forêt* OR maquis)`), read as the OR of every pair.
    fn near_of(&mut self, left: Vec<NearOperand>, distance: u32) -> Result<Query, ParseError> {
        let (_, near_at) = self.bump();
        let (tok, at) = self.bump();
        let right = match tok {
            Lex::Quoted(s) => vec![NearOperand::Text(text_pattern(self.src, &s, at + 1, true)?)],
            Lex::Bare(s) => vec![NearOperand::Text(text_pattern(self.src, &s, at, false)?)],
            Lex::LParen => {
                let q = self.group(at)?;
                self.near_operand(&q, at)?
            }
            Lex::Field {
                name,
                value,
                value_at,
                quoted,
            } if name == "entity" => {
                vec![NearOperand::Entity(
                    self.field(&name, &value, value_at, quoted)?,
                )]
            }
            other => {
                return Err(err_at(
                    self.src,
                    at,
                    format!(
                        "expected a word, prefix, phrase, `entity:` term or OR-group after \
                         `NEAR/{distance}`, found {}",
                        other.describe()
                    ),
                ))
            }
        };
        if let Lex::Near(_) = self.peek() {
            return Err(self
                .error_here("`NEAR/n` joins exactly two terms; combine several with AND".into()));
        }
        if left.len() * right.len() > MAX_NEAR_PAIRS {
            return Err(err_at(
                self.src,
                near_at,
                format!(
                    "`NEAR/{distance}` between groups of {} and {} terms makes {} pairs; at most \
                     {MAX_NEAR_PAIRS}",
                    left.len(),
                    right.len(),
                    left.len() * right.len()
                ),
            ));
        }
        let mut pairs = Vec::with_capacity(left.len() * right.len());
        for l in &left {
            for r in &right {
                pairs.push(match (l, r) {
                    (NearOperand::Text(l), NearOperand::Text(r)) => Query::Near {
                        left: l.clone(),
                        right: r.clone(),
                        distance,
                    },
                    (NearOperand::Entity(e), NearOperand::Text(t))
                    | (NearOperand::Text(t), NearOperand::Entity(e)) => Query::NearEntity {
                        entity: e.clone(),
                        text: t.clone(),
                        distance,
                    },
                    (NearOperand::Entity(_), NearOperand::Entity(_)) => {
                        return Err(err_at(
                            self.src,
                            near_at,
                            format!(
                                "`NEAR/{distance}` between two `entity:` terms is not supported; \
                                 write one side as words, or join them with AND"
                            ),
                        ))
                    }
                });
            }
        }
        Ok(Query::or(pairs))
    }

    fn field(
        &self,
        name: &str,
        value: &str,
        at: usize,
        quoted: bool,
    ) -> Result<FieldTerm, ParseError> {
        let src = self.src;
        let no_wildcard = |what: &str| -> Result<(), ParseError> {
            if value.contains('*') {
                Err(err_at(
                    src,
                    at,
                    format!("`{what}:` takes no wildcards, found `{value}`"),
                ))
            } else {
                Ok(())
            }
        };
        match name {
            "entity" | "in" => {
                no_wildcard(name)?;
                let v = value.trim();
                if v.is_empty() {
                    return Err(err_at(src, at, format!("expected a value after `{name}:`")));
                }
                // A name the dictionary does not know is kept as an id: entities are added
                // while topics run (the entity log), so it may well be known tomorrow. Callers
                // warn about it (see `Topic::unknown_entities`).
                let id = (self.resolve)(v).map_or_else(|| norm_field(v), |id| norm_field(&id));
                if id.is_empty() {
                    // Only control characters: nothing would be left to print or match.
                    return Err(err_at(src, at, format!("expected a value after `{name}:`")));
                }
                Ok(if name == "in" {
                    FieldTerm::In(id)
                } else {
                    FieldTerm::Entity {
                        id,
                        written: v.to_string(),
                    }
                })
            }
            "speaker" => Ok(FieldTerm::Speaker(text_pattern(src, value, at, quoted)?)),
            "lang" => {
                let v = value.trim();
                if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) {
                    Ok(FieldTerm::Lang(v.to_ascii_lowercase()))
                } else {
                    Err(err_at(
                        src,
                        at,
                        format!("expected a two-letter ISO 639-1 code after `lang:`, found `{v}`"),
                    ))
                }
            }
            "source" | "tag" => {
                no_wildcard(name)?;
                let v = norm_field(value);
                if v.is_empty() {
                    return Err(err_at(src, at, format!("expected a value after `{name}:`")));
                }
                Ok(if name == "source" {
                    FieldTerm::Source(v)
                } else {
                    FieldTerm::Tag(v)
                })
            }
            "hedged" => match value.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(FieldTerm::Hedged(true)),
                "false" => Ok(FieldTerm::Hedged(false)),
                _ => Err(err_at(
                    src,
                    at,
                    format!("expected `true` or `false` after `hedged:`, found `{value}`"),
                )),
            },
            _ => Err(err_at(
                src,
                at - name.len() - 1,
                format!(
                    "unknown field `{name}:`, expected one of {}",
                    FIELDS
                        .iter()
                        .map(|f| format!("{f}:"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
}

/// Fewest letters or digits of an infix (`*abc*`): a shorter part is inside too many words
/// (two Hangul syllables).
pub const MIN_INFIX_CHARS: usize = 3;

/// The infix of `*part*` (`s` is what follows the first `*`, found at byte `at`).
fn infix_pattern(src: &str, s: &str, at: usize) -> Result<TextPattern, ParseError> {
    let Some(part) = s.strip_suffix('*') else {
        return Err(err_at(
            src,
            at - 1,
            format!("a leading `*` needs a closing one: `*{s}*` is a word that contains `{s}`"),
        ));
    };
    if let Some((bad, c)) = part.char_indices().find(|(_, c)| !is_word_char(*c)) {
        let what = if c == '*' {
            "a wildcard `*` may only begin and end a word".to_string()
        } else {
            format!("an infix must be one word between two `*`, found `*{s}`")
        };
        return Err(err_at(src, at + bad, what));
    }
    let mut words = tokenize(part);
    if words.len() > 1 {
        // Han or kana, a word per character: `*地震*` is the phrase `地 震`.
        return Ok(TextPattern::Phrase(words));
    }
    // A Hangul letter is a whole syllable: two make a part (`*노동*`).
    let hangul = part.chars().all(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    let min = if hangul { 2 } else { MIN_INFIX_CHARS };
    if part.chars().count() < min {
        return Err(err_at(
            src,
            at,
            format!("an infix needs at least {min} letters or digits, found `*{s}`"),
        ));
    }
    Ok(TextPattern::Infix(words.pop().unwrap_or_default()))
}

/// A word, prefix or phrase from the text `s` found at byte `at` of the query. Quoted text is a
/// phrase (one word: that word) and takes no wildcard; bare text ending in `*` is a prefix.
fn text_pattern(src: &str, s: &str, at: usize, quoted: bool) -> Result<TextPattern, ParseError> {
    if let Some(inner) = s.strip_prefix('*').filter(|r| !quoted && !r.is_empty()) {
        return infix_pattern(src, inner, at + 1);
    }
    if let Some(star) = s.find('*') {
        if quoted {
            return Err(err_at(
                src,
                at + star,
                "wildcards are not supported inside a phrase".into(),
            ));
        }
        if star + 1 != s.len() {
            return Err(err_at(
                src,
                at + star,
                format!("a wildcard `*` may only end a word, found `{s}`"),
            ));
        }
        let stem = &s[..star];
        if stem.is_empty() {
            return Err(err_at(
                src,
                at,
                "expected letters or digits before `*`".into(),
            ));
        }
        if let Some((bad, _)) = stem.char_indices().find(|(_, c)| !is_word_char(*c)) {
            return Err(err_at(
                src,
                at + bad,
                format!("a prefix must be one word followed by `*`, found `{s}`"),
            ));
        }
        let mut words = tokenize(stem);
        if words.len() > 1 {
            // Han or kana, a word per character: `地震*` is the phrase `地 震`, which is
            // already found before any character that follows.
            return Ok(TextPattern::Phrase(words));
        }
        return Ok(TextPattern::Prefix(words.pop().unwrap_or_default()));
    }
    let mut words = tokenize(s);
    match words.len() {
        0 if quoted => Err(err_at(src, at, "expected words inside the phrase".into())),
        0 => Err(err_at(
            src,
            at,
            format!("expected a term with letters or digits, found `{s}`"),
        )),
        1 => Ok(TextPattern::Word(words.pop().expect("one word"))),
        _ => Ok(TextPattern::Phrase(words)),
    }
}
