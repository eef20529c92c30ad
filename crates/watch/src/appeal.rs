//! Appeals: what someone urges, calls for or demands has not happened. "MPs urge the
//! government to block the app", "Депутаты призвали выслать дипломатов", "Anggota DPR desak
//! pemerintah blokir aplikasi": the words after a verb of appeal name what is asked for, so
//! they are read like a negation's (see `negation.rs`), up to the end of the clause, a few
//! words, or a word that starts what the appeal is a reaction to ("urges calm after the
//! derailment": the derailment happened).
//!
//! An article whose title is an appeal and carries none of a topic's words outside what the
//! appeal reaches reports a demand, not the event, and fires no topic that does not ask for
//! appeal words itself (a topic that watches calls for sanctions names them: `urge*`,
//! `призыв*`), as with drills and anniversaries.
//!
//! The verbs are those of urging and calling for, in the languages the topics are written in.
//! Verbs that also report an act of the speaker's own are not among them: "asks" and "pide"
//! (a court asks for a sentence), "requests" (a formal request is an act), "requires".
//! Workers who "demand" a wage while they strike have struck: the strike is named before the
//! demand, outside its reach.

use claimwatch_text::{lowercase, word_spans};

use crate::drill::StoryWords;
use crate::{ClaimView, Query};

/// Words an appeal reaches after itself.
pub(crate) const WINDOW: usize = 6;

/// Verbs of appeal (lowercase whole words) that reach the words after them.
const VERBS: &[&str] = &[
    // en
    "urge",
    "urges",
    "urged",
    "urging",
    // de
    "fordert",
    "fordern",
    "forderte",
    "forderten",
    "appelliert",
    "appellieren",
    "drängt",
    "drängen",
    "drängte",
    // fr
    "exhorte",
    "exhortent",
    "réclame",
    "réclament",
    // es, pt
    "insta",
    "instan",
    "instó",
    "reclama",
    "reclaman",
    "exige",
    "exigen",
    "exigió",
    "exigem",
    // it
    "esorta",
    "esortano",
    "sollecita",
    "sollecitano",
    "chiedono",
    // nl
    "eist",
    "eisen",
    "eiste",
    // ru
    "призвал",
    "призвала",
    "призвали",
    "призывает",
    "призывают",
    "потребовал",
    "потребовала",
    "потребовали",
    "требует",
    "требуют",
    // uk
    "закликав",
    "закликала",
    "закликали",
    "закликає",
    "закликають",
    "вимагає",
    "вимагають",
    "вимагав",
    "вимагали",
    "вимагала",
    // pl, cs
    "wezwał",
    "wezwała",
    "wezwali",
    "wzywa",
    "wzywają",
    "żąda",
    "żądają",
    "apeluje",
    "apelują",
    "vyzval",
    "vyzvala",
    "vyzvali",
    "vyzývá",
    "požaduje",
    "požadují",
    // id, ms
    "desak",
    "mendesak",
    "mendesakkan",
    "menuntut",
    "tuntut",
    // tr
    "çağrı",
    "çağrısı",
    // ro, hu, el
    "îndeamnă",
    "solicită",
    "sürgeti",
    "sürgetik",
    "követeli",
    "követelik",
    "καλεί",
    "καλούν",
    "ζητούν",
    // sw: "wametoa wito kwa serikali" (called on the government)
    "wito",
    // ar
    "دعا",
    "دعت",
    "يدعو",
    "تدعو",
    "طالب",
    "طالبت",
    "يطالب",
    "تطالب",
    "حث",
    "حثت",
    "يحث",
    "تحث",
];

/// Verbs that appeal only with the word after them: "calls for a ban", "called on Berlin to
/// expel", "appeals for calm", "warns against a shutdown", "warnt vor", "предупредил о",
/// "waonya dhidi ya", "roept op tot" (a call is also a phone call, "calls it a
/// mistake"; an appeal to a court is a legal act, so "appeal" alone is no appeal here, nor
/// does a topic that asks for `appeal*` ask for appeals of this kind).
const WITH_NEXT: &[(&str, &[&str])] = &[
    ("call", &["for", "on", "upon"]),
    ("calls", &["for", "on", "upon"]),
    ("called", &["for", "on", "upon"]),
    ("calling", &["for", "on", "upon"]),
    ("appeal", &["for"]),
    ("appeals", &["for"]),
    ("appealed", &["for"]),
    ("demand", &["that"]),
    ("demands", &["that"]),
    ("demanded", &["that"]),
    ("warn", &["against"]),
    ("warns", &["against"]),
    ("warned", &["against"]),
    ("warning", &["against"]),
    ("warnt", &["vor"]),
    ("warnen", &["vor"]),
    ("warnte", &["vor"]),
    ("warnten", &["vor"]),
    ("garde", &["contre"]),
    ("предупреждает", &["о", "об"]),
    ("предупредил", &["о", "об"]),
    ("предупредила", &["о", "об"]),
    ("предупредили", &["о", "об"]),
    ("попереджає", &["про"]),
    ("попередив", &["про"]),
    ("попередили", &["про"]),
    ("waonya", &["dhidi"]),
    ("aonya", &["dhidi"]),
    ("yaonya", &["dhidi"]),
    ("ameonya", &["dhidi"]),
    ("wameonya", &["dhidi"]),
    ("roept", &["op"]),
    ("riep", &["op"]),
    ("ruft", &["zu", "zum", "zur"]),
    ("riefen", &["zu", "zum", "zur"]),
    ("appelle", &["à", "au", "aux"]),
    // "pčelari upozoravaju na trovanje", "opozarjajo na", "varují před", "ostrzegają przed",
    // "предупреждават за"
    ("upozorava", &["na"]),
    ("upozoravaju", &["na"]),
    ("upozorio", &["na"]),
    ("upozorili", &["na"]),
    ("упозорава", &["на"]),
    ("упозоравају", &["на"]),
    ("упозорили", &["на"]),
    ("opozarja", &["na"]),
    ("opozarjajo", &["na"]),
    ("varuje", &["před"]),
    ("varují", &["před"]),
    ("ostrzega", &["przed"]),
    ("ostrzegają", &["przed"]),
    ("ostrzegł", &["przed"]),
    ("предупреждава", &["за"]),
    ("предупреждават", &["за"]),
    ("appellent", &["à", "au", "aux"]),
];

/// Words that start what an appeal reacts to, or its time: the appeal does not reach them
/// ("urges calm after a derailment", "fordert nach dem Unglück", "réclame après l'accident").
pub(crate) const STOPS: &[&str] = &[
    "after",
    "amid",
    "following",
    "as",
    "over",
    "since",
    "despite",
    "nach",
    "wegen",
    "après",
    "suite",
    "malgré",
    "tras",
    "después",
    "pese",
    "após",
    "dopo",
    "после",
    "після",
    "из-за",
    "через",
    "po",
    "setelah",
    "usai",
    "بعد",
];

/// Korean nouns of appeal that follow what they urge ("차단 촉구", "추방을 촉구했다").
const KO_AFTER: &[&str] = &["촉구"];

/// Whether a lowercase word is a verb of appeal on its own (see [`VERBS`]).
pub(crate) fn is_verb(w: &str) -> bool {
    VERBS.contains(&w)
}

/// Whether word `i` of the lowercase `words` is a verb of appeal reaching the words after it.
pub(crate) fn reaches_after(words: &[&str], i: usize) -> bool {
    let w = words[i];
    if w == "gọi" {
        return i > 0 && words[i - 1] == "kêu";
    }
    VERBS.contains(&w)
        || WITH_NEXT
            .iter()
            .any(|(v, next)| *v == w && words.get(i + 1).is_some_and(|n| next.contains(n)))
}

/// Whether a lowercase word is a Korean appeal that follows what it urges.
pub(crate) fn reaches_before(w: &str) -> bool {
    KO_AFTER.iter().any(|k| w.starts_with(k))
}

/// Whether the title (paragraph 0) of an article is an appeal or names a risk (a word of
/// `negation::HYPOTHETICAL`: "FAO warns of locust breeding risk", "Dam at risk of collapse").
pub(crate) fn title_tells_an_appeal_or_a_risk(statements: &[ClaimView<'_>]) -> bool {
    statements.iter().take_while(|s| s.paragraph == 0).any(|s| {
        let lower = lowercase(s.text);
        let words: Vec<&str> = word_spans(&lower).map(|r| &lower[r]).collect();
        (0..words.len()).any(|i| {
            reaches_after(&words, i)
                || reaches_before(words[i])
                || crate::negation::HYPOTHETICAL.contains(&words[i])
                || crate::negation::is_risk_after(words[i])
                || crate::negation::is_risk_compound(words[i])
        })
    })
}

const ASKED: StoryWords = StoryWords {
    words: VERBS,
    phrases: &["call for", "calls for", "called for", "kêu gọi", "촉구"],
};

/// Whether a query asks for appeal words itself (outside a NOT), which keeps appeals in.
pub(crate) fn asks_for_appeals(query: &Query) -> bool {
    ASKED.asked_by(query)
}

const RISKS: StoryWords = StoryWords {
    words: crate::negation::HYPOTHETICAL,
    phrases: &[],
};

/// Whether a query asks for risk words itself (outside a NOT: `risk*`, `Gefahr`), which keeps
/// titles about risks in.
pub(crate) fn asks_for_risks(query: &Query) -> bool {
    RISKS.asked_by(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reaches(s: &str) -> bool {
        let lower = lowercase(s);
        let words: Vec<&str> = word_spans(&lower).map(|r| &lower[r]).collect();
        (0..words.len()).any(|i| reaches_after(&words, i) || reaches_before(words[i]))
    }

    #[test]
    fn verbs_of_appeal() {
        assert!(reaches("MPs urge government to block the app"));
        assert!(reaches("Opposition calls for a ban on the app"));
        assert!(reaches("Депутаты призвали выслать дипломатов"));
        assert!(reaches("Anggota DPR desak pemerintah blokir aplikasi"));
        assert!(reaches("야당, 앱 차단 촉구"));
        assert!(reaches("Các nhà khoa học kêu gọi cấm ứng dụng"));
        assert!(reaches("Activists warn against an internet shutdown"));
        assert!(reaches("Wanaharakati waonya dhidi ya kuzimwa kwa intaneti"));
        assert!(!reaches("Activists warned of an internet shutdown"));
        // A phone call, a call that is made, a report: no appeal.
        assert!(!reaches("Minister calls it a mistake"));
        assert!(!reaches("The regulator called the company's office"));
        assert!(!reaches("Regulator fines the app maker"));
        assert!(!reaches("Bố gọi điện cho con"));
    }

    #[test]
    fn an_appeal_reaches_what_it_asks_for_and_stops_at_what_it_reacts_to() {
        use crate::negation::{without_negated, Mask};
        let mask = Mask {
            negations: true,
            anniversaries: true,
            appeals: true,
        };
        let read = |s: &str| without_negated(s, mask).unwrap_or_else(|| s.to_string());
        let t = read("Two MPs urged the ministry to block the app");
        assert!(!t.contains("block") && t.contains("urged"), "{t}");
        let t = read("Депутати закликали вислати російських дипломатів");
        assert!(!t.contains("дипломатів"), "{t}");
        // What the appeal reacts to happened.
        let t = read("The mayor urged calm after the derailment near Vetren");
        assert!(t.contains("derailment"), "{t}");
        // Off for a topic that asks for appeals.
        let off = Mask {
            appeals: false,
            ..mask
        };
        assert!(without_negated("MPs urge a ban on the app", off).is_none());
    }

    #[test]
    fn a_query_asking_for_appeals() {
        let asks = |q: &str| asks_for_appeals(&Query::parse(q, &crate::tests::resolver).unwrap());
        assert!(asks("sanction* (urge* OR \"calls for\")"));
        assert!(asks("sanction* призывают"));
        assert!(!asks("sanction* imposed"));
        assert!(!asks("sanction* -urge*"));
    }
}
