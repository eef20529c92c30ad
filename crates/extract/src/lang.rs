//! Language: normalising declared tags, and a script/stopword guess from the text.

use crate::chars::{is_cyrillic, is_han, is_hangul, is_kana};

/// How many characters of text the guess looks at.
const GUESS_CHARS: usize = 20_000;

/// The ISO 639-1 code of a BCP 47 tag or a bare language code (`en-GB` → `en`,
/// `rus` → `ru`, `pt_BR` → `pt`); `None` when it is not a language.
pub fn normalize_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    if !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    match primary.len() {
        2 => Some(primary),
        3 => {
            let two = match primary.as_str() {
                "eng" => "en",
                "rus" => "ru",
                "ukr" => "uk",
                "kor" => "ko",
                "deu" | "ger" => "de",
                "fra" | "fre" => "fr",
                "zho" | "chi" => "zh",
                "jpn" => "ja",
                "spa" => "es",
                "ita" => "it",
                "por" => "pt",
                "pol" => "pl",
                "bel" => "be",
                "kaz" => "kk",
                "uzb" => "uz",
                "tgk" => "tg",
                "kir" => "ky",
                "ara" => "ar",
                "tur" => "tr",
                _ => return None,
            };
            Some(two.to_string())
        }
        _ => None,
    }
}

/// The script family a language is normally written in, for sanity-checking declared tags.
fn script_of(lang: &str) -> Option<Script> {
    Some(match lang {
        "ru" | "uk" | "be" | "bg" | "sr" | "mk" | "kk" | "ky" | "tg" | "mn" => Script::Cyrillic,
        "ko" => Script::Hangul,
        "zh" | "ja" => Script::Han,
        "ar" | "fa" | "ur" | "ps" | "ku" | "sd" => Script::Arabic,
        "el" | "th" | "he" | "ka" | "hy" | "km" | "lo" | "my" | "am" | "hi" | "ne" | "mr"
        | "bn" | "pa" | "gu" | "or" | "ta" | "te" | "kn" | "ml" | "si" => Script::Own,
        "en" | "de" | "fr" | "es" | "it" | "pt" | "nl" | "pl" | "cs" | "sk" | "sv" | "da"
        | "no" | "nb" | "fi" | "et" | "lv" | "lt" | "ro" | "hu" | "tr" | "uz" | "az" | "hr"
        | "sl" | "id" | "ms" | "vi" => Script::Latin,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Hangul,
    Han,
    Arabic,
    /// A script that one language of the news writes (Greek, Thai, Hebrew, Georgian,
    /// Armenian, Khmer, Lao, Burmese, Amharic's Ethiopic, the scripts of India, Bangladesh and
    /// Sri Lanka; Devanagari's three languages are told apart by function words): see
    /// [`OWN_SCRIPTS`].
    Own,
}

/// Scripts written by one language of the news each: (first, last code point, language).
const OWN_SCRIPTS: &[(char, char, &str)] = &[
    ('\u{0370}', '\u{03FF}', "el"),
    ('\u{1F00}', '\u{1FFF}', "el"),
    ('\u{0E00}', '\u{0E7F}', "th"),
    ('\u{0590}', '\u{05FF}', "he"),
    ('\u{10A0}', '\u{10FF}', "ka"),
    ('\u{0530}', '\u{058F}', "hy"),
    ('\u{1780}', '\u{17FF}', "km"),
    ('\u{0E80}', '\u{0EFF}', "lo"),
    ('\u{1000}', '\u{109F}', "my"),
    ('\u{1200}', '\u{139F}', "am"),
    // Devanagari is Hindi's, Nepali's and Marathi's: see `devanagari_language`.
    ('\u{0900}', '\u{097F}', "hi"),
    ('\u{0980}', '\u{09FF}', "bn"),
    ('\u{0A00}', '\u{0A7F}', "pa"),
    ('\u{0A80}', '\u{0AFF}', "gu"),
    ('\u{0B00}', '\u{0B7F}', "or"),
    ('\u{0B80}', '\u{0BFF}', "ta"),
    ('\u{0C00}', '\u{0C7F}', "te"),
    ('\u{0C80}', '\u{0CFF}', "kn"),
    ('\u{0D00}', '\u{0D7F}', "ml"),
    ('\u{0D80}', '\u{0DFF}', "si"),
];

/// Function words of Nepali and Marathi that Hindi does not write (Hindi's "है", "में", "और"
/// are the default's): a Devanagari text with more of one of them is in that language.
const NEPALI_WORDS: &[&str] = &[
    "छ",
    "छन्",
    "भने",
    "पनि",
    "र",
    "थियो",
    "भएको",
    "गरेको",
    "लागि",
    "गर्न",
];
const MARATHI_WORDS: &[&str] = &["आहे", "आणि", "आहेत", "मध्ये", "केली", "झाले", "होते", "त्यांनी"];
const HINDI_WORDS: &[&str] = &[
    "है",
    "में",
    "और",
    "की",
    "के",
    "का",
    "से",
    "हैं",
    "था",
    "गई",
    "किया",
];

/// Hindi, Nepali or Marathi, by their function words (Hindi when none tells).
fn devanagari_language(text: &str) -> &'static str {
    let mut n = [0usize; 3];
    for w in text
        .split(|c: char| {
            !(c.is_alphanumeric()
                || ('\u{0900}'..='\u{0963}').contains(&c)
                || c > '\u{0965}' && c <= '\u{097F}')
        })
        .take(GUESS_CHARS / 4)
    {
        if HINDI_WORDS.contains(&w) {
            n[0] += 1;
        } else if NEPALI_WORDS.contains(&w) {
            n[1] += 1;
        } else if MARATHI_WORDS.contains(&w) {
            n[2] += 1;
        }
    }
    if n[1] > n[0] && n[1] >= n[2] {
        "ne"
    } else if n[2] > n[0] && n[2] > n[1] {
        "mr"
    } else {
        "hi"
    }
}

/// Letter counts per script over the start of a text.
#[derive(Default)]
struct Counts {
    latin: usize,
    cyrillic: usize,
    hangul: usize,
    han: usize,
    kana: usize,
    other: usize,
    uk_letters: usize,
    ru_letters: usize,
    /// Letters of Serbian Cyrillic that Russian and Ukrainian do not write (ј љ њ ћ ђ џ).
    sr_letters: usize,
    /// The hard sign ъ (also in `ru_letters`): rare in Russian, one of Bulgarian's commonest
    /// vowels.
    hard_signs: usize,
    /// Letters only Macedonian writes (ѓ ќ ѕ).
    mk_letters: usize,
    /// Letters of the Cyrillic alphabets of Central Asia: Kazakh's own (ә ұ һ), Tajik's own
    /// (ӣ ӯ ҳ ҷ), ң (Kazakh, Kyrgyz), ө and ү (those two and Mongolian). Tajik is told by its
    /// own letters, Kazakh by its own or by ғ/қ with ң, ө or ү, Kyrgyz by ң with ө or ү, and
    /// Mongolian (no ң) from a Kyrgyz text without ң by function words.
    kk_letters: usize,
    tg_letters: usize,
    /// ғ and қ: Kazakh and Tajik, not Kyrgyz or Mongolian.
    gq_letters: usize,
    ng_letters: usize,
    ou_letters: usize,
    arabic: usize,
    /// Letters that Arabic writes and Persian and Urdu do not (`ة ى ي ك`, the last two have
    /// their own forms there), that Persian and Urdu write and Arabic does not (`ی ک پ چ ژ گ`),
    /// and that only Urdu writes (`ٹ ڈ ڑ ں ے ہ ھ`).
    arabic_only: usize,
    persian_urdu: usize,
    urdu_only: usize,
    /// Letters of the scripts of [`OWN_SCRIPTS`], per entry.
    own: [usize; OWN_SCRIPTS.len()],
}

/// How many of the eight ASCII bytes of `x` are letters. With bit 5 set, a byte is a letter
/// when it lies in `a..=z` (0x61..=0x7A): no other ASCII byte lands there.
fn ascii_letters(x: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let y = x | (0x20 * ONES);
    // High bit of each byte: at least 0x61, and at least 0x7B (bytes are below 0x80, so the
    // sums do not carry into the next byte).
    let from_a = y + (0x80 - 0x61) * ONES;
    let past_z = y + (0x80 - 0x7B) * ONES;
    (from_a & !past_z & (0x80 * ONES)).count_ones() as usize
}

fn count(text: &str) -> Counts {
    let mut c = Counts::default();
    // ASCII is counted byte by byte; the rest character by character (`seen` counts both).
    let b = text.as_bytes();
    let (mut i, mut seen) = (0usize, 0usize);
    while i < b.len() && seen < GUESS_CHARS {
        // Eight ASCII bytes at a time.
        if seen + 8 <= GUESS_CHARS {
            if let Some(word) = b.get(i..i + 8) {
                let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
                if x & 0x8080_8080_8080_8080 == 0 {
                    c.latin += ascii_letters(x);
                    i += 8;
                    seen += 8;
                    continue;
                }
            }
        }
        if b[i].is_ascii() {
            c.latin += usize::from(b[i].is_ascii_alphabetic());
            i += 1;
            seen += 1;
            continue;
        }
        let Some(ch) = text[i..].chars().next() else {
            break;
        };
        i += ch.len_utf8();
        seen += 1;
        // The letters of most non-ASCII text here, counted without the Unicode tables (every
        // character of these ranges is alphabetic).
        match ch {
            '\u{0410}'..='\u{044F}' => {
                c.cyrillic += 1;
                c.ru_letters += usize::from(matches!(ch, 'ы' | 'э' | 'ъ' | 'Ы' | 'Э' | 'Ъ'));
                c.hard_signs += usize::from(matches!(ch, 'ъ' | 'Ъ'));
                continue;
            }
            '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{017F}' => {
                c.latin += 1;
                continue;
            }
            '\u{AC00}'..='\u{D7A3}' => {
                c.hangul += 1;
                continue;
            }
            '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' => {
                c.arabic += 1;
                match ch {
                    'ة' | 'ى' | 'ي' | 'ك' => c.arabic_only += 1,
                    'ی' | 'ک' | 'پ' | 'چ' | 'ژ' | 'گ' => c.persian_urdu += 1,
                    'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ہ' | 'ھ' => c.urdu_only += 1,
                    _ => {}
                }
                continue;
            }
            _ => {}
        }
        if !ch.is_alphabetic() {
            continue;
        }
        if ch.is_ascii_alphabetic()
            || matches!(ch, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
        {
            c.latin += 1;
        } else if is_cyrillic(ch) {
            c.cyrillic += 1;
            match ch {
                'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є' | 'Ґ' => c.uk_letters += 1,
                'ъ' | 'Ъ' => {
                    c.ru_letters += 1;
                    c.hard_signs += 1;
                }
                'ы' | 'э' | 'ё' | 'Ы' | 'Э' | 'Ё' => c.ru_letters += 1,
                'ј' | 'љ' | 'њ' | 'ћ' | 'ђ' | 'џ' | 'Ј' | 'Љ' | 'Њ' | 'Ћ' | 'Ђ' | 'Џ' => {
                    c.sr_letters += 1
                }
                'ѓ' | 'ќ' | 'ѕ' | 'Ѓ' | 'Ќ' | 'Ѕ' => c.mk_letters += 1,
                'ә' | 'ұ' | 'һ' | 'Ә' | 'Ұ' | 'Һ' => c.kk_letters += 1,
                'ӣ' | 'ӯ' | 'ҳ' | 'ҷ' | 'Ӣ' | 'Ӯ' | 'Ҳ' | 'Ҷ' => c.tg_letters += 1,
                'ң' | 'Ң' => c.ng_letters += 1,
                'ғ' | 'қ' | 'Ғ' | 'Қ' => c.gq_letters += 1,
                'ө' | 'ү' | 'Ө' | 'Ү' => c.ou_letters += 1,
                _ => {}
            }
        } else if is_hangul(ch) {
            c.hangul += 1;
        } else if is_kana(ch) {
            c.kana += 1;
        } else if is_han(ch) {
            c.han += 1;
        } else if let Some(k) = OWN_SCRIPTS
            .iter()
            .position(|&(a, b, _)| (a..=b).contains(&ch))
        {
            c.own[k] += 1;
        } else {
            c.other += 1;
        }
    }
    c
}

fn dominant(c: &Counts) -> Option<Script> {
    let cjk = c.han + c.kana;
    let best = [
        (c.latin, Script::Latin),
        (c.cyrillic, Script::Cyrillic),
        (c.hangul, Script::Hangul),
        (cjk, Script::Han),
        (c.arabic, Script::Arabic),
        (c.own.iter().sum(), Script::Own),
    ]
    .into_iter()
    .max_by_key(|(n, _)| *n)?;
    (best.0 > 0 && best.0 >= c.other).then_some(best.1)
}

/// Guesses the language of a text from its script, and for Latin text from a few stopwords.
/// Returns `None` when the text has too few letters to tell.
pub fn guess_language(text: &str) -> Option<&'static str> {
    let c = count(text);
    match dominant(&c)? {
        Script::Cyrillic => Some(if c.tg_letters >= 2 && c.tg_letters > c.kk_letters {
            "tg"
        } else if c.kk_letters >= 2
            || (c.gq_letters >= 1 && c.kk_letters + c.ng_letters + c.ou_letters >= 1)
        {
            "kk"
        } else if c.ng_letters >= 1 && c.ng_letters + c.ou_letters >= 2 {
            "ky"
        } else if c.ou_letters >= 2 {
            // Mongolian or a Kyrgyz text without ң: their function words tell.
            pick(
                text,
                (
                    "ky",
                    &["жана", "менен", "үчүн", "бул", "болуп", "деп", "боюнча"],
                ),
                (
                    "mn",
                    &[
                        "нь",
                        "болон",
                        "байна",
                        "юм",
                        "энэ",
                        "гэж",
                        "байгаа",
                        "гэсэн",
                    ],
                ),
            )
        } else if c.mk_letters > 0 && c.mk_letters * 4 >= c.sr_letters {
            "mk"
        } else if c.sr_letters > c.ru_letters + c.uk_letters {
            macedonian_or_serbian(text)
        } else if c.hard_signs > 0
            && c.uk_letters == 0
            && c.hard_signs > 3 * (c.ru_letters - c.hard_signs)
        {
            // Bulgarian: ъ throughout, and none of ы, э, ё.
            "bg"
        } else if c.uk_letters > 0 && c.uk_letters >= c.ru_letters {
            "uk"
        } else {
            "ru"
        }),
        Script::Hangul => Some("ko"),
        Script::Han => Some(if c.kana * 10 > c.han + c.kana {
            "ja"
        } else {
            "zh"
        }),
        Script::Latin => Some(match latin_by_stopwords(text) {
            "hr" => serbo_croatian(text),
            "id" => indonesian_or_malay(text),
            lang => lang,
        }),
        Script::Own => {
            let k = (0..OWN_SCRIPTS.len()).max_by_key(|&k| c.own[k])?;
            Some(match OWN_SCRIPTS[k].2 {
                "hi" => devanagari_language(text),
                lang => lang,
            })
        }
        Script::Arabic => Some(if c.urdu_only * 4 > c.persian_urdu + c.arabic_only {
            "ur"
        } else if c.persian_urdu > c.arabic_only {
            "fa"
        } else {
            "ar"
        }),
    }
}

/// Function words of the Latin-script languages told apart, each with its language, sorted by
/// word for a binary search. Only words frequent in their language and rare as words of the
/// others are listed ("de", "la", "a", "in", "en" are left out: half the languages write them).
/// Words of two languages of one family that both write them count for both ("og" for Danish
/// and Norwegian).
const LATIN_FUNCTION_WORDS: &[(&str, &str)] = &[
    ("aan", "nl"),
    ("af", "da"),
    ("aga", "et"),
    ("ainda", "pt"),
    ("aj", "sk"),
    ("ak", "ht"),
    ("akan", "id"),
    ("ako", "sk"),
    ("alebo", "sk"),
    ("ali", "hr"),
    ("ali", "sl"),
    ("alisema", "sw"),
    ("also", "en"),
    ("amb", "ca"),
    ("ambao", "sw"),
    ("ambayo", "sw"),
    ("amma", "ha"),
    ("anche", "it"),
    ("and", "en"),
    ("ang", "tl"),
    ("anpil", "ht"),
    ("ao", "pt"),
    ("aos", "pt"),
    ("apie", "lt"),
    ("após", "pt"),
    ("aquest", "ca"),
    ("aquesta", "ca"),
    ("aquests", "ca"),
    ("are", "en"),
    ("att", "sv"),
    ("até", "pt"),
    ("au", "fr"),
    ("auch", "de"),
    ("auf", "de"),
    ("aux", "fr"),
    ("avec", "fr"),
    ("ayon", "tl"),
    ("az", "hu"),
    ("baada", "sw"),
    ("bayan", "ha"),
    ("bij", "nl"),
    ("bila", "hr"),
    ("bila", "sl"),
    ("bilo", "hr"),
    ("bilo", "sl"),
    ("bio", "hr"),
    ("bir", "tr"),
    ("ble", "nb"),
    ("blev", "da"),
    ("bolo", "sk"),
    ("bu", "tr"),
    ("buvo", "lt"),
    ("by", "en"),
    ("bylo", "cs"),
    ("był", "pl"),
    ("była", "pl"),
    ("było", "pl"),
    ("były", "pl"),
    ("care", "ro"),
    ("cho", "vi"),
    ("cikin", "ha"),
    ("com", "pt"),
    ("con", "es"),
    ("czy", "pl"),
    ("của", "vi"),
    ("dan", "id"),
    ("dans", "fr"),
    ("dari", "id"),
    ("das", "de"),
    ("dei", "it"),
    ("del", "es"),
    ("della", "it"),
    ("delle", "it"),
    ("dels", "ca"),
    ("dem", "de"),
    ("den", "de"),
    ("dengan", "id"),
    ("der", "de"),
    ("des", "fr"),
    ("dhe", "sq"),
    ("die", "de"),
    ("dla", "pl"),
    ("domin", "ha"),
    ("dos", "pt"),
    ("du", "fr"),
    ("după", "ro"),
    ("där", "sv"),
    ("edhe", "sq"),
    ("een", "nl"),
    ("egy", "hu"),
    ("ei", "fi"),
    ("eine", "de"),
    ("eller", "sv"),
    ("els", "ca"),
    ("essa", "pt"),
    ("esse", "pt"),
    ("est", "fr"),
    ("este", "ro"),
    ("et", "fr"),
    ("ett", "sv"),
    ("etter", "nb"),
    ("että", "fi"),
    ("foi", "pt"),
    ("foram", "pt"),
    ("fost", "ro"),
    ("from", "en"),
    ("fue", "es"),
    ("för", "sv"),
    ("gde", "hr"),
    ("gdje", "hr"),
    ("gen", "ht"),
    ("genyen", "ht"),
    ("gibi", "tr"),
    ("gli", "it"),
    ("godina", "hr"),
    ("godine", "hr"),
    ("göre", "tr"),
    ("hao", "sw"),
    ("hasta", "es"),
    ("hay", "es"),
    ("het", "nl"),
    ("hindi", "tl"),
    ("hiyo", "sw"),
    ("hogy", "hu"),
    ("huo", "sw"),
    ("ieri", "it"),
    ("ikke", "da"),
    ("ikke", "nb"),
    ("il", "it"),
    ("ile", "tr"),
    ("ili", "hr"),
    ("im", "de"),
    ("ini", "id"),
    ("inte", "sv"),
    ("ir", "lt"),
    ("ishte", "sq"),
    ("isso", "pt"),
    ("ist", "de"),
    ("ito", "tl"),
    ("itu", "id"),
    ("iz", "hr"),
    ("iz", "sl"),
    ("için", "tr"),
    ("iš", "lt"),
    ("jako", "cs"),
    ("janë", "sq"),
    ("jego", "pl"),
    ("jer", "hr"),
    ("jest", "pl"),
    ("joka", "fi"),
    ("još", "hr"),
    ("jsou", "cs"),
    ("juba", "et"),
    ("juga", "id"),
    ("już", "pl"),
    ("jälkeen", "fi"),
    ("järgi", "et"),
    ("kad", "lt"),
    ("kada", "hr"),
    ("kadar", "tr"),
    ("kanë", "sq"),
    ("kao", "hr"),
    ("kar", "sl"),
    ("katika", "sw"),
    ("kay", "tl"),
    ("kes", "et"),
    ("không", "vi"),
    ("kiedy", "pl"),
    ("kjer", "sl"),
    ("kjo", "sq"),
    ("kod", "hr"),
    ("koja", "hr"),
    ("koje", "hr"),
    ("kojeg", "hr"),
    ("kojem", "hr"),
    ("koji", "hr"),
    ("kojima", "hr"),
    ("kojoj", "hr"),
    ("kot", "sl"),
    ("kote", "ht"),
    ("která", "cs"),
    ("které", "cs"),
    ("který", "cs"),
    ("ktorá", "sk"),
    ("ktoré", "sk"),
    ("ktorý", "sk"),
    ("która", "pl"),
    ("które", "pl"),
    ("który", "pl"),
    ("którzy", "pl"),
    ("kuid", "et"),
    ("kuma", "ha"),
    ("kurie", "lt"),
    ("kutoka", "sw"),
    ("kuwa", "sw"),
    ("kwa", "sw"),
    ("ky", "sq"),
    ("këtë", "sq"),
    ("között", "hu"),
    ("lahko", "sl"),
    ("lakini", "sw"),
    ("las", "es"),
    ("los", "es"),
    ("là", "vi"),
    ("lè", "ht"),
    ("maar", "nl"),
    ("mas", "pt"),
    ("mellem", "da"),
    ("mellom", "nb"),
    ("mga", "tl"),
    ("miatt", "hu"),
    ("mis", "et"),
    ("mit", "de"),
    ("molt", "ca"),
    ("moun", "ht"),
    ("mukaan", "fi"),
    ("mula", "tl"),
    ("mutta", "fi"),
    ("muy", "es"),
    ("myös", "fi"),
    ("már", "hu"),
    ("még", "hu"),
    ("më", "sq"),
    ("naar", "nl"),
    ("nach", "de"),
    ("nad", "et"),
    ("nakon", "hr"),
    ("nang", "tl"),
    ("nato", "sl"),
    ("nebo", "cs"),
    ("nel", "it"),
    ("nella", "it"),
    ("ng", "tl"),
    ("nga", "sq"),
    ("nicht", "de"),
    ("niet", "nl"),
    ("nije", "hr"),
    ("ning", "et"),
    ("nisu", "hr"),
    ("një", "sq"),
    ("noong", "tl"),
    ("nuk", "sq"),
    ("num", "pt"),
    ("numa", "pt"),
    ("não", "pt"),
    ("në", "sq"),
    ("och", "sv"),
    ("of", "en"),
    ("og", "da"),
    ("og", "nb"),
    ("olan", "tr"),
    ("olarak", "tr"),
    ("oleh", "id"),
    ("oli", "fi"),
    ("ook", "nl"),
    ("oraz", "pl"),
    ("ova", "hr"),
    ("ovaj", "hr"),
    ("ovo", "hr"),
    ("pada", "id"),
    ("pagal", "lt"),
    ("para", "es"),
    ("para", "pt"),
    ("pas", "fr"),
    ("pasi", "sq"),
    ("paske", "ht"),
    ("pe", "ro"),
    ("peab", "et"),
    ("pedig", "hu"),
    ("pela", "pt"),
    ("pelas", "pt"),
    ("pelo", "pt"),
    ("pelos", "pt"),
    ("pels", "ca"),
    ("pentru", "ro"),
    ("per", "it"),
    ("pero", "es"),
    ("perquè", "ca"),
    ("però", "ca"),
    ("pia", "sw"),
    ("podle", "cs"),
    ("podľa", "sk"),
    ("por", "es"),
    ("por", "pt"),
    ("pou", "ht"),
    ("pour", "fr"),
    ("pre", "sk"),
    ("prema", "hr"),
    ("pri", "sk"),
    ("pri", "sl"),
    ("przez", "pl"),
    ("przy", "pl"),
    ("pärast", "et"),
    ("på", "sv"),
    ("për", "sq"),
    ("při", "cs"),
    ("qui", "fr"),
    ("që", "sq"),
    ("również", "pl"),
    ("sai", "ha"),
    ("said", "en"),
    ("saj", "sq"),
    ("seda", "et"),
    ("segundo", "pt"),
    ("según", "es"),
    ("sekä", "fi"),
    ("selle", "et"),
    ("selon", "fr"),
    ("seu", "pt"),
    ("seus", "ca"),
    ("seva", "ca"),
    ("sicer", "sl"),
    ("sich", "de"),
    ("sila", "tl"),
    ("siya", "tl"),
    ("się", "pl"),
    ("smo", "sl"),
    ("sono", "it"),
    ("sonra", "tr"),
    ("sua", "pt"),
    ("sun", "ha"),
    ("sunt", "ro"),
    ("sur", "fr"),
    ("sus", "es"),
    ("szerint", "hu"),
    ("são", "pt"),
    ("së", "sq"),
    ("sõnul", "et"),
    ("są", "pl"),
    ("taip", "lt"),
    ("taj", "hr"),
    ("také", "cs"),
    ("także", "pl"),
    ("también", "es"),
    ("també", "ca"),
    ("também", "pt"),
    ("tačiau", "lt"),
    ("ter", "sl"),
    ("that", "en"),
    ("the", "en"),
    ("this", "en"),
    ("tidak", "id"),
    ("tiež", "sk"),
    ("tij", "sq"),
    ("til", "da"),
    ("til", "nb"),
    ("to", "en"),
    ("toga", "hr"),
    ("tras", "es"),
    ("tudi", "sl"),
    ("tym", "pl"),
    ("të", "sq"),
    ("uma", "pt"),
    ("und", "de"),
    ("untuk", "id"),
    ("után", "hu"),
    ("van", "nl"),
    ("ve", "tr"),
    ("ved", "da"),
    ("ved", "nb"),
    ("veel", "et"),
    ("vendar", "sl"),
    ("već", "hr"),
    ("volt", "hu"),
    ("voor", "nl"),
    ("và", "vi"),
    ("wakati", "sw"),
    ("wani", "ha"),
    ("wannan", "ha"),
    ("werd", "nl"),
    ("were", "en"),
    ("which", "en"),
    ("with", "en"),
    ("wurde", "de"),
    ("yang", "id"),
    ("yon", "ht"),
    ("yra", "lt"),
    ("zaidi", "sw"),
    ("zaradi", "sl"),
    ("zato", "sl"),
    ("zijn", "nl"),
    ("został", "pl"),
    ("została", "pl"),
    ("zostało", "pl"),
    ("zostały", "pl"),
    ("zu", "de"),
    ("às", "pt"),
    ("è", "it"),
    ("és", "hu"),
    ("është", "sq"),
    ("în", "ro"),
    ("într", "ro"),
    ("üle", "et"),
    ("će", "hr"),
    ("čeprav", "sl"),
    ("được", "vi"),
    ("še", "sl"),
    ("šta", "hr"),
    ("što", "hr"),
    ("że", "pl"),
    ("že", "cs"),
    ("že", "sk"),
    ("și", "ro"),
];

/// The language of Latin-script text, by the function words of [`LATIN_FUNCTION_WORDS`] among
/// its first 3,000 words: the language with the most, English when none is found or on a tie
/// with English.
fn latin_by_stopwords(text: &str) -> &'static str {
    let mut counts: [(&'static str, usize); 32] = [("", 0); 32];
    let mut used = 0usize;
    let mut seen = 0usize;
    let mut buf = [0u8; 16];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        seen += 1;
        if seen > 3000 {
            break;
        }
        // Every function word is short: longer words need no lowercasing.
        if word.len() > 8 {
            continue;
        }
        let mut n = 0;
        for c in word.chars().flat_map(char::to_lowercase) {
            let len = c.len_utf8();
            if n + len > buf.len() {
                n = usize::MAX;
                break;
            }
            c.encode_utf8(&mut buf[n..]);
            n += len;
        }
        if n == usize::MAX {
            continue;
        }
        let Ok(w) = std::str::from_utf8(&buf[..n]) else {
            continue;
        };
        let at = LATIN_FUNCTION_WORDS.partition_point(|(x, _)| *x < w);
        for &(x, lang) in &LATIN_FUNCTION_WORDS[at..] {
            if x != w {
                break;
            }
            if let Some((_, k)) = counts[..used].iter_mut().find(|(l, _)| *l == lang) {
                *k += 1;
            } else if used < counts.len() {
                counts[used] = (lang, 1);
                used += 1;
            }
        }
    }
    let en = counts[..used]
        .iter()
        .find(|(l, _)| *l == "en")
        .map_or(0, |c| c.1);
    // The languages added last (Serbo-Croatian, Slovenian, Albanian) have short function words
    // that languages the guesser does not tell also write ("ali", "iz"; Slovenian "ki" and
    // "bo" are left out for Azerbaijani "ki" and Uzbek "bo'lgan"): one of them needs a few.
    counts[..used]
        .iter()
        .filter(|(l, k)| *l != "en" && *k > en)
        .filter(|(l, k)| {
            !matches!(*l, "hr" | "sl" | "sq" | "tl" | "sw" | "ha") || *k >= MIN_SOUTH_SLAVIC_WORDS
        })
        .max_by_key(|(_, k)| *k)
        .map_or("en", |(l, _)| l)
}

/// Function words a text needs to be told Serbo-Croatian, Slovenian, Albanian, Tagalog,
/// Swahili or Hausa.
const MIN_SOUTH_SLAVIC_WORDS: usize = 3;

/// The first 3,000 words of `text` (runs of letters), without the very long ones: what the
/// tie-breakers between close languages below read.
fn first_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.len() <= 40)
        .take(3000)
}

/// Of two close languages, the first when more of the [`first_words`] of `text`, lowercased,
/// are among its words than among the second's; else the second.
fn pick(
    text: &str,
    (a, a_words): (&'static str, &[&str]),
    (b, b_words): (&'static str, &[&str]),
) -> &'static str {
    let (mut na, mut nb) = (0u32, 0u32);
    for w in first_words(text) {
        let w = w.to_lowercase();
        na += u32::from(a_words.contains(&w.as_str()));
        nb += u32::from(b_words.contains(&w.as_str()));
    }
    if na > nb {
        a
    } else {
        b
    }
}

/// Macedonian or Serbian, for Cyrillic text with letters both write (ј љ њ џ): Serbian's "is"
/// and "are" are "је" and "су", Macedonian's "е" and "се", and Macedonian says "кај" (at,
/// near) where Serbian says "код".
fn macedonian_or_serbian(text: &str) -> &'static str {
    pick(
        text,
        ("mk", &["е", "кај", "ќе", "беше", "биле"]),
        ("sr", &["је", "су", "код", "ће", "био", "били"]),
    )
}

/// Indonesian or Malay, for text with the function words the two share: Malay spellings and
/// words ("bahawa", "kerana", "selepas", "kerajaan", "polis") against Indonesian ones
/// ("bahwa", "karena", "setelah", "pemerintah", "polisi").
fn indonesian_or_malay(text: &str) -> &'static str {
    const MALAY: &[&str] = &[
        "bahawa", "kerana", "ialah", "daripada", "selepas", "kerajaan", "polis", "jabatan",
        "negeri", "semalam", "beliau", "boleh", "hospital", "sebelum", "manakala",
    ];
    const INDONESIAN: &[&str] = &[
        "bahwa",
        "karena",
        "setelah",
        "pemerintah",
        "polisi",
        "kemarin",
        "sakit",
        "tersebut",
        "sudah",
        "bisa",
        "menurut",
        "kabupaten",
        "warga",
    ];
    pick(text, ("ms", MALAY), ("id", INDONESIAN))
}

/// Serbian (ekavian), Croatian or Bosnian, for Latin text whose function words are those the
/// three share (see [`LATIN_FUNCTION_WORDS`], where they are filed under "hr"). Ekavian forms
/// ("posle", "gde", "vreme", "saopštio") tell Serbian; among ijekavian texts, Croatian words
/// ("tko", "tisuća", "tijekom", the Croatian month names, "priopćio") tell Croatian, and words
/// Bosnian shares with Serbian ("hiljada", "sedmica", "tokom", "januara", "saopćeno") Bosnian.
/// With no marker at all, Croatian, the largest press of the ijekavian ones.
fn serbo_croatian(text: &str) -> &'static str {
    const EKAVIAN: &[&str] = &[
        "posle", "gde", "deca", "dece", "mesto", "mesta", "vreme", "pre", "reka", "reke", "ceo",
        "celog", "nedelje", "dete", "mleko", "lepo", "uprkos", "ovde", "negde",
    ];
    const EKAVIAN_STEMS: &[&str] = &["saopšt", "opšt", "primen", "uslov"];
    const IJEKAVIAN: &[&str] = &[
        "poslije", "gdje", "djeca", "djece", "mjesto", "mjesta", "vrijeme", "prije", "rijeka",
        "rijeke", "cijeli", "cijelog", "dijete", "ovdje", "negdje", "mjesec",
    ];
    const CROATIAN: &[&str] = &[
        "tko",
        "tisuća",
        "tisuće",
        "tijekom",
        "obitelj",
        "obitelji",
        "vlak",
        "vlaka",
        "kruh",
        "tjedan",
        "tjedna",
        "siječnja",
        "veljače",
        "ožujka",
        "travnja",
        "svibnja",
        "lipnja",
        "srpnja",
        "kolovoza",
        "rujna",
        "listopada",
        "studenoga",
        "studenog",
        "prosinca",
    ];
    const CROATIAN_STEMS: &[&str] = &["priopć", "glasnogovorni", "sveučiliš", "zrakoplov"];
    const BOSNIAN: &[&str] = &[
        "ko",
        "hiljada",
        "hiljade",
        "sedmica",
        "sedmice",
        "tokom",
        "porodica",
        "porodice",
        "januara",
        "februara",
        "marta",
        "aprila",
        "juna",
        "jula",
        "augusta",
        "septembra",
        "oktobra",
        "novembra",
        "decembra",
        "voz",
        "voza",
    ];
    const BOSNIAN_STEMS: &[&str] = &["saopćen", "saopći", "historij", "uposlen"];
    let (mut ek, mut ijek, mut hr, mut bs) = (0u32, 0u32, 0u32, 0u32);
    for w in first_words(text) {
        let w = w.to_lowercase();
        let w = w.as_str();
        let starts = |stems: &[&str]| stems.iter().any(|s| w.starts_with(s));
        ek += u32::from(EKAVIAN.contains(&w) || starts(EKAVIAN_STEMS));
        ijek += u32::from(IJEKAVIAN.contains(&w));
        hr += u32::from(CROATIAN.contains(&w) || starts(CROATIAN_STEMS));
        bs += u32::from(BOSNIAN.contains(&w) || starts(BOSNIAN_STEMS));
    }
    if ek > ijek {
        "sr"
    } else if bs > hr {
        "bs"
    } else {
        "hr"
    }
}

/// A declared language, unless the text is plainly written in a script that language does not
/// use (a Russian page whose template says `lang="en"`).
pub(crate) fn reconcile(declared: Option<String>, text: &str) -> Option<String> {
    let guess = || guess_language(text).map(str::to_string);
    let Some(declared) = declared else {
        return guess();
    };
    let c = count(text);
    let letters =
        c.latin + c.cyrillic + c.hangul + c.han + c.kana + c.arabic + c.own.iter().sum::<usize>();
    if let (Some(declared_script), Some(actual)) = (script_of(&declared), dominant(&c)) {
        if letters >= 40 && declared_script != actual {
            return guess().or(Some(declared));
        }
    }
    Some(declared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_of_one_language_tell_it() {
        assert_eq!(
            guess_language("Επιβατική αμαξοστοιχία συγκρούστηκε με φορτηγό κοντά στην πόλη."),
            Some("el")
        );
        assert_eq!(guess_language("กรมควบคุมโรคเปิดเผยรายงานประจำปี"), Some("th"));
        assert_eq!(guess_language("המשטרה הודיעה כי החקירה נמשכת"), Some("he"));
        assert_eq!(guess_language("პოლიციამ გამოძიება დაიწყო"), Some("ka"));
        assert_eq!(guess_language("የአንበጣ መንጋ በአፋር ክልል ታየ"), Some("am"));
        assert_eq!(
            guess_language("मंदिर के मेले में भगदड़ मच गई, जिसमें चार महिलाओं की मौत हो गई।"),
            Some("hi")
        );
        assert_eq!(
            guess_language(
                "रथयात्राका क्रममा भएको भागदौडमा परी दुई जनाको मृत्यु भएको छ भने १२ जना घाइते भएका छन्।"
            ),
            Some("ne")
        );
        assert_eq!(
            guess_language("पुण्यात मुसळधार पाऊस झाला आणि अनेक रस्ते पाण्याखाली गेले आहेत."),
            Some("mr")
        );
        assert_eq!(
            guess_language("ময়মনসিংহে পদদলিত হয়ে ছয়জনের মৃত্যু"),
            Some("bn")
        );
        assert_eq!(guess_language("ഇടുക്കിയിൽ ഉരുൾപൊട്ടൽ"), Some("ml"));
        assert_eq!(guess_language("கோவையில் நிலச்சரிவு"), Some("ta"));
        // A Greek letter in Latin text (a variant's name, a formula) tells nothing.
        assert_eq!(
            guess_language(
                "The Omicron variant, or B.1.1.529 (Ο), spread quickly in the city and the region."
            ),
            Some("en")
        );
    }

    #[test]
    fn czech_slovak_and_serbian_cyrillic_are_told_apart() {
        assert_eq!(
            guess_language("Obyvatelé obce protestovali proti plánovanému dolu, který podle nich ohrozí vodu. Také starosta řekl, že s projektem nesouhlasí."),
            Some("cs")
        );
        assert_eq!(
            guess_language("Obyvatelia obce protestovali proti plánovanej bani, ktorá podľa nich ohrozí vodu. Starosta tiež povedal, že s projektom nesúhlasí."),
            Some("sk")
        );
        assert_eq!(
            guess_language("Мештани су блокирали пут до места где компанија обавља истражна бушења, рекао је председник месне заједнице."),
            Some("sr")
        );
        assert_eq!(
            guess_language("Жители перекрыли дорогу к месту бурения."),
            Some("ru")
        );
    }

    #[test]
    fn short_news_without_the_commonest_function_words() {
        // Wire copy of a few sentences may lack "się", "hogy" or "että": the words of what
        // was and who said it tell the language too.
        for (text, lang) in [
            (
                "Niedźwiedź zaatakował we wtorek rano pracownika leśnego. Mężczyzna trafił do szpitala, który był najbliżej. Policja czy straż nie podały szczegółów.",
                "pl",
            ),
            (
                "Medve támadt kedden Tusnádfürdő mellett, a rendőrség szerint. A férfi még volt eszméleténél, kórházba szállították.",
                "hu",
            ),
            (
                "Karhu hyökkäsi metsurin kimppuun tiistaina. Poliisin mukaan mies joka loukkaantui vietiin sairaalaan jälkeen iltapäivän.",
                "fi",
            ),
            (
                "Een beer heeft dinsdag een boswachter aangevallen. De man is naar een ziekenhuis gebracht, maar ook bij bewustzijn.",
                "nl",
            ),
            (
                "Un urs a atacat un pădurar lângă Covasna. Bărbatul a fost dus la spital, după spusele medicilor, într-o stare stabilă.",
                "ro",
            ),
            (
                "Seekor beruang menyerang pekerja hutan pada hari Selasa. Pria itu dibawa ke rumah sakit oleh rekan, kata polisi, ini juga akan diperiksa.",
                "id",
            ),
        ] {
            assert_eq!(guess_language(text), Some(lang), "{text}");
        }
    }

    #[test]
    fn portuguese_estonian_bulgarian_and_macedonian() {
        assert_eq!(
            guess_language(
                "O ônibus pegou fogo na estrada para a cidade, segundo a polícia. Os passageiros \
                 foram levados para o hospital por uma equipe que chegou após o alarme."
            ),
            Some("pt")
        );
        assert_eq!(
            guess_language(
                "El autobús se incendió en la carretera hacia la ciudad, según la policía. Los \
                 pasajeros fueron llevados al hospital por un equipo que llegó tras la alarma."
            ),
            Some("es")
        );
        assert_eq!(
            guess_language(
                "Tehase juhi sõnul jäävad tööle need, kes on juba uue liini juures, kuid pärast \
                 seda otsust peab ettevõte veel läbirääkimisi pidama."
            ),
            Some("et")
        );
        assert_eq!(
            guess_language(
                "Пътнически влак блъсна камион на прелез край Ветрен, съобщиха от полицията."
            ),
            Some("bg")
        );
        assert_eq!(
            guess_language(
                "Пассажирский поезд столкнулся с грузовиком на переезде, сообщили в полиции."
            ),
            Some("ru")
        );
        assert_eq!(
            guess_language("Маж е повреден од експлозија на мина кај Тетово, соопшти полицијата."),
            Some("mk")
        );
        assert_eq!(
            guess_language("Мештанин је рањен у експлозији код Куршумлије, саопштила је полиција."),
            Some("sr")
        );
    }

    #[test]
    fn central_asian_and_mongolian_cyrillic() {
        assert_eq!(
            guess_language("Қарағанды облысында бір отбасының бес мүшесі иіс газынан уланды."),
            Some("kk")
        );
        assert_eq!(
            guess_language(
                "Дар шаҳри Исфара 9 нафар пас аз маъракаи тӯй ба ботулизм гирифтор шуданд."
            ),
            Some("tg")
        );
        assert_eq!(
            guess_language(
                "Чолпон-Атадагы лагерде 27 бала ууланды жана алардын үчөө бөлүмгө жеткирилди."
            ),
            Some("ky")
        );
        assert_eq!(
            guess_language(
                "Дарханы эмнэлгийн агуулахад гал гарсныг өнөөдөр мэдээлсэн гэж үзэж байна."
            ),
            Some("mn")
        );
        assert_eq!(
            guess_language("В Караганде пять членов одной семьи отравились угарным газом."),
            Some("ru")
        );
    }

    #[test]
    fn malay_tagalog_swahili_and_hausa() {
        assert_eq!(
            guess_language(
                "Polis berkata bahawa lima orang dibawa ke hospital selepas kejadian itu, \
                 dan kerajaan negeri akan menyiasat punca kebakaran tersebut."
            ),
            Some("ms")
        );
        assert_eq!(
            guess_language(
                "Polisi mengatakan bahwa lima orang dibawa ke rumah sakit setelah kejadian itu, \
                 dan pemerintah kabupaten akan menyelidiki penyebab kebakaran tersebut."
            ),
            Some("id")
        );
        assert_eq!(
            guess_language(
                "Ayon sa pulisya, limang tao ang dinala sa ospital matapos ang sunog noong \
                 Lunes, at hindi pa alam ang sanhi nito ayon sa mga opisyal."
            ),
            Some("tl")
        );
        assert_eq!(
            guess_language(
                "Polisi walisema kuwa watu watano walipelekwa hospitali baada ya moto huo, \
                 lakini chanzo chake bado hakijajulikana katika eneo hilo."
            ),
            Some("sw")
        );
        assert_eq!(
            guess_language(
                "'Yan sanda sun ce an kai mutane biyar asibiti bayan gobarar, kuma amma har \
                 yanzu ba a san musabbabin wannan gobara ba a cikin garin."
            ),
            Some("ha")
        );
    }

    #[test]
    fn catalan_and_haitian_creole_text() {
        assert_eq!(
            guess_language(
                "Els pescadors han tancat les parades perquè l'aigua de la badia també porta \
                 toxines, i aquesta setmana no hi haurà collita dels musclos."
            ),
            Some("ca")
        );
        assert_eq!(
            guess_language(
                "Yon gwoup moun te bat yon jenn gason nan mache a paske yo te panse li te vòlè, \
                 polis la di li pa t gen tan rive anvan yo touye l."
            ),
            Some("ht")
        );
        // Spanish and French text keeps its language.
        assert_eq!(
            guess_language(
                "Los pescadores cerraron sus puestos porque el agua de la bahía trae toxinas."
            ),
            Some("es")
        );
        assert_eq!(
            guess_language(
                "Une foule a battu un jeune homme au marché parce qu'elle le croyait voleur."
            ),
            Some("fr")
        );
    }

    #[test]
    fn south_slavic_and_albanian_latin_text() {
        assert_eq!(
            guess_language(
                "Lovac je teško ozlijeđen nakon što je nagazio na minu, priopćila je policija. \
                 Tijekom potrage nitko nije bio u blizini, a tko je postavio minu nije poznato."
            ),
            Some("hr")
        );
        assert_eq!(
            guess_language(
                "Radnik je povrijeđen nakon što je aktivirao minu, saopćeno je iz policije. \
                 Prema prvim informacijama, on je prije toga radio sa dvojicom kolega tokom sedmice."
            ),
            Some("bs")
        );
        assert_eq!(
            guess_language(
                "Meštanin je ranjen posle eksplozije, saopštila je policija. Prema prvim \
                 informacijama, on nije bio sam kada se to desilo, a gde je bomba bila nije poznato."
            ),
            Some("sr")
        );
        assert_eq!(
            guess_language(
                "Gobar je bil ranjen, ko je stopil na mino, ki je ostala iz vojne. Policija je \
                 tudi sporočila, da je bil zaradi poškodb prepeljan v bolnišnico, kjer je še vedno."
            ),
            Some("sl")
        );
        assert_eq!(
            guess_language(
                "Dy fëmijë u plagosën nga shpërthimi i një predhe në fshat. Policia tha se ata \
                 janë në spital dhe nuk është e qartë se si ndodhi kjo."
            ),
            Some("sq")
        );
        // A few shared short words do not make English or Swahili text South Slavic.
        assert_eq!(
            guess_language("Ali and Iz met the minister to discuss the harvest."),
            Some("en")
        );
    }

    #[test]
    fn function_words_are_sorted_for_the_binary_search() {
        // `latin_by_stopwords` finds a word by `partition_point`: an entry out of order would
        // silently never be found.
        assert!(LATIN_FUNCTION_WORDS.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn ascii_letters_are_counted_eight_at_a_time() {
        let text = "@AZ[`az{ 09_~\x7f\tQ";
        for chunk in text.as_bytes().chunks(8).filter(|c| c.len() == 8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap());
            let expected = chunk.iter().filter(|b| b.is_ascii_alphabetic()).count();
            assert_eq!(ascii_letters(x), expected);
        }
    }

    #[test]
    fn letters_counted_without_tables_are_alphabetic() {
        let ranges = [
            '\u{0410}'..='\u{044F}',
            '\u{00C0}'..='\u{00D6}',
            '\u{00D8}'..='\u{00F6}',
            '\u{00F8}'..='\u{017F}',
            '\u{AC00}'..='\u{D7A3}',
        ];
        for c in ranges.into_iter().flatten() {
            assert!(c.is_alphabetic(), "{c:?}");
        }
        let c = count("Ъ ы é Ā 한");
        assert_eq!((c.cyrillic, c.ru_letters, c.latin, c.hangul), (2, 2, 2, 1));
    }

    #[test]
    fn tags_normalise() {
        assert_eq!(normalize_tag("en-GB").as_deref(), Some("en"));
        assert_eq!(normalize_tag("RU").as_deref(), Some("ru"));
        assert_eq!(normalize_tag("pt_BR").as_deref(), Some("pt"));
        assert_eq!(normalize_tag("ukr").as_deref(), Some("uk"));
        assert_eq!(normalize_tag("x-klingon"), None);
        assert_eq!(normalize_tag(""), None);
        assert_eq!(normalize_tag("12"), None);
    }

    #[test]
    fn scripts_and_stopwords() {
        assert_eq!(
            guess_language("Северная Корея отправит рабочих в Россию."),
            Some("ru")
        );
        assert_eq!(
            guess_language("Північна Корея відправить робітників до Росії."),
            Some("uk")
        );
        assert_eq!(
            guess_language("북한은 러시아에 노동자를 보낸다."),
            Some("ko")
        );
        assert_eq!(guess_language("朝鲜向俄罗斯派遣工人。"), Some("zh"));
        assert_eq!(
            guess_language("The workers arrived in the city on Monday."),
            Some("en")
        );
        assert_eq!(
            guess_language(
                "Die Arbeiter sind am Montag in der Stadt angekommen und das ist nicht neu."
            ),
            Some("de")
        );
        assert_eq!(
            guess_language("Les ouvriers sont arrivés dans la ville selon les autorités."),
            Some("fr")
        );
        // Further Latin-script languages, by their function words (the stemmer follows).
        for (text, lang) in [
            (
                "Los trabajadores llegaron a la ciudad para la huelga, según la policía.",
                "es",
            ),
            (
                "Gli operai sono arrivati nella città per lo sciopero, anche ieri.",
                "it",
            ),
            (
                "Os trabalhadores não chegaram à cidade, segundo a polícia, pelo porto.",
                "pt",
            ),
            (
                "Devam sütünde metal parça bulundu ve ürünler için toplatma kararı verildi.",
                "tr",
            ),
            (
                "Robotnicy przyjechali do miasta przez granicę, a policja jest na miejscu, że tak.",
                "pl",
            ),
            (
                "De arbeiders zijn niet naar de stad gekomen voor het werk van de haven.",
                "nl",
            ),
            (
                "Arbetarna kom till staden och det var inte för att strejka på hamnen.",
                "sv",
            ),
            (
                "Para pekerja datang ke kota dengan bus untuk mogok yang tidak sah.",
                "id",
            ),
            (
                "Công nhân của nhà máy không được trả lương và đã đình công.",
                "vi",
            ),
        ] {
            assert_eq!(guess_language(text), Some(lang), "{text}");
        }
        // English wins a tie, and a text without function words is English.
        assert_eq!(guess_language("Budanov, Shoigu, Kyiv."), Some("en"));
        // Arabic script: Arabic, Persian and Urdu by the letters only one of them writes.
        assert_eq!(
            guess_language("قالت الشرطة إن سبعة أشخاص قتلوا في انفجار قرب مدينة كويتا."),
            Some("ar")
        );
        assert_eq!(
            guess_language("پلیس گفت که هفت نفر در انفجاری نزدیک شهر کویته کشته شدند."),
            Some("fa")
        );
        assert_eq!(
            guess_language("پولیس کے مطابق کوئٹہ کے قریب دھماکے میں سات افراد ہلاک ہو گئے۔"),
            Some("ur")
        );
        assert_eq!(guess_language("1234 !!!"), None);
        assert_eq!(guess_language(""), None);
    }

    #[test]
    fn declared_language_yields_to_an_obviously_different_script() {
        let ru = "Представитель ведомства сообщил, что северокорейские рабочие будут заняты на стройках.";
        assert_eq!(reconcile(Some("en".into()), ru).as_deref(), Some("ru"));
        assert_eq!(reconcile(Some("uk".into()), ru).as_deref(), Some("uk"));
        assert_eq!(
            reconcile(Some("de".into()), "Short.").as_deref(),
            Some("de")
        );
        assert_eq!(reconcile(None, ru).as_deref(), Some("ru"));
    }
}
