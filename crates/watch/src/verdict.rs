//! Verdicts: an article whose title or lede reports a court's verdict or sentence ("45 years
//! for the murder of a journalist", "court jails three for ivory smuggling") tells of a trial,
//! and the crime it carries every word of happened long before. A topic does not fire on such
//! an article unless its own query asks for verdict words (a topic that watches convictions
//! names them: `sentenced`, `verurteilt`, `приговор*`), which is how a user keeps trials in.
//! Only the title and the first paragraph count: a story about a new attack that recalls an
//! old verdict further down is still about the attack.
//!
//! The words are those of a verdict only. Words of a charge or an arrest ("charged",
//! "detained", "jailed", which also tells of a journalist held without trial) are not among
//! them, nor words that also mean to condemn in the political sense (Spanish "condena",
//! Russian "осуждает").

use claimwatch_text::{lowercase, word_spans};

use crate::drill::StoryWords;
use crate::{ClaimView, Query};

/// Whole words (lowercase) of a verdict or a sentence.
const WORDS: &[&str] = &[
    // en
    "sentenced",
    "convicted",
    "acquitted",
    "verdict",
    // de
    "verurteilt",
    "verurteilte",
    "verurteilten",
    "urteil",
    "schuldspruch",
    "freigesprochen",
    "haftstrafe",
    "haftstrafen",
    "gefängnisstrafe",
    "gefängnisstrafen",
    "bewährungsstrafe",
    // fr
    "condamné",
    "condamnée",
    "condamnés",
    "condamnées",
    "acquitté",
    "acquittée",
    "acquittés",
    "réclusion",
    // es, pt
    "condenado",
    "condenada",
    "condenados",
    "condenadas",
    "absuelto",
    "absuelta",
    "absueltos",
    "absolvido",
    "absolvida",
    "sentença",
    // it
    "condannato",
    "condannata",
    "condannati",
    "condannate",
    "assolto",
    "assolta",
    "assolti",
    "ergastolo",
    // ru
    "приговор",
    "приговора",
    "приговору",
    "приговором",
    "приговорил",
    "приговорила",
    "приговорили",
    "приговорен",
    "приговорён",
    "приговорена",
    "приговорены",
    "осужден",
    "осуждён",
    "осуждена",
    "осуждены",
    "оправдан",
    "оправдана",
    "оправданы",
    // uk
    "вирок",
    "вироку",
    "засудив",
    "засудила",
    "засудили",
    "засуджено",
    "засуджений",
    "засуджена",
    "засуджені",
    "виправдав",
    "виправдала",
    // pl
    "skazany",
    "skazana",
    "skazani",
    "skazał",
    "skazała",
    "skazali",
    "wyrok",
    "wyroku",
    "uniewinniony",
    "uniewinniona",
    // tr
    "mahkum",
    "mahkûm",
    "beraat",
    // ko
    "징역",
    "선고",
    // ro, sr/hr/bs, cs/sk, hu, el, bg, id/ms, sw, nl, sv
    "condamnat",
    "condamnată",
    "condamnați",
    "achitat",
    "achitată",
    "osuđen",
    "osuđena",
    "osuđeni",
    "осуђен",
    "осуђена",
    "осуђени",
    "presuda",
    "presudu",
    "осуден",
    "осудена",
    "осудени",
    "пресуда",
    "пресудата",
    "obsojen",
    "obsojena",
    "obsojeni",
    "oproščen",
    "oproščena",
    "dënua",
    "dënuar",
    "dënohet",
    "odsouzen",
    "odsouzena",
    "odsouzeni",
    "odsúdený",
    "odsúdená",
    "elítélték",
    "felmentették",
    "καταδικάστηκε",
    "καταδικάστηκαν",
    "αθωώθηκε",
    "осъден",
    "осъдена",
    "осъдени",
    "присъда",
    "divonis",
    "vonis",
    "amehukumiwa",
    "wamehukumiwa",
    "alihukumiwa",
    "walihukumiwa",
    "veroordeeld",
    "vrijgesproken",
    "dömd",
    "dömdes",
    "friades",
];

/// Verdicts written in several words or inside runs of Han characters, found in the lowercase
/// text.
const PHRASES: &[&str] = &[
    "found guilty",
    "years in prison",
    "jahre haft",
    "jahren haft",
    "ans de prison",
    "años de prisión",
    "años de cárcel",
    "anni di carcere",
    "anos de prisão",
    "лет колонии",
    "лет заключения",
    "років позбавлення волі",
    "lat więzienia",
    "hapis cezası",
    "tuyên án",
    "سزا سنا",
    "سزا سنائی",
    "سزائے موت",
    "عمر قید",
    "सजा सुनाई",
    "वर्ष कैद",
    "वर्षको कैद",
    "बर्ष कैद",
    "कैद सजाय",
    "सज़ा सुनाई",
    "दोषी करार",
    "उम्रकैद",
    "lĩnh án",
    "oslobođen optužbi",
    "oslobođena optužbi",
    "oslobođeni optužbi",
    "ослобођен оптужби",
    "ослобођена оптужби",
    "ослободен од обвинение",
    "ослободена од обвинение",
    "shpall të pafajshëm",
    "shpalli të pafajshëm",
    "shpallet i pafajshëm",
    "phạt tù",
    "بالسجن",
    "بالإعدام",
    "بإعدام",
    "判处",
    "判刑",
    "宣判",
    "判决",
    "判決",
    "懲役",
    "获刑",
    "獲刑",
    "判決",
    "判决",
];

const STORY: StoryWords = StoryWords {
    words: WORDS,
    phrases: PHRASES,
};

/// Whether lowercase text tells of a verdict.
fn tells_a_verdict(lower: &str) -> bool {
    STORY.told_in(lower)
}

/// Whether the title or the lede (paragraphs 0 and 1) of an article reports a verdict.
pub(crate) fn reports_a_verdict(statements: &[ClaimView<'_>]) -> bool {
    statements.iter().take_while(|s| s.paragraph <= 1).any(|s| {
        let lower = lowercase(s.text);
        tells_a_verdict(&lower)
            || (s.paragraph == 0
                && (TRIAL.told_in(&lower)
                    || FINES.told_in(&lower)
                    || court_first(&lower, s.language)))
    })
}

/// Whether the title tells an inquiry's findings (see [`INQUIRERS`]).
pub(crate) fn reports_findings(statements: &[ClaimView<'_>]) -> bool {
    statements
        .iter()
        .take_while(|s| s.paragraph == 0)
        .any(|t| tells_findings(&lowercase(t.text)))
}

/// A trial told by the title ("Avalanche mortelle de La Grave : un guide jugé à Gap", "Arranca
/// el juicio por el brote"): like a verdict, it follows the event by months or years. Only the
/// title counts (a lede may add that a suspect "goes on trial next month"), and only words of
/// a trial: "jugé" alone is also "deemed", a trial of a vaccine is clinical, Italian and German
/// "processo", "Prozess" are also processes.
const TRIAL: StoryWords = StoryWords {
    words: &[
        "procès",
        "juicio",
        "julgamento",
        "processato",
        "processati",
        "processata",
        "prozessauftakt",
        "prozessbeginn",
        "rechtszaak",
        "yargılanıyor",
        "yargılandı",
        "yargılanan",
        "suđenje",
        "suđenja",
        "suđenju",
        "суђење",
        "суђења",
        "суђењу",
        "судење",
        "судењето",
        "sojenje",
        "sojenja",
    ],
    phrases: &[
        "on trial",
        "stands trial",
        "jugé à",
        "jugée à",
        "jugés à",
        "jugé pour",
        "jugés pour",
        "jugé devant",
        "jugés devant",
        "vor gericht",
        "a processo",
        "суд над",
        "перед судом",
        "przed sądem",
        "voor de rechter",
    ],
};

/// A penalty told by the title ("Regulator fines Korvena over the Pernik leak", "КЕВР глоби
/// компанията", "Multa de 2 millones por el vertido"): a fine is imposed months after what it
/// punishes, as a verdict is. Only the title counts (a lede may add that the company "faces a
/// fine"). A topic that watches enforcement names fine words itself, which keeps them in.
const FINES: StoryWords = StoryWords {
    words: &[
        "fined",
        "fines",
        "bußgeld",
        "geldbuße",
        "geldstrafe",
        "amende",
        "amendes",
        "multa",
        "multas",
        "multado",
        "multada",
        "multó",
        "multato",
        "multata",
        "boete",
        "böter",
        "bøde",
        "bot",
        "оштрафовал",
        "оштрафовала",
        "оштрафовали",
        "оштрафовало",
        "оштрафован",
        "оштрафована",
        "оштрафованы",
        "оштрафует",
        "оштрафуют",
        "оштрафував",
        "оштрафувала",
        "оштрафували",
        "оштрафувало",
        "штраф",
        "штрафа",
        "глоба",
        "глоби",
        "глобата",
        "глобен",
        "глобена",
        "казнио",
        "казнила",
        "kaznio",
        "kaznila",
        "grzywna",
        "grzywnę",
        "grzywny",
        "ukarał",
        "ukarała",
        "pokuta",
        "pokutu",
        "amendă",
        "amendat",
        "amendată",
        "bírság",
        "bírságot",
        "megbírságolta",
        "πρόστιμο",
        "πρόστιμα",
        "gjobë",
        "gjoba",
        "gjobit",
        "gjobiti",
        "gjobitet",
        "denda",
        "didenda",
        "տուգանել",
        "տուգանեց",
        "տուգանք",
        "տուգանքի",
        "տուգանվել",
        "დააჯარიმა",
        "დააჯარიმეს",
        "ჯარიმა",
        "cərimə",
        "cərimələdi",
        "cərimələnib",
        "faini",
        "غرامة",
        "بغرامة",
        "تغريم",
        "جریمه",
        "جرمانہ",
        "जुर्माना",
        "벌금",
        "과징금",
        "과태료",
    ],
    phrases: &[
        "para cezası",
        "para cezasi",
        "новчану казну",
        "novčanu kaznu",
        "罚款",
        "罰款",
        "罰金",
        "過料",
        "制裁金",
    ],
};

/// An inquiry's findings told by the title ("Worn brake part caused Negotino derailment,
/// investigators find", "Inquiry blames temple trust for January's crush", "Investigators find
/// no ship to blame for cable damage"): the report of an inquiry follows the event by months.
/// The title must name the inquiry ([`INQUIRERS`]) and a finding ([`FINDINGS`]): "investigators
/// say" reports an event as it is investigated, "a probe is under way" a fresh one, and
/// "investigators find a body" an event ("find" is no finding here).
const INQUIRERS: StoryWords = StoryWords {
    words: &[
        "inquiry",
        "investigators",
        "commission",
        "untersuchungsbericht",
        "abschlussbericht",
        "ermittler",
        "enquête",
        "enquêteurs",
        "investigación",
        "investigadores",
        "inchiesta",
        "investigação",
        "комиссия",
        "следователи",
    ],
    phrases: &[
        "final report",
        "rapport final",
        "informe final",
        "relazione finale",
    ],
};

const FINDINGS: StoryWords = StoryWords {
    words: &[
        "blames",
        "blamed",
        "blame",
        "concludes",
        "concluded",
        "faults",
        "caused",
        "conclut",
        "concluye",
        "conclude",
        "conclui",
        "установила",
        "untersuchungsbericht",
        "abschlussbericht",
    ],
    phrases: &[
        "final report",
        "rapport final",
        "informe final",
        "relazione finale",
    ],
};

/// Courts, lowercase: a title whose first words name one as its subject ("Court stops planned
/// demolitions", "Arbeitsgericht Zwickau: Kündigungen unwirksam", "Mahakama yaamuru ...
/// kuwalipa fidia") tells what a court decided, which follows the event it rules on, as a
/// verdict does. German compounds end in "gericht" ("Landgericht", "Verwaltungsgericht").
const COURTS: &[&str] = &[
    "court",
    "tribunal",
    "tribunale",
    "tribunalul",
    "gericht",
    "mahakama",
    "суд",
    "судот",
    "gjykata",
    "sąd",
    "soud",
    "súd",
    "sud",
    "mahkeme",
    "mahkemesi",
    "rechtbank",
    "δικαστήριο",
    "bíróság",
    "pengadilan",
];

/// Words of a title that may come before its court: "High Court", "Supreme Court", "Le
/// tribunal", "Верховный суд" (the court is among the title's first words).
const COURT_WITHIN: usize = 3;

/// [`COURTS`] as story words: a topic that asks for them keeps court rulings in.
const COURT_WORDS: StoryWords = StoryWords {
    words: COURTS,
    phrases: &[],
};

/// Court words that are other words in other languages, with the languages they name a court
/// in: French "sud" is south ("Sud-Kivu", "Corée du Sud") and "court" short ("court-circuit").
const COURTS_OF: &[(&str, &[&str])] = &[("sud", &["hr", "bs", "sr"]), ("court", &["en"])];

/// Whether a title in `language` names a court among its first [`COURT_WITHIN`] words. A word
/// joined by a hyphen to the next is part of a compound or a name ("Sud-Kivu"), no court.
fn court_first(lower: &str, language: Option<&str>) -> bool {
    word_spans(lower).take(COURT_WITHIN).any(|r| {
        if lower[r.end..].starts_with('-') {
            return false;
        }
        let w = &lower[r];
        if let Some((_, langs)) = COURTS_OF.iter().find(|(c, _)| *c == w) {
            return language.is_none_or(|l| langs.contains(&l));
        }
        COURTS.contains(&w) || (w.len() > "gericht".len() && w.ends_with("gericht"))
    })
}

/// Whether a title tells an inquiry's findings (see [`INQUIRERS`]).
fn tells_findings(lower: &str) -> bool {
    INQUIRERS.told_in(lower) && FINDINGS.told_in(lower)
}

/// Whether a query asks for verdict, trial, fine or court words itself (outside a NOT). A
/// topic that watches investigations (`investigat*`) asks for an inquiry's findings, not for
/// the trial that follows an investigation.
pub(crate) fn asks_for_verdicts(query: &Query) -> bool {
    STORY.asked_by(query)
        || TRIAL.asked_by(query)
        || FINES.asked_by(query)
        || COURT_WORDS.asked_by(query)
}

/// Whether a query asks for an inquiry's findings: for verdict words or inquiry words.
pub(crate) fn asks_for_findings(query: &Query) -> bool {
    asks_for_verdicts(query) || INQUIRERS.asked_by(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_words_in_a_title_or_lede() {
        assert!(tells_a_verdict(&lowercase(
            "45 Jahre Haft für Mord an Journalistin"
        )));
        assert!(tells_a_verdict(
            "court jails three after they were convicted of smuggling"
        ));
        assert!(tells_a_verdict("суд приговорил бывшего мэра"));
        assert!(TRIAL.told_in(&lowercase(
            "Avalanche mortelle de La Grave : un guide de haute montagne jugé à Gap"
        )));
        assert!(TRIAL.told_in("arranca el juicio por el brote de salmonela"));
        // South Slavic, Macedonian and Albanian trials and verdicts.
        assert!(TRIAL.told_in(&lowercase("Odloženo suđenje bivšim menadžerima za mito")));
        assert!(tells_a_verdict(&lowercase(
            "Gjykata shpall të pafajshëm ish-administratorin"
        )));
        assert!(tells_a_verdict(&lowercase(
            "Поранешниот директор осуден на три години"
        )));
        assert!(tells_a_verdict(&lowercase(
            "Direktor oslobođen optužbi za mito"
        )));
        // Freed from captivity is no acquittal.
        assert!(!tells_a_verdict(&lowercase(
            "Oslobođen talac nakon tri dana"
        )));
        assert!(!TRIAL.told_in("un risque jugé faible par la préfecture"));
        assert!(!TRIAL.told_in("clinical trial of a dengue vaccine begins"));
        let en = Some("en");
        assert!(court_first(
            "court stops planned demolitions in a settlement",
            en
        ));
        assert!(court_first(
            "arbeitsgericht zwickau: kündigungen nach dem streik unwirksam",
            Some("de")
        ));
        assert!(court_first(
            "high court orders the airline to pay passengers",
            en
        ));
        assert!(!court_first(
            "strike closes the plant; workers may go to court next month",
            en
        ));
        // Croatian "sud" is a court, French "sud" the south; French "court" is short.
        assert!(court_first("sud u splitu poništio ugovor", Some("hr")));
        assert!(!court_first(
            "sud-kivu : une embarcation chavire",
            Some("fr")
        ));
        assert!(!court_first("corée du sud : un ferry chavire", Some("fr")));
        assert!(!court_first(
            "un court-circuit provoque un incendie",
            Some("fr")
        ));
        assert!(tells_a_verdict("căpitan român condamnat la istanbul"));
        assert!(tells_a_verdict("मानव बेचबिखन मुद्दामा दुई जनालाई १२ वर्ष कैद"));
        assert!(tells_a_verdict("لاہور کی عدالت نے چار ملزمان کو سزا سنا دی"));
        assert!(tells_findings(
            "worn brake part caused negotino freight derailment, investigators find"
        ));
        assert!(tells_findings(
            "inquiry blames temple trust and police for january's annavaram crush"
        ));
        assert!(!tells_findings(
            "north korean hackers moved stolen crypto through mixers, investigators say"
        ));
        assert!(!tells_findings(
            "officials probe absentee ballot irregularities"
        ));
        assert!(!tells_findings(
            "investigators find body of missing reporter; investigation opened"
        ));
        // A trial or findings count in the title only; a lede may mention a coming trial.
        let at = |text: &'static str, paragraph: u32| ClaimView {
            text,
            paragraph,
            ..Default::default()
        };
        assert!(reports_a_verdict(&[at(
            "Guide jugé à Gap pour l'avalanche",
            0
        )]));
        assert!(reports_findings(&[at(
            "Inquiry blames trust for the crush",
            0
        )]));
        assert!(!reports_findings(&[
            at("Crush at the stadium", 0),
            at("An inquiry blamed the trust for an earlier crush.", 1),
        ]));
        assert!(!reports_a_verdict(&[
            at("Avalanche buries two skiers", 0),
            at(
                "The guide goes on trial next year for an earlier accident.",
                1
            ),
        ]));
        assert!(tells_a_verdict("法院一审判处被告"));
        assert!(tells_a_verdict("محكمة تقضي بإعدام متهمين في تفجير"));
        assert!(tells_a_verdict("地裁は被告に懲役5年の判決を言い渡した"));
        // A charge, an arrest, a political condemnation: no verdict.
        assert!(!tells_a_verdict(
            "police charged two men and jailed a reporter"
        ));
        assert!(!tells_a_verdict(
            "el gobierno condena el ataque contra el periodista"
        ));
        assert!(!tells_a_verdict("мэр осуждает нападение"));
    }

    #[test]
    fn a_fine_in_the_title_follows_what_it_punishes() {
        for t in [
            "Regulator fines the operator over last winter's outage",
            "КЕВР глоби „Корвена“ с 250 000 лева за изтичането на газ",
            "Минцифры оштрафовало оператора за прошлогодний сбой",
            "Multa de dos millones a la naviera por el vertido",
            "环保部门对化工厂罚款200万元",
            "Տեսչական մարմինը տուգանել է ընկերությանը անցյալ տարվա վթարի համար",
        ] {
            assert!(FINES.told_in(&lowercase(t)), "{t}");
        }
        // Romanian "multe" is "many", not Italian fines; a leak told as news names no fine.
        for t in [
            "Bărbat lovit de tren; mai multe trenuri, întârziate",
            "Gas leak at Pernik leaves 5,000 homes cold",
        ] {
            assert!(!FINES.told_in(&lowercase(t)), "{t}");
        }
        // A topic that watches enforcement names fines and keeps them.
        let asks = |q: &str| asks_for_verdicts(&Query::parse(q, &crate::tests::resolver).unwrap());
        assert!(asks("regulator (fine* OR штраф*)"));
        assert!(asks("regulator (fined OR sanction*)"));
    }

    #[test]
    fn a_query_asking_for_verdicts() {
        let asks = |q: &str| asks_for_verdicts(&Query::parse(q, &crate::tests::resolver).unwrap());
        assert!(asks("ivory (seiz* OR sentenced)"));
        assert!(asks("ivory (seiz* OR verurteil*)"));
        assert!(asks("ivory \"found guilty\""));
        assert!(!asks("ivory (seiz* OR smuggl*)"));
        // A short beginning of another language's verdict word (Portuguese "presos" and
        // Bosnian "presuda") asks for nothing.
        assert!(!asks("cocaína (apreend* OR pres*)"));
        assert!(!asks("ivory -sentenced"));
        // A topic that watches investigations asks for an inquiry's findings, not for the
        // trial that follows.
        let q = Query::parse("bribe* (investigat* OR raid*)", &crate::tests::resolver).unwrap();
        assert!(!asks_for_verdicts(&q));
        assert!(asks_for_findings(&q));
        assert!(asks_for_findings(
            &Query::parse("crash* sentenced", &crate::tests::resolver).unwrap()
        ));
    }
}
