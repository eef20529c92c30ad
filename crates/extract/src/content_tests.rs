//! Main-text selection on small synthetic pages of the kinds that are not one body of prose:
//! threads, service pages, page-builder sections, collapsed answers, script-rendered pages.
//! Each page is made up for the test it serves.

use crate::html_article::extract_html;

fn text(html: &str) -> String {
    extract_html(html, "https://site.example/page", 1 << 20)
        .paragraphs
        .join("\n")
}

/// A made-up sentence that differs with `i`, long enough to count as prose.
fn sentence(topic: &str, i: usize) -> String {
    format!(
        "Note {i} about {topic}: the crew checked the valves, logged the readings, and \
         reported back before noon on day {i}."
    )
}

#[test]
fn every_post_of_a_thread_is_kept() {
    let post = |who: &str, body: &str| {
        format!(
            r#"<article class="message post"><div class="user">{who}</div>
            <div class="message-body"><p>{body}</p></div></article>"#
        )
    };
    let first = format!(
        "{} {} {}",
        sentence("pumps", 1),
        sentence("pumps", 2),
        sentence("pumps", 3)
    );
    let html = format!(
        r#"<html><body><div class="top"><a href="/">Board</a></div><h1>Leaking pump</h1>
        <div class="thread">{}{}{}</div></body></html>"#,
        post("ana", &first),
        post("ben", &sentence("seals", 4)),
        post("cai", &sentence("gaskets", 5)),
    );
    let t = text(&html);
    assert!(t.contains("Note 1 about pumps"), "{t}");
    assert!(t.contains("Note 4 about seals"), "{t}");
    assert!(t.contains("Note 5 about gaskets"), "{t}");
    assert!(!t.contains("Board"), "{t}");
}

#[test]
fn a_page_of_short_sections_is_widened_past_its_longest_section() {
    let short = |i: usize| {
        format!(
            r#"<div class="card"><div class="card-body"><p>Plan {i} covers two sites and
            weekend calls.</p></div></div>"#
        )
    };
    let html = format!(
        r#"<html><body><nav><a href="/a">About</a></nav><div class="page">
        <section class="intro"><h2>Repairs</h2><p>{}</p></section>
        <section class="plans">{}{}{}</section>
        <section class="team-grid">{}{}{}</section>
        <section class="contact-block">{}{}</section>
        </div></body></html>"#,
        sentence("repairs", 1),
        short(1),
        short(2),
        short(3),
        short(4),
        short(5),
        short(6),
        short(7),
        short(8),
    );
    let t = text(&html);
    assert!(t.contains("Note 1 about repairs"), "{t}");
    for i in 1..=8 {
        assert!(t.contains(&format!("Plan {i} covers")), "plan {i}: {t}");
    }
    assert!(!t.contains("About"), "{t}");
}

#[test]
fn classes_that_hide_on_some_screens_or_hide_overflow_do_not_drop_text() {
    let html = format!(
        r#"<html><body>
        <div class="relative overflow-hidden"><p>{}</p></div>
        <div class="overflow-hidden py-4"><p>{}</p></div>
        <div class="ssr-variant hidden-k3x9q"><p>{}</p></div>
        <div class="hidden md:block"><p>{}</p></div>
        <div class="hidden"><p>{}</p></div>
        </body></html>"#,
        sentence("overflow", 1),
        sentence("overflow", 2),
        sentence("variants", 3),
        sentence("breakpoints", 4),
        sentence("hidden menus", 5),
    );
    let t = text(&html);
    for topic in ["overflow", "variants", "breakpoints"] {
        assert!(t.contains(&format!("about {topic}")), "{topic}: {t}");
    }
    assert!(!t.contains("hidden menus"), "{t}");
}

#[test]
fn the_same_text_laid_out_for_each_screen_size_is_read_once() {
    // One article shipped in two layouts, each hidden on the other screen sizes; a layout
    // with text of its own (a note shown on phones only) is still read.
    let body = format!(
        "<h2>Costs</h2><p>{}</p><p>{}</p><p>{}</p><p>{}</p>",
        sentence("budgets", 1),
        sentence("framing", 2),
        sentence("roofing", 3),
        sentence("plumbing", 4)
    );
    let html = format!(
        r#"<html><body><main><h1>Remodel costs</h1>
        <div class="variant hidden-a1b2c">{body}</div>
        <div class="variant hidden-g5h6i">{body}</div>
        <div class="variant hidden-g5h6i"><p>{}</p></div>
        </main></body></html>"#,
        sentence("phones", 5),
    );
    let t = text(&html);
    for topic in ["budgets", "framing", "roofing", "plumbing"] {
        assert_eq!(
            t.matches(&format!("about {topic}")).count(),
            1,
            "{topic}: {t}"
        );
    }
    assert!(t.contains("about phones"), "{t}");
}

#[test]
fn a_short_label_hidden_on_some_screens_is_read_in_every_item() {
    let item = |i: usize| {
        format!(
            r#"<li class="card"><p>{}</p><span class="hidden-sm">Discounted price is</span>
            <span>${i}9.99</span></li>"#,
            sentence("offers", i)
        )
    };
    let html = format!(
        r#"<html><body><main><h1>Offers</h1><ul class="grid">{}{}{}</ul></main></body></html>"#,
        item(1),
        item(2),
        item(3),
    );
    let t = text(&html);
    assert_eq!(t.matches("Discounted price is").count(), 3, "{t}");
}

#[test]
fn sibling_inline_elements_with_nothing_between_them_are_separate_words() {
    let html = format!(
        r#"<html><body><main><h1>Films</h1><p>{}</p>
        <p>Showing tonight: <span class="item">2026</span><span class="item">1h 54m</span><span
        class="item">R</span>, after the shorts <a href="/a">Road Running</a><a href="/b">Road
        Racing</a><a href="/c">Trail</a> that the crew picked, logged and reported on.</p>
        <p><span class="dropcap">T</span>he <span class="run">child</span><span class="run">ren</span>
        came 3<sup>rd</sup> and <b>4</b><i>th</i>, with <b>well</b>-<i>known</i> friends.</p>
        </main></body></html>"#,
        sentence("films", 1),
    );
    let t = text(&html);
    assert!(t.contains("2026 1h 54m R,"), "{t}");
    assert!(t.contains("Road Running Road Racing Trail that"), "{t}");
    assert!(
        t.contains("The children came 3rd and 4th, with well-known friends."),
        "{t}"
    );
}

#[test]
fn a_capital_after_an_inline_title_starts_a_new_phrase() {
    let html = format!(
        r#"<html><body><main><h1>Services</h1><p>{}</p>
        <ul><li><b class="title">Industry competency</b>Our team has run plants like yours for
        years, and the crew logged every reading before noon on each visit.</li>
        <li><b>Fast</b>er answers, with <span class="cap">T</span>he crew on call, as logged.</li></ul>
        </main></body></html>"#,
        sentence("services", 1),
    );
    let t = text(&html);
    assert!(t.contains("Industry competency Our team"), "{t}");
    assert!(t.contains("Faster answers, with The crew"), "{t}");
}

#[test]
fn collapsed_answers_inside_the_main_text_are_kept_hidden_menus_are_not() {
    let html = format!(
        r#"<html><body><main><h1>Questions</h1><p>{}</p><p>{}</p>
        <div class="faq"><h3>How long does it take?</h3>
          <div style="display:none"><p>{}</p></div></div>
        <div hidden><ul><li><a href="/x">Shop</a></li><li><a href="/y">Cart</a></li>
          <li><a href="/z">Account settings</a></li></ul></div>
        </main></body></html>"#,
        sentence("intake", 1),
        sentence("intake", 2),
        sentence("waiting times", 3),
    );
    let t = text(&html);
    assert!(t.contains("about waiting times"), "{t}");
    assert!(!t.contains("Account settings"), "{t}");
}

#[test]
fn a_streamed_rendering_in_a_hidden_element_is_the_page() {
    let body: String = (1..=6)
        .map(|i| format!("<p>{}</p>", sentence("streams", i)))
        .collect();
    let html = format!(
        r#"<html><body><div id="root"><p>Loading</p></div><div hidden id="S:0">{body}</div>
        </body></html>"#
    );
    let t = text(&html);
    assert!(t.contains("Note 1 about streams"), "{t}");
    assert!(t.contains("Note 6 about streams"), "{t}");
}

#[test]
fn the_fallback_markup_of_a_script_rendered_page_is_read() {
    let body: String = (1..=20)
        .map(|i| format!("<p>{}</p>", sentence("fallbacks", i)))
        .collect();
    let html = format!(
        r#"<html><body><div id="app"></div><noscript><img src="/pixel.gif"></noscript>
        <noscript data-path="/t/1"><div class="wrap"><h1>Thread</h1>{body}</div></noscript>
        </body></html>"#
    );
    let t = text(&html);
    assert!(t.contains("Note 3 about fallbacks"), "{t}");
    assert!(t.contains("Note 20 about fallbacks"), "{t}");
}

#[test]
fn a_fallback_that_copies_the_rendered_text_is_not_read_twice() {
    let body: String = (1..=20)
        .map(|i| format!("<p>{}</p>", sentence("copies", i)))
        .collect();
    let html = format!(
        r#"<html><head><meta name="description" content="{}"></head><body><main>
        <article><h1>Story</h1><div class="rendered">{body}</div>
        <noscript><div class="wrap">{body}</div></noscript></article></main>
        </body></html>"#,
        sentence("copies", 1)
    );
    let t = text(&html);
    for i in [1, 10, 20] {
        let n = t.matches(&format!("Note {i} about copies")).count();
        assert_eq!(n, 1, "{i}: {t}");
    }
}

#[test]
fn a_class_that_every_text_block_of_the_page_has_is_not_boilerplate() {
    let block = |i: usize| {
        format!(
            r#"<div class="builder-element el-{i}"><div class="widget-container"><p>{}</p></div></div>"#,
            sentence("builders", i)
        )
    };
    let html = format!(
        r#"<html><body><div class="builder">{}{}{}{}{}</div>
        <div class="widget-recent"><p>{}</p></div></body></html>"#,
        block(1),
        block(2),
        block(3),
        block(4),
        block(5),
        sentence("sidebar widgets", 9),
    );
    let t = text(&html);
    for i in 1..=5 {
        assert!(t.contains(&format!("Note {i} about builders")), "{i}: {t}");
    }
    assert!(!t.contains("sidebar widgets"), "{t}");
}

#[test]
fn a_listing_whose_entries_are_links_is_kept() {
    let entry = |i: usize, title: &str| {
        format!(
            r#"<div class="col"><div class="tile"><a href="/e/{i}"><h3>{title}</h3></a>
            <span>Spring entry {i}</span></div></div>"#
        )
    };
    let titles = [
        "Folding chairs for small rooms",
        "Oak benches for garden paths",
        "Stacking stools in six colours",
        "Reading lamps with brass arms",
        "Wool rugs woven by hand in the valley",
        "Side tables made from pale ash",
    ];
    let grid: String = titles
        .iter()
        .enumerate()
        .map(|(i, t)| entry(i + 1, t))
        .collect();
    let html = format!(
        r#"<html><body><div class="top"><a href="/">Home</a> <a href="/cart">Cart</a></div>
        <div class="intro"><p>New this month.</p></div>
        <div class="grid"><div class="row-a">{grid}</div></div>
        <div class="legal"><p>Prices include tax where it applies.</p></div></body></html>"#
    );
    let t = text(&html);
    for title in titles {
        assert!(t.contains(title), "{title}: {t}");
    }
    assert!(!t.contains("Cart"), "{t}");
}

/// `n` paragraphs of made-up prose about `topic`, their words drawn from a small vocabulary
/// by a generator seeded with the topic, so that different topics share few pairs of words.
fn paragraphs(topic: &str, n: usize) -> String {
    const WORDS: &[&str] = &[
        "amber", "brisk", "cedar", "dune", "ember", "fjord", "glade", "heron", "inlet", "jetty",
        "kelp", "larch", "moss", "nettle", "ochre", "pebble", "quartz", "reed", "sorrel",
        "thistle", "umber", "vale", "willow", "yarrow", "zinc", "alder", "birch", "clover",
        "delta", "elm", "fern", "granite", "hazel", "iris", "juniper", "kestrel", "lichen",
        "marsh", "nutmeg", "oak",
    ];
    let mut state = topic.bytes().fold(0x9e37_79b9_u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    let mut word = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        WORDS[(state >> 33) as usize % WORDS.len()]
    };
    (1..=n)
        .map(|i| {
            let words: Vec<&str> = (0..16).map(|_| word()).collect();
            format!(
                "<p>Note {i} about {topic}: {}, {}.</p>",
                words[..8].join(" "),
                words[8..].join(" ")
            )
        })
        .collect()
}

#[test]
fn an_unclosed_aside_that_swallowed_the_page_is_not_chrome() {
    // The banner's `<aside>` is never closed: the parser puts the whole article inside it.
    let html = format!(
        r#"<html><body><aside class="banner"><p>Spring sale ends soon.</p>
        <main><article><h1>Harbour works</h1>{}</article></main>
        </body></html>"#,
        paragraphs("harbour works", 6)
    );
    let t = text(&html);
    assert!(t.contains("Note 1 about harbour works"), "{t}");
    assert!(t.contains("Note 6 about harbour works"), "{t}");
}

#[test]
fn an_accordion_marked_up_as_a_tab_list_keeps_its_panels() {
    let html = format!(
        r#"<html><body><main><h1>Episode 12</h1><p>{}</p>
        <div role="tablist"><div class="card"><h4><a href="/t">Transcript</a></h4>
        <div role="tabpanel" class="collapse">{}</div></div></div></main>
        <nav role="navigation"><a href="/">Home</a> <a href="/shows">Shows</a></nav>
        </body></html>"#,
        sentence("the episode", 1),
        paragraphs("the transcript", 8)
    );
    let t = text(&html);
    assert!(t.contains("Note 1 about the transcript"), "{t}");
    assert!(t.contains("Note 8 about the transcript"), "{t}");
    assert!(!t.contains("Shows"), "{t}");
}

#[test]
fn a_body_of_prose_under_a_boilerplate_class_name_is_kept() {
    // Sections of a page builder named "widget" or "jump-section": long paragraphs, no links.
    let html = format!(
        r#"<html><body><div class="page"><h1>Cloud storage</h1><div class="intro"><p>{}</p></div>
        <section class="jump-section" id="a">{}</section>
        <section class="jump-section" id="b">{}</section>
        <div class="text-widget">{}</div></div>
        <div class="widget-links"><ul><li><a href="/1">Pricing</a></li>
        <li><a href="/2">Contact sales</a></li></ul></div></body></html>"#,
        sentence("storage", 0),
        paragraphs("buckets", 6),
        paragraphs("backups", 6),
        paragraphs("archives", 6)
    );
    let t = text(&html);
    for topic in ["buckets", "backups", "archives"] {
        assert!(t.contains(&format!("Note 4 about {topic}")), "{topic}: {t}");
    }
    assert!(!t.contains("Contact sales"), "{t}");
}

#[test]
fn collapsed_sections_outside_the_main_container_are_kept_hidden_copies_are_not() {
    let lead = paragraphs("the guide", 6);
    // A hidden copy of the lead, its paragraphs joined into one.
    let copy = lead.replace("</p><p>", " ");
    let html = format!(
        r#"<html><body><div class="guide"><h1>Guide</h1><div class="lead">{}</div>
        <div class="accordion"><h3>Permits</h3><div id="p1" style="display:none">{}</div>
        <h3>Inspections</h3><div id="p2" style="display:none">{}</div></div></div>
        <div style="display:none" class="copy"><div>{}</div></div>
        <div class="is-hidden">{}</div></body></html>"#,
        lead,
        paragraphs("permits", 6),
        paragraphs("inspections", 6),
        copy,
        paragraphs("retired offers", 6)
    );
    let t = text(&html);
    assert!(t.contains("Note 4 about permits"), "{t}");
    assert!(t.contains("Note 4 about inspections"), "{t}");
    assert_eq!(t.matches("Note 1 about the guide").count(), 1, "{t}");
    assert!(!t.contains("retired offers"), "{t}");
}

#[test]
fn nested_bodies_of_prose_under_boilerplate_class_names_are_kept() {
    let html = format!(
        r#"<html><body><div class="plant"><h1>Fern care</h1><div class="plant-body"><p>{}</p></div>
        <div class="grid-widget w1"><div class="grid-widget-inner i1">{}</div></div>
        <div class="grid-widget w2"><div class="grid-widget-inner i2">{}</div></div>
        <div class="grid-widget w3"><div class="grid-widget-inner i3">{}</div></div></div>
        </body></html>"#,
        sentence("ferns", 0),
        paragraphs("watering", 6),
        paragraphs("repotting", 6),
        paragraphs("pests", 6)
    );
    let t = text(&html);
    assert!(t.contains("Note 6 about watering"), "{t}");
    assert!(t.contains("Note 6 about repotting"), "{t}");
    assert!(t.contains("Note 6 about pests"), "{t}");
}

#[test]
fn the_questions_of_an_faq_do_not_stand_for_a_page_of_sections() {
    // Six questions hold over 1,200 characters and 40 % of the page: read as one long text
    // they would be kept alone; as repeated items they are widened to the page's sections.
    let question = |i: usize| {
        format!(
            r#"<div class="faq-item"><h3>Question {i}?</h3><div class="answer">{}</div></div>"#,
            paragraphs(&format!("answer {i}"), 3)
        )
    };
    let faq: String = (1..=6).map(question).collect();
    let cards = |topic: &str| -> String {
        (1..=10)
            .map(|i| {
                format!(
                    r#"<div class="c{i} card"><div class="inner">{}</div></div>"#,
                    paragraphs(&format!("{topic} {i}"), 2)
                )
            })
            .collect()
    };
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav><div class="page">
        <section class="hero"><h1>Site surveys</h1>{}</section>
        <section class="faq"><h2>Questions</h2>{faq}</section></div>
        <footer><p>Call us on weekdays.</p></footer></body></html>"#,
        cards("surveys"),
    );
    let t = text(&html);
    assert!(t.contains("Note 1 about answer 1"), "{t}");
    assert!(t.contains("Note 1 about answer 6"), "{t}");
    assert!(t.contains("Note 2 about surveys 10"), "{t}");
}

#[test]
fn a_category_page_of_links_is_kept() {
    // A list of page names with next to no other text: link text is 90 % of the region.
    let items: String = (1..=30)
        .map(|i| format!(r#"<li><a href="/wiki/{i}">Harbour crane, model number {i}</a></li>"#))
        .collect();
    let html = format!(
        r#"<html><body><div class="head"><a href="/">Wiki</a></div>
        <div class="body-content"><h1>Category: Cranes</h1>
        <p>Pages in this category, by name.</p><div class="group"><ul>{items}</ul></div></div>
        </body></html>"#
    );
    let t = text(&html);
    assert!(t.contains("Harbour crane, model number 1"), "{t}");
    assert!(t.contains("Harbour crane, model number 30"), "{t}");
}

#[test]
fn a_thread_whose_posts_are_named_comments_is_kept() {
    let post = |i: usize| {
        format!(
            r#"<div class="comment c{i}"><div class="who">user{i}</div>
            <div class="comment-text">{}</div></div>"#,
            paragraphs(&format!("reply {i}"), 2)
        )
    };
    // No one post holds most of the page, and they sit in a neutral wrapper.
    let posts: String = (1..=5).map(post).collect();
    let html = format!(
        r#"<html><body><div class="top"><a href="/">Forum</a></div><h1>Which glue for oak?</h1>
        <div class="thread">{posts}</div></body></html>"#
    );
    let t = text(&html);
    for i in 1..=5 {
        assert!(t.contains(&format!("Note 2 about reply {i}")), "{i}: {t}");
    }
}

#[test]
fn the_comments_under_an_article_stay_out() {
    let comment = |i: usize| {
        format!(
            r#"<li class="comment c{i}"><div class="comment-text">{}</div></li>"#,
            paragraphs(&format!("reader {i}"), 2)
        )
    };
    let comments: String = (1..=8).map(comment).collect();
    let html = format!(
        r#"<html><body><article><h1>Bridge reopens</h1>{}</article>
        <ul class="comment-list">{comments}</ul></body></html>"#,
        paragraphs("the bridge", 12)
    );
    let t = text(&html);
    assert!(t.contains("Note 12 about the bridge"), "{t}");
    assert!(!t.contains("about reader"), "{t}");
}

#[test]
fn a_grid_whose_entries_are_all_links_is_kept() {
    let items: String = (1..=24)
        .map(|i| {
            format!(
                r#"<div class="cell"><a href="/p/{i}"><span>Trail shoe, style number {i}</span>
                <span>Price {i}9.00</span></a></div>"#
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Shop</a> <a href="/men">Men</a></nav>
        <div class="results"><div class="hint"><p>Free returns on orders this month.</p></div>
        <div class="grid">{items}</div></div></body></html>"#
    );
    let t = text(&html);
    assert!(t.contains("Trail shoe, style number 1"), "{t}");
    assert!(t.contains("Trail shoe, style number 24"), "{t}");
    assert!(!t.contains("Men"), "{t}");
}

#[test]
fn a_short_introduction_over_a_grid_of_linked_cards_keeps_the_cards() {
    // A page of recipes: a paragraph introduces the category, then sections of cards, each
    // card one link around its title and its rating. Most of the text is links, but the
    // introduction is a fair part of it: the page is still a listing, not the introduction.
    let cards = |from: usize| -> String {
        (from..from + 6)
            .map(|i| {
                format!(
                    r#"<article class="card"><a href="/r/{i}"><div><span>{i} reviews</span></div>
                    <h3>Crisp roasted dish number {i} with herbs</h3></a></article>"#
                )
            })
            .collect()
    };
    let intro = format!("{} {}", sentence("ovens", 1), sentence("ovens", 2));
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/recipes">Recipes</a></nav>
        <section><div class="intro"><h1>Oven Recipes</h1><p>{}</p></div></section>
        <section><h2>Top rated oven recipes</h2><div class="row">{}</div></section>
        <section><h2>Quick oven dinners</h2><div class="row">{}</div></section>
        </body></html>"#,
        intro,
        cards(1),
        cards(7),
    );
    let t = text(&html);
    expect(
        &t,
        &[
            "Note 1 about ovens",
            "Crisp roasted dish number 1 with herbs",
            "Crisp roasted dish number 12 with herbs",
        ],
        &["Recipes\n"],
    );
}

#[test]
fn the_short_linked_names_of_cards_are_kept_where_the_card_says_more() {
    // A shop's grid: each card links its name (a short heading) and shows its size and price
    // below, and the page has next to no prose. The names are what the grid lists, however short. A run of short linked
    // headings with nothing of their own under them is a list of names, not entries.
    let items: String = (1..=12)
        .map(|i| {
            format!(
                r#"<li class="product"><a href="/p/{i}"><h2>Mug {i}</h2></a>
                <p>{i}00 ml: $1{i}.95</p></li>"#
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Shop</a> <a href="/mugs">Mugs</a></nav>
        <div class="shop"><ul class="products">{items}</ul>
        <div class="brands"><h3><a href="/b/1">Kiln Co</a></h3><h3><a href="/b/2">Potter</a></h3>
        <h3><a href="/b/3">Glaze</a></h3></div></div></body></html>"#
    );
    let t = text(&html);
    expect(
        &t,
        &["Mug 1\n", "Mug 12\n", "1200 ml: $112.95"],
        &["Kiln Co", "Potter"],
    );
}

/// Asserts that `t` holds each of `kept` and none of `dropped`.
fn expect(t: &str, kept: &[&str], dropped: &[&str]) {
    for k in kept {
        assert!(t.contains(k), "{k} missing: {t}");
    }
    for d in dropped {
        assert!(!t.contains(d), "{d} kept: {t}");
    }
}

#[test]
fn an_article_element_below_a_post_in_plain_divs_does_not_narrow_the_page() {
    // The post is written in divs; the only `<article>` is a block of questions below it, and
    // the page's headline stands outside that block.
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav><main>
        <h1>Costs of rebuilding a harbour wall</h1>
        <div class="post-body">{}</div>
        <div class="questions"><h2>Questions</h2><article class="faq">{}</article></div>
        </main></body></html>"#,
        paragraphs("harbour walls", 8),
        paragraphs("common questions", 3),
    );
    let t = text(&html);
    expect(
        &t,
        &["Note 1 about harbour walls", "Note 8 about harbour walls"],
        &["Home"],
    );
}

#[test]
fn the_one_article_element_still_narrows_a_page_of_teasers() {
    // The page's headline is inside its one article: the prose around it is not the page.
    let html = format!(
        r#"<html><body><div class="teasers">{}</div>
        <article><h1>A new ferry line</h1>{}</article>
        <div class="more">{}</div></body></html>"#,
        paragraphs("other stories", 3),
        paragraphs("the ferry", 4),
        paragraphs("more stories", 3),
    );
    let t = text(&html);
    expect(
        &t,
        &["Note 4 about the ferry"],
        &["about other stories", "about more stories"],
    );
}

#[test]
fn a_table_a_quote_or_a_listing_framed_by_a_figure_is_text() {
    // Block editors wrap each table in a `<figure>`, page builders put pull quotes and
    // testimonials in `<figure><blockquote>`, and books number their code listings as
    // figures; a photo's figure stays out.
    let rows: String = (1..=6)
        .map(|i| format!("<tr><td>Pier {i}</td><td>{} tonnes</td></tr>", 40 + i))
        .collect();
    let html = format!(
        r#"<html><body><article><h1>Loads on the piers</h1>{}
        <figure class="wp-block-table"><table><tbody>{rows}</tbody></table></figure>
        <figure class="quote-block"><blockquote><p>The new fenders cut our repair bill by
        half within the first season, and the crew stopped dreading the spring survey.</p>
        </blockquote></figure>
        <figure class="listing"><pre><code>pier.set_limit(42);
pier.open();</code></pre></figure>
        <figure><img src="pier.jpg"><figcaption>Pier 3 at low tide</figcaption></figure>
        {}</article></body></html>"#,
        paragraphs("pier loads", 3),
        paragraphs("the survey", 3),
    );
    let t = text(&html);
    expect(
        &t,
        &[
            "Pier 5",
            "46 tonnes",
            "cut our repair bill by half",
            "pier.set_limit(42);",
            "Note 3 about the survey",
        ],
        &["low tide"],
    );
}

/// `n` short list lines about `topic` (item cards of a service page: too short to join the
/// main text as paragraphs).
fn short_items(topic: &str, n: usize) -> String {
    (1..=n)
        .map(|i| format!("<li>Item {i} of {topic}, booked online within a day.</li>"))
        .collect()
}

#[test]
fn a_section_with_somewhat_over_half_of_the_page_is_widened_by_more_sections() {
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav><div class="page">
        <section class="intro"><h2>Roof repairs</h2>{}</section>
        <section class="offers"><h2>What we fix</h2><ul>{}</ul></section>
        <section class="areas"><h2>Where we work</h2><ul>{}</ul></section>
        </div></body></html>"#,
        paragraphs("roof repairs", 6),
        short_items("gutters", 5),
        short_items("districts", 5),
    );
    let t = text(&html);
    expect(
        &t,
        &[
            "Note 6 about roof repairs",
            "Item 5 of gutters",
            "Item 5 of districts",
        ],
        &[],
    );
}

#[test]
fn a_short_text_is_not_widened_by_its_headline_and_standfirst_alone() {
    let html = format!(
        r#"<html><body><div class="story"><div class="head"><h1>Ferries return</h1>
        <h2>Three lines reopen after the storm, with fewer crossings than last spring and
        new timetables for the island routes.</h2>
        <span>By A. Writer</span></div>
        <div class="snippet"><p>{}</p><p>{}</p></div></div></body></html>"#,
        sentence("ferries", 1),
        sentence("ferries", 2),
    );
    let t = text(&html);
    expect(&t, &["Note 2 about ferries"], &["fewer crossings"]);
}

#[test]
fn a_titled_summary_card_does_not_narrow_a_page_whose_steps_are_another_article() {
    // The headline and a short introduction sit in one `<article>` (a summary card), the
    // steps in another with more prose.
    let html = format!(
        r#"<html><body><nav><a href="/">Recipes</a></nav>
        <article class="card"><h1>Slow rye loaf</h1>{}</article>
        <article class="steps"><h2>Steps</h2>{}</article></body></html>"#,
        paragraphs("the loaf", 4),
        paragraphs("the steps", 10),
    );
    let t = text(&html);
    expect(
        &t,
        &["Note 1 about the steps", "Note 8 about the steps"],
        &[],
    );
}

#[test]
fn a_page_widened_to_a_grid_of_linked_entries_keeps_them() {
    // Half of the widened region's text is the names of the entries, which are links.
    let cards: String = (1..=8)
        .map(|i| {
            format!(
                r#"<li><a href="/s/{i}">Service number {i}: inspection of harbour cranes and hoists</a>
                <span>Booked within two days, region {i}.</span></li>"#
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a><a href="/c">Contact</a></nav>
        <div class="page"><section class="intro">{}</section>
        <section class="grid"><ul>{cards}</ul></section></div></body></html>"#,
        paragraphs("our cranes", 2),
    );
    let t = text(&html);
    expect(
        &t,
        &[
            "Note 2 about our cranes",
            "Booked within two days, region 8",
        ],
        &[],
    );
}

/// A section of a page builder: its own class names (as builders number each element), one
/// of them a word that elsewhere marks page furniture.
fn named_section(word: &str, i: usize, topic: &str) -> String {
    format!(
        r#"<div class="block-{i} block-{word} anim-{i}7"><h2>Part {i}</h2><p>{}</p></div>"#,
        sentence(topic, i)
    )
}

#[test]
fn a_page_built_from_blocks_named_as_furniture_keeps_them() {
    // Every section is called a "widget", a "carousel" or a "gallery" by the builder, each
    // under a class of its own, and each too short to read as a body of prose alone:
    // together they are the page, and the one section without such a name is a line.
    let sections: String = (1..=5)
        .map(|i| {
            let word = ["carousel", "widget", "gallery"][i % 3];
            named_section(word, i, "dock repairs")
        })
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/jobs">Jobs</a></nav>
        <div class="page"><div class="hero"><h1>Dock repairs</h1><p>Open every day.</p></div>
        {sections}</div><div class="menu-footer"><p>{}</p></div></body></html>"#,
        sentence("opening hours", 9),
    );
    let t = text(&html);
    let kept: Vec<String> = (1..=5)
        .map(|i| format!("Note {i} about dock repairs"))
        .collect();
    let kept: Vec<&str> = kept.iter().map(String::as_str).collect();
    expect(&t, &kept, &["Jobs", "opening hours"]);
}

#[test]
fn teasers_beside_an_article_stay_out() {
    // The same names on a page whose kept text is a body of prose: they are furniture.
    let teasers: String = (1..=3)
        .map(|i| named_section("teaser", i, "other stories"))
        .collect();
    let html = format!(
        r#"<html><body><main><h1>Harbour wall rebuilt</h1>
        <div class="post-body">{}</div>{teasers}</main></body></html>"#,
        paragraphs("harbour walls", 6),
    );
    let t = text(&html);
    expect(
        &t,
        &["Note 1 about harbour walls", "Note 6 about harbour walls"],
        &["other stories"],
    );
}

#[test]
fn a_long_section_inside_main_is_widened_to_the_rest_of_main() {
    // The longest section holds under half of the page: beside it, inside `<main>`, are the
    // page's other sections; outside it, a block of links to other pages.
    let html = format!(
        r#"<html><body><div class="top"><a href="/">Home</a></div><main>
        <div class="hero"><h1>Boat insurance</h1><p>{}</p></div>
        <div class="details"><h2>What is covered</h2>{}</div>
        <div class="steps"><h2>How to claim</h2><ul>{}</ul></div>
        <div class="prices"><h2>Prices</h2><ul>{}</ul></div></main>
        <div class="others"><p>{}</p><p>{}</p><p>{}</p></div></body></html>"#,
        sentence("boat cover", 1),
        paragraphs("covered damage", 12),
        short_items("claim steps", 6),
        short_items("price bands", 6),
        sentence("other cover", 2),
        sentence("other cover", 3),
        sentence("other cover", 4),
    );
    let t = text(&html);
    expect(
        &t,
        &[
            "Note 1 about boat cover",
            "Note 8 about covered damage",
            "Item 6 of claim steps",
            "Item 6 of price bands",
        ],
        &["other cover"],
    );
}

#[test]
fn a_long_text_outside_main_is_not_widened_by_teasers() {
    // Without `<main>`, a long text that holds a good part of the page stays as it is.
    let teasers: String = (1..=30)
        .map(|i| format!(r#"<div class="card"><p>Blurb {i} of other posts, in brief.</p></div>"#))
        .collect();
    let html = format!(
        r#"<html><body><div class="wrap"><div class="post"><h1>Dry docks</h1>{}</div>
        <div class="cards">{teasers}</div></div></body></html>"#,
        paragraphs("dry docks", 12),
    );
    let t = text(&html);
    expect(&t, &["Note 8 about dry docks"], &["other posts"]);
}

/// `html` wrapped in `depth` plain `<div>`s, as generated markup nests its blocks.
fn nested(html: &str, depth: usize) -> String {
    format!("{}{html}{}", "<div>".repeat(depth), "</div>".repeat(depth))
}

#[test]
fn a_deeply_nested_block_is_widened_to_the_page_it_stands_in() {
    // Generated markup: the one paragraph sits sixteen wrappers deep; the rest of the page is
    // lists of short lines.
    let lines = |what: &str| -> String {
        (1..=10)
            .map(|i| format!("<li>{what} {i}, 20 t</li>"))
            .collect()
    };
    let html = format!(
        r#"<html><body><div class="site"><div class="hero"><h1>Crane hire</h1>
        <p>Open on weekdays.</p></div><div class="offer">{}</div>
        <div class="fleet"><ul>{}</ul></div><div class="terms"><ul>{}</ul></div></div>
        </body></html>"#,
        nested(
            &format!(
                "<p>{} {} {}</p>",
                sentence("lifting", 1),
                sentence("lifting", 2),
                sentence("lifting", 3)
            ),
            16
        ),
        lines("Crane model"),
        lines("Hire term"),
    );
    let t = text(&html);
    expect(
        &t,
        &["Note 3 about lifting", "Crane model 10", "Hire term 10"],
        &[],
    );
}

#[test]
fn a_page_whose_text_is_mostly_link_names_is_widened() {
    // Between two parts of the page stands a directory of linked names: most of the page's
    // characters are link text, though it has prose of its own in both parts.
    let directory: String = (1..=40)
        .map(|i| format!(r#"<a href="/d/{i}">Boatyard directory entry {i:02}</a> "#))
        .collect();
    let notes: String = (1..=8)
        .map(|i| format!("<li>Slipway note {i}: cradles are checked each spring.</li>"))
        .collect();
    let html = format!(
        r#"<html><body><div class="page"><div class="intro"><p>{} {} {}</p></div>
        <div class="directory">{directory}</div><div class="notes"><ul>{notes}</ul></div>
        </div></body></html>"#,
        sentence("slipways", 1),
        sentence("slipways", 2),
        sentence("slipways", 3),
    );
    let t = text(&html);
    expect(&t, &["Note 3 about slipways", "Slipway note 8"], &[]);
}

#[test]
fn the_linked_titles_of_a_listing_of_posts_are_kept() {
    // Each entry is a linked title over a blurb of prose: the page reads as prose, but the
    // titles are what the listing lists.
    let entries: String = (1..=6)
        .map(|i| {
            format!(
                r#"<div class="entry"><h3><a href="/p/{i}">Pier lighting project, stage {i}</a></h3>
                <p>{}</p></div>"#,
                sentence("pier lights", i)
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav><div class="list"><h1>Latest posts</h1>
        {entries}</div><div class="links"><ul><li><a href="/a">About the harbour</a></li>
        <li><a href="/c">Contact the office</a></li></ul></div></body></html>"#
    );
    let t = text(&html);
    expect(
        &t,
        &[
            "Pier lighting project, stage 1",
            "Pier lighting project, stage 6",
            "Note 6 about pier lights",
        ],
        &["About the harbour"],
    );
}

#[test]
fn one_body_of_prose_under_a_strong_boilerplate_name_is_the_page() {
    // An issue of a newsletter, published as a page: its body is named for the newsletter
    // and holds most, though not nearly all, of the page's prose.
    let html = format!(
        r#"<html><body><div class="top"><p>{}</p><p>{}</p></div>
        <section class="issue-newsletter"><h1>Tide tables, issue 4</h1>
        <div class="newsletter-body">{}</div></section>
        <div class="about"><p>{}</p><p>{}</p></div></body></html>"#,
        sentence("the yard", 1),
        sentence("the yard", 2),
        paragraphs("tide tables", 6),
        sentence("the club", 3),
        sentence("the club", 4),
    );
    let t = text(&html);
    expect(
        &t,
        &["Note 1 about tide tables", "Note 6 about tide tables"],
        &[],
    );
}

#[test]
fn a_long_comment_thread_under_an_article_stays_out() {
    // The comments hold over half of the page's prose, but they are many posts of a kind.
    let comments: String = (1..=14)
        .map(|i| {
            format!(
                r#"<div class="note-item"><p>{}</p></div>"#,
                sentence("readers' views", i)
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><div class="post"><h1>Lock gates replaced</h1>{}</div>
        <div class="comments-area">{comments}</div></body></html>"#,
        paragraphs("lock gates", 10),
    );
    let t = text(&html);
    expect(&t, &["Note 10 about lock gates"], &["readers' views"]);
}

#[test]
fn a_page_streamed_in_hidden_pieces_is_read_once() {
    // The shell shows a line; the text arrives in several hidden pieces, none of them most of
    // the page, and one piece is shipped twice. A hidden menu is a list of links.
    let piece = |i: usize| {
        format!(
            r#"<div hidden id="part-{i}"><h2>Step {i}</h2>{}</div>"#,
            paragraphs(&format!("mooring step {i}"), 1)
        )
    };
    let html = format!(
        r#"<html><body><div class="shell"><p>Loading the guide.</p></div>
        <div hidden class="drawer"><a href="/a">Moorings</a> <a href="/b">Berths for rent</a></div>
        {}{}{}{}{}</body></html>"#,
        piece(1),
        piece(2),
        piece(3),
        piece(4),
        piece(2),
    );
    let t = text(&html);
    expect(
        &t,
        &["Note 1 about mooring step 1", "Note 1 about mooring step 4"],
        &["Berths for rent"],
    );
    assert_eq!(t.matches("about mooring step 2").count(), 1, "{t}");
}

#[test]
fn the_summaries_of_a_listing_named_teasers_are_kept() {
    // A listing of episodes: each entry has a linked title, a summary in a "teaser" paragraph
    // and a line of play controls. The summaries are the entries' text, though the page
    // holds more other text than summaries (so naming alone does not decide).
    let entry = |i: usize| {
        format!(
            r#"<article class="item"><div class="item-info"><h2 class="title"><a href="/ep/{i}">
            Episode {i} of the harbour series</a></h2>
            <p class="teaser">Day {i}: the divers mapped the old breakwater and counted the
            crabs living under stone number {i}.</p></div>
            <div class="item-tools"><p>Listen for {i} minutes, or read the whole transcript of
            the episode, with notes on the tides and the weather of that week.</p></div>
            </article>"#
        )
    };
    let list: String = (1..=8).map(entry).collect();
    let html = format!(
        r#"<html><body><header><a href="/">Radio</a></header>
        <main><h1>Harbour stories</h1><section class="list">{list}</section></main>
        </body></html>"#
    );
    let t = text(&html);
    expect(
        &t,
        &[
            "crabs living under stone number 3",
            "Episode 5 of the harbour series",
        ],
        &[],
    );
}

/// A card of a service page under a class that reads as page furniture ("banner") but not
/// as a name of presentation: a heading and one short description.
fn banner_card(i: usize, topic: &str) -> String {
    format!(
        r#"<div class="offer banner-card"><h3>Offer {i}</h3><p>{}</p></div>"#,
        sentence(topic, i)
    )
}

#[test]
fn cards_of_one_kind_under_a_weak_name_that_hold_much_of_the_page_are_kept() {
    // Three cards named "banner-card", each too short to read as a body of prose, hold more
    // of the page's reading text than its intro: they are the page. A lone caption of the
    // same page is one of its kind and stays out.
    let cards: String = (1..=3).map(|i| banner_card(i, "boat storage")).collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/yard">Yard</a></nav>
        <div class="page"><h1>Winter storage</h1><div class="intro"><p>{}</p><p>{}</p></div>
        <p class="photo-caption">{}</p>{cards}</div></body></html>"#,
        sentence("the yard", 7),
        sentence("the yard", 8),
        sentence("a photo of the yard", 9),
    );
    let t = text(&html);
    expect(
        &t,
        &[
            "Note 7 about the yard",
            "Note 1 about boat storage",
            "Note 2 about boat storage",
            "Note 3 about boat storage",
        ],
        &["Yard", "a photo of the yard"],
    );

    // Inside a long article, two such cards hold little of the page: furniture.
    let cards: String = (1..=2).map(|i| banner_card(i, "boat storage")).collect();
    let html = format!(
        r#"<html><body><div class="page"><h1>Winter storage</h1>
        <div class="story">{}{cards}</div></div></body></html>"#,
        paragraphs("the yard", 12),
    );
    let t = text(&html);
    expect(&t, &["Note 12 about the yard"], &["boat storage"]);

    // The same caption under every photo of a short story: copies of one text count once.
    let photo = |i: usize| {
        format!(
            r#"<p>{}</p><div class="photo-meta">{}</div>"#,
            sentence("the yard", i),
            sentence("the slipway at dusk", 0)
        )
    };
    let html = format!(
        r#"<html><body><div class="page"><h1>Winter storage</h1>
        <div class="story">{}{}{}{}</div></div></body></html>"#,
        photo(1),
        photo(2),
        photo(3),
        photo(4),
    );
    let t = text(&html);
    expect(&t, &["Note 4 about the yard"], &["the slipway at dusk"]);
}

/// A page around `main`: a menu ("Guides") above it, a footer ("Terms of use") below.
fn with_chrome(main: &str) -> String {
    format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/guides">Guides</a></nav>
        {main}<footer><a href="/terms">Terms of use</a></footer></body></html>"#
    )
}

#[test]
fn a_section_of_linked_titles_over_paragraphs_under_a_weak_name_is_kept() {
    // A guide's sections under a "jumplinks" class: each titled by a link to the page that
    // tells more, over a paragraph of its own. The titles are headings, not a list of links.
    let steps: String = (1..=5)
        .map(|i| {
            format!(
                r#"<h3>Step {i}: <a href="/guide/step-{i}">Valve care part {i}</a></h3><p>{}</p>"#,
                sentence("valves", i)
            )
        })
        .collect();
    let html = with_chrome(&format!(
        r#"<div class="layout"><div class="copy">{}</div>
        <section class="jumplinks-section"><h2>In this guide</h2>{steps}</section></div>"#,
        paragraphs("the guide", 8)
    ));
    let t = text(&html);
    expect(
        &t,
        &[
            "Note 8 about the guide",
            "Note 1 about valves",
            "Note 5 about valves",
        ],
        &["Terms of use", "Guides"],
    );
}

#[test]
fn the_text_before_repeated_blocks_stays_with_them() {
    // A page builder gives each block of text one class; the opening paragraphs sit in a
    // wrapper of their own, above the blocks.
    let block = |topic: &str| {
        format!(
            r#"<div class="rich-text"><div class="inner">{}</div></div>"#,
            paragraphs(topic, 3)
        )
    };
    let html = with_chrome(&format!(
        r#"<div class="page"><div class="opening"><div class="lead">{}</div></div>
        <div class="blocks">{}{}{}</div></div>"#,
        paragraphs("the opening", 2),
        block("costs"),
        block("returns"),
        block("taxes")
    ));
    let t = text(&html);
    expect(
        &t,
        &[
            "Note 1 about the opening",
            "Note 2 about the opening",
            "Note 1 about costs",
            "Note 3 about taxes",
        ],
        &["Terms of use", "Guides"],
    );
}

#[test]
fn a_listing_of_linked_cards_under_a_name_of_presentation_is_kept() {
    // Every entry of a chart is a card named for how it is shown ("video"), its title and
    // maker links: the page has next to no prose, and the cards are its text.
    let cards: String = (1..=8)
        .map(|i| {
            format!(
                r#"<div class="tile-video-wrapper"><span>#{i}</span>
                <a href="/item/{i}">Field guide to coastal birds, volume {i}</a>
                <a href="/maker/{i}">Maker number {i}</a><span>Hardcover</span></div>"#
            )
        })
        .collect();
    let html = with_chrome(&format!(
        r#"<div class="chart"><h1>Best sellers in field guides</h1><p>{}</p>{cards}</div>"#,
        sentence("the chart", 1)
    ));
    let t = text(&html);
    expect(
        &t,
        &[
            "Field guide to coastal birds, volume 1",
            "Field guide to coastal birds, volume 8",
        ],
        &["Terms of use", "Guides"],
    );
}

#[test]
fn a_carousel_of_teaser_cards_with_linked_titles_stays_out() {
    // Built like a guide's linked sections, but card by card: teasers of other posts.
    let cards: String = (1..=5)
        .map(|i| {
            format!(
                r#"<div class="slide"><h3><a href="/blog/{i}">Another post, part {i}</a></h3>
                <p>{}</p></div>"#,
                sentence("other posts", i)
            )
        })
        .collect();
    let html = format!(
        r#"<html><body><div class="page"><div class="post"><h1>Desk care</h1>{}</div>
        <div class="blog-carousel"><h2>Blog</h2>{cards}</div></div></body></html>"#,
        paragraphs("desk care", 9)
    );
    let t = text(&html);
    expect(
        &t,
        &["Note 1 about desk care", "Note 6 about desk care"],
        &["about other posts"],
    );
}

/// A post of a thread: a wrapper of one kind, the text inside `body_attrs`.
fn thread_post(who: &str, body_attrs: &str, text: &str) -> String {
    format!(
        r#"<div class="postbody"><div class="poster">{who}</div>
        <div class="bubble"><div class="content" {body_attrs}><p>{text}</p></div></div></div>"#
    )
}

#[test]
fn a_first_post_marked_as_the_article_body_does_not_hide_the_replies() {
    let long = |topic: &str, from: usize| {
        (from..from + 3)
            .map(|i| sentence(topic, i))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let html = with_chrome(&format!(
        r#"<h1>Cloudy water in the tank</h1><div class="posts">{}{}{}{}</div>"#,
        thread_post("ana", r#"itemprop="articleBody""#, &long("filters", 1)),
        thread_post("ben", r#"itemprop="text""#, &long("gravel", 10)),
        thread_post("cai", r#"itemprop="text""#, &long("lighting", 20)),
        thread_post("dee", r#"itemprop="text""#, &long("feeding", 30)),
    ));
    let t = text(&html);
    for topic in ["filters", "gravel", "lighting", "feeding"] {
        assert!(t.contains(&format!("about {topic}")), "{topic}: {t}");
    }
    assert!(!t.contains("Terms of use"), "{t}");
}

#[test]
fn an_article_body_among_short_blocks_of_its_kind_stays_the_scope() {
    // The article body sits in a wrapper whose class the page gives to its short notices
    // too: they hold less prose than the article, which stays the main text alone.
    let notice = |i: usize| {
        format!(
            r#"<div class="postbody"><p>Notice {i}: the office closes early on {i} May for stocktaking.</p></div>"#
        )
    };
    let html = with_chrome(&format!(
        r#"<div class="posts">{}{}{}</div>"#,
        thread_post(
            "ana",
            r#"itemprop="articleBody""#,
            &(1..=6)
                .map(|i| sentence("valves", i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        notice(1),
        notice(2),
    ));
    let t = text(&html);
    assert!(t.contains("Note 6 about valves"), "{t}");
    assert!(!t.contains("Notice 1"), "{t}");
}

#[test]
fn the_descriptions_of_cards_that_are_one_link_each_are_kept_on_a_widened_page() {
    // An intro, two lists of short facts and a grid of cards, each card one link around its
    // name and description: no block holds most of the page, which is widened to all of them.
    let fact = |i: usize| format!("<li>Fact {i}: surveys run on weekdays from the yard.</li>");
    let card = |i: usize| {
        format!(
            r#"<a class="tile" href="/service/{i}"><h3>Service {i}</h3>
            <p>Service {i} sends a surveyor to measure the walls and writes up every crack.</p></a>"#
        )
    };
    let html = with_chrome(&format!(
        r#"<div class="page"><div class="top"><div class="intro"><p>The yard surveys walls,
        roofs and drains, and reports within a week.</p></div></div>
        <div class="left"><ul class="facts">{}</ul></div>
        <div class="right"><ul class="hours">{}</ul></div>
        <div class="tiles">{}</div></div>"#,
        (1..=3).map(fact).collect::<String>(),
        (4..=6).map(fact).collect::<String>(),
        (1..=3).map(card).collect::<String>(),
    ));
    let t = text(&html);
    assert!(t.contains("The yard surveys walls"), "{t}");
    assert!(t.contains("Fact 1: surveys"), "{t}");
    assert!(t.contains("Fact 6: surveys"), "{t}");
    for i in 1..=3 {
        assert!(
            t.contains(&format!("Service {i} sends a surveyor")),
            "card {i}: {t}"
        );
    }
    assert!(!t.contains("Terms of use"), "{t}");
}

#[test]
fn a_paragraph_inside_a_link_stays_link_text_in_one_body_of_prose() {
    // Not widened: the article is one text, and a teaser card inside it (a paragraph in a
    // link) stays a link to another page.
    let body = (1..=8)
        .map(|i| format!("<p>{}</p>", sentence("dredging", i)))
        .collect::<String>();
    let html = with_chrome(&format!(
        r#"<article><h1>Dredging the harbour</h1>{body}
        <a class="tile" href="/other"><p>Another story about the old lighthouse keeper.</p></a></article>"#
    ));
    let t = text(&html);
    assert!(t.contains("Note 8 about dredging"), "{t}");
    assert!(!t.contains("lighthouse keeper"), "{t}");
}

#[test]
fn a_class_that_hides_only_the_bullets_of_a_list_keeps_the_list() {
    let list = |class: &str, from: usize| {
        format!(
            r#"<ul class="{class}"><li>{}</li><li>{}</li></ul>"#,
            sentence("kilns", from),
            sentence("kilns", from + 1)
        )
    };
    let html = with_chrome(&format!(
        r#"<article><h1>Firing schedule</h1>{}{}<p>{}</p></article>"#,
        (1..=4)
            .map(|i| format!("<p>{}</p>", sentence("glazes", i)))
            .collect::<String>(),
        list("hideBullet", 1),
        sentence("glazes", 5),
    ));
    let t = text(&html);
    assert!(t.contains("Note 1 about kilns"), "{t}");
    assert!(t.contains("Note 2 about kilns"), "{t}");
    // A class that hides the list itself still does.
    let hidden = html.replace("hideBullet", "hidden");
    let t = text(&hidden);
    assert!(t.contains("Note 5 about glazes"), "{t}");
    assert!(!t.contains("about kilns"), "{t}");
}

#[test]
fn the_closed_panels_of_an_accordion_are_kept_and_a_hidden_menu_is_not() {
    let panel = |i: usize, open: bool| {
        let hidden = if open { "false" } else { "true" };
        format!(
            r#"<li class="fold"><h3><button>Question {i}</button></h3>
            <div class="fold-panel" aria-hidden="{hidden}"><p>{}</p></div></li>"#,
            sentence("permits", i)
        )
    };
    let html = with_chrome(&format!(
        r#"<div class="offcanvas" aria-hidden="true"><ul><li><a href="/a">Permits and
        licences</a></li><li><a href="/b">Opening hours of the office</a></li></ul></div>
        <main><h1>Building permits</h1><p>{}</p><ul class="folds">{}{}{}{}</ul></main>"#,
        sentence("forms", 1),
        panel(1, true),
        panel(2, false),
        panel(3, false),
        panel(4, false),
    ));
    let t = text(&html);
    for i in 1..=4 {
        assert!(
            t.contains(&format!("Note {i} about permits")),
            "panel {i}: {t}"
        );
    }
    assert!(!t.contains("Opening hours"), "{t}");
}

#[test]
fn the_cards_of_a_grid_named_by_links_are_kept_under_a_weak_name() {
    // A page of product cards, each a linked name and a price, whose class names them
    // "signup-eligible": one line of prose above them, the cards are the page.
    let card = |i: usize| {
        format!(
            r#"<div class="card signup-eligible"><a href="/p/{i}"><h3>Stoneware mixing bowl
            number {i}</h3></a><span>Price {i}.50</span></div>"#
        )
    };
    let html = with_chrome(&format!(
        r#"<main><h1>Bowls</h1><p>{}</p><div class="grid">{}</div></main>"#,
        sentence("bowls", 1),
        (1..=6).map(card).collect::<String>()
    ));
    let t = text(&html);
    for i in 1..=6 {
        assert!(
            t.contains(&format!("Stoneware mixing bowl number {i}")),
            "card {i}: {t}"
        );
    }
    assert!(!t.contains("Terms of use"), "{t}");
}

/// A product page: a description, a spec list and visitors' reviews, with or without the
/// schema.org `Product` declaration.
fn product_page(declared: bool) -> String {
    let ld = if declared {
        r#"<script type="application/ld+json">{"@context":"https://schema.org",
        "@type":"Product","name":"Trail kettle"}</script>"#
    } else {
        ""
    };
    let review = |i: usize| {
        format!(
            r#"<li class="review"><span class="who">buyer{i}</span><p>{} {}</p></li>"#,
            sentence("boiling", i),
            sentence("handles", i)
        )
    };
    format!(
        r#"<html><head>{ld}</head><body><nav><a href="/">Shop</a></nav><main>
        <h1>Trail kettle</h1><div class="description">{}</div>
        <section class="product-reviews"><h2>Reviews</h2><ul>{}</ul></section>
        </main></body></html>"#,
        (1..=10)
            .map(|i| format!("<p>{}</p>", sentence("kettles", i)))
            .collect::<String>(),
        (1..=4).map(review).collect::<String>()
    )
}

#[test]
fn on_a_product_page_the_visitors_reviews_are_comments() {
    let t = text(&product_page(true));
    assert!(t.contains("Note 10 about kettles"), "{t}");
    assert!(!t.contains("about boiling"), "{t}");
    // Without the declaration "reviews" is no name of page furniture.
    let t = text(&product_page(false));
    assert!(t.contains("Note 3 about boiling"), "{t}");
}

#[test]
fn text_hidden_from_assistive_technology_beside_the_article_is_not_scored() {
    // A copy of the story's source kept hidden beside it (a markdown rendering for an
    // editor) holds under half of the page's prose: it is neither scored nor merged.
    let html = with_chrome(&format!(
        r#"<div class="story"><h1>Harbour works</h1>{}</div>
        <div class="source" aria-hidden="true"><p>{}</p></div>"#,
        (1..=6)
            .map(|i| format!("<p>{}</p>", sentence("cranes", i)))
            .collect::<String>(),
        (1..=5)
            .map(|i| sentence("markdown", i))
            .collect::<Vec<_>>()
            .join(" "),
    ));
    let t = text(&html);
    assert!(t.contains("Note 6 about cranes"), "{t}");
    assert!(!t.contains("about markdown"), "{t}");
}

#[test]
fn panels_hidden_by_class_inside_the_main_text_are_kept_unless_repeated() {
    // An FAQ inside the article whose closed answers carry a class that hides them until a
    // script opens them. A hidden preview that copies the lead, and one hidden message under
    // every answer, are not more text.
    let answer = |i: usize| {
        format!(
            r#"<div class="faq-item"><h3>Question {i}</h3>
            <div class="faq-answer hidden"><p>Answer {i}: permits for a shed of size {i} need
            a drawing, a fee paid at the town hall, and a neighbour's signature.</p></div>
            <div class="faq-error hidden"><p>Something went wrong while loading this answer,
            please try again.</p></div></div>"#
        )
    };
    let html = with_chrome(&format!(
        r#"<div class="story"><h1>Building permits</h1><p>{}</p><p>{}</p>
        <div class="preview hidden"><p>{}</p></div>{}</div>"#,
        sentence("lead", 1),
        sentence("lead", 2),
        sentence("lead", 1),
        (3..=6).map(answer).collect::<String>(),
    ));
    let t = text(&html);
    for i in 3..=6 {
        assert!(t.contains(&format!("Answer {i}: permits")), "{i}: {t}");
    }
    assert_eq!(t.matches("Note 1 about lead").count(), 1, "{t}");
    assert!(!t.contains("Something went wrong"), "{t}");
}

#[test]
fn replies_marked_up_as_articles_outweigh_the_question_marked_up_as_the_body() {
    // A thread whose question carries the article body markup, inside an article of one
    // class, and whose replies are articles of another class holding far more prose.
    let reply = |i: usize| {
        format!(
            r#"<article class="reply"><div class="who">user{i}</div>
            <div class="content"><p>{}</p></div></article>"#,
            sentence(&format!("reply {i}"), i),
        )
    };
    let html = with_chrome(&format!(
        r#"<div class="main"><article class="topic"><h1>Pump keeps tripping</h1>
        <div class="content" itemprop="articleBody"><p>{} {} {}</p></div></article>
        <section id="replies">{}</section></div>"#,
        sentence("question", 1),
        sentence("question", 2),
        sentence("question", 3),
        (1..=8).map(reply).collect::<String>(),
    ));
    let t = text(&html);
    assert!(t.contains("Note 1 about question"), "{t}");
    for i in 1..=8 {
        assert!(t.contains(&format!("about reply {i}")), "reply {i}: {t}");
    }
    assert!(!t.contains("Terms of use"), "{t}");
}

#[test]
fn an_opening_paragraph_in_its_own_wrapper_before_the_body_is_kept() {
    let body: String = (1..=20)
        .map(|i| format!("<p>{}</p>", sentence("boilers", i)))
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav><article><h1>Boiler season</h1>
        <div class="standfirst"><p>Every autumn the plant room wakes up after a quiet summer,
        and this is how the crew of four gets the old boilers ready for the first cold
        week.</p></div>
        <div class="body">{body}</div>
        <div class="signup"><p>Our weekly letter goes out on Fridays to everyone who asks for
        it.</p></div></article></body></html>"#
    );
    let t = text(&html);
    assert!(t.contains("Every autumn the plant room wakes up"), "{t}");
    assert!(t.contains("Note 20 about boilers"), "{t}");
    assert!(!t.contains("Our weekly letter"), "{t}");
}

#[test]
fn a_box_about_the_writer_stays_out_however_it_is_named() {
    let body: String = (1..=8)
        .map(|i| format!("<p>{}</p>", sentence("kilns", i)))
        .collect();
    let bio = |attrs: &str| {
        format!(
            r#"<div {attrs}><p>Mara Quist has written about pottery and the people who fire it
            for twenty years, and she teaches glazing at a college in the hills on weekends.</p>
            <p>Before that she ran a small studio by the harbour, where she learned most of what
            she knows about clay, heat and patience from her neighbours.</p></div>"#
        )
    };
    for attrs in [
        r#"class="post-author""#,
        r#"class="entry__author-bio""#,
        r#"class="author-box""#,
        r#"itemprop="author" itemscope"#,
    ] {
        let html = format!(
            r#"<html><body><article><h1>Firing day</h1><div class="post-content">{body}
            {}</div></article></body></html>"#,
            bio(attrs)
        );
        let t = text(&html);
        assert!(t.contains("Note 8 about kilns"), "{attrs}: {t}");
        assert!(!t.contains("Mara Quist"), "{attrs}: {t}");
    }
}

#[test]
fn an_opening_in_several_short_paragraphs_above_the_body_is_kept() {
    let body: String = (1..=20)
        .map(|i| format!("<p>{}</p>", sentence("ferries", i)))
        .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a></nav><article><h1>Winter timetable</h1>
        <p>The island boats change their hours twice a year, and the winter change is always
        the hardest one by far.</p>
        <p>Here is what the crews of the two old ferries did to get through the first cold week
        of it all together.</p>
        <div class="body">{body}</div></article></body></html>"#
    );
    let t = text(&html);
    assert!(t.contains("The island boats change their hours"), "{t}");
    assert!(t.contains("Here is what the crews"), "{t}");
    assert!(t.contains("Note 20 about ferries"), "{t}");
}

#[test]
fn a_short_block_of_another_kind_after_the_article_stays_out() {
    let paras = |topic: &str, n: usize| -> String {
        (1..=n)
            .map(|i| format!("<p>{}</p>", sentence(topic, i)))
            .collect()
    };
    let html = format!(
        r#"<html><body><div class="page"><h1>Dry dock</h1>
        <div class="story-body">{}</div>
        <div class="story-body">{}</div>
        <div class="closing">{}</div></div></body></html>"#,
        paras("hulls", 20),
        paras("rudders", 4),
        paras("our yard", 3),
    );
    let t = text(&html);
    assert!(t.contains("Note 20 about hulls"), "{t}");
    assert!(t.contains("Note 4 about rudders"), "{t}");
    assert!(!t.contains("about our yard"), "{t}");
}

#[test]
fn the_comments_of_a_code_listing_are_kept() {
    let body: String = (1..=6)
        .map(|i| format!("<p>{}</p>", sentence("backups", i)))
        .collect();
    let html = format!(
        r#"<html><body><article><h1>Nightly backups</h1>{body}
        <pre><code class="language-sh"><span class="hljs-comment"># copy the volume before the rotation</span>
rsync -a /srv/data /mnt/backup
<span class="token comment"># then prune the copies older than a week</span>
find /mnt/backup -mtime +7 -delete</code></pre>
        <p>{}</p></article>
        <div class="comments"><p>Great post, thanks for writing this up for all of us!</p></div>
        </body></html>"#,
        sentence("restores", 7)
    );
    let t = text(&html);
    assert!(t.contains("# copy the volume before the rotation"), "{t}");
    assert!(
        t.contains("# then prune the copies older than a week"),
        "{t}"
    );
    assert!(t.contains("rsync -a"), "{t}");
    assert!(!t.contains("Great post"), "{t}");
}

#[test]
fn a_section_heading_wrapped_as_a_widget_is_kept() {
    let section = |i: usize, title: &str| {
        format!(
            r#"<div class="builder-widget"><h3>{title}</h3></div>
            <div class="builder-text"><p>{}</p><p>{}</p></div>"#,
            sentence("sluices", i * 2),
            sentence("sluices", i * 2 + 1)
        )
    };
    let html = format!(
        r#"<html><body><div class="sidebar-widget"><h3><a href="/tags">Tags</a></h3></div>
        <main><h1>Canal works</h1>{}{}{}</main></body></html>"#,
        section(1, "Draining the upper pound"),
        section(2, "Replacing the gates"),
        section(3, "Refilling slowly")
    );
    let t = text(&html);
    assert!(t.contains("Draining the upper pound"), "{t}");
    assert!(t.contains("Replacing the gates"), "{t}");
    assert!(t.contains("Note 7 about sluices"), "{t}");
    assert!(!t.contains("Tags"), "{t}");
}

#[test]
fn a_call_to_action_inside_the_article_stays_out() {
    let paras = |from: usize, to: usize| -> String {
        (from..=to)
            .map(|i| format!("<p>{}</p>", sentence("orchards", i)))
            .collect()
    };
    for attrs in [
        r#"class="CallToActionBox_component""#,
        r#"class="call-to-action""#,
        r#"class="inline-cta""#,
    ] {
        let html = format!(
            r#"<html><body><article><h1>Pruning season</h1>{}
            <section {attrs}><p>Plan your whole orchard with our planner, free for fourteen days,
            and see every tree, every cut and every harvest in one calm place.</p></section>
            {}</article></body></html>"#,
            paras(1, 5),
            paras(6, 10)
        );
        let t = text(&html);
        assert!(t.contains("Note 10 about orchards"), "{attrs}: {t}");
        assert!(!t.contains("Plan your whole orchard"), "{attrs}: {t}");
    }
}

#[test]
fn the_questions_of_an_accordion_on_buttons_are_kept_and_other_buttons_are_not() {
    // Questions on buttons over their answers: a button in a heading that says what it
    // controls, one that says so and asks, one in a heading that asks. A button with one of
    // those signs only (a toggle, a prompt) and a menu button stay out.
    let faq = format!(
        r#"<h3><button aria-expanded="false" aria-controls="a1">Opening hours of the depot</button></h3>
        <div id="a1"><p>{}</p></div>
        <div class="q"><button type="button" aria-expanded="true">Can I bring my own sacks?</button>
        <div><p>{}</p></div></div>
        <h3><button type="button">Is parking free for visitors?</button></h3><div><p>{}</p></div>
        <div><button aria-expanded="false">Toggle the unit chart</button></div>
        <div><button>Is this page useful?</button></div>
        <h3><button aria-haspopup="true" aria-expanded="false">Choose a region</button></h3>"#,
        sentence("depots", 1),
        sentence("sacks", 2),
        sentence("parking", 3)
    );
    let html = with_chrome(&format!(
        "<main><h1>Recycling depot</h1><p>{}</p><p>{}</p>{faq}</main>",
        sentence("depots", 4),
        sentence("depots", 5)
    ));
    let t = text(&html);
    assert!(t.contains("Opening hours of the depot"), "{t}");
    assert!(t.contains("Can I bring my own sacks?"), "{t}");
    assert!(t.contains("Is parking free for visitors?"), "{t}");
    assert!(t.contains("Note 3 about parking"), "{t}");
    assert!(!t.contains("Toggle the unit chart"), "{t}");
    assert!(!t.contains("Is this page useful"), "{t}");
    assert!(!t.contains("Choose a region"), "{t}");
}

#[test]
fn short_list_items_with_a_link_in_them_are_text() {
    // A packing list in an article: each item names a thing and links part of it to a
    // guide. Under half of each item is link text: the items are the article's, not a menu.
    let items: String = [
        ("Groundsheet", "for the tent floor"),
        ("Bear spray", "for grizzly country"),
        ("Power bank", "and two charging cords"),
        ("Rain pants", "for wet trips only"),
    ]
    .iter()
    .map(|(thing, rest)| format!(r#"<li><a href="/gear/{thing}">{thing}</a> {rest}</li>"#))
    .collect();
    let html = with_chrome(&format!(
        "<article><h1>Packing for a week</h1><p>{}</p><ul>{items}</ul><p>{}</p></article>",
        sentence("packing", 1),
        sentence("packing", 2)
    ));
    let t = text(&html);
    assert!(t.contains("Bear spray for grizzly country"), "{t}");
    assert!(t.contains("Rain pants for wet trips only"), "{t}");
    assert!(!t.contains("Terms of use"), "{t}");
}

#[test]
fn a_list_of_linked_entries_between_paragraphs_is_text_and_a_list_of_bare_links_is_not() {
    // A reference page: its members are links with a word or two of their own, between the
    // paragraphs. A "read also" list of bare links in the middle, and one at the end, stay out.
    let members: String = ["binaryType", "bufferedAmount", "readyState"]
        .iter()
        .map(|m| format!(r#"<li><a href="/api/socket/{m}">Socket.{m}</a> read only</li>"#))
        .collect();
    let bare = |from: usize| -> String {
        (from..from + 3)
            .map(|i| format!(r#"<li><a href="/story/{i}">Another story number {i}</a></li>"#))
            .collect()
    };
    let para = |i: usize| format!("<p>{} {}</p>", sentence("sockets", i), sentence("ports", i));
    let html = with_chrome(&format!(
        "<main><h1>Socket</h1>{}<ul>{members}</ul>{}<ul>{}</ul>{}<ul>{}</ul></main>",
        para(1),
        para(2),
        bare(1),
        para(3),
        bare(7)
    ));
    let t = text(&html);
    assert!(t.contains("Socket.bufferedAmount read only"), "{t}");
    assert!(!t.contains("Another story number 2"), "{t}");
    assert!(!t.contains("Another story number 8"), "{t}");
    assert!(t.contains("Note 3 about sockets"), "{t}");
}

#[test]
fn the_title_of_a_table_of_contents_and_a_like_button_are_furniture() {
    let html = with_chrome(&format!(
        r##"<article><h1>Winter pruning</h1><p>{}</p><div class="toc-box"><p>Table of Contents</p>
        <ul><li><a href="#a">When to prune</a></li><li><a href="#b">Which tools</a></li></ul></div>
        <p>{}</p><p>{}</p><h3>Like this:</h3><div>Like Loading...</div></article>"##,
        sentence("pruning", 1),
        sentence("pruning", 2),
        sentence("pruning", 3)
    ));
    let t = text(&html);
    assert!(t.contains("Note 3 about pruning"), "{t}");
    assert!(!t.contains("Table of Contents"), "{t}");
    assert!(!t.contains("Like this"), "{t}");
    assert!(!t.contains("Like Loading"), "{t}");
}

#[test]
fn on_a_page_of_linked_entries_a_short_name_over_text_of_its_own_is_kept() {
    // A listing of short linked names, each over a line of its own (an age); a "Shop now"
    // link under every entry is a control, said again and again, and stays out.
    let entry = |i: usize| {
        format!(
            r#"<tr><td><a href="/item/{i}">Kiln {i}</a></td></tr><tr><td>{i} days ago</td></tr>
            <tr><td><a href="/buy/{i}">Shop now</a></td></tr>"#
        )
    };
    let html = with_chrome(&format!(
        r#"<main><h1>Kilns</h1><table>{}</table></main>"#,
        (1..=8).map(entry).collect::<String>()
    ));
    let t = text(&html);
    for i in 1..=8 {
        assert!(t.contains(&format!("Kiln {i}\n")), "entry {i}: {t}");
        assert!(t.contains(&format!("{i} days ago")), "entry {i}: {t}");
    }
    assert!(!t.contains("Shop now"), "{t}");
}

#[test]
fn the_title_of_a_list_of_other_pages_and_a_feedback_prompt_are_furniture() {
    let html = with_chrome(&format!(
        r#"<article><h1>Descaling a kettle</h1><p>{}</p><p>{}</p><h3>Was this page helpful?</h3>
        <h3>You may also like</h3><ul><li><a href="/a">Cleaning a teapot</a></li>
        <li><a href="/b">Caring for a percolator</a></li></ul></article>"#,
        sentence("kettles", 1),
        sentence("kettles", 2)
    ));
    let t = text(&html);
    assert!(t.contains("Note 2 about kettles"), "{t}");
    assert!(!t.contains("Was this page helpful"), "{t}");
    assert!(!t.contains("You may also like"), "{t}");
}

#[test]
fn the_labels_of_controls_under_sections_are_furniture() {
    let section = |i: usize| {
        format!(
            r#"<section><h2>Service {i}</h2><p>{}</p><p><a href="/s/{i}">Learn more</a></p>
            <div>Reveal answer</div></section>"#,
            sentence("audits", i)
        )
    };
    let html = with_chrome(&format!(
        "<main><h1>Audits</h1>{}{}{}</main>",
        section(1),
        section(2),
        section(3)
    ));
    let t = text(&html);
    assert!(t.contains("Note 3 about audits"), "{t}");
    assert!(!t.contains("Learn more"), "{t}");
    assert!(!t.contains("Reveal answer"), "{t}");
}

#[test]
fn one_long_code_listing_is_no_long_text_that_keeps_the_tutorial_out() {
    // A tutorial: short steps in paragraphs and lists around one long code listing that
    // scores best of all blocks. The listing alone is not the page's text.
    let code: String = (1..=45)
        .map(|i| format!("let step_{i} = run(first, second). // check {i}, then go on.\n"))
        .collect();
    let steps = |what: &str| -> String {
        (1..=6)
            .map(|i| {
                format!(
                    "<li>{what} {i}: open the shell in the project folder and type the \
                     command shown below it.</li>"
                )
            })
            .collect()
    };
    let html = format!(
        r#"<html><body><nav><a href="/">Docs</a><a href="/api">API</a></nav>
        <article class="doc"><h1>First steps</h1>
        <p>This page walks through a first project from start to end.</p>
        <h2>Install</h2><ul>{}</ul>
        <h2>Write</h2><ul>{}</ul>
        <div class="highlight"><pre>{code}</pre></div>
        <h2>Run</h2><ul>{}</ul>
        <p>The next page covers the options of every command.</p>
        </article><footer>Docs licence</footer></body></html>"#,
        steps("Install step"),
        steps("Write step"),
        steps("Run step"),
    );
    let t = text(&html);
    expect(
        &t,
        &[
            "let step_45",
            "Install step 1",
            "Run step 6",
            "a first project",
        ],
        &["Docs licence"],
    );
}

#[test]
fn a_listing_keeps_the_short_linked_names_of_its_list() {
    // A page that is a list of languages, each named by a short link; a list of two short
    // links (account controls) is no list of entries.
    let names = [
        "Ada", "Basic", "Cobol", "Dart", "Elm", "Forth", "Go", "Haskell", "Idris",
    ];
    let list: String = names
        .iter()
        .map(|n| format!(r#"<li><a href="/wiki/{n}">{n}</a></li>"#))
        .collect();
    let html = format!(
        r#"<html><body><div class="head"><h1>Languages</h1></div>
        <div class="content"><p>Each name links to its page.</p>
        <ul class="account"><li><a href="/login">Log in</a></li>
        <li><a href="/join">Join</a></li></ul>
        <h2>A to I</h2><ul class="names">{list}</ul></div></body></html>"#
    );
    let t = text(&html);
    expect(&t, &names, &["Log in", "Join"]);
}

/// A hidden promotion bar of `n` messages, each a sentence heavy with commas, in an element
/// of class `class`.
fn promo_bar(class: &str, n: usize) -> String {
    let slides: String = (1..=n)
        .map(|i| {
            format!(
                "<div class=\"slide\"><p>Offer {i}: free shipping, free returns, gift wrap, \
                 samples, points, a tote, a pouch, a card, a pin, a sticker, on orders over \
                 forty, in stores, online, by phone, and by post.</p></div>"
            )
        })
        .collect();
    format!(r#"<div class="{class}">{slides}</div>"#)
}

#[test]
fn a_class_that_hides_an_element_outright_outweighs_a_content_word() {
    // The hidden bar scores best and, by a utility class's "text", used to name content; it
    // holds under half of the page's prose.
    let sections: String = (1..=2)
        .map(|i| {
            format!(
                "<section>{}</section>",
                paragraphs(&format!("kilns {i}"), 3)
            )
        })
        .collect();
    let html = with_chrome(&format!(
        r#"{}<div class="page"><h1>Kilns</h1>{sections}</div>"#,
        promo_bar("notice-bar hide text-left", 4)
    ));
    let t = text(&html);
    expect(
        &t,
        &["Note 1 about kilns 1", "Note 3 about kilns 2"],
        &["free shipping"],
    );
}

#[test]
fn a_class_hidden_element_is_read_only_when_it_is_the_whole_page() {
    // Most of the page's prose in a bar hidden by its class is not the page's text ...
    let html = with_chrome(&format!(
        r#"{}<div class="page"><h1>Kilns</h1>{}</div>"#,
        promo_bar("promo-bar hide", 8),
        paragraphs("kilns", 2)
    ));
    let t = text(&html);
    expect(&t, &["Note 2 about kilns"], &["free shipping"]);
    // ... but a page whose scripts reveal all of it is.
    let html = with_chrome(&format!(
        r#"<div class="root hide"><h1>Kilns</h1>{}</div>"#,
        paragraphs("kilns", 6)
    ));
    let t = text(&html);
    expect(&t, &["Note 1 about kilns", "Note 6 about kilns"], &[]);
}
