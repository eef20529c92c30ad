//! Attribution in Chinese and Japanese, which write no spaces: the word-based cue lists of the
//! other languages never see a verb inside a run of Han characters, so these sentences are read
//! here, on the characters.
//!
//! Chinese puts the speaker before a verb of saying at the head of its clause ("澜拓电池董事长
//! 欧阳振波周六在上海表示，…"; "据海关介绍，…"): the speaker is the clause's text before the
//! verb, cut where a time or place adjunct starts ("周六", "在上海"). Japanese closes the
//! sentence with the cue ("…と述べた", "…と発表した") and names the speaker first, marked by
//! the topic or subject particle ("欧陽振波会長は", "同社が"): the speaker is the phrase before
//! the first such particle that does not close an adverbial ("については", "では").

/// Chinese verbs of saying (simplified and traditional), longest first where one contains
/// another.
const ZH_CUES: &[&str] = &[
    "表示", "指出", "认为", "認為", "强调", "強調", "透露", "介绍", "介紹", "宣布", "坦言", "直言",
    "呼吁", "呼籲", "警告", "否认", "否認", "承认", "承認", "说道", "說道", "回应", "回應", "写道",
    "寫道", "声称", "聲稱", "告诉", "告訴", "报道", "報導", "报导", "预报", "預報", "称", "稱",
    "说", "說",
];

/// Characters before a cue that make it part of another word: 小说 (a novel), 据说 (reportedly),
/// 名称 (a name), 号称, 堪称, 简称, 传说, 听说.
const ZH_NOT_BEFORE: &[char] = &[
    '小', '据', '據', '名', '号', '號', '堪', '简', '簡', '传', '傳', '听', '聽', '俗', '总', '總',
];

/// Characters after a cue that make it another word: 称为 / 稱為 (called), 说明 (explains,
/// kept: a verb of saying too, but not at this position), 说服 (persuades).
const ZH_NOT_AFTER: &[char] = &['为', '為', '服', '法'];

/// Where a Chinese speaker phrase ends and an adjunct before the verb begins.
const ZH_ADJUNCTS: &[&str] = &[
    "在", "于", "於", "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周末", "星期",
    "日前", "近日", "今天", "昨天", "今日", "昨日", "此前", "当天", "當天", "上午", "下午", "晚间",
    "晚間", "向", "对", "對", "接受", "也", "还", "還", "则", "則", "同时", "同時",
];

/// Japanese sentence-final cues, after the quotative "と".
const JA_CUES: &[&str] = &[
    "と述べた",
    "と語った",
    "と話した",
    "と明らかにした",
    "と発表した",
    "と説明した",
    "と強調した",
    "と指摘した",
    "と答えた",
    "とコメントした",
    "と明かした",
    "と訴えた",
    "と述べている",
    "と話している",
    "と語っている",
    "との考えを示した",
    "との見方を示した",
    "との認識を示した",
];

/// Clause delimiters.
fn delim(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '：'
            | ':'
            | '；'
            | ';'
            | '「'
            | '」'
            | '『'
            | '』'
            | '“'
            | '”'
            | '"'
            | '（'
            | '）'
            | '('
            | ')'
            | '、'
            | '！'
            | '？'
            | '《'
            | '》'
    )
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn is_kana(c: char) -> bool {
    ('\u{3040}'..='\u{30ff}').contains(&c)
}

/// Whether the sentence is written in Chinese or Japanese (most of its letters Han or kana).
pub(crate) fn is_cjk(s: &str) -> bool {
    // Most sentences are ASCII, or have no lead byte of the three-byte UTF-8 characters where
    // kana and the common Han characters live (U+3000-U+9FFF: 0xE3-0xE9; curly quotes and
    // dashes lead with 0xE2).
    if s.is_ascii() || !s.bytes().any(|b| (0xE3..=0xE9).contains(&b)) {
        return false;
    }
    let (mut cjk, mut other) = (0usize, 0usize);
    for c in s.chars() {
        if is_han(c) || is_kana(c) {
            cjk += 1;
        } else if c.is_ascii_alphabetic() || (!c.is_ascii() && c.is_alphabetic()) {
            other += 1;
        }
    }
    cjk >= 4 && cjk > other
}

/// The speaker and cue of a Chinese or Japanese sentence, if it attributes.
pub(crate) fn attribution(s: &str) -> Option<(Option<String>, String)> {
    if s.chars().any(|c| ('\u{3040}'..='\u{309f}').contains(&c)) {
        japanese(s)
    } else {
        chinese(s)
    }
}

/// Chinese: the first verb of saying whose clause text before it names a speaker.
fn chinese(s: &str) -> Option<(Option<String>, String)> {
    let quoted = quoted_bytes(s);
    let mut first_cue: Option<String> = None;
    for (at, _) in s.char_indices() {
        if quoted.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let Some(cue) = ZH_CUES.iter().find(|c| s[at..].starts_with(**c)) else {
            continue;
        };
        let before = s[..at].chars().next_back();
        let after = s[at + cue.len()..].chars().next();
        if before.is_some_and(|c| ZH_NOT_BEFORE.contains(&c))
            || after.is_some_and(|c| ZH_NOT_AFTER.contains(&c))
        {
            continue;
        }
        first_cue.get_or_insert_with(|| cue.to_string());
        // "据 X 介绍": the speaker between "据" and the verb.
        let clause_start = s[..at]
            .rfind(delim)
            .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
        let clause = &s[clause_start..at];
        let clause = clause
            .strip_prefix('据')
            .or_else(|| clause.strip_prefix('據'))
            .unwrap_or(clause);
        let speaker = cut_adjuncts(clause);
        let n = speaker.chars().count();
        if (1..=30).contains(&n) && speaker.chars().all(|c| !c.is_whitespace() || c == ' ') {
            return Some((Some(speaker.to_string()), cue.to_string()));
        }
    }
    first_cue.map(|c| (None, c))
}

/// The speaker phrase without the adjunct that follows it ("欧阳振波周六在上海" → "欧阳振波").
fn cut_adjuncts(clause: &str) -> &str {
    let clause = clause.trim();
    let mut end = clause.len();
    for a in ZH_ADJUNCTS {
        // The adjunct must leave a speaker of two characters or more before it.
        let mut from = 0;
        while let Some(i) = clause[from..].find(a) {
            let i = from + i;
            if clause[..i].chars().count() >= 2 {
                end = end.min(i);
                break;
            }
            from = i + a.len();
        }
    }
    // A date written in digits ("１５日", "12月3日") starts an adjunct too.
    if let Some(i) = clause
        .char_indices()
        .find_map(|(i, c)| (c.is_numeric() && clause[..i].chars().count() >= 2).then_some(i))
    {
        end = end.min(i);
    }
    clause[..end].trim()
}

/// Byte ranges of the text inside quotation marks (a cue there is the quoted speaker's).
fn quoted_bytes(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in s.char_indices() {
        match (open, c) {
            (None, '「' | '『' | '“') => open = Some((i, c)),
            (Some((o, '「')), '」') | (Some((o, '『')), '』') | (Some((o, '“')), '”') => {
                out.push(o..i);
                open = None;
            }
            _ => {}
        }
    }
    if let Some((o, _)) = open {
        out.push(o..s.len());
    }
    out
}

/// Japanese: a sentence-final cue, and the phrase before the first topic or subject particle.
fn japanese(s: &str) -> Option<(Option<String>, String)> {
    let trimmed = s.trim_end_matches(|c: char| c == '。' || c.is_whitespace());
    let quoted = quoted_bytes(s);
    // "警察によると、…": the phrase before "によると" is the source.
    for marker in ["によると", "によれば"] {
        if let Some(i) = s
            .find(marker)
            .filter(|i| !quoted.iter().any(|r| r.contains(i)))
        {
            let start = s[..i]
                .rfind(delim)
                .map_or(0, |d| d + s[d..].chars().next().map_or(1, char::len_utf8));
            let phrase = s[start..i].trim();
            if (1..=25).contains(&phrase.chars().count()) {
                return Some((Some(phrase.to_string()), marker.to_string()));
            }
        }
    }
    let cue = JA_CUES.iter().find(|c| trimmed.ends_with(**c))?;
    let cue_word = cue
        .trim_start_matches("との")
        .trim_start_matches('と')
        .to_string();
    let speaker = s.char_indices().find_map(|(i, c)| {
        if !matches!(c, 'は' | 'が') || quoted.iter().any(|r| r.contains(&i)) {
            return None;
        }
        let prev = s[..i].chars().next_back()?;
        // "については", "では", "には", "とは", "からは", "でも": adverbials, not a subject.
        if matches!(
            prev,
            'て' | 'で' | 'に' | 'と' | 'ら' | 'へ' | 'も' | 'の' | 'は'
        ) || !(is_han(prev) || is_kana(prev) || prev.is_alphanumeric())
        {
            return None;
        }
        let start = s[..i]
            .rfind(delim)
            .map_or(0, |d| d + s[d..].chars().next().map_or(1, char::len_utf8));
        let phrase = s[start..i].trim();
        let n = phrase.chars().count();
        (2..=25).contains(&n).then(|| phrase.to_string())
    });
    Some((speaker, cue_word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(s: &str) -> Option<(Option<String>, String)> {
        attribution(s)
    }

    fn pair(speaker: Option<&str>, cue: &str) -> Option<(Option<String>, String)> {
        Some((speaker.map(str::to_string), cue.to_string()))
    }

    #[test]
    fn chinese_speaker_before_the_verb() {
        assert_eq!(
            sp("港务集团总经理林海涛周三在记者会上表示，码头将于下月恢复作业。"),
            pair(Some("港务集团总经理林海涛"), "表示")
        );
        assert_eq!(
            sp("据海关介绍，查获的货物共重三吨。"),
            pair(Some("海关"), "介绍")
        );
        assert_eq!(sp("林海涛说，“我们不会停工”。"), pair(Some("林海涛"), "说"));
        assert_eq!(
            sp("据当地电视台报道，码头已停工两天。"),
            pair(Some("当地电视台"), "报道")
        );
        // A novel, "reportedly", a name: no cue.
        assert_eq!(sp("这部小说讲述了港口工人的生活。"), None);
        assert_eq!(sp("该地区被称为“鱼米之乡”。"), None);
        // A verb of saying inside a quotation is the quoted speaker's.
        assert_eq!(
            sp("“他们表示会赔偿”，村民王芳告诉记者。"),
            pair(Some("村民王芳"), "告诉")
        );
    }

    #[test]
    fn japanese_speaker_marked_by_its_particle() {
        assert_eq!(
            sp("港湾局の佐藤健局長は３日、記者会見で「作業は来月再開する」と述べた。"),
            pair(Some("港湾局の佐藤健局長"), "述べた")
        );
        assert_eq!(
            sp("物流会社の北斗運輸、同社の田中社長が「値上げは避けられない」と語った。"),
            pair(Some("同社の田中社長"), "語った")
        );
        // An adverbial topic ("については") names no speaker.
        assert_eq!(
            sp("工場の建設については「需要次第だ」と答えた。"),
            pair(None, "答えた")
        );
        assert_eq!(
            sp("港湾局によると、作業は来月再開する。"),
            pair(Some("港湾局"), "によると")
        );
        // No cue at the end: no attribution.
        assert_eq!(sp("港湾局の佐藤健局長は３日、港を視察した。"), None);
    }

    #[test]
    fn the_sentence_attribution_reads_chinese_and_japanese_here() {
        // Through the entry point every statement goes through, not this module alone.
        let a =
            crate::attribution::find_attribution("海关总署发言人李明表示，查获的货物共重三吨。");
        assert_eq!(a.speaker.as_deref(), Some("海关总署发言人李明"));
        assert_eq!(a.cue.as_deref(), Some("表示"));
        let a = crate::attribution::find_attribution("港湾局の佐藤局長は「再開する」と述べた。");
        assert_eq!(a.speaker.as_deref(), Some("港湾局の佐藤局長"));
    }

    #[test]
    fn only_chinese_and_japanese_sentences() {
        assert!(is_cjk("港务集团总经理林海涛表示"));
        assert!(!is_cjk("The Nord Stream 港 pipeline was damaged."));
        assert!(!is_cjk("한국 배터리 업체"));
    }
}
