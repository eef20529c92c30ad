//! Mentions of a company that name another one: "Dostawca Skarnholmu zwalnia 90 osób" (a
//! supplier of Skarnholm lays off 90), "Skarnholm supplier cuts jobs", "Zulieferer von
//! Skarnholm", "Skarnholmin alihankkija". A title that names the watched company only so tells
//! another company's news: the supplier's job cuts are not the company's.
//!
//! A mention is *related* when a noun of a business relation (supplier, subcontractor, rival,
//! competitor, distributor, in the languages topics are written in) comes
//! - right after it, as the head it modifies: "Skarnholm supplier", "Skarnholm's rival",
//!   "Skarnholms Zulieferer", "Skarnholm-Zulieferer", "Skarnholmin alihankkija";
//! - right before it with a preposition between: "supplier to Skarnholm", "fournisseur de
//!   Skarnholm", "Zulieferer von Skarnholm";
//! - right before it, in a language that marks the genitive by case rather than by a
//!   preposition (Slavic and Baltic languages): "dostawca Skarnholmu", "поставщик Skarnholm".
//!   In English and the Romance and Germanic languages a noun right before a name is an
//!   apposition ("rival Skarnholm cuts jobs": Skarnholm is the rival) and does not count.

//!
//! A mention that words of not being affected follow ("Tessadrin non concernée", "Lumesta not
//! affected", "Korvena nicht betroffen") tells the same: the title reports someone else's
//! event and says the watched company stays out of it.

use claimwatch_text::lowercase;

use crate::negation::breaks_clause;

/// Words that, right after a name (or after a copula after it), say that what the title
/// reports did not touch it. Lowercase beginnings, so that genders and numbers follow.
const UNAFFECTED: &[&str] = &[
    "not affected",
    "unaffected",
    "not involved",
    "not impacted",
    "not concerned",
    "not targeted",
    "not among",
    "not named",
    "pas visé",
    "non visé",
    "no incluid",
    "nicht im visier",
    "non concern",
    "pas concern",
    "non affect",
    "nicht betroffen",
    "nicht beteiligt",
    "no afectad",
    "no involucrad",
    "não afetad",
    "não envolvid",
    "non coinvolt",
    "non interessat",
    "niet getroffen",
    "niet betrokken",
    "ej drabbad",
    "ikke berørt",
    "ikke rammet",
    "nie dotyczy",
    "nie ucierpiał",
    "не затронут",
    "не пострадал",
    "не причетн",
    "nije pogođen",
    "nisu pogođen",
    "nije zahvaćen",
    "не е погоден",
    "не се погоден",
    "не е засегнат",
    "не са засегнат",
    "не е пострадал",
    "nuk është prekur",
    "nuk u prek",
    "nije ugrožen",
    "није угрожен",
    "није погођен",
    "etkilenmedi",
];

/// Words that may stand between a name and [`UNAFFECTED`]: copulas, verbs of saying and what
/// goes with them ("Lumesta is not affected", "Lumesta says it was not involved", "Tessadrin
/// affirme ne pas être concernée", "Korvena erklärt, sie sei nicht betroffen").
const FILLERS: &[&str] = &[
    "is", "was", "are", "were", "be", "it", "they", "that", "says", "said", "ist", "sind", "war",
    "sei", "seien", "sie", "es", "dass", "sagt", "erklärt", "est", "sont", "n'est", "être", "ne",
    "que", "qu'elle", "qu'il", "affirme", "assure", "indique", "déclare", "dit", "está", "están",
    "estar", "dice", "afirma", "asegura", "diz", "estão", "é", "è", "sono", "essere", "afferma",
    "zijn", "är", "er",
];

/// Last words of phrases of nearness before a name: "near", "next to", "close to", "près de",
/// "à côté de", "cerca de", "junto a", "perto de", "vicino a", "neben", "obok", "δίπλα", "sát"
/// (Vietnamese: adjacent to), "gần", "cạnh". Lowercase.
const NEAR: &[&str] = &[
    "near",
    "beside",
    "outside",
    "près",
    "proximité",
    "côté",
    "cerca",
    "junto",
    "perto",
    "lado",
    "vicino",
    "accanto",
    "neben",
    "nahe",
    "unweit",
    "obok",
    "pobliżu",
    "рядом",
    "возле",
    "δίπλα",
    "κοντά",
    "sát",
    "gần",
    "cạnh",
    "dekat",
    "sebelah",
];

/// Words that may stand between [`NEAR`] and the name: prepositions, articles and nouns of a
/// company's site ("near the Tessadrin mine", "δίπλα στο έργο της Kelmasto", "sát đại lý
/// Sivrano", "près de la mine de Tessadrin").
const NEAR_BETWEEN: &[&str] = &[
    "to",
    "the",
    "a",
    "an",
    "of",
    "de",
    "la",
    "le",
    "les",
    "l",
    "du",
    "des",
    "del",
    "do",
    "da",
    "al",
    "ao",
    "à",
    "au",
    "der",
    "die",
    "das",
    "dem",
    "den",
    "von",
    "с",
    "στο",
    "στη",
    "στην",
    "της",
    "του",
    "site",
    "sites",
    "mine",
    "plant",
    "factory",
    "farm",
    "project",
    "works",
    "depot",
    "dealer",
    "dealership",
    "shop",
    "store",
    "station",
    "warehouse",
    "yard",
    "pens",
    "mina",
    "usine",
    "chantier",
    "obra",
    "obras",
    "fábrica",
    "planta",
    "projet",
    "proyecto",
    "projeto",
    "cantiere",
    "baustelle",
    "werk",
    "budowy",
    "budowie",
    "zakładu",
    "έργο",
    "εργοτάξιο",
    "đại",
    "lý",
    "cửa",
    "hàng",
    "nhà",
    "máy",
    "tambang",
    "pabrik",
    "kilang",
];

/// Whether the mention that starts at byte `start` of `text` is where something happened
/// nearby: a phrase of nearness comes before it, with only articles, prepositions and a site
/// noun between ("Cyanide spill near Tessadrin mine", "worker hurt at a site next to
/// Kelmasto's"). What happened next to a company's site is its neighbour's news.
pub(crate) fn is_nearby(text: &str, start: usize) -> bool {
    if start > text.len() || !text.is_char_boundary(start) {
        return false;
    }
    let mut after = String::new();
    for w in words_before(text, start).take(5) {
        // "next to", "close to": the adjectives alone are no nearness ("next Lumesta store").
        if NEAR.contains(&w.as_str()) || (matches!(w.as_str(), "next" | "close") && after == "to") {
            return true;
        }
        if !NEAR_BETWEEN.contains(&w.as_str()) {
            return false;
        }
        after = w;
    }
    false
}

/// Whether words of not being affected follow the mention that ends at byte `end` of `text`
/// (see the module documentation).
pub(crate) fn is_unaffected(text: &str, end: usize) -> bool {
    let Some(rest) = text.get(end..) else {
        return false;
    };
    let rest = lowercase(rest);
    // The next words of the clause, fillers left out.
    let mut kept: Vec<&str> = Vec::new();
    for w in rest.split_whitespace().take(8) {
        let word = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        if !word.is_empty() && !FILLERS.contains(&word) {
            kept.push(word);
        }
        if kept.len() == 3 || w.ends_with(breaks_clause) && !word.is_empty() && kept.len() > 1 {
            break;
        }
    }
    let next = kept.join(" ");
    UNAFFECTED.iter().any(|u| next.starts_with(u))
}

/// Beginnings of nouns of a business relation, lowercase (a beginning covers the inflected
/// forms: "dostawc" for dostawca, dostawcy, dostawców). Customers, clients, dealers and
/// contractors are not among them: "Nortivo customers lose service", "Orvalen contractor dies
/// at the plant" are the company's own news.
const RELATIONS: &[&str] = &[
    // English
    "supplier",
    "subcontractor",
    "rival",
    "competitor",
    "distributor",
    // German, Dutch
    "zulieferer",
    "lieferant",
    "konkurrent",
    "subunternehmer",
    "toeleverancier",
    "leverancier",
    "concurrent",
    // French, Spanish, Italian, Portuguese
    "fournisseur",
    "sous-traitant",
    "proveedor",
    "subcontratista",
    "competidor",
    "fornitore",
    "subfornitore",
    "concorrente",
    "fornecedor",
    "distribuidor",
    "distributeur",
    // Polish, Czech, Slovak
    "dostawc",
    "poddostawc",
    "kooperant",
    "kontrahent",
    "dodavatel",
    "subdodavatel",
    // Russian, Ukrainian, Bulgarian
    "поставщик",
    "субподрядчик",
    "конкурент",
    "дистрибьютор",
    "постачальник",
    "доставчик",
    // Nordic, Finnish, Estonian
    "leverantör",
    "underleverantör",
    "leverandør",
    "underleverandør",
    "alihankkij",
    "kilpailij",
    "tarnija",
    "allhankij",
    "alltöövõtj",
];

/// Prepositions between a relation noun and the company it relates to ("supplier to").
const LINKS: &[&str] = &[
    "of", "to", "for", "von", "des", "der", "für", "de", "du", "d", "di", "del", "do", "da", "dos",
    "das", "van", "voor", "för", "till", "til", "af", "для", "на", "dla",
];

/// Languages that mark the genitive of a name by its case, after the noun it modifies.
fn genitive_after_noun(language: Option<&str>) -> bool {
    matches!(
        language,
        Some("pl" | "cs" | "sk" | "sl" | "hr" | "sr" | "bs" | "ru" | "uk" | "be" | "lt" | "lv")
    )
}

fn is_relation(word: &str) -> bool {
    let w = word.to_lowercase();
    RELATIONS.iter().any(|r| w.starts_with(r))
}

/// The words of `text` before byte `at`, last first, lowercase and without edge punctuation;
/// stops at a clause boundary.
fn words_before(text: &str, at: usize) -> impl Iterator<Item = String> + '_ {
    let head = &text[..at];
    let clause_start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| breaks_clause(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    head[clause_start..].split_whitespace().rev().map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase()
    })
}

/// The word right after a mention ending at byte `end`: the rest of the mention's own word
/// (an inflection, "Skarnholmin") and a possessive ("'s", "s") are skipped, and a hyphen
/// joins a compound ("Skarnholm-Zulieferer").
fn word_after(text: &str, end: usize) -> Option<&str> {
    let rest = &text[end..];
    let rest = rest.trim_start_matches(|c: char| c.is_alphanumeric());
    let rest = rest
        .strip_prefix("'s")
        .or_else(|| rest.strip_prefix("’s"))
        .or_else(|| rest.strip_prefix('\''))
        .or_else(|| rest.strip_prefix('’'))
        .unwrap_or(rest);
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    if rest.starts_with(breaks_clause) {
        return None;
    }
    rest.split_whitespace()
        .next()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
}

/// Whether the mention at bytes `start..end` of `text` names a company another one relates
/// to (see the module documentation).
pub(crate) fn is_related(text: &str, start: usize, end: usize, language: Option<&str>) -> bool {
    if start > end
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
    {
        return false;
    }
    if word_after(text, end).is_some_and(is_relation) {
        return true;
    }
    // Glued to the word before it ("Bosch-Skarnholm"): a compound of its own.
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '-')
    {
        return false;
    }
    let mut before = words_before(text, start);
    match before.next() {
        Some(w) if genitive_after_noun(language) && is_relation(&w) => true,
        Some(w) if LINKS.contains(&w.as_str()) => before.next().is_some_and(|n| is_relation(&n)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_nearby, is_related, is_unaffected};

    fn unaffected(text: &str, name: &str) -> bool {
        let start = text.find(name).expect("name in text");
        is_unaffected(text, start + name.len())
    }

    #[test]
    fn a_name_after_a_phrase_of_nearness_is_a_neighbour() {
        let near = |text: &str, name: &str| is_nearby(text, text.find(name).unwrap());
        assert!(near(
            "Cyanide spill in river near Obuasi Gold mine",
            "Obuasi"
        ));
        assert!(near(
            "Worker hurt at a site next to the Lumesta warehouse",
            "Lumesta"
        ));
        assert!(near("Incendie près de la mine de Obuasi Gold", "Obuasi"));
        assert!(near("Cháy cửa hàng sát đại lý Sivrano", "Sivrano"));
        // The company's own site, and a place named before it.
        assert!(!near("Crane collapses at Lumesta warehouse", "Lumesta"));
        assert!(!near(
            "Crane collapses near Athens at Lumesta site",
            "Lumesta"
        ));
        assert!(!near("Lumesta worker hurt near Athens", "Lumesta"));
    }

    #[test]
    fn words_of_not_being_affected_after_a_name_leave_it_out() {
        assert!(unaffected(
            "Fuite de cyanure à Sadiola, Obuasi Gold non concernée",
            "Obuasi Gold"
        ));
        assert!(unaffected(
            "Courier hit by hackers; Lumesta not affected",
            "Lumesta"
        ));
        assert!(unaffected(
            "Gasleck in Varna: Korvena ist nicht betroffen",
            "Korvena"
        ));
        assert!(unaffected(
            "Hackers hit a courier – Lumesta unaffected",
            "Lumesta"
        ));
        assert!(unaffected(
            "Fuite de cyanure à Sadiola : Obuasi Gold affirme ne pas être concernée",
            "Obuasi Gold"
        ));
        assert!(unaffected(
            "Courier breached; Lumesta says it was not affected",
            "Lumesta"
        ));
        assert!(unaffected(
            "Watchdog fines two rivals; Lumesta not targeted",
            "Lumesta"
        ));
        // Macedonian and Bulgarian put the copula after the negation.
        assert!(unaffected(
            "Хакерски напад врз маркетите Мелента, Луместа не е погодена",
            "Луместа"
        ));
        // The company's own event, and a name at the end of the text.
        assert!(!unaffected("Lumesta hit by hackers", "Lumesta"));
        assert!(!unaffected("Hackers hit Lumesta", "Lumesta"));
        assert!(!unaffected(
            "Lumesta hit by hackers, courier not affected",
            "Lumesta"
        ));
        assert!(!is_unaffected("Lumesta", 99));
    }

    fn related(text: &str, name: &str, lang: &str) -> bool {
        let start = text.find(name).expect("name in text");
        is_related(text, start, start + name.len(), Some(lang))
    }

    #[test]
    fn any_span_of_any_text_is_answered_without_a_panic() {
        let text = "«Dostawca» Skarnholmu’s—supplier, ჯგუფი: поставщик 'Skarnholm'-Zulieferer.";
        let (mut related, mut spans) = (0, 0);
        for start in 0..=text.len() + 1 {
            for end in 0..=text.len() + 1 {
                spans += 1;
                related += usize::from(is_related(text, start, end, Some("pl")));
            }
        }
        // Some spans are related (those before "’s—supplier"), most are not.
        assert!(related > 0 && related * 2 < spans, "{related} of {spans}");
    }

    #[test]
    fn a_relation_noun_after_the_name_is_another_company() {
        assert!(related(
            "Skarnholm supplier cuts 90 jobs",
            "Skarnholm",
            "en"
        ));
        assert!(related("Skarnholm's rival shuts plant", "Skarnholm", "en"));
        assert!(related(
            "Skarnholm-Zulieferer streicht Stellen",
            "Skarnholm",
            "de"
        ));
        assert!(related(
            "Skarnholms Zulieferer streicht Stellen",
            "Skarnholm",
            "de"
        ));
        assert!(related(
            "Skarnholmin alihankkija irtisanoo",
            "Skarnholm",
            "fi"
        ));
    }

    #[test]
    fn a_relation_noun_before_the_name() {
        // With a preposition, in any language.
        assert!(related(
            "Supplier to Skarnholm cuts jobs",
            "Skarnholm",
            "en"
        ));
        assert!(related(
            "Un fournisseur de Skarnholm supprime 90 postes",
            "Skarnholm",
            "fr"
        ));
        // A genitive by case.
        assert!(related(
            "Dostawca Skarnholmu zwalnia 90 osób",
            "Skarnholmu",
            "pl"
        ));
        assert!(related(
            "Поставщик Skarnholm сокращает штат",
            "Skarnholm",
            "ru"
        ));
        // An apposition: the company is the rival.
        assert!(!related("Rival Skarnholm cuts 300 jobs", "Skarnholm", "en"));
        assert!(!related(
            "Le concurrent Skarnholm supprime 300 postes",
            "Skarnholm",
            "fr"
        ));
    }

    #[test]
    fn the_company_itself() {
        assert!(!related(
            "Skarnholm cuts 300 jobs at its supplier plant",
            "Skarnholm",
            "en"
        ));
        assert!(!related(
            "Skarnholm, a supplier of heat pumps, cuts jobs",
            "Skarnholm",
            "en"
        ));
        assert!(!related("Skarnholm zwalnia 300 osób", "Skarnholm", "pl"));
        assert!(!related(
            "Suppliers worry as Skarnholm cuts jobs",
            "Skarnholm",
            "en"
        ));
        // Punctuation of several bytes ends the clause before the name.
        assert!(!related("Dostawca: «Skarnholm zwalnia»", "Skarnholm", "pl"));
        assert!(related(
            "«Dostawca Skarnholmu» — zwolnienia",
            "Skarnholmu",
            "pl"
        ));
        assert!(!related("Поставщик — «Skarnholm»", "Skarnholm", "ru"));
    }
}
