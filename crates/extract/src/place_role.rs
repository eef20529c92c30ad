//! Places a sentence names as where something is going or where it comes from, rather than
//! where what it tells happens: "rhino horn bound for Hanoi seized at Bangkok airport",
//! "pangolin scales smuggled from Vietnam", "des navires détournés vers l'Espagne", "运往越南";
//! countries named as people's nationality: "two Vietnamese nationals", "citizens of
//! Mexico", "deux ressortissants vietnamiens", "越南籍男子"; and countries named as a company's
//! owner: "a Korean-owned plant", "nhà máy vốn Hàn Quốc". Such a place does not place the
//! statement (see `claims::countries_of`); its mention is kept as an entity mention all the
//! same.
//!
//! Nationality is read from a noun for people next to the place (after it where adjectives
//! come first, before it where they follow the noun or a genitive does): "nationals",
//! "citizens", "tourists", "fishermen", "counterparts". Officials, police and other bodies
//! are not in the lists: "Vietnamese customs seized" tells where the seizure was.
//!
//! The markers are closed lists of prepositions and set phrases of direction and origin, per
//! language, read in the words just before the place. Between the marker and the place only
//! articles, "port of", "the capital" and the like may stand ("vers le port espagnol de
//! Bilbao"), and a list of places continues the role of its first ("to Hanoi and Haiphong").
//! "from" after a distance or a bearing ("40 km from Hanoi", "north of ... from") or after
//! reporting ("reporting from Kyiv") gives a place near which, or from which a report comes,
//! and keeps it.

use crate::Mention;

/// Markers of direction and origin, as lowercase word sequences, the last word just before
/// the place (or its fillers).
const MARKERS: &[&[&str]] = &[
    // English.
    &["bound", "for"],
    &["destined", "for"],
    &["en", "route", "to"],
    &["in", "transit", "to"],
    &["on", "its", "way", "to"],
    &["on", "their", "way", "to"],
    &["headed", "for"],
    &["headed", "to"],
    &["heading", "for"],
    &["heading", "to"],
    &["diverted", "to"],
    &["rerouted", "to"],
    &["flight", "to"],
    &["flights", "to"],
    &["shipped", "to"],
    &["shipment", "to"],
    &["shipments", "to"],
    &["exported", "to"],
    &["smuggled", "to"],
    &["via"],
    // Vietnamese: a company's capital (investment) of a country, "nhà máy vốn Hàn Quốc", "có
    // vốn đầu tư Nhật Bản": its owner, not where it is.
    &["vốn"],
    &["vốn", "đầu", "tư"],
    &["from"],
    &["originating", "in"],
    &["originally", "from"],
    &["natives", "of"],
    &["native", "of"],
    &["sent", "by"],
    &["border", "with"],
    &["borders", "with"],
    &["frontier", "with"],
    // French.
    &["à", "destination", "de"],
    &["à", "destination", "du"],
    &["à", "destination", "des"],
    &["à", "destination", "d"],
    &["en", "direction", "de"],
    &["en", "direction", "du"],
    &["en", "direction", "d"],
    &["vers"],
    &["en", "provenance", "de"],
    &["en", "provenance", "du"],
    &["en", "provenance", "des"],
    &["en", "provenance", "d"],
    &["de", "retour", "de"],
    &["de", "retour", "du"],
    &["de", "retour", "d"],
    &["originaire", "de"],
    &["originaire", "du"],
    &["originaire", "des"],
    &["originaire", "d"],
    &["originaires", "de"],
    &["originaires", "du"],
    &["originaires", "des"],
    &["originaires", "d"],
    &["envoyé", "par"],
    &["envoyés", "par"],
    &["envoyée", "par"],
    &["envoyées", "par"],
    &["frontière", "avec"],
    &["frontalière", "de"],
    &["frontalière", "du"],
    &["frontalier", "de"],
    &["frontalier", "du"],
    // Spanish.
    &["con", "destino", "a"],
    &["con", "destino", "al"],
    &["rumbo", "a"],
    &["rumbo", "al"],
    &["hacia"],
    &["desde"],
    &["frontera", "con"],
    &["procedente", "de"],
    &["procedente", "del"],
    &["procedentes", "de"],
    &["procedentes", "del"],
    &["proveniente", "de"],
    &["proveniente", "del"],
    &["provenientes", "de"],
    &["provenientes", "del"],
    &["originario", "de"],
    &["originario", "del"],
    &["originaria", "de"],
    &["originaria", "del"],
    &["originarios", "de"],
    &["originarios", "del"],
    &["originarias", "de"],
    &["originarias", "del"],
    &["oriundo", "de"],
    &["oriundos", "de"],
    &["oriundos", "del"],
    &["enviado", "por"],
    &["enviados", "por"],
    &["enviada", "por"],
    &["enviadas", "por"],
    // Portuguese.
    &["com", "destino", "a"],
    &["com", "destino", "ao"],
    &["com", "destino", "à"],
    &["rumo", "a"],
    &["rumo", "ao"],
    &["rumo", "à"],
    &["procedente", "do"],
    &["procedente", "da"],
    &["proveniente", "do"],
    &["proveniente", "da"],
    &["oriundos", "do"],
    &["oriundos", "da"],
    &["originários", "de"],
    &["originários", "do"],
    &["originários", "da"],
    &["enviados", "pelo"],
    &["enviados", "pela"],
    // Italian.
    &["diretto", "a"],
    &["diretta", "a"],
    &["diretti", "a"],
    &["dirette", "a"],
    &["originari", "di"],
    &["originari", "del"],
    &["originari", "della"],
    &["originario", "di"],
    &["originaria", "di"],
    &["originarie", "di"],
    &["originarie", "del"],
    &["provenienti", "da"],
    &["proveniente", "da"],
    &["inviati", "da"],
    &["inviato", "da"],
    &["inviata", "da"],
    &["inviate", "da"],
    &["diretto", "in"],
    &["diretta", "in"],
    &["diretti", "in"],
    &["dirette", "in"],
    &["destinato", "a"],
    &["destinata", "a"],
    &["destinati", "a"],
    &["destinate", "a"],
    &["verso"],
    &["fronteira", "com"],
    &["dal"],
    &["dalla"],
    &["dallo"],
    &["dall"],
    &["dagli"],
    &["dai"],
    &["confine", "con"],
    // German.
    &["nach"],
    &["aus"],
    &["richtung"],
    &["grenze", "zu"],
    // Russian, Ukrainian.
    &["из"],
    &["до"],
    &["границе", "с"],
    &["граница", "с"],
    &["кордоні", "з"],
    // Vietnamese.
    &["từ"],
    &["sang"],
];

/// Chinese markers, written right before the place.
const CJK_MARKERS: &[&str] = &[
    "运往", "運往", "发往", "發往", "销往", "銷往", "运至", "運至", "驶往", "駛往", "飞往", "飛往",
    "开往", "開往", "前往", "途经", "途經", "来自", "來自", "自", "从", "從", "经由", "經由",
];

/// Words that may stand between a marker and its place: articles, "port of", "the capital".
const FILLERS: &[&str] = &[
    "the",
    "a",
    "an",
    "port",
    "ports",
    "city",
    "capital",
    "province",
    "of",
    "le",
    "la",
    "les",
    "l",
    "du",
    "des",
    "de",
    "d",
    "el",
    "los",
    "las",
    "del",
    "o",
    "os",
    "as",
    "do",
    "da",
    "dos",
    "das",
    "il",
    "lo",
    "gli",
    "i",
    "della",
    "dello",
    "dei",
    "di",
    "der",
    "die",
    "den",
    "dem",
    "hafen",
    "puerto",
    "puertos",
    "porti",
    "portos",
    "häfen",
    "airport",
    "base",
    "aeropuerto",
    "aéroport",
    "aeroporto",
    "porto",
    "ville",
    "città",
    "cidade",
    "ciudad",
    "capitale",
    "its",
    "their",
    "nearby",
    "neighbouring",
    "neighboring",
    "southern",
    "northern",
    "eastern",
    "western",
    "central",
];

/// Words that join the places of a list: a place after one in transit is in transit too.
const CONJUNCTIONS: &[&str] = &[
    "and", "or", "et", "ou", "y", "e", "o", "und", "oder", "и", "или", "và",
];

/// Words before "from" that make its place one near which something is, or from which a
/// report comes: "40 km from Hanoi", "far from", "reporting from".
const NOT_ORIGIN_BEFORE_FROM: &[&str] = &[
    "away",
    "far",
    "km",
    "kilometres",
    "kilometers",
    "kilometre",
    "kilometer",
    "miles",
    "mile",
    "metres",
    "meters",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "across",
    "apart",
    "reporting",
    "report",
    "reports",
    "reported",
    "live",
    "dispatch",
    "news",
    "writing",
    "hours",
    "minutes",
    "drive",
];

/// Nouns for people (lowercase words) that make a country named next to them a nationality.
const PEOPLE: &[&str] = &[
    // English.
    "nationals",
    "citizen",
    "citizens",
    "man",
    "men",
    "woman",
    "women",
    "tourist",
    "tourists",
    "passenger",
    "passengers",
    "traveller",
    "travellers",
    "traveler",
    "travelers",
    "sailor",
    "sailors",
    "seaman",
    "seamen",
    "crew",
    "crews",
    "crewmen",
    "fisherman",
    "fishermen",
    "migrant",
    "migrants",
    "student",
    "students",
    "worker",
    "workers",
    "courier",
    "couriers",
    "smuggler",
    "smugglers",
    "trafficker",
    "traffickers",
    "suspect",
    "suspects",
    "businessman",
    "businessmen",
    "trader",
    "traders",
    "expatriates",
    "counterpart",
    "counterparts",
    "journalist",
    "journalists",
    "reporter",
    "reporters",
    "correspondent",
    "correspondents",
    "embassy",
    "embassies",
    "consulate",
    "consulates",
    "ambassador",
    "envoy",
    "patient",
    "patients",
    // French.
    "ressortissant",
    "ressortissants",
    "ressortissante",
    "ressortissantes",
    "citoyen",
    "citoyens",
    "citoyenne",
    "citoyennes",
    "touriste",
    "touristes",
    "passager",
    "passagers",
    "passagère",
    "passagères",
    "homme",
    "hommes",
    "femme",
    "femmes",
    "marin",
    "marins",
    "pêcheur",
    "pêcheurs",
    "étudiant",
    "étudiants",
    "travailleur",
    "travailleurs",
    "ouvrier",
    "ouvriers",
    "passeur",
    "passeurs",
    "suspects",
    "homologue",
    "homologues",
    "journaliste",
    "journalistes",
    "correspondant",
    "correspondants",
    "ambassade",
    "consulat",
    "ambassadeur",
    "patiente",
    "patientes",
    // Spanish.
    "ciudadano",
    "ciudadanos",
    "ciudadana",
    "ciudadanas",
    "turista",
    "turistas",
    "pasajero",
    "pasajeros",
    "pasajera",
    "pasajeras",
    "hombre",
    "hombres",
    "mujer",
    "mujeres",
    "marinero",
    "marineros",
    "pescador",
    "pescadores",
    "migrante",
    "migrantes",
    "estudiante",
    "estudiantes",
    "trabajador",
    "trabajadores",
    "contrabandista",
    "contrabandistas",
    "sospechoso",
    "sospechosos",
    "homólogo",
    "homólogos",
    "periodista",
    "periodistas",
    "corresponsal",
    "corresponsales",
    "embajada",
    "consulado",
    "embajador",
    "paciente",
    "pacientes",
    // Portuguese.
    "cidadão",
    "cidadãos",
    "cidadã",
    "cidadãs",
    "passageiro",
    "passageiros",
    "homem",
    "homens",
    "mulher",
    "mulheres",
    "marinheiro",
    "marinheiros",
    "trabalhadores",
    "suspeito",
    "suspeitos",
    "jornalista",
    "jornalistas",
    "embaixada",
    "embaixador",
    "paciente",
    "pacientes",
    // Italian.
    "cittadino",
    "cittadini",
    "cittadina",
    "cittadine",
    "turisti",
    "passeggero",
    "passeggeri",
    "uomo",
    "uomini",
    "donna",
    "donne",
    "marinai",
    "pescatore",
    "pescatori",
    "studenti",
    "lavoratore",
    "lavoratori",
    "corriere",
    "corrieri",
    "sospettato",
    "sospettati",
    "omologo",
    "omologhi",
    "giornalista",
    "giornalisti",
    "ambasciata",
    "consolato",
    "ambasciatore",
    "paziente",
    "pazienti",
    // German.
    "staatsangehörige",
    "staatsangehöriger",
    "staatsangehörigen",
    "staatsbürger",
    "staatsbürgerin",
    "staatsbürgern",
    "bürger",
    "bürgerin",
    "bürgerinnen",
    "tourist",
    "touristen",
    "passagier",
    "passagiere",
    "mann",
    "männer",
    "frau",
    "frauen",
    "seeleute",
    "fischer",
    "migranten",
    "arbeiter",
    "arbeiterinnen",
    "schmuggler",
    "verdächtige",
    "verdächtigen",
    "amtskollege",
    "amtskollegen",
    "journalistin",
    "journalisten",
    "botschaft",
    "konsulat",
    "generalkonsulat",
    "botschafter",
    "korrespondent",
    "korrespondentin",
    "patienten",
    "patientin",
    "patientinnen",
    "urlauber",
    "urlauberin",
    "urlauberinnen",
    // Dutch.
    "onderdanen",
    "burgers",
    "toeristen",
    "passagiers",
    "mannen",
    "vrouwen",
    "vissers",
    "arbeiders",
    "verdachten",
    // Turkish.
    "uyruklu",
    "vatandaşı",
    "vatandaşları",
    "vatandaşlar",
    "turist",
    "turistler",
    "yolcu",
    "yolcular",
    "denizci",
    "denizciler",
    "balıkçı",
    "balıkçılar",
    "işçi",
    "işçiler",
    // Software and its makers, which reach every country: "un logiciel allemand en cause"
    // tells where the software comes from, not where the attack was.
    "software",
    "logiciel",
    "logiciels",
    "éditeur",
    "programa",
    "programas",
    "vendor",
    "vendors",
];

/// Beginnings of inflected nouns for people (Russian, Ukrainian, Polish).
const PEOPLE_STEMS: &[&str] = &[
    "гражда",
    "турист",
    "пассажир",
    "мужчин",
    "женщин",
    "моряк",
    "рыбак",
    "мигрант",
    "студент",
    "рабочи",
    "подозреваем",
    "громадян",
    "пасажир",
    "жінк",
    "рибалк",
    "мігрант",
    "робітник",
    "підозрюван",
    "журналист",
    "журналіст",
    "пациент",
    "пацієнт",
    "pacjen",
    "посольств",
    "консульств",
    "obywatel",
    "turyst",
    "pasażer",
    "mężczyzn",
    "kobiet",
    "marynarz",
    "rybacy",
    "migranc",
    "studenc",
    "robotnic",
    "podejrzan",
];

/// Vietnamese nouns for people before a country ("công dân Việt Nam", "hành khách").
const PEOPLE_VI: &[&str] = &["dân", "khách", "người", "phạm"];

/// Chinese, Japanese and Korean nouns for people right after a country ("越南籍男子",
/// "ベトナム人", "베트남 국적").
const PEOPLE_CJK: &[&str] = &[
    "籍",
    "公民",
    "游客",
    "遊客",
    "旅客",
    "乘客",
    "男子",
    "女子",
    "渔民",
    "漁民",
    "船员",
    "船員",
    "工人",
    "劳工",
    "勞工",
    "留学生",
    "留學生",
    "嫌疑人",
    "嫌犯",
    "人",
    "국적",
    "국민",
    "관광객",
    "선원",
    "어민",
    "노동자",
];

/// Whether a lowercase word is a noun for people (see [`PEOPLE`], [`PEOPLE_STEMS`]).
fn is_people(w: &str) -> bool {
    PEOPLE.contains(&w) || PEOPLE_STEMS.iter().any(|p| w.starts_with(p))
}

/// Whether the place between `tail` (the last words of its clause before it, see
/// [`clause_tail`]) and `after` (the sentence's text after it) is named as people's
/// nationality.
fn nationality(tail: &[String], after: &str) -> bool {
    // "Mexico's consulate": the possessive, then the noun.
    let after = after
        .strip_prefix("'s")
        .or_else(|| after.strip_prefix("’s"))
        .unwrap_or(after);
    let after_trim = after.trim_start();
    if PEOPLE_CJK.iter().any(|p| after_trim.starts_with(p)) {
        return true;
    }
    // Right after the place, with nothing but a space between.
    let next = after_trim
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    if after.len() - after_trim.len() <= 1 && is_people(&next) {
        return true;
    }
    // "the Bangladesh High Commission": a country's mission abroad.
    if after.len() - after_trim.len() <= 1
        && after_trim
            .get(..15)
            .is_some_and(|h| h.eq_ignore_ascii_case("high commission"))
    {
        return true;
    }
    // Before the place: the noun, or the noun and "of" ("citizens of Mexico").
    let ws = tail;
    let mut end = ws.len();
    if end > 0
        && matches!(
            ws[end - 1].as_str(),
            "of" | "de" | "du" | "des" | "del" | "di" | "da" | "do" | "d"
        )
    {
        end -= 1;
    }
    // "Consulado General de México", "consulat général de France".
    if end > 0
        && matches!(
            ws[end - 1].as_str(),
            "general" | "général" | "geral" | "generale"
        )
    {
        end -= 1;
    }
    // "l'Alta commissione del Bangladesh", "the High Commission of India".
    let high_commission = end > 1
        && matches!(
            ws[end - 1].as_str(),
            "commission" | "commissione" | "commissariat" | "comisión" | "comissão"
        )
        && matches!(ws[end - 2].as_str(), "high" | "alta" | "haut" | "alto");
    high_commission
        || end > 0 && {
            let w = ws[end - 1].as_str();
            is_people(w)
            || PEOPLE_VI.contains(&w)
            // "à la frontière vietnamienne", "la frontera mexicana": a bearing, not a place.
            || matches!(w, "frontière" | "frontera" | "fronteira" | "frontiera" | "confine")
        }
}

/// Whether the place before `after` (the sentence's text after it) is named as the owner or
/// investor of a company rather than where it is: "a Korean-owned plant", "Chinese-backed
/// mine" (with the hyphen: "Japan backed the plan" is a sentence about Japan). Vietnamese
/// "vốn" (capital) before a country is a marker (see [`MARKERS`]).
fn owner(after: &str) -> bool {
    let Some(after) = after.strip_prefix(['-', '‑']) else {
        return false;
    };
    let next = after
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(next.as_str(), "owned" | "backed" | "funded" | "financed")
}

/// The last `n` lowercase words of `text` (fewer if it has fewer), in text order: a place's
/// role is read in the few words before it, so a long clause costs no more than a short one.
fn last_words(text: &str, n: usize) -> Vec<String> {
    let mut out: Vec<String> = text
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(n)
        .map(str::to_lowercase)
        .collect();
    out.reverse();
    out
}

/// Lowercase words of `text`: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `c` ends a clause.
fn breaks_clause(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '.' | '!' | '?' | '(' | ')' | '"' | '«' | '»' | '“' | '”' | '—' | '–'
    )
}

/// The last words of the clause that `before` (the text before a place, back to the previous
/// mention) ends in, lowercase: all that [`after_marker`] and [`nationality`] read. The longest
/// marker has four words, and three fillers may follow it.
fn clause_tail(before: &str) -> Vec<String> {
    let clause = before.rsplit(breaks_clause).next().unwrap_or("");
    last_words(clause, 8)
}

/// Where the words before a place end once at most three [`FILLERS`] right before it are left
/// out ("bound for the port of", "the village of the").
fn after_fillers(ws: &[String]) -> usize {
    let mut end = ws.len();
    while end > 0 && ws.len() - end < 3 && FILLERS.contains(&ws[end - 1].as_str()) {
        end -= 1;
    }
    end
}

/// Whether the text before a place (back to the previous mention: a marker before an earlier
/// place is that place's, "bound for Hanoi at Bangkok airport") ends with a marker of
/// direction or origin, fillers aside; `ws` is its [`clause_tail`].
fn after_marker(before: &str, ws: &[String]) -> bool {
    if CJK_MARKERS.iter().any(|m| before.trim_end().ends_with(m)) {
        return true;
    }
    // Try the marker right before the place, then after the fillers.
    (after_fillers(ws)..=ws.len()).rev().any(|e| {
        MARKERS.iter().any(|m| {
            e >= m.len()
                && ws[e - m.len()..e].iter().zip(m.iter()).all(|(a, b)| a == b)
                && (m != &["from"]
                    || e < 2
                    || !NOT_ORIGIN_BEFORE_FROM.contains(&ws[e - 2].as_str()))
        })
    })
}

/// Whether a place is written in the Russian or Ukrainian accusative after "в", "во" or "на":
/// where someone goes ("вернулись в Россию", "на Украину"), not where they are ("в России").
/// Only names whose accusative ends in "-ю" show it ("Россию", "Турцию"): "-у" is also the
/// locative of masculine names ("в Крыму", Ukrainian "у Хабаровську").
fn russian_destination(before: &str, tail: &[String], surface: &str) -> bool {
    tail.last()
        .is_some_and(|w| matches!(w.as_str(), "в" | "во" | "на" | "у"))
        && before.ends_with(' ')
        && surface.ends_with('ю')
}

/// Words of a locating apposition after a comma: "Nîmes, in the south of France", "Bari, nel
/// sud dell'Italia", "Tacna, im Süden Perus".
const LOCATORS: &[&str] = &[
    "in",
    "en",
    "dans",
    "im",
    "nel",
    "nella",
    "no",
    "na",
    "в",
    "на",
    "у",
    "south",
    "north",
    "east",
    "west",
    "sur",
    "norte",
    "este",
    "oeste",
    "sud",
    "nord",
    "est",
    "ouest",
    "ovest",
    "süden",
    "norden",
    "osten",
    "westen",
    "юге",
    "севере",
    "востоке",
    "западе",
    "півдні",
    "півночі",
    "сході",
    "заході",
    "dell",
    "dello",
    "della",
];

/// Whether the text between two places is a comma and a locating phrase ("Nîmes, in the south
/// of France"): the second place is where the first is, and takes its role.
fn apposition(before: &str, between: &[String]) -> bool {
    before.trim_start().starts_with(',')
        && !before.contains(['.', ';', ':', '(', ')'])
        && between.len() <= 5
        && between.iter().any(|w| LOCATORS.contains(&w.as_str()))
        && between
            .iter()
            .all(|w| LOCATORS.contains(&w.as_str()) || FILLERS.contains(&w.as_str()))
}

/// Nouns of a village or a hamlet, lowercase, with their case forms: a place name right after
/// one ("the village of Solun", "iznad sela Solun", "в селе Покровское", "im Dorf Linden")
/// names that village, not the city of the gazetteer that has the same name (the gazetteer
/// lists towns of 30,000 people and more).
const VILLAGES: &[&str] = &[
    "village",
    "hamlet",
    "villages",
    "selo",
    "sela",
    "selu",
    "selom",
    "село",
    "села",
    "селе",
    "селі",
    "селом",
    "селища",
    "селище",
    "деревня",
    "деревни",
    "деревне",
    "dorf",
    "dorfes",
    "weiler",
    "wieś",
    "wsi",
    "wioska",
    "wioski",
    "aldea",
    "vilarejo",
    "aldeia",
    "hameau",
    "frazione",
    "borgo",
    "desa",
    "kampung",
    "làng",
    "byn",
    "landsby",
    "landsbyen",
    "dorp",
    "χωριό",
    "χωριού",
];

/// Whether the place comes right after a noun of a village (see [`VILLAGES`]): "of", "de"
/// and the like ([`FILLERS`]) may stand between ("the village of Solun", "le hameau de Lens"); Turkish puts
/// the noun after the name ("Solun köyü").
fn village(tail: &[String], after: &str) -> bool {
    if (after_fillers(tail)..=tail.len())
        .rev()
        .any(|e| e > 0 && VILLAGES.contains(&tail[e - 1].as_str()))
    {
        return true;
    }
    let next = after
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    after.len() - after.trim_start().len() == 1 && matches!(next.as_str(), "köyü" | "köyünde")
}

/// Per mention of `sentence` (offsets relative to it, in text order), whether it names a
/// place something goes to or comes from, or a nationality (see the module documentation).
pub(crate) fn places_nothing(sentence: &str, mentions: &[Mention]) -> Vec<bool> {
    let mut out = Vec::with_capacity(mentions.len());
    // Whether a mention's role carries to the places listed after it.
    let mut carried: Vec<bool> = Vec::with_capacity(mentions.len());
    let mut prev_end = 0usize;
    for (k, m) in mentions.iter().enumerate() {
        let start = m.start.min(sentence.len());
        let from = prev_end.min(start);
        let before = sentence.get(from..start).unwrap_or("");
        // A place listed after one in transit ("to Hanoi and Haiphong", "vers le port
        // espagnol de Bilbao"), or placing it after a comma ("from Nîmes, in the south of
        // France"): only fillers, conjunctions, commas and such locators between them.
        // (The words between are read only after a place in transit: most places follow none.)
        let continues = k > 0 && carried[k - 1] && {
            let between = words(before);
            let listed = between
                .iter()
                // ("a" is an article in English but "to", "at" in the Romance languages:
                // "rientrato dal Brasile a Fano")
                .all(|w| {
                    w != "a"
                        && (FILLERS.contains(&w.as_str()) || CONJUNCTIONS.contains(&w.as_str()))
                })
                && !before.contains(['.', ';', ':', '(', ')']);
            listed || apposition(before, &between)
        };
        let after = sentence.get(m.end.min(sentence.len())..).unwrap_or("");
        let tail = clause_tail(before);
        let transit = continues
            || after_marker(before, &tail)
            || russian_destination(before, &tail, &m.surface)
            || nationality(&tail[tail.len().saturating_sub(3)..], after)
            || owner(after);
        // A village's role is its own: a place after it ("the village of Lens, north of
        // Mons") places the sentence.
        carried.push(transit);
        out.push(transit || village(&tail, after));
        prev_end = prev_end.max(m.end.min(sentence.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mentions of the given surfaces, found in order in `text`.
    fn mentions(text: &str, names: &[&str]) -> Vec<Mention> {
        let mut at = 0;
        names
            .iter()
            .map(|n| {
                let start = at + text[at..].find(n).expect("name in text");
                at = start + n.len();
                Mention {
                    id: n.to_lowercase(),
                    surface: n.to_string(),
                    start,
                    end: at,
                }
            })
            .collect()
    }

    fn roles(text: &str, names: &[&str]) -> Vec<bool> {
        places_nothing(text, &mentions(text, names))
    }

    #[test]
    fn a_country_that_owns_a_company_does_not_place_it() {
        assert_eq!(
            roles(
                "Công nhân tử vong tại nhà máy vốn Hàn Quốc ở Bình Dương",
                &["Hàn Quốc", "Bình Dương"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "A worker died at a South Korea-owned plant in Binh Duong.",
                &["South Korea", "Binh Duong"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Công ty có vốn đầu tư Nhật Bản tại Đồng Nai",
                &["Nhật Bản", "Đồng Nai"]
            ),
            [true, false]
        );
        // A verb after the country: the sentence is about it.
        assert_eq!(
            roles("Japan backed the rebuilding of schools.", &["Japan"]),
            [false]
        );
        // A plant in Korea is placed there.
        assert_eq!(
            roles("A worker died at a plant in South Korea.", &["South Korea"]),
            [false]
        );
    }

    #[test]
    fn a_village_named_like_a_city_is_not_the_city() {
        assert_eq!(
            roles(
                "Mina je eksplodirala u šumi iznad sela Solun kod Olova.",
                &["Solun"]
            ),
            [true]
        );
        assert_eq!(
            roles(
                "A mine exploded near the village of Lens, north of Mons.",
                &["Lens", "Mons"]
            ),
            [true, false]
        );
        assert_eq!(
            roles("Solun köyü yakınında bir mayın patladı.", &["Solun"]),
            [true]
        );
        // A town named as such places the sentence.
        assert_eq!(
            roles("A mine exploded near the town of Mons.", &["Mons"]),
            [false]
        );
        assert_eq!(
            roles("Взрыв произошёл в селе под Харьковом.", &["Харьковом"]),
            [false]
        );
    }

    #[test]
    fn destinations_and_origins_do_not_place_the_sentence() {
        assert_eq!(
            roles(
                "Customs at Bangkok airport seized rhino horn bound for Hanoi.",
                &["Bangkok", "Hanoi"]
            ),
            [false, true]
        );
        // The marker belongs to the first place only.
        assert_eq!(
            roles(
                "Rhino horn bound for Hanoi was seized at Bangkok airport.",
                &["Hanoi", "Bangkok"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Las navieras desviaron escalas hacia los puertos de Valencia y Barcelona.",
                &["Valencia", "Barcelona"]
            ),
            [true, true]
        );
        assert_eq!(
            roles(
                "Des navires détournés vers le port espagnol de Bilbao et vers Anvers.",
                &["espagnol", "Bilbao", "Anvers"]
            ),
            [true, true, true]
        );
        assert_eq!(
            roles(
                "Scales smuggled from Vietnam to Nanning and Guilin were found in Dongxing.",
                &["Vietnam", "Nanning", "Guilin", "Dongxing"]
            ),
            [true, false, false, false]
        );
        assert_eq!(
            roles("东兴海关查获自越南走私入境的鳞片", &["东兴", "越南"]),
            [false, true]
        );
        assert_eq!(
            roles(
                "Ein Frachter mit Kurs Richtung Rotterdam lag in Hamburg fest.",
                &["Rotterdam", "Hamburg"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Un cargamento procedente de Colombia fue incautado en Valencia.",
                &["Colombia", "Valencia"]
            ),
            [true, false]
        );
    }

    #[test]
    fn the_origin_of_software_does_not_place_the_sentence() {
        assert_eq!(
            roles(
                "Cyberattaque contre un hôpital de Lausanne, un logiciel allemand en cause",
                &["Lausanne", "allemand"]
            ),
            [false, true]
        );
        assert_eq!(
            roles("A flaw in German software hit a clinic.", &["German"]),
            [true]
        );
    }

    #[test]
    fn nationalities_do_not_place_the_sentence() {
        assert_eq!(
            roles(
                "Two Vietnamese nationals were arrested at Bangkok airport.",
                &["Vietnamese", "Bangkok"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Deux ressortissants vietnamiens ont été arrêtés à Bangkok.",
                &["vietnamiens", "Bangkok"]
            ),
            [true, false]
        );
        assert_eq!(
            roles("Citizens of Mexico living in Texas.", &["Mexico", "Texas"]),
            [true, false]
        );
        assert_eq!(
            roles("一名越南籍男子在东兴被抓获", &["越南", "东兴"]),
            [true, false]
        );
        assert_eq!(
            roles(
                "Hai công dân Việt Nam bị bắt tại Bangkok.",
                &["Việt Nam", "Bangkok"]
            ),
            [true, false]
        );
        // Bodies are not people: the customs of a country act where they are.
        assert_eq!(
            roles("Vietnamese customs officers seized ivory.", &["Vietnamese"]),
            [false]
        );
        // "Many" is no "man", and a national guard is no national.
        assert_eq!(roles("In many Russian cities.", &["Russian"]), [false]);
        assert_eq!(
            roles("La Guardia Nacional de México.", &["México"]),
            [false]
        );
        // A noun for people ahead in the clause, not next to the place.
        assert_eq!(
            roles("Fishermen said Vietnam closed the port.", &["Vietnam"]),
            [false]
        );
    }

    #[test]
    fn borders_embassies_and_journeys_do_not_place_the_sentence() {
        assert_eq!(
            roles(
                "La douane a saisi un camion près de la frontière avec le Vietnam à Dansavanh.",
                &["Vietnam", "Dansavanh"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Saisie à Dansavanh, à la frontière vietnamienne.",
                &["Dansavanh", "vietnamienne"]
            ),
            [false, true]
        );
        assert_eq!(
            roles(
                "El Consulado General de México en Houston condenó la agresión.",
                &["México", "Houston"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Mexico's consulate in Houston said the reporter was safe.",
                &["Mexico", "Houston"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Un periodista mexicano fue golpeado en Houston.",
                &["mexicano", "Houston"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Il primo caso era rientrato dal Brasile a Fano.",
                &["Brasile", "Fano"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Туристы вернулись в Россию из Антальи.",
                &["Россию", "Антальи"]
            ),
            [true, true]
        );
        // The locative keeps its place, "-у" included.
        assert_eq!(roles("Вспышка кори в России.", &["России"]), [false]);
        assert_eq!(
            roles("Спалах кору у Хабаровську.", &["Хабаровську"]),
            [false]
        );
    }

    #[test]
    fn origins_senders_and_missions_abroad_do_not_place_the_sentence() {
        assert_eq!(
            roles(
                "Duecento operai originari del Bangladesh hanno scioperato a Johor.",
                &["Bangladesh", "Johor"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Des saisonniers originaires du Maroc ont cessé le travail à Huelva.",
                &["Maroc", "Huelva"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Dos aviones enviados por Francia llegaron a Galicia.",
                &["Francia", "Galicia"]
            ),
            [true, false]
        );
        // A locating apposition takes the role of the place it locates.
        assert_eq!(
            roles(
                "Los aviones, procedentes de la base de Nîmes, en el sur de Francia, aterrizaron en Vigo.",
                &["Nîmes", "Francia", "Vigo"]
            ),
            [true, true, false]
        );
        assert_eq!(
            roles(
                "The Bangladesh High Commission in Kuala Lumpur sent an officer.",
                &["Bangladesh", "Kuala Lumpur"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "L'Alta commissione del Bangladesh a Kuala Lumpur ha inviato un funzionario.",
                &["Bangladesh", "Kuala Lumpur"]
            ),
            [true, false]
        );
        assert_eq!(
            roles(
                "Unter den Betroffenen sind auch deutsche Patienten aus Villach.",
                &["deutsche"]
            ),
            [true]
        );
        // An apposition after a place where something happens keeps that role.
        assert_eq!(
            roles(
                "Un incendie a éclaté près de Vidauban, dans le sud de la France.",
                &["Vidauban", "France"]
            ),
            [false, false]
        );
    }

    #[test]
    fn places_near_which_or_where_something_happens_keep_their_role() {
        // A distance or a bearing before "from", or a report "from" a place.
        assert_eq!(
            roles("A village 40 km from Hanoi was flooded.", &["Hanoi"]),
            [false]
        );
        assert_eq!(
            roles("Reporting from Kyiv, she described the damage.", &["Kyiv"]),
            [false]
        );
        // Where the event is, in several languages.
        assert_eq!(
            roles(
                "Police in Hanoi seized ivory shipped in containers.",
                &["Hanoi"]
            ),
            [false]
        );
        assert_eq!(
            roles("Die Polizei in Hamburg fand Elfenbein.", &["Hamburg"]),
            [false]
        );
        // A clause break ends the marker's reach.
        assert_eq!(
            roles(
                "The ship sailed from port, and in Vietnam the cargo was seized.",
                &["Vietnam"]
            ),
            [false]
        );
    }
}
