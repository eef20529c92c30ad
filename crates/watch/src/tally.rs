//! Tallies: an article whose title reports statistics over a period ("Reported boardings in
//! the strait fell in the first half", "Annual report: 1,098 workers died abroad last fiscal
//! year", "สถิติผู้ป่วย ... ย้อนหลัง 5 ปี") counts events that were reported, one by one, when
//! they happened. A topic does not fire on it unless its own query asks for tally words (a
//! topic that wants the figures names them: `statistics`, `Statistik`, `статистик*`), which is
//! how a user keeps reports of figures in.
//!
//! Only the title counts: an event story whose lede adds "the fifth this year, according to
//! statistics from ..." is still about the event. The words are those of statistics, of annual
//! or half-yearly reports and of fiscal years, not of a toll ("death toll rises to 12" is the
//! event's own count) nor words that also name one event's aftermath (French and German
//! "bilan", "Bilanz"), nor a report that lists events ("un rapport recense quatorze
//! transbordements": the transfers are the news), nor a half of a match ("in the first half").

use claimwatch_text::lowercase;

use crate::drill::StoryWords;
use crate::{ClaimView, Query};

/// Whole words (lowercase) of statistics and periodic reports.
const WORDS: &[&str] = &[
    // en
    "statistics",
    "half-year",
    "year-on-year",
    "survey",
    "census",
    // de, sv, da, nb, id, ms
    "statistik",
    "statistiken",
    "jahresbericht",
    "umfrage",
    "jahresbilanz",
    "halbjahresbilanz",
    "halbjahr",
    "halbjahres",
    "årsrapport",
    // fr
    "statistiques",
    "semestriel",
    // es, pt, it
    "estadística",
    "estadísticas",
    "estatística",
    "estatísticas",
    "statistiche",
    // ru, uk, bg, sr
    "статистика",
    "статистики",
    "статистику",
    "статистикой",
    "статистиката",
    "полугодие",
    "полугодии",
    "півріччя",
    "півріччі",
    // pl, cs, sk
    "statystyki",
    "statystyk",
    "statystyka",
    "statistika",
    "statistiky",
    "štatistika",
    "štatistiky",
    "štatistiku",
    "półroczu",
    "pololetí",
    // tr
    "istatistik",
    "istatistikleri",
    "istatistiklere",
    // fi, et
    "tilasto",
    "tilastot",
    "tilastojen",
    "vuosiraportti",
    "vuosikatsaus",
    "kuukausikatsaus",
    "statistika",
    // hu, ro
    "statisztika",
    "statisztikai",
    "statisztikák",
    "statistici",
    "statisticile",
    // nl
    "statistieken",
    "jaarverslag",
    // el
    "στατιστικά",
    "στατιστικές",
    "εξάμηνο",
    // ar, fa
    "إحصائية",
    "إحصائيات",
    "إحصاءات",
    "الإحصائيات",
    "الإحصاءات",
    "آمار",
];

/// Tallies written in several words, or inside runs of unspaced scripts: found anywhere in
/// the lowercase title.
const PHRASES: &[&str] = &[
    "annual report",
    "first half of",
    "fiscal year",
    "financial year",
    "rapport annuel",
    "bilan annuel",
    "balance anual",
    "balanç anual",
    "balanço anual",
    "bilancio annuale",
    "premier semestre",
    "informe anual",
    "primer semestre",
    "relatório anual",
    "primeiro semestre",
    "rapporto annuale",
    "primo semestre",
    "годовой отчет",
    "годовой отчёт",
    "первое полугодие",
    "первом полугодии",
    "raport roczny",
    "yıllık rapor",
    "yıllık bilanço",
    "yıllık veriler",
    "ilk yarısında",
    "жарым жылда",
    "биринчи жарымында",
    "жарты жылда",
    "бірінші жартысында",
    "yarim yilda",
    "birinchi yarmida",
    "éves jelentés",
    "výroční zpráva",
    "eerste helft",
    "första halvåret",
    "laporan tahunan",
    "ετήσια έκθεση",
    "التقرير السنوي",
    "النصف الأول",
    "báo cáo thường niên",
    "thống kê",
    "统计",
    "統計",
    "年度报告",
    "年度報告",
    "上半年",
    "上半期",
    "통계",
    "상반기",
    "สถิติ",
    "आंकड़े",
    "आँकड़े",
    "सांख्यिकी",
    "वार्षिक रिपोर्ट",
    "तथ्यांक",
    "तथ्याङ्क",
    "आर्थिक वर्ष",
    "वार्षिक प्रतिवेदन",
];

const STORY: StoryWords = StoryWords {
    words: WORDS,
    phrases: PHRASES,
};

/// Verbs of a change in a figure: "boardings rose in first half" is a tally where "scores
/// twice in the first half" is a match.
const CHANGES: &[&str] = &[
    "rose",
    "fell",
    "increased",
    "decreased",
    "doubled",
    "jumped",
    "dropped",
    "declined",
    "climbed",
    "surged",
    "halved",
];

/// Whether lowercase text tells of a tally.
fn tells_a_tally(lower: &str) -> bool {
    STORY.told_in(lower) || half_year_change(lower)
}

/// Whether a figure changed over a half-year: a verb of [`CHANGES`] before "in (the) first
/// half" or "in (the) second half".
fn half_year_change(lower: &str) -> bool {
    let words: Vec<&str> = claimwatch_text::word_spans(lower)
        .map(|r| &lower[r])
        .collect();
    (1..words.len()).any(|i| {
        let after = &words[i..];
        let half = |k: usize| {
            matches!(after.get(k), Some(&("first" | "second"))) && after.get(k + 1) == Some(&"half")
        };
        after[0] == "in"
            && (half(1) || (after.get(1) == Some(&"the") && half(2)))
            && CHANGES.contains(&words[i - 1])
    })
}

/// Whether the title (paragraph 0) of an article reports a tally.
pub(crate) fn reports_a_tally(statements: &[ClaimView<'_>]) -> bool {
    statements
        .iter()
        .take_while(|s| s.paragraph == 0)
        .any(|s| tells_a_tally(&lowercase(s.text)))
}

/// Whether a query asks for tally words itself (outside a NOT).
pub(crate) fn asks_for_tallies(query: &Query) -> bool {
    STORY.asked_by(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_words_in_a_title() {
        assert!(tells_a_tally(&lowercase(
            "La badia va tenir 60 dies de tancament el 2025, segons el balanç anual"
        )));
        assert!(tells_a_tally(&lowercase(
            "Bilan annuel : 41 noyades sur les plages du département"
        )));
        assert!(tells_a_tally(&lowercase(
            "Strait boardings fell in the first half of the year, centre says"
        )));
        assert!(tells_a_tally(&lowercase(
            "Statistik: Mehr Störungen im Luftraum gemeldet"
        )));
        assert!(tells_a_tally(
            "министерство опубликовало статистику отравлений"
        ));
        assert!(tells_a_tally("보건당국, 상반기 통계 발표"));
        assert!(tells_a_tally(&lowercase(
            "Štatistika: medvede vlani napadli na Slovensku 14 ľudí"
        )));
        assert!(tells_a_tally(
            "beekeepers lost one colony in five over winter, survey finds"
        ));
        assert!(tells_a_tally("गत आर्थिक वर्ष विदेशमा ४०० कामदारको मृत्यु"));
        assert!(tells_a_tally("bộ y tế công bố thống kê ngộ độc rượu"));
        // One event's own count, or an aftermath, is no tally.
        assert!(!tells_a_tally(
            "death toll rises to 12 after bootleg liquor"
        ));
        assert!(!tells_a_tally("le bilan s'alourdit à douze morts"));
        assert!(!tells_a_tally(
            "ship boarded in the strait, third this year"
        ));
        assert!(!tells_a_tally(
            "un rapport recense de nouveaux transbordements"
        ));
        assert!(!tells_a_tally("striker scores twice in the first half"));
        assert!(tells_a_tally(
            "ship boardings in singapore strait rose in first half, regional centre says"
        ));
        assert!(tells_a_tally("boardings fell in the second half"));
        assert!(tells_a_tally("boardings doubled in first half"));
    }

    #[test]
    fn a_query_asking_for_tallies() {
        let asks = |q: &str| asks_for_tallies(&Query::parse(q, &crate::tests::resolver).unwrap());
        assert!(asks("methanol (poison* OR statistics)"));
        assert!(asks("methanol (poison* OR статистик*)"));
        assert!(asks("methanol \"annual report\""));
        assert!(!asks("methanol poison*"));
        assert!(!asks("methanol -statistics"));
    }
}
