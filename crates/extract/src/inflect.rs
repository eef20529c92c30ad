//! Inflected variants of entity aliases, generated when the dictionary is compiled.
//!
//! Users write an alias as it is spelled in the nominative ("Приморский край", "Sibirien");
//! news text declines it ("в Приморском крае", "Sibiriens"). For words in Cyrillic, and for the
//! words of German aliases, a variant alias is generated in which each such word is a prefix
//! (`*`, see the dictionary's alias syntax) of its stem:
//!
//! * Cyrillic: one case ending is removed (an adjective ending such as `-ий`/`-ая`/`-ое`, or a
//!   final vowel, `ь` or `й`), so `Приморский край` gives `Приморск* кра*` and `Сибирь` gives
//!   `Сибир*`;
//! * German: the word itself becomes a prefix (`Sibirien*` matches `Sibiriens`);
//! * place names of the gazetteer in Latin script, one word: the word may take a German or
//!   English ending (`Hamburg~` matches `Hamburgs`, `Hamburger Hafen`, but not `Hamburgo`),
//!   whatever the language they are filed under (most are shared by many languages).
//!
//! * Arabic script: a name written with the article (`الهند`) is also met with the preposition
//!   `ل` contracted into it (`للهند`); a one-word name ending in `ا` or `يا` drops it before
//!   the relative-adjective ending (`روسيا` → `روس~`: "الروسي", "روسية"). Clitics in front and
//!   the ending after a whole name are the matcher's (see `dictionary`).
//!
//! * Polish: a one-word place name filed under `pl` (CLDR's Polish country names) gets its
//!   case forms as further aliases ("Libia": Libii, Libię, Libią; "Iran": Iranu, Iranie).
//!   So do the names filed under Finnish, Estonian, Hungarian, Czech, Lithuanian, Latvian and
//!   Albanian, Azerbaijani and Uzbek, and the names of places in the countries of those
//!   languages ("Oulussa", "Budapesten", "v Praze", "Vilniaus", "Kosovës", "İranın",
//!   "Nukusda"; see [`cases`]).
//!
//! Short words are left alone (a stem of three letters is a prefix of too many words): a
//! single-word alias needs five letters and keeps a stem of at least four; in a multi-word
//! alias, where the other words already constrain the match, four and three. Acronyms (all
//! capitals) and words already written with `*` are never changed. A variant never takes an
//! alias that another entity wrote (the dictionary skips such variants).

mod cases;

/// Two- and three-letter adjective and pronoun endings, tried before single letters.
const CYRILLIC_LONG: &[&str] = &[
    "ого", "его", "ому", "ему", "ыми", "ими", "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой",
    "ей", "ую", "юю", "ых", "их", "ым", "им", "ої", "ій", "єї",
];
/// Single-letter noun endings.
const CYRILLIC_SHORT: &[char] = &[
    'а', 'я', 'ы', 'и', 'е', 'у', 'ю', 'о', 'ь', 'й', 'і', 'ї', 'є',
];

use crate::chars::is_arabic_letter;

fn is_cyrillic_word(w: &str) -> bool {
    w.chars()
        .all(|c| matches!(c, '\u{0400}'..='\u{04FF}') || c == '-')
        && w.chars().any(char::is_alphabetic)
}

fn letters(w: &str) -> usize {
    w.chars().filter(|c| c.is_alphabetic()).count()
}

/// The Cyrillic stem of `word` (lowercase comparison, original case kept), or `None` when it
/// would be shorter than `min_stem` letters.
fn cyrillic_stem(word: &str, min_stem: usize) -> Option<String> {
    let lower = word.to_lowercase();
    // Both forms have the same char count (Cyrillic case pairs are one char each).
    let strip = CYRILLIC_LONG
        .iter()
        .find(|e| lower.ends_with(*e))
        .map(|e| e.chars().count())
        .or_else(|| {
            lower
                .chars()
                .next_back()
                .filter(|c| CYRILLIC_SHORT.contains(c))
                .map(|_| 1)
        })
        .unwrap_or(0);
    let n = word.chars().count();
    let stem: String = word.chars().take(n - strip).collect();
    (letters(&stem) >= min_stem).then_some(stem)
}

/// Whether a gazetteer name in Cyrillic of unknown language (a transliteration of a foreign
/// place: "Совето", "Торонто", "Баку") is one Russian and Ukrainian do not decline: it ends in
/// -о, -е, -у or -ю, and not in a Slavic place suffix (-ово, -ево, -ино: "в Иванове"; -ье:
/// "Ставрополья"), nor is it written in Serbian letters. Given
/// the endings of its stem, "Совето" (Soweto) would read every "Совет" (council).
fn indeclinable(word: &str) -> bool {
    let lower = word.to_lowercase();
    matches!(lower.chars().next_back(), Some('о' | 'е' | 'у' | 'ю'))
        && !["ово", "ево", "ёво", "ино", "ыно", "ье"]
            .iter()
            .any(|s| lower.ends_with(s))
        // Serbian spelling (Цетиње, у Цетињу): Serbian declines it.
        && !lower.contains(['ј', 'љ', 'њ', 'ћ', 'ђ', 'џ'])
}

fn is_latin_word(w: &str) -> bool {
    w.chars().all(|c| {
        c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic()
    })
}

/// The generated variants of one alias, written in alias syntax. `place`: the alias names a
/// place of the gazetteer; `country`: the entity id of the country it is in, if any (a
/// one-word place name in a language with case endings also gets its case forms, see
/// [`cases`]).
pub(crate) fn variants(lang: &str, alias: &str, place: bool, country: Option<&str>) -> Vec<String> {
    if alias.chars().any(is_arabic_letter) {
        return arabic_variants(alias);
    }
    // Two forms of one Han character that Taiwan's press writes interchangeably (臺灣, 台灣;
    // 臺東, 台東): each name in one form is also a name in the other.
    if alias.contains(['台', '臺']) {
        let other: String = alias
            .chars()
            .map(|c| match c {
                '台' => '臺',
                '臺' => '台',
                c => c,
            })
            .collect();
        return vec![other];
    }
    let words: Vec<&str> = alias.split_whitespace().collect();
    let single = words.len() == 1;
    if place && single && lang == "pl" && is_latin_word(alias) && letters(alias) >= 4 {
        return polish_cases(alias);
    }
    if place && single && lang != "de" && is_latin_word(alias) && letters(alias) >= 4 {
        let mut out = vec![format!("{alias}~")];
        out.extend(cases::case_forms(lang, country, alias));
        return out;
    }
    let (min_word, min_stem) = if single { (5, 4) } else { (4, 3) };
    let mut changed = false;
    let out: Vec<String> = words
        .iter()
        .map(|&w| {
            let plain = !w.ends_with('*')
                && !w.contains(['*', '.', '\'', '’'])
                && !w.chars().any(|c| c.is_ascii_digit())
                && letters(w) >= min_word
                && !w
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
            if !plain {
                return w.to_string();
            }
            if is_cyrillic_word(w) {
                if place && single && lang == "mul" && indeclinable(w) {
                    return w.to_string();
                }
                if let Some(stem) = cyrillic_stem(w, min_stem) {
                    changed = true;
                    // One word takes case endings only (`~`, see CYRILLIC_NAME_ENDINGS); a
                    // word of a longer name stays an open prefix.
                    return format!("{stem}{}", if single { "~" } else { "*" });
                }
            } else if lang == "de" && w.chars().all(|c| c.is_alphabetic() || c == '-') {
                changed = true;
                return format!("{w}*");
            }
            w.to_string()
        })
        .collect();
    if changed {
        vec![out.join(" ")]
    } else {
        Vec::new()
    }
}

/// The case forms of a one-word Polish place name (a country's name in CLDR's Polish): the
/// genitive, accusative, instrumental and locative of a feminine name in `-a` ("Libia": Libii,
/// Libię, Libią; "Kuba": Kuby, Kubę, Kubą, Kubie; "Polska": Polski, Polskę, Polską, Polsce), or
/// of a masculine name ending in a consonant ("Iran": Iranu, Iranem, Iranie; "Egipt": Egiptu,
/// Egiptem, Egipcie). Plural names ("Chiny", "Węgry") and others are left as written.
fn polish_cases(name: &str) -> Vec<String> {
    let lower = name.to_lowercase();
    // (ending of the name, what replaces it in the genitive and in the locative).
    const FEMININE: &[(&str, &str, &str)] = &[
        ("ia", "ii", "ii"),
        ("ja", "ji", "ji"),
        ("la", "li", "li"),
        ("ka", "ki", "ce"),
        ("ga", "gi", "dze"),
        ("ra", "ry", "rze"),
        ("ta", "ty", "cie"),
        ("da", "dy", "dzie"),
        ("na", "ny", "nie"),
        ("wa", "wy", "wie"),
        ("ba", "by", "bie"),
        ("ma", "my", "mie"),
        ("sa", "sy", "sie"),
        ("za", "zy", "zie"),
        ("pa", "py", "pie"),
    ];
    const MASCULINE: &[(&str, &str)] = &[
        ("n", "nie"),
        ("r", "rze"),
        ("t", "cie"),
        ("d", "dzie"),
        ("l", "lu"),
        ("k", "ku"),
        ("g", "gu"),
        ("m", "mie"),
        ("s", "sie"),
        ("p", "pie"),
        ("b", "bie"),
    ];
    let cut = |n: usize| -> String {
        let keep = name.chars().count() - n;
        name.chars().take(keep).collect()
    };
    if let Some(&(end, gen, loc)) = FEMININE.iter().find(|(e, _, _)| lower.ends_with(e)) {
        let stem = cut(end.chars().count());
        let base = cut(1);
        return vec![
            format!("{stem}{gen}"),
            format!("{base}ę"),
            format!("{base}ą"),
            format!("{stem}{loc}"),
        ];
    }
    if let Some(&(end, loc)) = MASCULINE.iter().find(|(e, _)| lower.ends_with(e)) {
        let stem = cut(end.chars().count());
        return vec![
            format!("{name}u"),
            format!("{name}em"),
            format!("{stem}{loc}"),
        ];
    }
    Vec::new()
}

/// See the module documentation: at most two variants of an alias in Arabic script.
fn arabic_variants(alias: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(rest) = alias.strip_prefix("ال") {
        if letters(rest) >= 3 {
            out.push(format!("لل{rest}"));
        }
    }
    let word = alias.trim();
    if !word.contains(char::is_whitespace) && word.chars().all(is_arabic_letter) {
        let stem = word
            .strip_suffix("يا")
            .or_else(|| word.strip_suffix('ا'))
            .filter(|stem| letters(stem) >= 3);
        if let Some(stem) = stem {
            out.push(format!("{stem}~"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::variants;

    #[test]
    fn arabic_names_take_the_contracted_article_and_drop_a_final_alef() {
        assert_eq!(variants("ar", "روسيا", true, None), vec!["روس~"]);
        assert_eq!(variants("ar", "أمريكا", true, None), vec!["أمريك~"]);
        assert_eq!(variants("ar", "الهند", true, None), vec!["للهند"]);
        assert_eq!(variants("ar", "الصومال", false, None), vec!["للصومال"]);
        // Whole names take the nisba ending in the matcher; too short a stem is left alone.
        assert!(variants("ar", "باكستان", true, None).is_empty());
        assert!(variants("ar", "غزا", true, None).is_empty());
        assert_eq!(
            variants("ar", "الكونغو الديمقراطية", true, None),
            vec!["للكونغو الديمقراطية"]
        );
    }

    #[test]
    fn foreign_names_in_cyrillic_ending_in_a_vowel_are_not_declined() {
        // Soweto's "Совето" must not read "Совет" (council), nor Toronto's name "Торонт...".
        assert!(variants("mul", "Совето", true, None).is_empty());
        assert!(variants("mul", "Торонто", true, None).is_empty());
        assert!(variants("mul", "Кюсю", true, None).is_empty());
        // Slavic place names in -ово/-ино are declined ("в Иванове"), as are names of known
        // Russian or Ukrainian spelling and names in -а.
        assert_eq!(variants("mul", "Иваново", true, None), ["Иванов~"]);
        assert_eq!(variants("mul", "Ставрополье", true, None), ["Ставрополь~"]);
        assert_eq!(variants("ru", "Дніпро", true, None), ["Дніпр~"]);
        assert_eq!(variants("mul", "Лусака", true, None), ["Лусак~"]);
    }

    #[test]
    fn cyrillic_words_take_the_endings_of_their_stems() {
        assert_eq!(
            variants("ru", "Приморский край", false, None),
            ["Приморск* кра*"]
        );
        // One word takes case endings only (`~`); the words of a longer name are prefixes.
        assert_eq!(variants("ru", "Сибирь", false, None), ["Сибир~"]);
        assert_eq!(variants("ru", "Владивосток", false, None), ["Владивосток~"]);
        assert_eq!(
            variants("uk", "Північна Корея", false, None),
            ["Північн* Коре*"]
        );
        // Whatever language key a Cyrillic alias is filed under.
        assert_eq!(variants("mul", "Россия", false, None), ["Росси~"]);
    }

    #[test]
    fn german_words_take_endings() {
        assert_eq!(variants("de", "Sibirien", false, None), ["Sibirien*"]);
        assert!(variants("en", "Siberia", false, None).is_empty());
    }

    #[test]
    fn latin_place_names_take_german_and_english_endings() {
        assert_eq!(variants("mul", "Hamburg", true, None), ["Hamburg~"]);
        assert_eq!(variants("en", "Lyon", true, None), ["Lyon~"]);
        // Not entities of the hand-written file, not several words, not other scripts.
        assert!(variants("en", "Hamburg", false, None).is_empty());
        assert!(variants("en", "New York", true, None).is_empty());
        assert!(variants("mul", "Киев", true, None)
            .iter()
            .all(|v| !v.ends_with('~')));
    }

    #[test]
    fn polish_place_names_get_their_case_forms() {
        assert_eq!(
            variants("pl", "Libia", true, None),
            ["Libii", "Libię", "Libią", "Libii"]
        );
        assert_eq!(
            variants("pl", "Polska", true, None),
            ["Polski", "Polskę", "Polską", "Polsce"]
        );
        assert_eq!(
            variants("pl", "Jemen", true, None),
            ["Jemenu", "Jemenem", "Jemenie"]
        );
        assert_eq!(
            variants("pl", "Egipt", true, None),
            ["Egiptu", "Egiptem", "Egipcie"]
        );
        // Plural names and other languages' names are left to the other rules.
        assert!(variants("pl", "Chiny", true, None).is_empty());
        assert_eq!(variants("it", "Libia", true, None), ["Libia~"]);
    }

    #[test]
    fn short_words_acronyms_and_prefixes_are_left_alone() {
        assert!(variants("ru", "Мали", false, None).is_empty());
        assert!(variants("ru", "КНДР", false, None).is_empty());
        assert!(variants("ru", "росси*", false, None).is_empty());
        assert!(variants("de", "Iran", false, None).is_empty());
        // A single word keeps a stem of four letters: "Кубая" would leave three.
        assert!(variants("ru", "Кубая", false, None).is_empty());
    }
}
