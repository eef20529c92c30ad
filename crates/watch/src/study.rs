//! Studies: a title that reports research ("Study finds two olive varieties have held out
//! against Xylella", "Une étude cartographie les immeubles fragiles de Taipei face aux séismes",
//! "Studie: Jeder fünfte Biathlet nutzt Asthmasprays", "مطالعه ماهواره‌ای: فرونشست زمین ...")
//! tells what researchers measured or modelled, over years or over a region, not an event that
//! has just happened, though it carries the event's words. A topic does not fire on such an
//! article unless its own query asks for study words (a topic that watches research names
//! them: `study`, `Studie`, `исследование`), which is how a user keeps studies in.
//!
//! Only the title counts: a story about a new event may cite a study further down. The words
//! are nouns of research and of those who do it, not of an inquiry into an event ("enquête",
//! "investigación", "Untersuchung" are also police or accident inquiries, which report the
//! event: see `verdict.rs` for an inquiry's findings), nor words that also name a ship or a
//! place ("survey vessel", "research station"): "survey" counts only as the subject of a
//! finding ("survey finds"). Han and kana titles are left out: 研究 also begins the name of an
//! institute that reports events ("地震研究所").

use claimwatch_text::lowercase;

use crate::drill::StoryWords;
use crate::{ClaimView, Query};

/// Whole words (lowercase) and phrases of a study.
const STORY: StoryWords = StoryWords {
    words: &[
        // en
        "study",
        "researchers",
        "scientists",
        // de, nl, sv, no, da
        "studie",
        "forscher",
        "wissenschaftler",
        "wetenschappers",
        "forskare",
        "forskere",
        // fr
        "étude",
        "chercheurs",
        "scientifiques",
        // es, pt, it
        "estudio",
        "científicos",
        "estudo",
        "pesquisadores",
        "cientistas",
        "ricercatori",
        "scienziati",
        // ru, uk
        "исследование",
        "исследования",
        "исследователи",
        "учёные",
        "ученые",
        "дослідження",
        "дослідники",
        "науковці",
        "вчені",
        // pl, cs, hu, ro, fi, el
        "naukowcy",
        "badacze",
        "vědci",
        "tanulmány",
        "kutatók",
        "studiu",
        "cercetătorii",
        "tutkimus",
        "tutkijat",
        "μελέτη",
        "ερευνητές",
        // tr, fa, ar
        "araştırma",
        "araştırmacılar",
        "مطالعه",
        "پژوهش",
        "پژوهشگران",
        "دانشمندان",
        "دراسة",
        "باحثون",
        // id, ms
        "studi",
        "penelitian",
        "peneliti",
        "kajian",
        // hi
        "अध्ययन",
        "शोधकर्ता",
    ],
    phrases: &[
        "survey finds",
        "survey shows",
        "annual survey",
        "uno studio",
        "bilim insanları",
        "nghiên cứu",
        "연구진",
        "연구팀",
        "연구 결과",
        "งานวิจัย",
        "นักวิจัย",
    ],
};

/// Whether the title of `statements` reports a study.
pub(crate) fn reports_a_study(statements: &[ClaimView<'_>]) -> bool {
    statements
        .first()
        .is_some_and(|t| t.paragraph == 0 && STORY.told_in(&lowercase(t.text)))
}

/// Whether a query asks for study words itself (outside a NOT).
pub(crate) fn asks_for_studies(query: &Query) -> bool {
    STORY.asked_by(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str) -> bool {
        reports_a_study(&[ClaimView {
            text,
            ..Default::default()
        }])
    }

    #[test]
    fn study_words_in_a_title() {
        assert!(title(
            "Study finds two olive varieties have held out against Xylella"
        ));
        assert!(title(
            "Une étude cartographie les immeubles fragiles de Taipei face aux séismes"
        ));
        assert!(title("Studie: Jeder fünfte Biathlet nutzt Asthmasprays"));
        assert!(title(
            "Beekeepers lost one colony in five, annual survey finds"
        ));
        assert!(title(
            "مطالعه ماهواره‌ای: فرونشست زمین در جنوب غرب تهران به ۲۵ سانتی‌متر رسید"
        ));
        assert!(title("Учёные оценили риск землетрясения в Иркутске"));
        // An inquiry into an event, a survey ship and a research station are not studies.
        assert!(!title("Investigadores buscan a los autores del ataque"));
        assert!(!title(
            "Chinese survey ship suspected of cutting Baltic cable"
        ));
        assert!(!title("Fire at Antarctic research station"));
        // Only the title counts.
        assert!(!reports_a_study(&[
            ClaimView {
                text: "Earthquake shakes Taipei",
                ..Default::default()
            },
            ClaimView {
                text: "A study last year mapped the city's fragile buildings.",
                paragraph: 1,
                ..Default::default()
            },
        ]));
    }

    #[test]
    fn a_query_asking_for_studies() {
        let asks = |q: &str| asks_for_studies(&Query::parse(q, &crate::tests::resolver).unwrap());
        assert!(asks("xylella (study OR outbreak*)"));
        assert!(asks("землетрясени* исследовани*"));
        assert!(!asks("xylella outbreak*"));
    }
}
